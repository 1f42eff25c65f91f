"""When a month's report is due, for any month, due day, due time and extension
(property-based: Hypothesis tries many, including the calendar's awkward corners)."""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.deadlines import due_moments_by_month
from reports.models import Extension, ReportSchedule
from reports.schedule import due_moment, next_month, previous_month
from reports.timeliness import LATE, MISSING, NOT_YET_DUE, ON_TIME, timeliness
from tests.factories import rolled_back
from tests.properties import database_examples, examples

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_DAY = time(23, 59, 59, 999999)

PROPERTIES = examples(200)
DB_PROPERTIES = database_examples()

days = st.dates(date(1900, 1, 1), date(2500, 12, 31))
months = days.map(lambda d: d.replace(day=1))
due_days = st.integers(1, 31)
due_times = st.none() | st.times()
moments = st.datetimes(
    datetime(1900, 1, 1), datetime(2500, 12, 31), timezones=st.just(HCM) | st.timezones()
)


def month_after(day: date, count: int = 1) -> tuple[int, int]:
    """(year, month) ``count`` months after ``day``'s month, counted on the fingers."""
    index = day.year * 12 + day.month - 1 + count
    return index // 12, index % 12 + 1


def last_moment_of(day: date) -> datetime:
    """The last moment of ``day``'s month on a Hồ Chí Minh City clock."""
    last = calendar.monthrange(day.year, day.month)[1]
    return datetime.combine(day.replace(day=last), END_OF_DAY, tzinfo=HCM)


@PROPERTIES
@given(day=days, due_day=due_days, due_time=due_times)
def test_a_report_is_due_after_its_month_ends_on_the_due_day_of_the_next(day, due_day, due_time):
    """Whatever day of the month a report is opened from, it is due in the following month,
    never before its own month is over: on the due day, or on the last day of a month
    too short to have it (the 31st of April is the 30th), at the due time or else at the
    very end of the day, on Hồ Chí Minh City's clock."""
    due = due_moment(day, due_day=due_day, due_time=due_time)
    year, month = month_after(day)
    assert (due.year, due.month) == (year, month)
    assert due.day == min(due_day, calendar.monthrange(year, month)[1])
    assert due.timetz().replace(tzinfo=None) == (due_time or END_OF_DAY)
    assert due.tzinfo == HCM
    assert due > last_moment_of(day)


@PROPERTIES
@given(day=days, due_day=due_days, due_time=due_times)
def test_every_day_of_a_month_names_the_same_report(day, due_day, due_time):
    """A report is the month's, not the day's: any day of the month gives one due moment."""
    first = day.replace(day=1)
    assert due_moment(day, due_day=due_day, due_time=due_time) == due_moment(
        first, due_day=due_day, due_time=due_time
    )


@PROPERTIES
@given(year=st.integers(1900, 2500), due_day=due_days, due_time=due_times)
def test_december_is_due_in_january_of_the_next_year(year, due_day, due_time):
    due = due_moment(date(year, 12, 1), due_day=due_day, due_time=due_time)
    assert (due.year, due.month, due.day) == (year + 1, 1, due_day)


@PROPERTIES
@given(day=days, due_day=due_days, due_time=due_times)
def test_each_month_is_due_later_than_the_month_before(day, due_day, due_time):
    """On one schedule, reports fall due in the order of their months, 28 to 31 whole days
    apart (a month's length, give or take the due day a short month lacks)."""
    month = day.replace(day=1)
    due = due_moment(month, due_day=due_day, due_time=due_time)
    following = due_moment(next_month(month), due_day=due_day, due_time=due_time)
    gap = following - due
    assert 28 <= gap.days <= 31
    assert gap == timedelta(days=gap.days)


@PROPERTIES
@given(day=days, earlier=due_days, later=due_days, due_time=due_times)
def test_a_later_due_day_never_makes_a_report_due_sooner(day, earlier, later, due_time):
    earlier, later = sorted([earlier, later])
    assert due_moment(day, due_day=earlier, due_time=due_time) <= due_moment(
        day, due_day=later, due_time=due_time
    )


@PROPERTIES
@given(day=days, due_day=due_days, count=st.integers(1, 24))
def test_a_schedule_months_after_counts_that_many_months(day, due_day, count):
    """A schedule that gives ``count`` months (rather than one) is due in the
    ``count``-th month after, across as many new years as that takes."""
    due = due_moment(day, due_day=due_day, months_after=count)
    assert (due.year, due.month) == month_after(day, count)


@PROPERTIES
@given(day=days, due_day=due_days, due_time=due_times, extended_to=moments)
def test_an_extension_replaces_the_due_moment_whatever_the_schedule(
    day, due_day, due_time, extended_to
):
    """An extension sets the due moment to exactly the moment granted, whatever the
    schedule would have said and whatever time zone the moment was entered in."""
    due = due_moment(day, due_day=due_day, due_time=due_time, extended_to=extended_to)
    assert due == extended_to
    assert due.utcoffset() == extended_to.utcoffset()


@PROPERTIES
@given(day=st.dates(date(1976, 1, 1), date(2500, 12, 31)), due_day=due_days, due_time=due_times)
def test_since_1976_a_due_moment_is_seven_hours_ahead_of_utc(day, due_day, due_time):
    """Việt Nam keeps UTC+7 all year (no summer time), so a due moment read by a server on
    UTC is seven hours earlier on its clock."""
    due = due_moment(day, due_day=due_day, due_time=due_time)
    assert due.utcoffset() == timedelta(hours=7)
    utc = due.astimezone(ZoneInfo("UTC"))
    assert utc.replace(tzinfo=None) == due.replace(tzinfo=None) - timedelta(hours=7)


@PROPERTIES
@given(month=months)
def test_next_and_previous_month_step_one_month_and_undo_each_other(month):
    after, before = next_month(month), previous_month(month)
    assert after.day == before.day == 1
    assert after - month == timedelta(days=calendar.monthrange(month.year, month.month)[1])
    assert (after.year, after.month) == month_after(month)
    assert previous_month(after) == month == next_month(before)


@PROPERTIES
@given(due=moments, sent=st.none() | moments, now=moments)
def test_a_report_sent_by_the_due_moment_is_on_time_and_after_it_late_by_the_difference(
    due, sent, now
):
    """The due moment itself still counts as on time; a report never sent is missing once
    the due moment has passed, and not yet due until then."""
    result = timeliness(first_submitted_at=sent, due_at=due, now=now)
    if sent is None:
        assert result.state == (MISSING if now > due else NOT_YET_DUE)
    elif sent <= due:
        assert result.state == ON_TIME and result.late_by is None
    else:
        assert result.state == LATE and result.late_by == sent - due > timedelta(0)


@pytest.mark.django_db
@DB_PROPERTIES
@given(
    due_day=due_days,
    due_time=due_times.map(lambda t: t and t.replace(microsecond=0)),
    month=st.dates(date(2020, 1, 1), date(2030, 12, 1)).map(lambda d: d.replace(day=1)),
    extra=st.timedeltas(timedelta(days=-20), timedelta(days=60)),
)
def test_wards_report_on_their_districts_schedule_and_an_extension_moves_one_report(
    tree, due_day, due_time, month, extra
):
    """With a district's schedule saved and one ward's month extended: that ward's report
    of that month is due when the extension says; its other months, and the other ward's
    same month, stay on the district's schedule; a ward of a district with no schedule
    reports by the 10th, end of day."""
    with rolled_back():
        ReportSchedule.objects.create(unit=tree.binh_tan, due_day=due_day, due_time=due_time)
        scheduled = due_moment(month, due_day=due_day, due_time=due_time)
        extended = (scheduled + extra).replace(microsecond=0)
        Extension.objects.create(unit=tree.an_lac, month=month, due_at=extended, reason="Lũ")
        wards = [tree.an_lac, tree.binh_tri_dong_b, tree.thanh_loc]
        following = next_month(month)
        due = due_moments_by_month(wards, [month, following])

        assert due[(tree.an_lac.pk, month)] == extended
        assert due[(tree.an_lac.pk, following)] == due_moment(
            following, due_day=due_day, due_time=due_time
        )
        assert due[(tree.binh_tri_dong_b.pk, month)] == scheduled
        assert due[(tree.thanh_loc.pk, month)] == due_moment(month)
        assert due[(tree.thanh_loc.pk, month)].day == 10
