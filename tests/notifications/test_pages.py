"""The bell in the menu and the notification list: what is unread is counted and marked,
opening one reads it and goes where it points, everything can be marked read at once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Notice, notify
from reports.reminders import send_reminders

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UNIT = "Đoàn phường Bình Trị Đông B"


def tell(user, month: int, *, title: str = "", link: str = "/bao-cao/", read: bool = False):
    """One notification of ``month`` 2024 to ``user``, made on the 12th of the next month."""
    notify(
        recipients=[user],
        notice=Notice(
            kind="report-accepted",
            key=f"test:{month}",
            title=title or f"Báo cáo tháng {month:02}/2024 đã được duyệt – {UNIT}",
            body=f"Nguyễn Văn An (Quận Đoàn Bình Tân) đã duyệt báo cáo tháng {month:02}/2024.",
            link=link,
        ),
        now=datetime(2024, month + 1, 12, 9, 0, tzinfo=HCM),
        send_email=False,
    )
    notification = Notification.objects.get(recipient=user, key=f"test:{month}")
    if read:
        Notification.objects.filter(pk=notification.pk).update(read_at=notification.created_at)
    return notification


def bell(page) -> str:
    count = page.html.select_one(".notifications-link .unread-count")
    return count.get_text(" ", strip=True) if count else ""


def items(page) -> list[tuple[str, bool]]:
    """(title, unread) of each notification listed, in order."""
    return [
        (li.select_one(".notification-title").get_text(strip=True), "unread" in li["class"])
        for li in page.html.select(".notification-list li")
    ]


def open_form(page, title: str):
    item = next(
        li
        for li in page.html.select(".notification-list li")
        if li.select_one(".notification-title").get_text(strip=True) == title
    )
    action = item.form["action"]
    return next(form for form in page.forms.values() if form.action == action)


@pytest.fixture
def three(tree):
    """January's notification read; February's and March's not."""
    return [
        tell(tree.secretary, 1, read=True),
        tell(tree.secretary, 2),
        tell(tree.secretary, 3, title=f"Báo cáo tháng 03/2024 bị trả lại – {UNIT}"),
    ]


def test_the_menu_counts_the_unread_notifications_on_every_page(app, tree, three):
    app.set_user(tree.secretary)
    assert bell(app.get(reverse("home"))) == "2 chưa đọc"
    assert bell(app.get(reverse("organizations:unit_list"))) == "2 chưa đọc"
    app.set_user(tree.other_secretary)
    assert bell(app.get(reverse("home"))) == ""


def test_the_list_shows_the_newest_first_and_marks_the_unread(app, tree, three):
    app.set_user(tree.secretary)
    page = app.get(reverse("notifications:list"))

    assert items(page) == [
        (f"Báo cáo tháng 03/2024 bị trả lại – {UNIT}", True),
        (f"Báo cáo tháng 02/2024 đã được duyệt – {UNIT}", True),
        (f"Báo cáo tháng 01/2024 đã được duyệt – {UNIT}", False),
    ]
    assert "2 chưa đọc · Tất cả 3 thông báo" in page
    assert "12/04/2024" in page.html.select(".notification-list li")[0].get_text()


def test_opening_a_notification_reads_it_and_goes_to_its_link(app, tree, three):
    three[2].link = "/bao-cao/"
    three[2].save()
    app.set_user(tree.secretary)
    page = app.get(reverse("notifications:list"))

    landed = open_form(page, f"Báo cáo tháng 03/2024 bị trả lại – {UNIT}").submit()

    assert landed.status_code == 302
    assert landed.location == "/bao-cao/"
    assert bell(landed.follow()) == "1 chưa đọc"
    three[2].refresh_from_db()
    assert three[2].read_at is not None


def test_a_link_outside_the_site_is_not_followed(app, tree):
    tell(tree.secretary, 1, link="//lua-dao.example/dang-nhap")
    app.set_user(tree.secretary)
    page = app.get(reverse("notifications:list"))

    landed = open_form(page, f"Báo cáo tháng 01/2024 đã được duyệt – {UNIT}").submit()

    assert landed.location == reverse("notifications:list")


def test_mark_all_as_read_reads_only_the_persons_own(app, tree, three):
    theirs = tell(tree.other_secretary, 4)
    app.set_user(tree.secretary)
    page = app.get(reverse("notifications:list"))

    page = page.forms["read-all"].submit().follow()

    assert "Đã đánh dấu 2 thông báo là đã đọc." in page
    assert bell(page) == ""
    assert [unread for _title, unread in items(page)] == [False, False, False]
    assert "read-all" not in page.forms
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_is_paginated_twenty_a_page(app, tree):
    for n in range(1, 26):
        notify(
            recipients=[tree.secretary],
            notice=Notice(kind="report-accepted", key=f"n:{n}", title=f"Thông báo số {n}"),
            now=datetime(2024, 1, 1, 8, 0, tzinfo=HCM) + timedelta(days=n),
            send_email=False,
        )
    app.set_user(tree.secretary)

    first = app.get(reverse("notifications:list"))
    second = app.get(reverse("notifications:list"), {"page": 2})

    assert [title for title, _unread in items(first)] == [
        f"Thông báo số {n}" for n in range(25, 5, -1)
    ]
    assert [title for title, _unread in items(second)] == [
        f"Thông báo số {n}" for n in range(5, 0, -1)
    ]
    assert "Trang 2 / 2" in second.html.select_one(".pagination").get_text(" ", strip=True)
    for garbled in ("abc", "0", "-1", str(10**30), "\x00"):
        assert app.get(reverse("notifications:list"), {"page": garbled}).status_code == 200


def test_nobody_told_yet_sees_what_will_come_here(app, tree):
    app.set_user(tree.secretary)
    page = app.get(reverse("notifications:list"))
    assert "Chưa có thông báo nào." in page
    assert "read-all" not in page.forms


def test_each_reminder_is_a_notification_that_opens_the_months_form(app, tree):
    send_reminders(now=datetime(2024, 4, 8, 9, 0, tzinfo=HCM))
    app.set_user(tree.secretary)
    page = app.get(reverse("notifications:list"))

    title = f"Nhắc nộp báo cáo tháng 03/2024 – {UNIT}"
    assert (title, True) in items(page)
    landed = open_form(page, title).submit()
    assert landed.location == reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 3])


def notification_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]


def test_the_count_costs_one_query_and_none_for_anonymous_visitors(client, tree, three):
    with CaptureQueriesContext(connection) as anonymous:
        client.get(reverse("login"))
    client.force_login(tree.secretary)
    with CaptureQueriesContext(connection) as signed_in:
        client.get(reverse("organizations:unit_list"))

    assert notification_queries(anonymous) == []
    assert len(notification_queries(signed_in)) == 1


def test_the_list_costs_the_same_queries_for_three_or_forty_notifications(
    client, tree, three, django_assert_max_num_queries
):
    client.force_login(tree.secretary)
    client.get(reverse("notifications:list"))  # the session, warm
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("notifications:list"))
    for n in range(37):
        notify(
            recipients=[tree.secretary],
            notice=Notice(kind="report-accepted", key=f"more:{n}", title=f"Thông báo số {n}"),
            send_email=False,
        )
    with django_assert_max_num_queries(10) as many:
        client.get(reverse("notifications:list"))
    assert len(many.captured_queries) == len(few.captured_queries)
