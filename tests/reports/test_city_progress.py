"""The progress page of a city over many wards (Thành Đoàn TP. Hồ Chí Minh over its 168
base unions since 2025): the ward table a page at a time, searched without diacritics,
sorted and narrowed to the units slow to report; the ranking's first and last ten and the
units searched for; the heat map of the table's page; the files listing every ward; the
same number of queries, and about the same HTML, for 10 wards as for 168."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from organizations.models import Unit, UnitKind, User
from organizations.services import unit_bulk_create
from plans.models import Plan
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.documents.libreoffice import needs_libreoffice, pages_of_word
from tests.factories import PlanFactory, UnitFactory, UserFactory, monthly_report, share_out

pytestmark = pytest.mark.django_db
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_APRIL = "2024-04-30 12:00 +07:00"  # January to March are due; April is not yet
# Real names among the numbered ones, to search for with and without diacritics.
NAMED = {
    3: "Đoàn phường Bình Trị Đông",
    7: "Đoàn phường Bến Thành",
    12: "Đoàn xã Cần Giờ",
    20: "Đoàn đặc khu Côn Đảo",
    40: "Đoàn phường Bình Tây",
}


@dataclass
class City:
    city: Unit
    plan: Plan
    staff: User
    leader: User
    wards: list[Unit]

    def ward(self, name: str) -> Unit:
        return next(w for w in self.wards if w.name == name)


def ward_name(n: int) -> str:
    return NAMED.get(n, f"Đoàn phường Số {n:03d}")


def _kind(name: str) -> UnitKind:
    return UnitKind.objects.get(name=name)


@pytest.fixture
def city(db) -> City:
    """Thành Đoàn over no ward yet, with a 2024 plan whose wards together must admit 100
    đoàn viên in Quý II; ``grow`` gives it wards, each allocated 30 đoàn viên by 30/06."""
    city = UnitFactory(kind=_kind("Thành Đoàn"), name="Thành Đoàn TP. Hồ Chí Minh")
    plan = PlanFactory(issuing_unit=city, issuing_body="BCH THÀNH ĐOÀN TP. HỒ CHÍ MINH")
    doan_vien = Metric.objects.get(code="new-doan-vien")
    roadmap_save(
        plan=plan,
        user=None,
        cells=[TargetCell(doan_vien, "children", Period.quarter(2024, 2), Decimal(100))],
    )
    plan.status = Plan.Status.ISSUED
    plan.save()
    return City(
        city=city,
        plan=plan,
        staff=UserFactory(unit=city, role=User.Role.STAFF, username="canbo.thanhdoan"),
        leader=UserFactory(unit=city, role=User.Role.LEADERSHIP, username="lanhdao.thanhdoan"),
        wards=[],
    )


def grow(city: City, count: int) -> None:
    """Gives the city ``count`` wards in all (communes and a special zone among them), each
    allocated 30 đoàn viên by the end of Quý II."""
    doan_vien = Metric.objects.get(code="new-doan-vien")
    kinds = {
        "Đoàn phường": _kind("Đoàn phường"),
        "Đoàn xã": _kind("Đoàn xã"),
        "Đoàn đặc khu": _kind("Đoàn đặc khu"),
    }
    for n in range(len(city.wards) + 1, count + 1):
        name = ward_name(n)
        kind = next(k for prefix, k in kinds.items() if name.startswith(prefix + " "))
        city.wards.append(UnitFactory(parent=city.city, kind=kind, name=name))
    existing = city.plan.roadmap_versions.current().allocation_sets.first()
    share_out(
        city.plan,
        {(ward.pk, doan_vien.pk): 30 for ward in city.wards},
        period=Period.quarter(2024, 2),
        allocation_set=existing,
        reason="Giao chỉ tiêu cho từng phường, xã, đặc khu",
    )


def report(city: City, ward: Unit, month: int, *, doan_vien: int, day: int = 5) -> None:
    """``ward``'s report of ``month`` 2024, sent on ``day`` of the next month (after the
    10th: late) and accepted."""
    secretary = ward.members.first() or UserFactory(unit=ward)
    monthly_report(
        ward,
        date(2024, month, 1),
        secretary,
        doan_vien=doan_vien,
        staff=city.staff,
        now=datetime(2024, month + 1, day, 9, tzinfo=SAIGON),
    )


def page(client, city: City, **params):
    client.force_login(city.leader)
    with time_machine.travel(END_OF_APRIL, tick=False):
        return client.get(reverse("plans:progress", args=[city.plan.pk]), params)


def ward_table_names(response) -> list[str]:
    return [row.unit.name for row in response.context["wards"]]


# One page of the table


def test_the_ward_table_shows_25_wards_a_page_and_the_rest_on_the_next_pages(client, city):
    grow(city, 60)
    first = page(client, city, **{"sap-xep": "ten"})
    html = first.content.decode()
    assert len(ward_table_names(first)) == 25
    assert "Trang 1 / 3" in html
    second = page(client, city, **{"sap-xep": "ten", "page": "2"})
    third = page(client, city, **{"sap-xep": "ten", "page": "3"})
    # By name without diacritics: đặc khu Côn Đảo, phường Bến Thành, … xã Cần Giờ last.
    assert len(ward_table_names(third)) == 10
    assert ward_table_names(first)[:2] == ["Đoàn đặc khu Côn Đảo", "Đoàn phường Bến Thành"]
    assert ward_table_names(third)[-1] == "Đoàn xã Cần Giờ"
    assert "Trang 3 / 3" in third.content.decode()
    pages = ward_table_names(first) + ward_table_names(second) + ward_table_names(third)
    assert sorted(pages) == sorted(w.name for w in city.wards)


def test_a_search_ignores_diacritics_and_case(client, city):
    grow(city, 30)
    response = page(client, city, q="BINH tri dong")
    assert ward_table_names(response) == ["Đoàn phường Bình Trị Đông"]
    html = response.content.decode()
    assert "Hiển thị 1 / 30 đơn vị" in html
    assert "Đoàn phường Bến Thành</a>" not in html  # no other ward in the table
    typed = page(client, city, q="côn đảo")
    assert ward_table_names(typed) == ["Đoàn đặc khu Côn Đảo"]


def test_a_search_that_finds_nothing_says_so_and_keeps_what_was_typed(client, city):
    grow(city, 12)
    response = page(client, city, q="Thạnh Lộc")
    html = response.content.decode()
    assert ward_table_names(response) == []
    assert "Không có đơn vị nào khớp với “Thạnh Lộc”." in html
    assert 'value="Thạnh Lộc"' in html


def test_sorting_keeps_the_search_and_starts_again_at_the_first_page(client, city):
    grow(city, 30)
    for n, ward in enumerate(city.wards[:5]):
        report(city, ward, 1, doan_vien=n)
    response = page(client, city, q="so 00", page="1")
    html = response.content.decode()
    # The share column's link: the search kept, no page number, the period filters kept.
    link = re.search(r'href="\?([^"]*sap-xep=ty-le)"', html).group(1)
    assert "q=so+00" in link and "page=" not in link
    by_share = page(client, city, q="so 00", **{"sap-xep": "-ty-le"})
    # Số 001…Số 009 but 003 and 007, which have real names: Số 005 admitted 4 of its 30.
    assert ward_table_names(by_share)[:2] == ["Đoàn phường Số 005", "Đoàn phường Số 004"]
    assert len(ward_table_names(by_share)) == 7


def test_the_slow_units_filter_keeps_the_wards_with_a_month_late_or_missing(client, city):
    grow(city, 4)
    on_time, late, missing, partly = city.wards
    for month in (1, 2, 3):
        report(city, on_time, month, doan_vien=1)
        report(city, late, month, doan_vien=1, day=5 if month < 3 else 12)  # March late
        if month != 2:
            report(city, partly, month, doan_vien=1)  # February never sent
    # ``missing`` sent nothing: January to March are overdue on 30/04.
    response = page(client, city, cham="1")
    assert set(ward_table_names(response)) == {late.name, missing.name, partly.name}
    heat_rows = [name for _y, name in response.context["heat_map"].rows]
    assert set(heat_rows) == {late.name, missing.name, partly.name}
    html = response.content.decode()
    assert "Hiển thị 3 / 4 đơn vị" in html
    assert 'name="cham" value="1" checked' in html


def test_the_slow_units_filter_with_none_slow_says_so(client, city):
    grow(city, 2)
    for ward in city.wards:
        for month in (1, 2, 3):
            report(city, ward, month, doan_vien=1)
    html = page(client, city, cham="1").content.decode()
    assert "Trong kỳ này không có đơn vị nào chậm nộp báo cáo." in html


def test_a_ward_of_the_table_opens_its_months(client, city):
    grow(city, 30)
    ward = city.ward("Đoàn phường Bến Thành")
    report(city, ward, 2, doan_vien=6)
    listing = page(client, city, q="ben thanh", ky="quy", quy="2024-1").content.decode()
    link = re.search(r'href="\?([^"]*)">Đoàn phường Bến Thành</a>', listing).group(1)
    assert link == f"ky=quy&amp;quy=2024-1&amp;don-vi={ward.pk}"  # the period, not the search
    response = page(client, city, ky="quy", quy="2024-1", **{"don-vi": ward.pk})
    assert response.context["figures"].scope == ward
    assert [line.values for line in response.context["unit_months"]] == [[0], [6], [0]]
    # The way back up: the city, as a link keeping the period.
    html = response.content.decode()
    assert (
        f'href="?ky=quy&amp;quy=2024-1&amp;don-vi={city.city.pk}">Thành Đoàn TP. Hồ Chí Minh</a>'
        in html
    )


# The ranking and the heat map


def test_the_ranking_draws_the_first_and_last_ten_and_the_ward_searched_for(client, city):
    grow(city, 30)
    for n, ward in enumerate(city.wards, start=1):
        report(city, ward, 1, doan_vien=n)  # ward n did n of its 30: n × 100 / 30 %
    ranking = page(client, city).context["ranking"]
    assert [bar.rank for bar in ranking.bars] == [*range(1, 11), *range(21, 31)]
    assert ranking.bars[0].label == "Đoàn phường Số 030" and ranking.bars[0].percent == 100
    assert ranking.bars[-1].label == "Đoàn phường Số 001" and ranking.bars[-1].percent == 3
    assert [gap.count for gap in ranking.gaps] == [10]
    searched = page(client, city, q="ben thanh")
    ranking = searched.context["ranking"]
    # Bến Thành (ward 7) did 7 of 30 (23 %): 24th of 30, among the last ten already.
    assert next(b for b in ranking.bars if b.matched).rank == 24
    searched = page(client, city, q="so 015")
    ranking = searched.context["ranking"]
    (found,) = [b for b in ranking.bars if b.matched]
    assert (found.rank, found.label, found.percent) == (16, "Đoàn phường Số 015", 50)
    assert [gap.count for gap in ranking.gaps] == [5, 4]
    html = searched.content.decode()
    assert "⋯ 5 đơn vị khác xếp hạng ở khoảng này ⋯" in html
    assert "16. Đoàn phường Số 015" in html


def test_few_wards_are_all_ranked(client, city):
    grow(city, 12)
    for n, ward in enumerate(city.wards, start=1):
        report(city, ward, 1, doan_vien=n)
    ranking = page(client, city).context["ranking"]
    assert [bar.rank for bar in ranking.bars] == list(range(1, 13))
    assert ranking.gaps == []


def test_the_heat_map_has_one_row_per_ward_of_the_tables_page(client, city):
    grow(city, 40)
    response = page(client, city, **{"sap-xep": "ten", "page": "2"})
    heat = response.context["heat_map"]
    assert [name for _y, name in heat.rows] == ward_table_names(response)
    assert len(heat.rows) == 15 and len(heat.cells) == 15 * 4  # January to April
    html = response.content.decode()
    assert '<div class="heat-box" tabindex="0" role="region"' in html


# Cost: the same for 10 wards as for 168


def test_the_city_page_costs_the_same_queries_for_10_or_168_wards(
    client, city, django_assert_num_queries
):
    client.force_login(city.leader)
    url = reverse("plans:progress", args=[city.plan.pk])
    grow(city, 10)
    for ward in city.wards[:3]:
        report(city, ward, 1, doan_vien=2)
    with time_machine.travel(END_OF_APRIL, tick=False), django_assert_num_queries(QUERIES):
        client.get(url, {"q": "phuong", "cham": "1", "sap-xep": "-ty-le"})
    grow(city, 168)  # new wards: a new revision, the page is computed again
    with time_machine.travel(END_OF_APRIL, tick=False), django_assert_num_queries(QUERIES):
        client.get(url, {"q": "phuong", "cham": "1", "sap-xep": "-ty-le"})
    # Asked again with nothing written since, the page below its heading is the one kept.
    with time_machine.travel(END_OF_APRIL, tick=False), django_assert_num_queries(KEPT_QUERIES):
        client.get(url, {"q": "phuong", "cham": "1", "sap-xep": "-ty-le"})


QUERIES = 19
KEPT_QUERIES = 5


def test_the_city_page_is_no_longer_for_168_wards_than_for_30(client, city):
    grow(city, 30)
    thirty = page(client, city).content.decode()
    grow(city, 168)
    response = page(client, city)
    many = response.content.decode()
    assert len(ward_table_names(response)) == 25
    assert len(response.context["ranking"].bars) == 20
    assert len(response.context["heat_map"].rows) == 25
    # Beyond the table's page (the heat map shows the same) and the ranking's twenty, no
    # ward shows: the page holds about as much text, only the counts differ.
    named = {w.name for w in city.wards if w.name in many}
    assert len(named) <= 25 + 20
    assert abs(len(many) - len(thirty)) < 600


# Which wards a plan counts


@pytest.fixture
def reorganised(tree):
    """The districts and their wards dissolved on 01/07/2025; two wards of 2025 straight
    under the city from that day."""
    for unit in (tree.binh_tan, tree.quan_12, tree.binh_tri_dong_b, tree.an_lac, tree.thanh_loc):
        unit.dissolved_on = date(2025, 7, 1)
        unit.save()
    founded = date(2025, 7, 1)
    return [
        UnitFactory(parent=tree.city, name="Đoàn phường Bình Tân", founded_on=founded),
        UnitFactory(parent=tree.city, name="Đoàn phường An Lạc mới", founded_on=founded),
    ]


def _issued(unit, year: int) -> Plan:
    plan = PlanFactory(
        issuing_unit=unit,
        year=year,
        title=f"Kế hoạch năm {year}",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    plan.status = Plan.Status.ISSUED
    plan.save()
    return plan


def test_a_2024_plan_still_lists_the_wards_dissolved_in_2025(client, tree, reorganised):
    client.force_login(tree.staff)
    plan = _issued(tree.binh_tan, 2024)
    response = client.get(reverse("plans:progress", args=[plan.pk]))
    assert ward_table_names(response) == ["Đoàn phường An Lạc", "Đoàn phường Bình Trị Đông B"]


def test_a_2026_city_plan_lists_the_new_wards_not_the_dissolved_districts(
    client, tree, reorganised
):
    client.force_login(UserFactory(unit=tree.city, role=User.Role.LEADERSHIP))
    plan = _issued(tree.city, 2026)
    response = client.get(reverse("plans:progress", args=[plan.pk]))
    assert ward_table_names(response) == ["Đoàn phường An Lạc mới", "Đoàn phường Bình Tân"]
    # A plan of 2025 covers both: the districts until June, the wards from July.
    plan_2025 = _issued(tree.city, 2025)
    both = client.get(reverse("plans:progress", args=[plan_2025.pk]))
    assert sorted(ward_table_names(both)) == [
        "Quận Đoàn 12",
        "Quận Đoàn Bình Tân",
        "Đoàn phường An Lạc mới",
        "Đoàn phường Bình Tân",
    ]
    # Its second half has the wards only.
    later = client.get(
        reverse("plans:progress", args=[plan_2025.pk]), {"ky": "quy", "quy": "2025-4"}
    )
    assert ward_table_names(later) == ["Đoàn phường An Lạc mới", "Đoàn phường Bình Tân"]


# The files list every ward


@pytest.fixture
def big_city(city, settings):
    """168 wards, a few with reports; files of this size built in the request."""
    settings.EXPORT_IN_REQUEST_MAX_UNITS = 1000
    grow(city, 168)
    report(city, city.ward("Đoàn phường Bến Thành"), 1, doan_vien=9)
    report(city, city.ward("Đoàn xã Cần Giờ"), 1, doan_vien=30)
    return city


def download(client, city, fmt: str, *, login: bool = True) -> bytes:
    if login:
        client.force_login(city.leader)
    with time_machine.travel(END_OF_APRIL, tick=False):
        response = client.get(reverse("plans:progress_export", args=[city.plan.pk, fmt]))
    assert response.status_code == 200
    return response.content


def test_the_city_workbook_lists_every_ward(client, big_city):
    sheet = load_workbook(BytesIO(download(client, big_city, "xlsx")))["Đơn vị"]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(names[:-1]) == sorted(w.name for w in big_city.wards) and len(names) == 169
    assert names[-1] == "Tổng cộng"
    by_name = {row[0].value: [c.value for c in row[1:3]] for row in sheet.iter_rows(min_row=2)}
    assert by_name["Đoàn xã Cần Giờ"] == [30, 30]
    assert by_name["Đoàn phường Bến Thành"] == [30, 9]
    assert by_name["Tổng cộng"] == ["=SUM(B2:B169)", "=SUM(C2:C169)"]


def test_the_city_pdf_lists_every_ward_in_its_annexes(client, big_city):
    reader = PdfReader(BytesIO(download(client, big_city, "pdf")))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    body, _, annexes = text.partition("PHỤ LỤC 1")
    assert "168 phường, xã, đặc khu trực thuộc Thành Đoàn TP. Hồ Chí Minh" in body
    assert "xem Phụ lục 1" in body and "xem Phụ lục 2" in body
    # The body ranks twenty wards and names no other (Số 100 ranks in the middle).
    assert "Đoàn phường Số 100" not in body
    assert "PHỤ LỤC 2" in annexes
    for ward in big_city.wards:
        assert annexes.count(ward.name) >= 2, ward.name  # in both annexes
    assert "Đoàn xã Cần Giờ 30 / 30 đến hết Quý II/2024 100%" in annexes


def test_the_city_word_file_lists_every_ward_in_its_annexes_as_the_pdf_does(client, big_city):
    """168 wards do not fit the body's tables: the Word file, as its PDF, sums them up in
    the body and lists them in Phụ lục 1 (results, counted) and Phụ lục 2 (timeliness),
    each on a new page after the signature."""
    document = Document(BytesIO(download(client, big_city, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(
        "168 phường, xã, đặc khu trực thuộc Thành Đoàn TP. Hồ Chí Minh" in t
        and "xem Phụ lục 1" in t
        for t in paragraphs
    )
    assert any("xem Phụ lục 2" in t for t in paragraphs)
    annexes = [p for p in document.paragraphs if p.text.startswith("PHỤ LỤC")]
    assert [p.text for p in annexes] == ["PHỤ LỤC 1", "PHỤ LỤC 2"]
    assert all(p.paragraph_format.page_break_before for p in annexes)
    tables = {table.rows[0].cells[-1].text: table for table in document.tables}
    results = [[c.text for c in row.cells] for row in tables["Tỉ lệ hoàn thành"].rows[1:]]
    timeliness = [[c.text for c in row.cells] for row in tables["Chưa nộp"].rows[1:]]
    assert [r[0] for r in results] == [str(n) for n in range(1, 169)]
    wards = {ward.name for ward in big_city.wards}
    assert {r[1] for r in results} == wards == {r[1] for r in timeliness}
    # Its share is due by the end of June, before the plan's end, as the PDF says too.
    cells = next(r[2:] for r in results if r[1] == "Đoàn xã Cần Giờ")
    assert cells == ["30 / 30\nđến hết Quý II/2024", "100%"]


@pytest.mark.slow
@needs_libreoffice
def test_the_city_word_file_renders_on_its_pdfs_pages(client, big_city, tmp_path):
    """Charts as pictures and two annexes of 168 wards: LibreOffice lays the Word file out
    on the PDF's page count, give or take one."""
    in_pdf = len(PdfReader(BytesIO(download(client, big_city, "pdf"))).pages)
    assert in_pdf >= 8  # the body, and 168 wards twice in the annexes
    assert abs(pages_of_word(download(client, big_city, "docx"), tmp_path) - in_pdf) <= 1


def test_a_city_pdf_counts_its_hundred_and_one_new_branches_and_the_workbook_names_them(
    client, big_city
):
    """Three wards found 70 chi đoàn and 31 chi hội on 15/03/2024: more than a printed
    report lists one by one (``FOUNDINGS_LISTED``, 100)."""
    kinds = {"Chi đoàn": _kind("Chi đoàn"), "Chi hội": _kind("Chi hội")}
    wards = big_city.wards[:3]
    unit_bulk_create(
        units=[
            Unit(
                parent=wards[n % 3],
                kind=kinds["Chi đoàn" if n < 70 else "Chi hội"],
                name=f"{'Chi đoàn' if n < 70 else 'Chi hội'} Công ty Số {n}",
                slug=f"cong-ty-so-{n}",
                founded_on=date(2024, 3, 15),
            )
            for n in range(101)
        ]
    )
    reader = PdfReader(BytesIO(download(client, big_city, "pdf")))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Trong kỳ thành lập mới 101 chi đoàn, chi hội: 70 chi đoàn, 31 chi hội." in text
    assert "xem tệp Excel cùng kỳ, trang “Chi đoàn, chi hội”" in text
    assert "Công ty Số 7" not in text
    sheet = load_workbook(BytesIO(download(client, big_city, "xlsx")))["Chi đoàn, chi hội"]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert len(names) == 101
    assert "Chi đoàn Công ty Số 7" in names and "Chi hội Công ty Số 100" in names


def test_the_city_files_cost_the_same_queries_for_10_or_168_wards(
    client, city, settings, django_assert_num_queries
):
    settings.EXPORT_IN_REQUEST_MAX_UNITS = 1000
    grow(city, 10)
    report(city, city.wards[0], 1, doan_vien=3)
    client.force_login(city.leader)
    for fmt, queries in FILE_QUERIES.items():
        with django_assert_num_queries(queries):
            download(client, city, fmt, login=False)
    grow(city, 168)
    for fmt, queries in FILE_QUERIES.items():
        with django_assert_num_queries(queries):
            download(client, city, fmt, login=False)


FILE_QUERIES = {"xlsx": 15, "pdf": 16}
