"""The plan pages as each role uses them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Milestone, Plan
from targets.models import AllocationSet, Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import PlanFactory, UnitFactory, share_out

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(tree):
    """An issued Bình Tân plan giving each ward 2 chi đoàn in the year (Mục II.4.3)."""
    plan = PlanFactory(
        issuing_unit=tree.binh_tan, number="12-KH/QĐTN", title="Xây dựng tổ chức Đoàn 2024"
    )
    metric = Metric.objects.get(code="new-chi-doan")
    roadmap_save(
        plan=plan,
        user=None,
        cells=[TargetCell(metric, "children", Period.quarter(2024, 1), Decimal(4))],
    )
    share_out(plan, {(tree.binh_tri_dong_b.pk, metric.pk): 2, (tree.an_lac.pk, metric.pk): 3})
    plan.status = Plan.Status.ISSUED
    plan.save()
    return plan


def plan_data(tree, **changes) -> dict:
    data = {
        "issuing_unit": tree.binh_tan.pk,
        "number": "20-KH/QĐTN",
        "year": "2024",
        "place": "Bình Tân",
        "issued_on": "02/04/2024",
        "issuing_body": "BCH ĐOÀN QUẬN BÌNH TÂN",
        "title": "Ngày Đoàn viên năm 2024",
        "starts_on": "01/04/2024",
        "ends_on": "31/12/2024",
    }
    return data | changes


# Seeing plans


def test_a_secretary_sees_the_district_plan_read_only_with_their_own_targets(login, tree, plan):
    response = login(tree.secretary).get(plan.get_absolute_url())
    body = text(response)
    assert response.status_code == 200
    assert "Chỉ tiêu giao cho Đoàn phường Bình Trị Đông B" in body
    assert "Nhập, sửa lộ trình" not in body
    assert '<tr class="mine"><td>Đoàn phường Bình Trị Đông B</td>' in body


def test_a_secretary_cannot_see_a_draft_of_the_district(login, tree, plan):
    plan.status = Plan.Status.DRAFT
    plan.save()
    assert login(tree.secretary).get(plan.get_absolute_url()).status_code == 404


def test_another_districts_plan_is_a_404(login, tree, plan):
    assert login(tree.q12_staff).get(plan.get_absolute_url()).status_code == 404


def test_the_plan_list_finds_a_plan_without_diacritics(login, tree, plan):
    PlanFactory(issuing_unit=tree.binh_tan, title="Tháng Thanh niên 2024")
    body = text(login(tree.staff).get(reverse("plans:list"), {"q": "xay dung to chuc"}))
    assert "Xây dựng tổ chức Đoàn 2024" in body
    assert "Tháng Thanh niên" not in body


def test_the_plan_list_filters_by_year_and_status(login, tree, plan):
    PlanFactory(
        issuing_unit=tree.binh_tan,
        title="Kế hoạch năm 2023",
        year=2023,
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 31),
    )
    client = login(tree.staff)
    body = text(client.get(reverse("plans:list"), {"year": "2023"}))
    assert "Kế hoạch năm 2023" in body and "Xây dựng tổ chức Đoàn" not in body
    body = text(client.get(reverse("plans:list"), {"status": "issued"}))
    assert "Xây dựng tổ chức Đoàn" in body and "Kế hoạch năm 2023" not in body


def test_the_plan_list_marks_plans_that_give_the_secretarys_ward_targets(login, tree, plan):
    body = text(login(tree.secretary).get(reverse("plans:list")))
    assert "Có giao chỉ tiêu cho đơn vị bạn" in body


# Writing plans


def test_staff_create_a_plan_and_are_sent_to_its_roadmap(login, tree):
    response = login(tree.staff).post(reverse("plans:create"), plan_data(tree))
    plan = Plan.objects.get(number="20-KH/QĐTN")
    assert response.url == reverse("targets:roadmap_edit", args=[plan.pk])
    assert (plan.issued_on, plan.status) == (date(2024, 4, 2), Plan.Status.DRAFT)
    assert plan.roadmap_versions.get().number == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "31/03/2024"}, "Ngày kết thúc không được trước ngày bắt đầu."),
        # 2042 typed for 2024: a grid of 75 quarters, refused.
        ({"ends_on": "31/12/2042"}, "Kế hoạch kéo dài tối đa 6 năm; hãy kiểm tra năm"),
        ({"number": "12-KH/QĐTN"}, "Đơn vị đã có kế hoạch mang số này trong năm."),
        ({"year": "hai nghìn"}, "Vui lòng nhập một số nguyên."),
        ({"starts_on": "31/02/2024"}, "Nhập một ngày hợp lệ."),
        ({"title": ""}, "Trường này là bắt buộc."),
    ],
)
def test_bad_plan_input_is_refused_with_the_input_kept(login, tree, plan, changes, message):
    data = plan_data(tree, **changes)
    response = login(tree.staff).post(reverse("plans:create"), data)
    assert response.status_code == 200
    assert message in text(response)
    assert "Ngày Đoàn viên năm 2024" in text(response) or data["title"] == ""
    assert Plan.objects.count() == 1


def test_a_secretary_cannot_create_plans(login, tree):
    client = login(tree.secretary)
    assert client.get(reverse("plans:create")).status_code == 403
    assert client.post(reverse("plans:create"), plan_data(tree)).status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["plans:update", "targets:roadmap_edit", "targets:allocation_create"]
)
def test_a_secretary_cannot_edit_the_district_plan(login, tree, plan, url_name):
    response = login(tree.secretary).post(reverse(url_name, args=[plan.pk]), {})
    assert response.status_code == 403


def test_leadership_read_plans_but_cannot_edit_them(login, tree, plan):
    client = login(tree.leader)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("plans:update", args=[plan.pk])).status_code == 403


def test_a_milestone_outside_the_period_is_refused_and_nothing_is_saved(login, tree, plan):
    url = reverse("plans:parts", args=[plan.pk, "tien-do"])
    data = {
        "tien-do-TOTAL_FORMS": "1",
        "tien-do-INITIAL_FORMS": "0",
        "tien-do-0-on": "15/01/2025",
        "tien-do-0-step": "Tổng kết",
    }
    response = login(tree.staff).post(url, data)
    assert response.status_code == 200
    assert "nằm ngoài thời gian thực hiện kế hoạch (01/01/2024 – 31/12/2024)" in text(response)
    assert 'value="Tổng kết"' in text(response)
    assert not Milestone.objects.exists()


def test_staff_add_a_timed_milestone(login, tree, plan):
    url = reverse("plans:parts", args=[plan.pk, "tien-do"])
    data = {
        "tien-do-TOTAL_FORMS": "1",
        "tien-do-INITIAL_FORMS": "0",
        "tien-do-0-on": "15/04/2024",
        "tien-do-0-at": "16:00",
        "tien-do-0-step": "Cơ sở gửi kế hoạch",
    }
    login(tree.staff).post(url, data)
    milestone = Milestone.objects.get()
    assert milestone.when == "16:00 15/04/2024"


def test_issuing_asks_for_confirmation_first(login, tree):
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    client = login(tree.staff)
    url = reverse("plans:transition", args=[plan.pk, "issue"])
    assert "Đồng ý ban hành" in text(client.get(url))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    client.post(url)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED


def test_a_closed_plan_can_no_longer_be_edited(login, tree, plan):
    login(tree.staff).post(reverse("plans:transition", args=[plan.pk, "close"]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CLOSED
    response = login(tree.staff).get(reverse("targets:roadmap_edit", args=[plan.pk]))
    assert response.status_code == 403


def test_the_plan_page_costs_the_same_queries_for_10_or_50_wards(
    login, tree, plan, django_assert_max_num_queries
):
    metric = Metric.objects.get(code="new-chi-doan")

    def allocate_to_all():
        wards = list(tree.binh_tan.children.all())
        share_out(
            plan,
            {(w.pk, metric.pk): 2 for w in wards},
            allocation_set=AllocationSet.objects.filter(version__plan=plan)
            .order_by("-version__number")
            .first(),
            reason="Bổ sung phường",
        )

    client = login(tree.staff)
    for number in range(8):
        UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {number}")
    allocate_to_all()
    with django_assert_max_num_queries(60) as ten:
        client.get(plan.get_absolute_url())
    for number in range(8, 48):
        UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {number}")
    allocate_to_all()
    with django_assert_max_num_queries(60) as fifty:
        client.get(plan.get_absolute_url())
    assert len(fifty.captured_queries) == len(ten.captured_queries)
