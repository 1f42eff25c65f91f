"""A returned report reaches the secretary's phone: district staff return An Lạc A's June
2024 report in their browser; the secretary, on a 375 px phone, sees the count on the bell,
the report first on the home page with the comment, and gets the e-mail."""

from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from notifications.models import Notification
from reports.models import MonthlyReport

from .conftest import PHONE, PHONE_DEVICE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]
COMMENT = "Thiếu ảnh chụp lễ ra mắt chi đoàn; bổ sung danh sách đoàn viên mới kết nạp."


def test_a_returned_report_is_on_the_secretarys_phone_first_with_the_comment(people):
    june = MonthlyReport.objects.get(unit__name="Đoàn phường An Lạc A", month=date(2024, 6, 1))
    assert june.status == MonthlyReport.Status.SUBMITTED
    mail.outbox = []

    staff = people("canbo.binhtan")
    page = staff.go(june.get_absolute_url())
    page.fill("textarea[name=comment]", COMMENT)
    page.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lại báo cáo")

    # The demo's 2024 reviews, unread, and the return just made.
    unread = Notification.objects.filter(recipient__username="bithu.an-lac-a", read_at=None)
    before = unread.count()
    assert before == Notification.objects.filter(recipient__username="bithu.an-lac-a").count()
    secretary = people("bithu.an-lac-a", device=PHONE_DEVICE)
    page = secretary.go("/")
    expect(page.locator(".notifications-link .unread-count")).to_have_text(f"{before} chưa đọc")
    first = page.locator("main .card").first
    expect(first.locator("h2")).to_have_text("Báo cáo tháng 06/2024 bị trả lại: cần sửa")
    expect(first.locator(".review-comment")).to_have_text(COMMENT)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    secretary.shot("bithu.an-lac-a-phone-home-returned")

    page.goto(secretary.base_url + "/thong-bao/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    secretary.shot("bithu.an-lac-a-phone-notifications")
    page.locator(".notification-list li").first.get_by_role("button").click()
    page.wait_for_url(f"**{june.get_absolute_url()}")
    expect(page.locator(".notifications-link .unread-count")).to_have_text(f"{before - 1} chưa đọc")

    page.goto(secretary.base_url + "/")
    page.get_by_role("link", name="Sửa và nộp lại").click()
    page.wait_for_url("**/bao-cao/don-vi/**/2024/6/")

    [sent] = [m for m in mail.outbox if m.to == ["bithu.an-lac-a@example.org"]]
    assert sent.subject == "[Lộ trình] Báo cáo tháng 06/2024 bị trả lại – Đoàn phường An Lạc A"
    assert COMMENT in sent.body
