"""The city's reviewer on a phone, with the demo's 168 wards: finds a ward in the month's
table by typing its name without diacritics, opens two waiting reports from the inbox,
ticks them back there and accepts both at once after the confirmation; then looks at the
same pages on a desktop. Screenshots of each step go to ``e2e-screenshots/``."""

import pytest
from playwright.sync_api import expect

from organizations.models import User
from reports.models import MonthlyReport

from .conftest import PHONE_DEVICE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

STAFF = "canbo.thanhdoan"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_city_reviewer_accepts_two_reports_at_once_from_a_phone(people):
    staff = people(STAFF, device=PHONE_DEVICE)
    city = User.objects.get(username=STAFF).unit

    # The month's table: 168 wards, one page of them, found by name without diacritics.
    page = staff.go("/bao-cao/")
    assert page.locator("table.review-table tbody tr").count() == 25
    assert fits(page)
    staff.shot("review-01-month-table-phone")
    page.fill("#q", "binh tri dong")
    page.locator("#review-filters button[type=submit]").click()
    names = page.locator("table.review-table .unit-name").all_inner_texts()
    assert names and all("Bình Trị Đông" in name for name in names)
    staff.shot("review-02-month-table-search-phone")

    # The inbox: open the two oldest waiting reports of the city's wards, then tick them.
    page = staff.go("/bao-cao/hop-thu/")
    assert fits(page)
    staff.shot("review-03-inbox-phone")
    assert page.locator("#accept-many input[name=bao-cao]").count() == 0
    # The two oldest waiting reports of one month of today's wards: the first two of that
    # month's inbox.
    ward_reports = MonthlyReport.objects.filter(
        unit__parent=city, unit__dissolved_on__isnull=True, status=MonthlyReport.Status.SUBMITTED
    ).order_by("submitted_at")
    month = ward_reports.first().month
    waiting = list(ward_reports.filter(month=month).select_related("unit")[:2])
    assert len(waiting) == 2, "the demo has reports of the city's wards waiting"
    for report in waiting:
        page = staff.go(report.get_absolute_url())
        expect(page.locator("main")).to_contain_text(report.unit.name)
    page = staff.go(f"/bao-cao/hop-thu/?thang={month:%Y-%m}")
    for report in waiting:
        page.locator(f"#accept-many input[name=bao-cao][value='{report.pk}']").check()
    staff.shot("review-04-inbox-ticked-phone")
    page.get_by_role("button", name="Duyệt các báo cáo đã chọn…").click()
    for report in waiting:
        expect(page.locator(f"input[name='v-{report.pk}']")).to_have_count(1)
    assert fits(page)
    staff.shot("review-05-confirm-phone")
    page.locator("#accept-confirm button[type=submit]").click()
    expect(page.locator(".message.success")).to_contain_text("Đã duyệt 2 báo cáo.")
    staff.shot("review-06-accepted-phone")
    for report in waiting:
        report.refresh_from_db()
        assert report.status == MonthlyReport.Status.ACCEPTED

    # The same pages on a desktop.
    desk = people(STAFF)
    for path, name in (("/bao-cao/hop-thu/", "inbox"), ("/bao-cao/", "month-table"), ("/", "home")):
        page = desk.go(path)
        assert fits(page)
        desk.shot(f"review-07-{name}-desktop")
