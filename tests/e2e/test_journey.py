"""A plan's whole life through a real browser: district staff enter a plan and its
roadmap, a ward secretary reports from a phone, staff return the report, the secretary
resubmits, staff accept, and leadership see the figure move and take the files away. The
plan is Bình Tân's last: the first half of 2025, before the district union and its wards
were dissolved on 01/07/2025 (their people keep their accounts to finish that work)."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from organizations.models import Unit
from plans.models import Plan
from reports.models import MonthlyReport
from targets.levels import plan_level_labels
from targets.models import Metric

from .conftest import PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

TITLE = "Kế hoạch thành lập chi đoàn doanh nghiệp 6 tháng đầu năm 2025"


def chi_doan_row(page) -> dict:
    """Target, done and % of the progress table's row of new chi đoàn by the wards."""
    row = page.locator("table.progress tr[data-level=children]", has_text="Thành lập mới chi đoàn")

    def cell(label: str) -> str:
        return row.first.locator(f'td[data-label="{label}"]').inner_text().strip()

    return {
        "target": cell("Chỉ tiêu"),
        "done": cell("Thực hiện").split()[0],
        "percent": cell("%"),
    }


def test_a_plan_from_entry_to_the_leaderships_files(people):
    chi_doan = Metric.objects.get(code="new-chi-doan")
    an_lac = Unit.objects.get(name="Đoàn phường An Lạc", parent__name="Quận Đoàn Bình Tân")

    # 1. District staff enter the plan and its roadmap through the grid, then issue it.
    staff = people("canbo.binhtan")
    page = staff.go("/ke-hoach/them/")
    page.fill("#id_number", "12-KH/ĐTN")
    page.fill("#id_year", "2025")
    page.fill("#id_place", "Bình Tân")
    page.fill("#id_issued_on", "05/01/2025")
    page.fill("#id_upper_body", "BCH ĐOÀN TP. HỒ CHÍ MINH")
    page.fill("#id_issuing_body", "BCH ĐOÀN QUẬN BÌNH TÂN")
    page.fill("#id_title", TITLE)
    page.fill("#id_starts_on", "05/01/2025")
    page.fill("#id_ends_on", "30/06/2025")
    staff.shot("01-plan-form")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    # A new plan opens on its roadmap grid.
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/lo-trinh/$"))
    plan_id = int(re.search(r"/ke-hoach/(\d+)/", page.url).group(1))
    page.fill(f"[name=t-{chi_doan.pk}-children-2025-Q1]", "3")
    page.fill(f"[name=t-{chi_doan.pk}-children-2025-Q2]", "2")
    staff.shot("02-roadmap-grid")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".message.success")).to_contain_text("Đã lưu lộ trình")
    staff.shot("03-plan-detail")
    page.get_by_role("link", name="Ban hành").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()

    # Leadership see nothing done yet: 0 of the 5 chi đoàn asked of the wards.
    leader = people("lanhdao.binhtan")
    page = leader.go(f"/ke-hoach/{plan_id}/tien-do/")
    assert chi_doan_row(page) == {"target": "5", "done": "0", "percent": "0"}

    # 2. The secretary of An Lạc, on a phone, reports March with a founded chi đoàn.
    secretary = people("bithu.an-lac", viewport=PHONE)
    page = secretary.go(f"/bao-cao/don-vi/{an_lac.pk}/2025/3/")
    page.fill("[name=cd-0-name]", "Chi đoàn Công ty TNHH Bao bì An Lạc Xanh")
    page.select_option("[name=cd-0-kind]", index=1)
    page.fill("[name=cd-0-new_host_name]", "Công ty TNHH Bao bì An Lạc Xanh")
    page.select_option("[name=cd-0-new_host_kind]", index=1)
    page.fill("[name=cd-0-founded_on]", "14/03/2025")
    page.fill("[name=cd-0-members]", "9")
    page.fill("[name=difficulties]", "Doanh nghiệp ít đoàn viên.")
    secretary.shot("04-report-form-phone")
    page.locator("button[name=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    secretary.shot("05-report-submitted-phone")
    report = MonthlyReport.objects.get(unit=an_lac, month__year=2025, month__month=3)
    assert report.status == MonthlyReport.Status.SUBMITTED

    # 3. Staff return it with a comment.
    page = staff.go("/bao-cao/hop-thu/")
    staff.shot("06-inbox")
    page.locator("a", has_text="Đoàn phường An Lạc").filter(has_text="03/2025").click()
    page.fill("[name=comment]", "Ghi rõ số đoàn viên khi thành lập.")
    page.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(page.locator(".message.success")).to_contain_text("Đã trả lại báo cáo")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.RETURNED

    # 4. The secretary reads the comment, corrects and resubmits.
    page = secretary.go(report.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Ghi rõ số đoàn viên khi thành lập.")
    page.get_by_role("link", name="Sửa").first.click()
    page.fill("[name=cd-0-members]", "11")
    page.locator("button[name=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED

    # 5. Staff accept.
    page = staff.go(report.get_absolute_url())
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.locator(".message.success")).to_be_visible()
    staff.shot("07-report-accepted")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.ACCEPTED

    # 6. Leadership see 1 of 5 done (20 %), and download the files.
    page = leader.go(f"/ke-hoach/{plan_id}/tien-do/")
    assert chi_doan_row(page) == {"target": "5", "done": "1", "percent": "20"}
    leader.shot("08-progress")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    summary = load_workbook(BytesIO(download.value.path().read_bytes()))["Tổng hợp"]
    rows = [[c.value for c in r] for r in summary.iter_rows(min_row=7)]
    children = plan_level_labels(Plan.objects.get(pk=plan_id))["children"]  # as the page says
    row = next(r for r in rows if r[:2] == ["Thành lập mới chi đoàn", children])
    assert row[2:4] == [5, 1]
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo PDF").click()
    pages = PdfReader(BytesIO(download.value.path().read_bytes())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # lines rejoined
    assert "Đoàn phường An Lạc" in text and "Chi đoàn Công ty TNHH Bao bì An Lạc Xanh" in text
    page = leader.go("/")
    expect(page.locator("main")).to_contain_text(TITLE)
    leader.shot("09-home-leadership")
