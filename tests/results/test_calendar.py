"""The calendar of a ward's secretary in March 2024, and the same events in the phone's
calendar through the iCalendar feed (parsed back with the icalendar package)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from plans.models import Activity, Milestone, Plan
from results import services as result_services
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    return django_app


@pytest.fixture
def march(tree):
    """Seed 001's plan issued by Bình Tân: a week of visits, a day of the wards', a
    milestone, and the results request due at 16:00 on 24/03/2024 sent to Bình Trị Đông B."""
    plan = PlanFactory(
        issuing_unit=tree.binh_tan,
        title="Tổ chức Ngày Đoàn viên năm 2024",
        year=2024,
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 31),
        status=Plan.Status.ISSUED,
    )
    Activity.objects.create(
        plan=plan,
        title="Thăm hỏi Cựu Thanh niên xung phong",
        starts_on=date(2024, 3, 18),
        ends_on=date(2024, 3, 24),
    )
    Activity.objects.create(
        plan=plan,
        level=Activity.Level.CHILDREN,
        title="Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên",
        starts_on=date(2024, 3, 24),
        venue="Nhà văn hóa phường",
    )
    Milestone.objects.create(plan=plan, on=date(2024, 3, 11), step="Phổ biến kế hoạch")
    request = result_services.request_create(
        plan=plan,
        user=tree.staff,
        units=[tree.binh_tri_dong_b],
        title="Báo cáo kết quả Ngày đoàn viên",
        due_at=datetime(2024, 3, 24, 16, 0, tzinfo=HCM),
    )
    return plan, request


def test_the_secretarys_march_holds_the_activities_and_every_deadline(app, tree, march):
    app.set_user(tree.secretary)
    page = app.get(reverse("calendar:page"), {"thang": "2024-03"})
    days = {
        h.get_text(strip=True): [
            li.get_text(" ", strip=True) for li in h.find_next("ul").select("li")
        ]
        for h in page.html.select("h2.calendar-day")
    }
    assert days["Thứ 2, 11/03/2024"] == [
        "cả ngày Phổ biến kế hoạch (Tổ chức Ngày Đoàn viên năm 2024)"
    ]
    # February's monthly report, due the 10th at the end of the day; a Sunday in 2024.
    assert days["Chủ nhật, 10/03/2024"] == ["23:59 Hạn nộp báo cáo tháng 02/2024"]
    assert days["Thứ 2, 18/03/2024"] == ["18/03–24/03 Thăm hỏi Cựu Thanh niên xung phong"]
    sunday = days["Chủ nhật, 24/03/2024"]
    assert "cả ngày Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên · Nhà văn hóa phường" in sunday
    assert "16:00 Hạn báo cáo kết quả: Báo cáo kết quả Ngày đoàn viên" in sunday


def test_the_feed_puts_the_same_events_in_the_phones_calendar_until_revoked(app, tree, march):
    app.set_user(tree.secretary)
    page = app.get(reverse("calendar:page"))
    page.forms["calendar-key-form"].submit().follow()
    page = app.get(reverse("calendar:page"))
    address = page.html.select_one("#lich-dien-thoai input")["value"]
    assert address.startswith("https://") and address.endswith(".ics")

    app.set_user(None)  # a phone's calendar signs in with nothing but the address
    with time_machine.travel("2024-03-15 09:00 +07:00", tick=False):
        feed = app.get(address)
    assert feed.content_type == "text/calendar"
    events = {str(e["summary"]): e for e in Calendar.from_ical(feed.body).walk("VEVENT")}
    due = events["Hạn báo cáo kết quả: Báo cáo kết quả Ngày đoàn viên"]
    assert due.decoded("dtstart") == datetime(2024, 3, 24, 16, 0, tzinfo=HCM)
    week = events["Thăm hỏi Cựu Thanh niên xung phong"]
    # A whole-day range ends on the day after its last (RFC 5545).
    assert (week.decoded("dtstart"), week.decoded("dtend")) == (
        date(2024, 3, 18),
        date(2024, 3, 25),
    )
    assert str(events["Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên"]["location"]) == (
        "Nhà văn hóa phường"
    )

    # A new address: the old one is a 404 from then on.
    app.set_user(tree.secretary)
    app.get(reverse("calendar:page")).forms["calendar-key-form"].submit()
    app.set_user(None)
    assert app.get(address, expect_errors=True).status_code == 404


def test_another_districts_staff_see_none_of_it_and_a_bad_month_is_this_month(app, tree, march):
    app.set_user(tree.q12_staff)
    page = app.get(reverse("calendar:page"), {"thang": "2024-03"})
    assert "Ngày đoàn viên" not in page.text
    page = app.get(reverse("calendar:page"), {"thang": "2024-13"})
    assert page.status_code == 200


def test_a_ward_given_more_time_sees_its_own_deadline(app, tree, march):
    _plan, request = march
    result_services.extension_grant(
        request=request,
        unit=tree.binh_tri_dong_b,
        due_at=datetime(2024, 3, 26, 10, 0, tzinfo=HCM),
        reason="Tổ chức bù",
        user=tree.staff,
    )
    app.set_user(tree.secretary)
    page = app.get(reverse("calendar:page"), {"thang": "2024-03"})
    days = {
        h.get_text(strip=True): h.find_next("ul").get_text(" ", strip=True)
        for h in page.html.select("h2.calendar-day")
    }
    assert "Hạn báo cáo kết quả" in days["Thứ 3, 26/03/2024"]
    assert "Hạn báo cáo kết quả" not in days["Chủ nhật, 24/03/2024"]
