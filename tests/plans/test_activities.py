"""A plan's activities (seed 001, "Ngày Đoàn viên năm 2024"), entered as staff enter them:
the page's own form, posted back as it renders (two empty lines each time, as a browser
without script shows it; the script's "Add a line" is in tests/e2e)."""

from datetime import date, time
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from organizations.models import Department
from plans.models import Activity
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

SEED_001 = [
    # title, level, from, until, time, venue, participants, who
    ("Tuyên dương các gương tiêu biểu", "own", "23/03/2024", "", "", "Aeon Mall Bình Tân", "", ""),
    (
        "Thăm hỏi, chăm lo Cựu Thanh niên xung phong",
        "own",
        "18/03/2024",
        "24/03/2024",
        "",
        "theo danh sách đính kèm Thông báo số 472-TB/ĐTN-TC.KT",
        "10",
        "cựu Thanh niên xung phong",
    ),
    (
        "Kỷ niệm 93 năm thành lập Đoàn",
        "own",
        "23/03/2024",
        "",
        "18:00",
        "Aeon Mall Bình Tân",
        "",
        "",
    ),
    ("Hành trình về nguồn", "own", "24/03/2024", "", "", "Địa đạo Tam giác sắt", "", ""),
    (
        "Ngày Hội đồng hành cùng Thanh niên công nhân",
        "own",
        "24/03/2024",
        "",
        "",
        "Đường số 17A, phường Bình Trị Đông B",
        "300",
        "đoàn viên, thanh niên",
    ),
    (
        "Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên",
        "children",
        "24/03/2024",
        "",
        "",
        "",
        "",
        "",
    ),
]


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies
    return django_app


@pytest.fixture
def plan(tree):
    return PlanFactory(
        issuing_unit=tree.binh_tan,
        title="Tổ chức Ngày Đoàn viên năm 2024",
        year=2024,
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 31),
    )


@pytest.fixture
def departments(tree):
    return {
        name: Department.objects.create(unit=tree.binh_tan, name=name, order=order)
        for order, name in enumerate(("Mảng Tổ chức - Kiểm tra", "Mảng Tuyên giáo - Đối ngoại"), 1)
    }


def fill(form, index: int, line: tuple, **more) -> None:
    title, level, first, last, at, venue, participants, who = line
    prefix = f"hoat-dong-{index}-"
    form[prefix + "title"] = title
    form[prefix + "level"] = level
    form[prefix + "starts_on"] = first
    form[prefix + "ends_on"] = last
    form[prefix + "starts_at"] = at
    form[prefix + "venue"] = venue
    form[prefix + "participants"] = participants
    form[prefix + "participants_who"] = who
    for name, value in more.items():
        form[prefix + name] = value


def test_staff_enter_seed_001s_activities_two_lines_a_save_and_reopening_keeps_them(
    app, tree, plan, departments
):
    app.set_user(tree.staff)
    url = reverse("plans:parts", args=[plan.pk, "hoat-dong"])
    organisation = departments["Mảng Tổ chức - Kiểm tra"]
    for start in (0, 2, 4):
        form = app.get(url).forms["parts-form"]
        for index in (start, start + 1):
            line = SEED_001[index]
            owner = {"owner_department": str(organisation.pk)} if index in (0, 1, 3) else {}
            if index == 1:
                owner["owner_note"] = "phối hợp 06 Đoàn tổ chức thăm và tặng quà"
            fill(form, index, line, **owner)
        form.submit().follow()

    activities = list(Activity.objects.filter(plan=plan).order_by("pk"))
    assert [a.title for a in activities] == [line[0] for line in SEED_001]
    visit = activities[1]
    assert (visit.starts_on, visit.ends_on) == (date(2024, 3, 18), date(2024, 3, 24))
    assert visit.when == "18/03/2024 đến 24/03/2024"
    assert visit.participants == 10
    assert visit.owner == "Mảng Tổ chức - Kiểm tra phối hợp 06 Đoàn tổ chức thăm và tặng quà"
    assert activities[2].starts_at == time(18, 0)
    assert activities[2].when == "18:00 23/03/2024"

    # Reopened, the page shows the six saved lines as they were typed, and two empty ones.
    form = app.get(url).forms["parts-form"]
    assert form["hoat-dong-TOTAL_FORMS"].value == "8"
    assert form["hoat-dong-1-ends_on"].value == "24/03/2024"
    assert form["hoat-dong-1-owner_department"].value == str(organisation.pk)
    assert form["hoat-dong-5-level"].value == "children"

    page = app.get(plan.get_absolute_url())
    section = page.html.select_one("#hoat-dong")
    headings = [h.get_text(strip=True) for h in section.select("h3")]
    assert headings == ["Hoạt động cấp Quận", "Hoạt động cấp cơ sở"]
    lists = section.select("ol.activities")
    assert len(lists[0].select(":scope > li")) == 5
    assert len(lists[1].select(":scope > li")) == 1
    assert "18/03/2024 đến 24/03/2024" in lists[0].get_text()
    assert "300 đoàn viên, thanh niên" in lists[0].get_text()


def test_an_activity_that_ends_before_it_starts_or_outside_the_plan_is_refused_and_kept(
    app, tree, plan
):
    app.set_user(tree.staff)
    url = reverse("plans:parts", args=[plan.pk, "hoat-dong"])
    form = app.get(url).forms["parts-form"]
    fill(form, 0, ("Thăm hỏi", "own", "24/03/2024", "18/03/2024", "", "Quận", "10", ""))
    fill(form, 1, ("Tổng kết", "own", "05/04/2024", "", "", "", "", ""))
    page = form.submit()

    assert page.status_code == 200
    errors = [e.get_text(strip=True) for e in page.html.select(".has-error .errorlist")]
    assert "Hoạt động không thể kết thúc trước khi bắt đầu." in errors
    assert any(
        "nằm ngoài thời gian thực hiện kế hoạch (01/03/2024 – 31/03/2024)" in e for e in errors
    )
    again = page.forms["parts-form"]
    assert again["hoat-dong-0-title"].value == "Thăm hỏi"
    assert again["hoat-dong-0-ends_on"].value == "18/03/2024"
    assert again["hoat-dong-1-starts_on"].value == "05/04/2024"
    assert not Activity.objects.exists()  # neither line was saved


def test_an_activity_is_given_only_to_the_issuing_units_departments_and_units(
    app, tree, plan, departments
):
    elsewhere = Department.objects.create(unit=tree.city, name="Ban Tổ chức Thành Đoàn")
    app.set_user(tree.staff)
    form = app.get(reverse("plans:parts", args=[plan.pk, "hoat-dong"])).forms["parts-form"]
    offered = [value for value, _selected, _text in form["hoat-dong-0-owner_department"].options]
    assert str(elsewhere.pk) not in offered
    assert {str(d.pk) for d in departments.values()} <= set(offered)
    units = {text for _value, _selected, text in form["hoat-dong-0-owner_unit"].options}
    assert {"Đoàn phường Bình Trị Đông B", "Đoàn phường An Lạc"} <= units
    assert "Đoàn phường Thạnh Lộc" not in units  # Quận 12's

    fill(form, 0, SEED_001[0])
    form["hoat-dong-0-owner_department"].force_value(str(elsewhere.pk))
    page = form.submit()
    assert page.status_code == 200
    assert not Activity.objects.exists()


def test_the_plans_pdf_prints_the_activities_under_the_seeds_headings(
    client, tree, plan, departments
):
    Activity.objects.create(
        plan=plan,
        order=1,
        title="Tổ chức thăm hỏi, chăm lo Cựu Thanh niên xung phong",
        starts_on=date(2024, 3, 18),
        ends_on=date(2024, 3, 24),
        venue="theo danh sách đính kèm",
        participants=10,
        participants_who="cựu Thanh niên xung phong",
        owner_department=departments["Mảng Tổ chức - Kiểm tra"],
    )
    Activity.objects.create(
        plan=plan,
        order=2,
        title="Ngày Hội đồng hành cùng Thanh niên công nhân",
        starts_on=date(2024, 3, 24),
        participants=300,
        participants_who="đoàn viên, thanh niên",
    )
    Activity.objects.create(
        plan=plan,
        order=3,
        level=Activity.Level.CHILDREN,
        title="Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên",
        starts_on=date(2024, 3, 24),
    )
    client.force_login(tree.staff)
    response = client.get(reverse("plans:pdf", args=[plan.pk]))
    pages = PdfReader(BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "I. HOẠT ĐỘNG CẤP QUẬN" in text
    assert "II. HOẠT ĐỘNG CẤP CƠ SỞ" in text
    assert "LỘ TRÌNH CHỈ TIÊU" not in text  # a plan of activities prints no empty roadmap
    assert "- Thời gian: 18/03/2024 đến 24/03/2024" in text
    assert "- Số lượng: 10 cựu Thanh niên xung phong." in text
    assert "- Phân công thực hiện: Mảng Tổ chức - Kiểm tra." in text
    assert "- Thời gian: 24/03/2024 (Chủ nhật)" in text
    assert text.index("1. Tổ chức thăm hỏi") < text.index("2. Ngày Hội đồng hành")


def test_staff_keep_their_units_departments_and_a_secretary_may_not(app, tree):
    url = reverse("organizations:unit_departments", args=[tree.binh_tan.pk])
    app.set_user(tree.staff)
    form = app.get(url).forms["parts-form"]
    form["mang-0-name"] = "Mảng Tổ chức - Kiểm tra"
    form["mang-1-name"] = "  Mảng Tuyên giáo -  Đối ngoại "
    page = form.submit().follow()
    assert list(tree.binh_tan.departments.values_list("name", flat=True)) == [
        "Mảng Tổ chức - Kiểm tra",
        "Mảng Tuyên giáo - Đối ngoại",
    ]
    assert [li.get_text(strip=True) for li in page.html.select("#mang li")] == [
        "Mảng Tổ chức - Kiểm tra",
        "Mảng Tuyên giáo - Đối ngoại",
    ]

    form = app.get(url).forms["parts-form"]
    form["mang-2-name"] = "Mảng Tổ chức - Kiểm tra"  # again
    page = form.submit()
    assert page.status_code == 200
    assert tree.binh_tan.departments.count() == 2

    app.set_user(tree.secretary)
    assert app.get(url, expect_errors=True).status_code == 404  # not the ward's unit
    ward_url = reverse("organizations:unit_departments", args=[tree.binh_tri_dong_b.pk])
    assert app.get(ward_url, expect_errors=True).status_code == 403
