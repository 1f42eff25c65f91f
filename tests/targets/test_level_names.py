"""A roadmap's levels are named by the kinds of the units that hold them, never by words
fixed in the code: a district's plan reads "Cấp Quận" and "Cấp cơ sở", the city's over its
wards "Cấp Thành" and "Cấp cơ sở", a province's "Cấp Tỉnh". Checked on every page and file
that names a level: the plan page and its PDF, the roadmap grid, the progress page, its
Excel and PDF, and the API."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from organizations.models import Unit, UnitKind, User
from plans.models import Plan
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import PlanFactory, UnitFactory, UnitKindFactory, UserFactory, monthly_report

pytestmark = pytest.mark.django_db
Q1, YEAR = Period.quarter(2024, 1), Period.year(2024)
JUNE = "2024-06-30 12:00 +07:00"


@dataclass
class Labels:
    own: str
    children: str
    total: str


def issued_plan(unit: Unit, *, own=1, children=7, total=8) -> Plan:
    """A 2024 plan of ``unit`` asking chi đoàn of itself, of its units and of both in
    Quý I (``own`` + ``children`` against ``total``: unequal makes a finding)."""
    plan = PlanFactory(issuing_unit=unit, title=f"Kế hoạch của {unit.name}")
    chi_doan = Metric.objects.get(code="new-chi-doan")
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(chi_doan, "own", Q1, Decimal(own)),
            TargetCell(chi_doan, "children", Q1, Decimal(children)),
            TargetCell(chi_doan, "total", Q1, Decimal(total)),
        ],
    )
    plan.status = Plan.Status.ISSUED
    plan.save()
    return plan


def staff_of(unit: Unit) -> User:
    return UserFactory(unit=unit, role=User.Role.STAFF)


def text(response) -> str:
    return response.content.decode()


def pdf_text(content: bytes) -> str:
    pages = PdfReader(BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def progress_levels(client, plan) -> list[str]:
    with time_machine.travel(JUNE, tick=False):
        response = client.get(reverse("plans:progress", args=[plan.pk]))
    return [row.level_label for row in response.context["rows"]]


def assert_named_everywhere(client, plan, labels: Labels) -> None:
    """Each page and file that names the plan's levels names them ``labels``."""
    expected = [labels.own, labels.children, labels.total]
    detail = client.get(reverse("plans:detail", args=[plan.pk]))
    assert sorted(row.level_label for row in detail.context["rows"]) == sorted(expected)
    assert all(f"<td>{label}</td>" in text(detail) for label in expected)
    assert all(
        label in pdf_text(client.get(reverse("plans:pdf", args=[plan.pk])).content)
        for label in expected
    )
    grid = client.get(reverse("targets:roadmap_edit", args=[plan.pk]))
    assert all(f'<th scope="row">{label}</th>' in text(grid) for label in expected)
    assert sorted(progress_levels(client, plan)) == sorted(expected)
    with time_machine.travel(JUNE, tick=False):
        workbook = client.get(reverse("plans:progress_export", args=[plan.pk, "xlsx"])).content
        pdf = client.get(reverse("plans:progress_export", args=[plan.pk, "pdf"])).content
        api = client.get(f"/api/plans/{plan.pk}/progress").json()
        roadmap = client.get(f"/api/plans/{plan.pk}").json()["roadmap"]
    summary = load_workbook(BytesIO(workbook))["Tổng hợp"]
    assert sorted(summary[f"B{r}"].value for r in range(7, 10)) == sorted(expected)
    assert all(label in pdf_text(pdf) for label in expected)
    assert sorted(row["level_label"] for row in api["targets"]) == sorted(expected)
    assert sorted(t["level_label"] for t in roadmap["targets"]) == sorted(expected)


def test_a_district_plan_says_cap_quan_and_cap_co_so(client, tree):
    client.force_login(tree.staff)
    plan = issued_plan(tree.binh_tan)
    assert_named_everywhere(client, plan, Labels("Cấp Quận", "Cấp cơ sở", "Toàn quận"))


def test_a_city_plan_over_wards_communes_and_a_special_zone_says_cap_thanh_and_cap_co_so(
    client,
):
    city = UnitFactory(kind=UnitKind.objects.get(name="Thành Đoàn"), name="Thành Đoàn TP. HCM")
    UnitFactory(
        parent=city, kind=UnitKind.objects.get(name="Đoàn phường"), name="Đoàn phường Sài Gòn"
    )
    UnitFactory(parent=city, kind=UnitKind.objects.get(name="Đoàn xã"), name="Đoàn xã Cần Giờ")
    UnitFactory(
        parent=city, kind=UnitKind.objects.get(name="Đoàn đặc khu"), name="Đoàn đặc khu Côn Đảo"
    )
    client.force_login(staff_of(city))
    plan = issued_plan(city)
    assert_named_everywhere(client, plan, Labels("Cấp Thành", "Cấp cơ sở", "Toàn thành phố"))
    # The units' table is headed by what they are: wards, communes and a special zone.
    with time_machine.travel(JUNE, tick=False):
        page = text(client.get(reverse("plans:progress", args=[plan.pk])))
    assert "Các phường, xã, đặc khu của Thành Đoàn TP. HCM" in page


@pytest.fixture
def cao_bang(db):
    """Seed 002's tree: Tỉnh Đoàn Cao Bằng → Huyện Đoàn Hòa An → two Đoàn xã."""
    province = UnitFactory(kind=UnitKind.objects.get(name="Tỉnh Đoàn"), name="Tỉnh Đoàn Cao Bằng")
    district = UnitFactory(
        parent=province, kind=UnitKind.objects.get(name="Huyện Đoàn"), name="Huyện Đoàn Hòa An"
    )
    for name in ("Đoàn xã Hồng Việt", "Đoàn xã Bế Triều"):
        UnitFactory(parent=district, kind=UnitKind.objects.get(name="Đoàn xã"), name=name)
    return province, district


def test_a_province_plan_says_cap_tinh_and_its_districts_cap_huyen(client, cao_bang):
    province, _district = cao_bang
    client.force_login(staff_of(province))
    plan = issued_plan(province)
    assert_named_everywhere(client, plan, Labels("Cấp Tỉnh", "Cấp Huyện", "Toàn tỉnh"))


def test_a_district_plan_of_the_province_says_cap_huyen_and_cap_co_so(client, cao_bang):
    _province, district = cao_bang
    client.force_login(staff_of(district))
    plan = issued_plan(district)
    assert_named_everywhere(client, plan, Labels("Cấp Huyện", "Cấp cơ sở", "Toàn huyện"))


def test_districts_and_wards_side_by_side_name_both_levels(client, tree):
    UnitFactory(parent=tree.city, name="Đoàn phường Thủ Thiêm")  # straight under the city
    client.force_login(UserFactory(unit=tree.city, role=User.Role.LEADERSHIP))
    plan = issued_plan(tree.city)
    assert sorted(progress_levels(client, plan)) == [
        "Cấp Quận / Cấp cơ sở",
        "Cấp Thành",
        "Toàn thành phố",
    ]


def test_a_kind_without_level_names_reads_the_generic_words(client):
    board = UnitFactory(kind=UnitKindFactory(name="Ban Chỉ đạo"), name="Ban Chỉ đạo thanh niên")
    UnitFactory(parent=board, kind=UnitKindFactory(name="Tổ công tác"), name="Tổ công tác số 1")
    client.force_login(staff_of(board))
    plan = issued_plan(board)
    assert sorted(progress_levels(client, plan)) == [
        "Các đơn vị trực thuộc",
        "Cấp ban hành",
        "Toàn đơn vị",
    ]


def test_a_plan_of_2026_names_its_children_by_the_wards_of_2026(client, tree):
    """The districts dissolved on 01/07/2025 no longer name the city's lower level."""
    for district in (tree.binh_tan, tree.quan_12):
        district.dissolved_on = date(2025, 7, 1)
        district.save()
    UnitFactory(parent=tree.city, name="Đoàn phường Bình Tân", founded_on=date(2025, 7, 1))
    client.force_login(staff_of(tree.city))
    plan = PlanFactory(
        issuing_unit=tree.city, year=2026, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    detail = client.get(reverse("plans:detail", args=[plan.pk]))
    grid = text(client.get(reverse("targets:roadmap_edit", args=[plan.pk])))
    assert detail.status_code == 200
    assert '<th scope="row">Cấp cơ sở</th>' in grid and "Cấp Quận" not in grid


def test_a_finding_names_the_levels_as_the_roadmap_does(client, tree):
    client.force_login(tree.staff)
    plan = issued_plan(tree.binh_tan, own=1, children=7, total=10)
    html = text(client.get(reverse("plans:detail", args=[plan.pk])))
    assert (
        "Thành lập mới chi đoàn, Quý I/2024: cấp Quận 1 cộng cấp cơ sở 7 là 8 chi đoàn, "
        "nhưng tổng chỉ tiêu là 10"
    ) in html


def test_the_total_rows_split_reads_by_level(client, tree):
    client.force_login(tree.staff)
    plan = issued_plan(tree.binh_tan)
    monthly_report(
        tree.an_lac,
        date(2024, 2, 1),
        tree.other_secretary,
        founded_on=date(2024, 2, 20),
        staff=tree.staff,
    )
    with time_machine.travel(JUNE, tick=False):
        html = text(client.get(reverse("plans:progress", args=[plan.pk])))
    assert "Cấp Quận: 0, Cấp cơ sở: 1" in html


def test_the_staff_role_is_named_without_a_district(client):
    city = UnitFactory(kind=UnitKind.objects.get(name="Thành Đoàn"), name="Thành Đoàn TP. HCM")
    client.force_login(staff_of(city))
    html = text(client.get(reverse("home")))
    assert "Cán bộ chuyên trách · " in html and "Quận Đoàn" not in html


def test_a_units_page_names_the_units_below_it_by_their_kinds(client, tree):
    client.force_login(tree.staff)
    district = text(client.get(reverse("organizations:unit_detail", args=[tree.binh_tan.pk])))
    assert "Các phường trực thuộc" in district
    ward = text(client.get(reverse("organizations:unit_detail", args=[tree.binh_tri_dong_b.pk])))
    assert "Các chi đoàn trực thuộc" in ward
