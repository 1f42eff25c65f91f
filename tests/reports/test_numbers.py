"""Numbers people can read, and finished periods read as finished, on Bình Tân's 2024 plan
of seed 000 as the demo loads it: a roadmap of 27 chi đoàn, 28 chi hội and 300 đoàn viên;
each of the 10 wards given 2 chi đoàn, 2 chi hội and 10 đoàn viên in the year (Mục II.4.3)
and 2 chi đoàn and 3 chi hội by the end of Quý III (Mục III.2.2).

An Lạc reports twice, on time, both accepted: March (a chi đoàn founded on 16/03 and 4 new
đoàn viên) and May (3 new đoàn viên). No other ward reports. Every figure below is
computed by hand from that, and checked as people read it: the page's text, the API's
JSON, the Excel workbook opened back, the PDF's text."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from html.parser import HTMLParser
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from organizations import demo as organizations_demo
from organizations.models import Unit, User
from plans import demo as plans_demo
from plans.models import Plan
from reports.models import MonthlyReport, ReportValue
from targets.models import Metric
from tests.factories import monthly_report

pytestmark = pytest.mark.django_db
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
OVER = "2025-03-01 10:00 +07:00"  # the plan ended on 31/12/2024
AUGUST = "2024-08-15 10:00 +07:00"  # Quý III under way
Q1 = {"ky": "quy", "quy": "2024-1"}
Q3 = {"ky": "quy", "quy": "2024-3"}
TWO_DECIMALS = re.compile(r"\d,\d\d")  # "0,4972…", "0,99": never shown


@dataclass
class Seed:
    plan: Plan
    an_lac: Unit
    secretary: User  # bithu.an-lac
    staff: User  # canbo.binhtan
    leader: User  # lanhdao.binhtan


@pytest.fixture
def seed() -> Seed:
    organizations_demo.load(with_accounts=True)
    plans_demo.load()
    an_lac = Unit.objects.get(name="Đoàn phường An Lạc", parent__name="Quận Đoàn Bình Tân")
    secretary = User.objects.get(username="bithu.an-lac")
    staff = User.objects.get(username="canbo.binhtan")
    monthly_report(
        an_lac,
        date(2024, 3, 1),
        secretary,
        founded_on=date(2024, 3, 16),
        doan_vien=4,
        staff=staff,
        now=datetime(2024, 4, 5, 9, tzinfo=SAIGON),
    )
    monthly_report(
        an_lac,
        date(2024, 5, 1),
        secretary,
        doan_vien=3,
        staff=staff,
        now=datetime(2024, 6, 6, 9, tzinfo=SAIGON),
    )
    return Seed(
        plan=Plan.objects.get(title=plans_demo.TITLE_000),
        an_lac=an_lac,
        secretary=secretary,
        staff=staff,
        leader=User.objects.get(username="lanhdao.binhtan"),
    )


# Reading what people see


def visible_text(html: str) -> str:
    """The page's text as a reader sees it, one space between words."""
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, title_id: str) -> str:
    """The visible text of one card of the progress page, by its heading's id."""
    start = html.index(f'id="{title_id}"')
    return visible_text(html[start : html.index("</section>", start)])


def section_of_targets(html: str) -> str:
    return section(html, "targets-title")


def table_row(text: str, starts: str, ends: str) -> str:
    """The stretch of ``text`` from ``starts`` up to the next ``ends``."""
    start = text.index(starts)
    return text[start : text.index(ends, start + len(starts))]


def heat_map_titles(html: str) -> list[str]:
    heat = html[html.index('id="heat-title"') :]
    return re.findall(r"<title>([^<]*)</title>", heat[: heat.index("</section>")])


def progress_page(client, plan, params=None, when=OVER) -> str:
    with time_machine.travel(when, tick=False):
        response = client.get(reverse("plans:progress", args=[plan.pk]), params or {})
    assert response.status_code == 200
    return response.content.decode()


def api(client, plan, params=None, when=OVER) -> dict:
    with time_machine.travel(when, tick=False):
        response = client.get(f"/api/plans/{plan.pk}/progress", params or {})
    assert response.status_code == 200, response.content
    return response.json()


def download(client, plan, fmt, params=None, when=OVER):
    with time_machine.travel(when, tick=False):
        response = client.get(reverse("plans:progress_export", args=[plan.pk, fmt]), params or {})
    assert response.status_code == 200, response.status_code
    return response.content


def workbook(client, plan, params=None, when=OVER):
    return load_workbook(BytesIO(download(client, plan, "xlsx", params, when)))


def pdf_text(client, plan, params=None, when=OVER) -> str:
    pages = PdfReader(BytesIO(download(client, plan, "pdf", params, when))).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def api_row(body, code, level="unit") -> dict:
    return next(r for r in body["targets"] if r["metric"]["code"] == code and r["level"] == level)


def summary_rows(book) -> dict:
    """The summary sheet's rows by (metric, level): target, done, status, deadline."""
    return {
        (row[0], row[1]): (row[2], row[3], row[5], row[6])
        for row in book["Tổng hợp"].iter_rows(min_row=7, values_only=True)
    }


class FormFields(HTMLParser):
    """What a browser would post back from a page's form: every named field as rendered."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            # A checkbox without a value is posted as "on", as browsers do.
            value = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
            if name in self.data and attrs.get("type") in ("hidden", "checkbox"):
                # Several fields of one name (a grid's metrics): all of them are posted.
                before = self.data[name]
                self.data[name] = [*(before if isinstance(before, list) else [before]), value]
            else:
                self.data[name] = value
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def rendered_form(html: str) -> dict:
    parser = FormFields()
    parser.feed(html[html.index("<main") :])
    return parser.data


# 5. Numbers people can read


def test_half_a_new_doan_vien_gets_a_vietnamese_message_and_the_form_keeps_it(client, seed):
    client.force_login(seed.secretary)
    url = reverse("reports:edit", args=[seed.an_lac.pk, 2024, 6])
    doan_vien = Metric.objects.get(code="new-doan-vien")
    with time_machine.travel("2024-07-03 09:00 +07:00", tick=False):
        data = rendered_form(client.get(url).content.decode())
        field = f"m-{doan_vien.pk}"
        assert field in data  # the plan asks the ward for its new đoàn viên
        data |= {field: "2,5", "difficulties": "Thiếu kinh phí tổ chức"}
        response = client.post(url, data | {"save": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ tiêu này đếm số nguyên: hãy nhập số nguyên, ví dụ 2 hoặc 3." in html
    assert 'value="2,5"' in html and "Thiếu kinh phí tổ chức" in html
    assert not ReportValue.objects.filter(report__month=date(2024, 6, 1)).exists()
    june = MonthlyReport.objects.filter(unit=seed.an_lac, month=date(2024, 6, 1)).first()
    assert june is None or june.difficulties == ""


def test_a_wards_quarters_show_each_allocation_at_its_deadline_not_fractions(client, seed):
    client.force_login(seed.secretary)
    html = progress_page(client, seed.plan)
    targets = section(html, "targets-title")
    # Quý I, Quý II: nothing is due yet; Quý III: 2 chi đoàn and 3 chi hội (Mục III.2.2);
    # Quý IV: the year's 2 and 2 (Mục II.4.3). Done, cumulative: the March chi đoàn.
    chi_doan = table_row(targets, "Thành lập mới chi đoàn", "Thành lập mới chi hội")
    assert "– / 1 – / 1 2 / 1 2 / 1" in chi_doan
    chi_hoi = table_row(targets, "Thành lập mới chi hội", "Kết nạp đoàn viên mới")
    assert "– / 0 – / 0 3 / 0 2 / 0" in chi_hoi
    doan_vien = table_row(targets, "Kết nạp đoàn viên mới", "%")
    assert "– / 4 – / 7 – / 7 10 / 7" in doan_vien
    assert not TWO_DECIMALS.search(targets), TWO_DECIMALS.search(targets)


def test_a_quarter_measures_a_ward_against_the_allocation_due_after_it_whole(client, seed):
    client.force_login(seed.secretary)
    targets = section(progress_page(client, seed.plan, Q1), "targets-title")
    # By 31/03: 1 of the 2 chi đoàn due by Quý III (50 %), none of the 3 chi hội, 4 of
    # the year's 10 đoàn viên (40 %); the quarter is over, the deadlines are after it.
    chi_doan = table_row(targets, "Thành lập mới chi đoàn", "Thành lập mới chi hội")
    assert "2 đến hết Quý III/2024 1 50 hạn sau kỳ này" in chi_doan
    chi_hoi = table_row(targets, "Thành lập mới chi hội", "Kết nạp đoàn viên mới")
    assert "3 đến hết Quý III/2024 0 0 hạn sau kỳ này" in chi_hoi
    doan_vien = table_row(targets, "Kết nạp đoàn viên mới", "Tỉ lệ")
    assert "10 đến hết Năm 2024 4 40 hạn sau kỳ này" in doan_vien
    assert not TWO_DECIMALS.search(targets), TWO_DECIMALS.search(targets)
    assert "nguy cơ" not in targets and "Dự báo" not in targets


def test_the_district_sees_each_wards_allocation_whole_in_a_quarter(client, seed):
    client.force_login(seed.staff)
    units = section(progress_page(client, seed.plan, Q1), "wards-title")
    an_lac = table_row(units, "Đoàn phường An Lạc ", "Đoàn phường An Lạc A")
    assert an_lac.split("(") == [
        "Đoàn phường An Lạc 1 / 2 ",
        "50%) đến hết Quý III/2024 0 / 3 ",
        "0%) đến hết Quý III/2024 4 / 10 ",
        "40%) đến hết Năm 2024 30 % 1 / 0 / 2 ",  # 50, 0, 40 %: 30 % on average; March on time
    ]
    other = table_row(units, "Đoàn phường Tân Tạo A", "Tỉ lệ hoàn thành")
    assert "0 / 2 (0%) đến hết Quý III/2024 0 / 3 (0%)" in other
    assert not TWO_DECIMALS.search(units), TWO_DECIMALS.search(units)


def test_a_month_inside_a_quarter_shows_the_quarters_whole_target(client, seed):
    client.force_login(seed.leader)
    targets = section_of_targets(
        progress_page(client, seed.plan, {"ky": "thang", "thang": "2024-05"})
    )
    # The wards' Quý II: 9 chi đoàn, 100 đoàn viên (Mục II.4.1); by 31/05, 3 đoàn viên.
    wards = table_row(targets, "Kết nạp đoàn viên mới Cấp cơ sở", "Kết nạp")
    assert "100 đến hết Quý II/2024 3 3 hạn sau kỳ này" in wards
    assert not TWO_DECIMALS.search(targets), TWO_DECIMALS.search(targets)


def test_a_range_across_two_quarters_shows_its_target_with_one_decimal_everywhere(client, seed):
    """March and April: 31 of Quý I's 91 days of 7 chi đoàn and 30 of Quý II's 91 of 9,
    (7 × 31 + 9 × 30) / 91 = 5,35…: shown 5,4; the March chi đoàn is 18,5 % of it."""
    client.force_login(seed.leader)
    params = {"ky": "tuy-chon", "tu": "2024-03", "den": "2024-04"}
    targets = section_of_targets(progress_page(client, seed.plan, params))
    row = table_row(targets, "Thành lập mới chi đoàn Cấp cơ sở", "Thành lập")
    assert "5,4 1 18,5" in row
    assert not TWO_DECIMALS.search(targets), TWO_DECIMALS.search(targets)

    body = api_row(api(client, seed.plan, params), "new-chi-doan", "children")
    assert (body["target"], body["done"], body["percent"]) == (5.4, 1, 18.5)
    assert body["target_exact"] == pytest.approx(487 / 91)
    assert body["deadline"] is None

    rows = summary_rows(workbook(client, seed.plan, params))
    assert rows[("Thành lập mới chi đoàn", "Cấp cơ sở")][:2] == (5.4, 1)


@pytest.mark.slow
def test_the_pdf_of_a_wards_quarter_gives_the_allocation_not_a_fraction(client, seed):
    client.force_login(seed.secretary)
    text = pdf_text(client, seed.plan, Q1)
    assert (
        "Thành lập mới chi đoàn Đoàn phường An Lạc 2 đến hết Quý III/2024 1 50% Hạn sau kỳ này"
        in text
    )
    assert (
        "Kết nạp đoàn viên mới Đoàn phường An Lạc 10 đến hết Năm 2024 4 40% Hạn sau kỳ này" in text
    )
    assert not TWO_DECIMALS.search(text), TWO_DECIMALS.search(text)


def test_the_api_gives_the_allocation_as_shown_its_deadline_and_the_exact_figure(client, seed):
    client.force_login(seed.staff)
    body = api(client, seed.plan, {**Q1, "don-vi": seed.an_lac.pk})
    chi_hoi = api_row(body, "new-chi-hoi")
    assert (chi_hoi["target"], chi_hoi["target_exact"], chi_hoi["done"]) == (3, 3, 0)
    assert chi_hoi["deadline"] == {
        "kind": "quarter",
        "start": "2024-07-01",
        "end": "2024-09-30",
        "label": "Quý III/2024",
    }
    assert (chi_hoi["status"], chi_hoi["final"], chi_hoi["forecast"]) == ("due_later", False, None)
    assert [q["planned"] for q in chi_hoi["quarters"]] == [None, None, 3, 2]
    district = api(client, seed.plan, Q1)
    an_lac = next(u for u in district["units"] if u["unit"]["id"] == seed.an_lac.pk)
    cells = {c["metric"]: c for c in an_lac["cells"]}
    assert (cells["new-chi-doan"]["target"], cells["new-chi-doan"]["done"]) == (2, 1)
    assert cells["new-chi-doan"]["deadline"]["label"] == "Quý III/2024"
    assert (cells["new-doan-vien"]["target"], cells["new-doan-vien"]["percent"]) == (10, 40)


def test_the_workbook_of_a_quarter_gives_each_ward_its_allocation_whole(client, seed):
    client.force_login(seed.staff)
    ward = summary_rows(workbook(client, seed.plan, {**Q1, "don-vi": seed.an_lac.pk}))
    assert ward[("Thành lập mới chi đoàn", "Đoàn phường An Lạc")] == (
        2,
        1,
        "Hạn sau kỳ này",
        "đến hết Quý III/2024",
    )
    units = workbook(client, seed.plan, Q1)["Đơn vị"]
    rows = list(units.iter_rows(values_only=True))
    assert rows[0][1] == "Thành lập mới chi đoàn: chỉ tiêu (đến hết Quý III/2024)"
    assert rows[0][7] == "Kết nạp đoàn viên mới: chỉ tiêu (đến hết Năm 2024)"
    an_lac = next(r for r in rows if r[0] == "Đoàn phường An Lạc")
    assert (an_lac[1], an_lac[2], an_lac[4], an_lac[5], an_lac[7], an_lac[8]) == (2, 1, 3, 0, 10, 4)


# 7. Finished periods read as finished


def test_a_plan_that_is_over_gives_final_results_and_no_forecast(client, seed):
    client.force_login(seed.leader)
    html = progress_page(client, seed.plan)
    targets = section(html, "targets-title")
    assert "Dự báo" not in targets and "nguy cơ" not in targets
    # 1 chi đoàn of 27 in all (3,7 %), of the wards' 7 + 9 + 4 = 20 (5 %), of the
    # district's own 1 + 6 = 7 (0 %); 7 đoàn viên of 300 (2,3 %).
    assert "Thành lập mới chi đoàn Toàn quận" in targets
    total = table_row(targets, "Thành lập mới chi đoàn Toàn quận", "Thành lập mới chi hội")
    assert "27 1 Cấp Quận: 0, Cấp cơ sở: 1 3,7 Không đạt" in total
    wards = table_row(targets, "Thành lập mới chi đoàn Cấp cơ sở", "Thành lập")
    assert "20 1 5 Không đạt" in wards
    doan_vien = table_row(targets, "Kết nạp đoàn viên mới Toàn quận", "Tổ chức")
    assert "300 7 Cấp Quận: 0, Cấp cơ sở: 7 2,3 Không đạt" in doan_vien
    assert "Kỳ này đã kết thúc ngày 31/12/2024" in targets


def test_while_the_plan_runs_a_ward_is_compared_with_its_pace_and_given_a_forecast(client, seed):
    """On 15/08, 228 of 2024's 366 days are gone: an even pace to 2 chi đoàn is 1,25 by
    then; 1 is at least 70 % of it ("behind"), and 1 in 228 days gives 1,6 by 31/12."""
    client.force_login(seed.secretary)
    targets = section(progress_page(client, seed.plan, when=AUGUST), "targets-title")
    assert "Dự báo cuối kỳ" in targets
    chi_doan = table_row(targets, "Thành lập mới chi đoàn", "Thành lập mới chi hội")
    assert "2 1 50 chậm tiến độ 1,6" in chi_doan


def test_a_past_quarter_is_final_where_its_targets_were_due_within_it(client, seed):
    client.force_login(seed.leader)
    targets = section(progress_page(client, seed.plan, Q1), "targets-title")
    wards = table_row(targets, "Thành lập mới chi đoàn Cấp cơ sở", "Thành lập")
    assert "7 1 14,3 Không đạt" in wards  # 1 of the wards' 7 of Quý I
    # A yearly target seen from Quý I: its whole 2 classes, due after the quarter.
    classes = table_row(targets, "Tổ chức lớp tập huấn", "Chương trình")
    assert "2 đến hết Năm 2024 0 0 hạn sau kỳ này" in classes
    assert "Dự báo" not in targets and "nguy cơ" not in targets


def test_past_months_are_never_not_yet_due_in_the_heat_map(client, seed):
    client.force_login(seed.staff)
    titles = heat_map_titles(progress_page(client, seed.plan, Q3))
    # September was due on 10/10/2024: by 01/03/2025 every ward's is missing.
    assert len(titles) == 10 * 3
    assert "Đoàn phường An Lạc, 09/2024: Chưa nộp (quá hạn)" in titles
    assert not [t for t in titles if "Chưa đến hạn" in t]
    whole = heat_map_titles(progress_page(client, seed.plan))
    assert "Đoàn phường Tân Tạo A, 12/2024: Chưa nộp (quá hạn)" in whole
    assert "Đoàn phường An Lạc, 03/2024: Đúng hạn" in whole
    assert not [t for t in whole if "Chưa đến hạn" in t]


def test_a_wards_months_read_missing_once_due_whatever_the_window(client, seed):
    client.force_login(seed.secretary)
    months = section(progress_page(client, seed.plan, Q3), "months-title")
    assert "09/2024 0 0 0 chưa bắt đầu Chưa nộp (quá hạn)" in months
    assert "Chưa đến hạn" not in months


def test_the_api_says_the_result_is_final_and_counts_reports_missing_as_of_today(client, seed):
    client.force_login(seed.staff)
    body = api(client, seed.plan)
    total = api_row(body, "new-chi-doan", "total")
    assert (total["target"], total["done"], total["percent"]) == (27, 1, 3.7)
    assert (total["status"], total["final"], total["forecast"]) == ("not_achieved", True, None)
    assert total["status_label"] == "không đạt"
    an_lac = next(u for u in body["units"] if u["unit"]["id"] == seed.an_lac.pk)
    # March and May on time; the 10 other months missing, December's too (due 10/01/2025).
    assert (an_lac["on_time"], an_lac["late"], an_lac["missing"]) == (2, 0, 10)


def test_the_workbook_of_a_plan_that_is_over_gives_final_results(client, seed):
    client.force_login(seed.staff)
    book = workbook(client, seed.plan)
    rows = summary_rows(book)
    assert rows[("Thành lập mới chi đoàn", "Toàn quận")][:3] == (27, 1, "Không đạt")
    assert "nguy cơ" not in str(rows)
    assert book["Tổng hợp"]["A5"].value == (
        "Kỳ báo cáo đã kết thúc ngày 31/12/2024: cột trạng thái ghi kết quả cuối kỳ"
    )
    timeliness = {r[0]: r for r in book["Đúng hạn"].iter_rows(values_only=True)}
    assert timeliness["Đơn vị"][-2] == "12/2024"
    assert timeliness["Đoàn phường An Lạc"][-2] == "Chưa nộp (quá hạn)"


@pytest.mark.slow
def test_the_pdf_of_a_plan_that_is_over_gives_final_results(client, seed):
    client.force_login(seed.leader)
    text = pdf_text(client, seed.plan)
    assert "Kỳ báo cáo đã kết thúc ngày 31/12/2024" in text
    assert "Thành lập mới chi đoàn Toàn quận 27 1 3,7% Không đạt" in text
    assert "nguy cơ" not in text and "Dự báo" not in text


def test_the_home_page_headlines_of_a_plan_that_is_over_are_final(client, seed):
    client.force_login(seed.leader)
    with time_machine.travel(OVER, tick=False):
        home = visible_text(client.get(reverse("home")).content.decode())
    headline = table_row(home, "Quận Đoàn Bình Tân · đã kết thúc", "Tỉ lệ")
    assert "đã kết thúc ngày 31/12/2024: kết quả cuối kỳ" in headline
    assert "không đạt" in headline and "nguy cơ" not in headline
    assert "Thành lập mới chi đoàn 1 / 27 (3,7 %)" in headline
    client.force_login(seed.secretary)
    with time_machine.travel(OVER, tick=False):
        home = visible_text(client.get(reverse("home")).content.decode())
    assert "Thành lập mới chi đoàn 1 / 2 (50 %)" in home and "nguy cơ" not in home
