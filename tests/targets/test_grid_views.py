"""The roadmap and allocation grids in the browser's terms: posted cells and what comes back."""

import importlib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Plan
from targets.models import AllocationSet, Metric, Target
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(tree):
    return PlanFactory(issuing_unit=tree.binh_tan)


@pytest.fixture
def chi_doan():
    return Metric.objects.get(code="new-chi-doan")


def grid(metric, **cells) -> dict:
    """Posted data of a roadmap grid with one metric: cells named level_period."""
    data = {"metrics": [metric.pk]}
    for name, value in cells.items():
        level, period = name.split("_", 1)
        data[f"t-{metric.pk}-{level}-{period.replace('_', '-')}"] = value
    return data


def test_the_grid_opens_with_the_usual_metrics_of_a_new_plan(login, tree, plan):
    body = text(login(tree.staff).get(reverse("targets:roadmap_edit", args=[plan.pk])))
    for name in ("Thành lập mới chi đoàn", "Thành lập mới chi hội", "Kết nạp đoàn viên mới"):
        assert name in body
    for column in ("Quý I", "Quý IV", "Năm 2024"):
        assert column in body


def posted_metrics(body: str) -> list[int]:
    """The metric rows a rendered grid sends back with its cells."""
    return [
        int(pk) for pk in re.findall(r'<input type="hidden" name="metrics" value="(\d+)"', body)
    ]


def test_a_new_plans_grid_posts_back_the_metrics_it_shows(login, tree, plan, chi_doan):
    """The first roadmap of a plan is saved with the rows the page showed: before, the
    default rows were not posted back, and "saved" meant an empty roadmap."""
    client = login(tree.staff)
    url = reverse("targets:roadmap_edit", args=[plan.pk])
    shown = posted_metrics(text(client.get(url)))
    assert chi_doan.pk in shown and len(shown) == 3
    data = {"metrics": shown, f"t-{chi_doan.pk}-children-2024-Q1": "3"}
    assert client.post(url, data).status_code == 302
    assert [(t.level, t.period.key, t.value) for t in Target.objects.all()] == [
        ("children", "2024-Q1", 3)
    ]


def test_a_metric_just_added_is_posted_back_with_the_others(login, tree, plan, chi_doan):
    markets = Metric.objects.exclude(
        code__in=["new-chi-doan", "new-chi-hoi", "new-doan-vien"]
    ).first()
    client = login(tree.staff)
    url = reverse("targets:roadmap_edit", args=[plan.pk])
    shown = posted_metrics(text(client.get(url)))
    body = text(client.post(url, {"metrics": shown, "add_metric": markets.pk, "add": "1"}))
    assert set(posted_metrics(body)) == {*shown, markets.pk}


def test_staff_save_a_roadmap_typed_into_the_grid(login, tree, plan, chi_doan):
    data = grid(chi_doan, total_2024_Q1="8", own_2024_Q1="1", children_2024_Q1="7", total_2024="27")
    data[f"ref-{chi_doan.pk}"] = "Mục II.4.1"
    response = login(tree.staff).post(reverse("targets:roadmap_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    targets = {(t.level, t.period.key): t.value for t in Target.objects.all()}
    assert targets == {
        ("total", "2024-Q1"): 8,
        ("own", "2024-Q1"): 1,
        ("children", "2024-Q1"): 7,
        ("total", "2024"): 27,
    }
    assert set(Target.objects.values_list("source_ref", flat=True)) == {"Mục II.4.1"}


def test_a_decimal_comma_is_understood(login, tree, plan):
    coverage = Metric.objects.get(code="coverage-doan-hoi-eligible")
    login(tree.staff).post(
        reverse("targets:roadmap_edit", args=[plan.pk]), grid(coverage, total_2024="35,5")
    )
    assert Target.objects.get().value == Decimal("35.5")


WHOLE_NUMBERS_ONLY = "Chỉ tiêu này đếm số nguyên: hãy nhập số nguyên, ví dụ 2 hoặc 3."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-3", "Chỉ tiêu không được là số âm."),
        ("mười", "Vui lòng nhập một số nguyên, ví dụ 2 hoặc 27."),
        ("1e400", "Số này quá lớn."),
        ("2,5", WHOLE_NUMBERS_ONLY),  # chi đoàn are counted whole
        ("2,555", WHOLE_NUMBERS_ONLY),
        ("NaN", "Vui lòng nhập một số nguyên, ví dụ 2 hoặc 27."),
    ],
)
def test_a_bad_cell_comes_back_marked_with_everything_typed_and_nothing_saved(
    login, tree, plan, chi_doan, value, message
):
    roadmap_save(
        plan=plan, user=None, cells=[TargetCell(chi_doan, "total", Period.year(2024), Decimal(27))]
    )
    data = grid(chi_doan, total_2024_Q1="8", own_2024_Q1=value, total_2024="30")
    response = login(tree.staff).post(reverse("targets:roadmap_edit", args=[plan.pk]), data)
    body = text(response)
    assert response.status_code == 200
    assert message in body
    assert 'value="8"' in body and 'value="30"' in body and f'value="{value}"' in body
    assert 'class="cell invalid"' in body
    assert [t.value for t in Target.objects.all()] == [27]


def test_a_share_takes_one_decimal_and_no_more(login, tree, plan):
    coverage = Metric.objects.get(code="coverage-doan-hoi-eligible")
    url = reverse("targets:roadmap_edit", args=[plan.pk])
    response = login(tree.staff).post(url, grid(coverage, total_2024="35,55"))
    assert "Chỉ dùng tối đa một chữ số thập phân, ví dụ 35,5." in text(response)
    assert 'value="35,55"' in text(response)
    assert not Target.objects.exists()


def test_count_cells_bring_up_the_digits_keyboard_and_share_cells_the_decimal_one(
    login, tree, plan, chi_doan
):
    coverage = Metric.objects.get(code="coverage-doan-hoi-eligible")
    body = text(
        login(tree.staff).post(
            reverse("targets:roadmap_edit", args=[plan.pk]),
            {"metrics": [chi_doan.pk, coverage.pk], "add": "1"},
        )
    )
    inputmode = dict(
        re.findall(r'name="t-(\d+)-total-2024"[^>]*?inputmode="(\w+)"', body, flags=re.S)
    )
    assert inputmode == {str(chi_doan.pk): "numeric", str(coverage.pk): "decimal"}


def test_adding_a_metric_row_saves_nothing_yet(login, tree, plan, chi_doan):
    markets = Metric.objects.get(code="worker-markets")
    data = grid(chi_doan, total_2024="27") | {"add_metric": markets.pk, "add": "1"}
    response = login(tree.staff).post(reverse("targets:roadmap_edit", args=[plan.pk]), data)
    assert "Phiên chợ thanh niên công nhân" in text(response)
    assert 'value="27"' in text(response)
    assert not Target.objects.exists()


def test_revising_an_issued_plan_needs_a_reason(login, tree, plan, chi_doan):
    roadmap_save(
        plan=plan, user=None, cells=[TargetCell(chi_doan, "total", Period.year(2024), Decimal(27))]
    )
    plan.status = Plan.Status.ISSUED
    plan.save()
    response = login(tree.staff).post(
        reverse("targets:roadmap_edit", args=[plan.pk]), grid(chi_doan, total_2024="30")
    )
    assert "Vui lòng nêu lý do điều chỉnh" in text(response)
    assert plan.roadmap_versions.count() == 1


def test_a_revision_keeps_the_previous_version_with_its_author(login, tree, plan, chi_doan):
    roadmap_save(
        plan=plan, user=None, cells=[TargetCell(chi_doan, "total", Period.year(2024), Decimal(27))]
    )
    plan.status = Plan.Status.ISSUED
    plan.save()
    data = grid(chi_doan, total_2024="30") | {"reason": "Điều chỉnh theo Nghị quyết BTV"}
    client = login(tree.staff)
    response = client.post(reverse("targets:roadmap_edit", args=[plan.pk]), data, follow=True)
    assert "Đã điều chỉnh lộ trình: phiên bản 2" in text(response)
    original, revised = plan.roadmap_versions.order_by("number")
    assert [t.value for t in original.targets.all()] == [27]
    assert [t.value for t in revised.targets.all()] == [30]
    assert (revised.created_by, revised.reason) == (tree.staff, "Điều chỉnh theo Nghị quyết BTV")
    body = text(client.get(plan.get_absolute_url(), {"so-sanh": "1"}))
    assert "bản gốc" in body
    assert "Điều chỉnh theo Nghị quyết BTV" in body


def test_staff_allocate_targets_to_each_ward(login, tree, plan, chi_doan):
    data = {
        "metrics": [chi_doan.pk],
        "source_ref": "Mục II.4.3",
        "period": "2024",
        "is_minimum": "on",
        f"a-{tree.binh_tri_dong_b.pk}-{chi_doan.pk}": "2",
        f"a-{tree.an_lac.pk}-{chi_doan.pk}": "2",
    }
    response = login(tree.staff).post(reverse("targets:allocation_create", args=[plan.pk]), data)
    assert response.status_code == 302
    allocation_set = AllocationSet.objects.get()
    assert (allocation_set.source_ref, allocation_set.period) == ("Mục II.4.3", Period.year(2024))
    assert sorted(a.value for a in allocation_set.allocations.all()) == [2, 2]


def test_the_allocation_grid_lists_the_district_wards_only(login, tree, plan):
    body = text(login(tree.staff).get(reverse("targets:allocation_create", args=[plan.pk])))
    assert "Đoàn phường An Lạc" in body
    assert "Thạnh Lộc" not in body
    assert "Chi đoàn Công ty" not in body


def test_half_a_chi_doan_cannot_be_allocated(login, tree, plan, chi_doan):
    data = {
        "metrics": [chi_doan.pk],
        "source_ref": "Mục II.4.3",
        "period": "2024",
        "is_minimum": "on",
        f"a-{tree.binh_tri_dong_b.pk}-{chi_doan.pk}": "2",
        f"a-{tree.an_lac.pk}-{chi_doan.pk}": "2,5",
    }
    response = login(tree.staff).post(reverse("targets:allocation_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert WHOLE_NUMBERS_ONLY in text(response)
    assert 'value="2,5"' in text(response) and 'value="Mục II.4.3"' in text(response)
    assert not AllocationSet.objects.exists()


def test_a_bad_allocation_keeps_the_input(login, tree, plan, chi_doan):
    data = {
        "metrics": [chi_doan.pk],
        "source_ref": "",
        "period": "2024",
        f"a-{tree.an_lac.pk}-{chi_doan.pk}": "-1",
    }
    response = login(tree.staff).post(reverse("targets:allocation_create", args=[plan.pk]), data)
    assert "Chỉ tiêu không được là số âm." in text(response)
    assert "Trường này là bắt buộc." in text(response)
    assert 'value="-1"' in text(response)
    assert not AllocationSet.objects.exists()


def test_staff_add_their_own_metric(login, tree):
    response = login(tree.staff).post(
        reverse("targets:metric_create"),
        {
            "name": "Công trình thanh niên",
            "unit_of_measure": "công trình",
            "source": "reported",
            "decimal_places": "0",
            "order": "200",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    metric = Metric.objects.get(name="Công trình thanh niên")
    assert (metric.owner_unit, metric.code) == (tree.binh_tan, "cong-trinh-thanh-nien")
    assert metric.decimal_places == 0


def test_a_metric_that_declares_one_decimal_takes_one_in_the_grid(login, tree, plan):
    client = login(tree.staff)
    form = client.get(reverse("targets:metric_create")).content.decode()
    assert "Số nguyên" in form and "Một chữ số thập phân" in form
    client.post(
        reverse("targets:metric_create"),
        {
            "name": "Số giờ tình nguyện bình quân",
            "unit_of_measure": "giờ",
            "source": "reported",
            "decimal_places": "1",
            "order": "200",
            "is_active": "on",
        },
    )
    hours = Metric.objects.get(name="Số giờ tình nguyện bình quân")
    url = reverse("targets:roadmap_edit", args=[plan.pk])
    assert client.post(url, grid(hours, own_2024="12,5")).status_code == 302
    assert Target.objects.get().value == Decimal("12.5")


def test_the_shipped_catalogue_counts_in_whole_numbers_and_shares_with_one_decimal():
    """The migration's settings: chi đoàn, đoàn viên, classes… are counts; coverage is a %."""
    places = dict(Metric.objects.filter(owner_unit=None).values_list("code", "decimal_places"))
    assert places["new-chi-doan"] == places["new-doan-vien"] == places["training-classes"] == 0
    assert places["coverage-doan-500"] == places["coverage-doan-hoi-eligible"] == 1
    assert sum(places.values()) == 2


def test_a_metric_already_holding_decimals_keeps_taking_them(tree, plan):
    """The migration gives one decimal to a metric someone already typed "2,5" for, so
    that the roadmap holding it can be saved again as it stands."""
    from django.apps import apps

    migration = importlib.import_module("targets.migrations.0003_metric_decimal_places")
    hours = Metric.objects.create(
        code="gio-tinh-nguyen", name="Giờ tình nguyện", unit_of_measure="giờ", source="reported"
    )
    roadmap_save(
        plan=plan, user=None, cells=[TargetCell(hours, "own", Period.year(2024), Decimal("2.5"))]
    )
    migration.with_decimals(apps, None)
    hours.refresh_from_db()
    assert hours.decimal_places == 1
    assert Metric.objects.get(code="new-chi-doan").decimal_places == 0


def test_a_district_metric_is_not_offered_to_another_district(login, tree):
    Metric.objects.create(
        code="rieng",
        name="Chỉ tiêu riêng Bình Tân",
        unit_of_measure="lần",
        source="reported",
        owner_unit=tree.binh_tan,
    )
    assert "Chỉ tiêu riêng Bình Tân" in text(
        login(tree.secretary).get(reverse("targets:metric_list"))
    )
    assert "Chỉ tiêu riêng Bình Tân" not in text(
        login(tree.q12_staff).get(reverse("targets:metric_list"))
    )


def test_a_coverage_metric_must_say_what_is_covered(login, tree):
    response = login(tree.staff).post(
        reverse("targets:metric_create"),
        {"name": "Tỉ lệ", "unit_of_measure": "%", "source": "coverage", "order": "1"},
    )
    assert "Vui lòng chọn điều kiện mà cơ sở phải có." in text(response)
    assert not Metric.objects.filter(name="Tỉ lệ").exists()


def test_the_shipped_catalogue_cannot_be_edited_by_staff(login, tree, chi_doan):
    response = login(tree.staff).get(reverse("targets:metric_update", args=[chi_doan.pk]))
    assert response.status_code == 403
