"""A returned report is never missed: the secretary's home page and the reports page open
on it, with the reviewer's words and the way back to the form. Today is 05/04/2024."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from notifications.services import Notice, notify
from reports import services
from tests.notifications.conftest import APRIL_5

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
COMMENT = "Thiếu ảnh chụp lễ ra mắt chi đoàn."


def returned(tree, month: date, comment: str = COMMENT, *, reopen: bool = False):
    report = services.report_open(unit=tree.binh_tri_dong_b, month=month)
    with time_machine.travel(datetime(2024, 4, 2, 8, 0, tzinfo=HCM), tick=False):
        services.report_submit(report=report, user=tree.secretary)
    with time_machine.travel(datetime(2024, 4, 3, 10, 15, tzinfo=HCM), tick=False):
        if reopen:
            services.report_accept(report=report, user=tree.staff)
            return services.report_reopen(report=report, user=tree.staff, reason=comment)
        return services.report_return(report=report, user=tree.staff, comment=comment)


def cards(page) -> list:
    return page.html.select("main .card, main .banner")


def test_the_secretarys_home_page_opens_on_the_returned_report_with_its_comment(app, tree):
    report = returned(tree, date(2024, 3, 1))
    app.set_user(tree.secretary)
    page = app.get(reverse("home"))

    first = cards(page)[0]
    assert "returned-report" in first["class"]
    assert first.h2.get_text(strip=True) == "Báo cáo tháng 03/2024 bị trả lại: cần sửa"
    assert first.select_one(".review-comment").get_text(strip=True) == COMMENT
    assert "Gửi trả lúc 10:15 03/04/2024." in first.get_text()
    link = first.find("a", string="Sửa và nộp lại")
    assert link["href"] == reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 3])
    form_page = page.click(href=link["href"], index=0)
    assert form_page.status_code == 200
    assert first.find("a", string="Xem báo cáo")["href"] == report.get_absolute_url()


def test_a_reopened_report_says_so_with_the_reason(app, tree):
    returned(tree, date(2024, 2, 1), "Số hội viên chưa khớp danh sách.", reopen=True)
    app.set_user(tree.secretary)
    first = cards(app.get(reverse("home")))[0]
    assert first.h2.get_text(strip=True) == "Báo cáo tháng 02/2024 được mở lại: cần sửa"
    assert "Số hội viên chưa khớp danh sách." in first.get_text()


def test_a_resubmitted_report_leaves_the_top_of_the_home_page(app, tree):
    report = returned(tree, date(2024, 3, 1))
    services.report_submit(report=report, user=tree.secretary)
    app.set_user(tree.secretary)
    page = app.get(reverse("home"))
    assert not page.html.select(".returned-report")
    assert COMMENT not in page


def test_staff_and_other_wards_see_no_returned_report_of_bình_trị_đông_b(app, tree):
    returned(tree, date(2024, 3, 1))
    for user in (tree.staff, tree.other_secretary, tree.leader):
        app.set_user(user)
        assert not app.get(reverse("home")).html.select(".returned-report")


def test_the_reports_page_opens_on_the_returned_reports_too(app, tree):
    returned(tree, date(2024, 1, 1), "Tháng 1: thiếu danh sách đoàn viên mới.")
    returned(tree, date(2024, 3, 1))
    app.set_user(tree.secretary)
    page = app.get(reverse("reports:home"))

    sections = page.html.select("main section, main form.filters")
    assert [s.h2.get_text(strip=True) for s in sections[:2]] == [
        "Báo cáo tháng 01/2024 bị trả lại: cần sửa",
        "Báo cáo tháng 03/2024 bị trả lại: cần sửa",
    ]
    assert "filters" in sections[2]["class"]
    march = page.html.select(".month-list li.returned")
    assert [li.strong.get_text(strip=True) for li in march] == ["Tháng 03/2024", "Tháng 01/2024"]


def tell(user, n: int):
    notify(
        recipients=[user],
        notice=Notice(kind="report-accepted", key=f"n:{n}", title=f"Thông báo số {n}"),
        send_email=False,
    )


@time_machine.travel(APRIL_5, tick=False)
def test_the_home_page_costs_the_same_queries_whatever_it_has_to_say(
    client, tree, django_assert_max_num_queries
):
    returned(tree, date(2024, 3, 1))
    tell(tree.secretary, 0)
    client.force_login(tree.secretary)
    client.get(reverse("home"))  # the session, warm
    cache.clear()  # the panels computed afresh, not those the first visit kept
    with django_assert_max_num_queries(40) as little:
        client.get(reverse("home"))

    for month in (1, 2):
        returned(tree, date(2024, month, 1))
    for n in range(1, 40):
        tell(tree.secretary, n)
    with django_assert_max_num_queries(40) as much:
        body = client.get(reverse("home")).content.decode()

    assert body.count('class="card returned-report"') == 3
    assert len(much.captured_queries) == len(little.captured_queries)
