"""Due moments and timeliness, computed by hand for the months where calendars bite."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from reports.schedule import due_moment
from reports.timeliness import LATE, MISSING, NOT_YET_DUE, ON_TIME, timeliness

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=HCM)


def test_a_month_is_due_on_the_10th_of_the_next_month_at_the_end_of_the_day():
    assert due_moment(date(2024, 3, 1)) == at(2024, 4, 10, 23, 59, 59, 999999)


def test_december_is_due_in_january_of_the_next_year():
    assert due_moment(date(2024, 12, 1), due_time=time(16)) == at(2025, 1, 10, 16, 0)


def test_a_due_day_the_month_lacks_becomes_its_last_day():
    assert due_moment(date(2024, 1, 1), due_day=31).date() == date(2024, 2, 29)  # leap year
    assert due_moment(date(2023, 1, 1), due_day=30).date() == date(2023, 2, 28)
    assert due_moment(date(2024, 3, 1), due_day=31).date() == date(2024, 4, 30)


def test_any_day_of_the_month_names_the_same_report():
    assert due_moment(date(2024, 3, 31)) == due_moment(date(2024, 3, 1))


def test_an_extension_replaces_the_due_moment():
    extended = at(2024, 4, 15, 16, 0)
    assert due_moment(date(2024, 3, 1), due_time=time(16), extended_to=extended) == extended


def test_the_due_moment_is_in_ho_chi_minh_time():
    due = due_moment(date(2024, 3, 1), due_time=time(16))
    assert due.astimezone(ZoneInfo("UTC")) == datetime(2024, 4, 10, 9, 0, tzinfo=ZoneInfo("UTC"))


DUE = at(2024, 4, 10, 16, 0)


@pytest.mark.parametrize(
    ("submitted", "state"),
    [
        (at(2024, 4, 10, 15, 59, 59), ON_TIME),
        (at(2024, 4, 10, 16, 0, 0), ON_TIME),
        (at(2024, 4, 10, 16, 0, 1), LATE),
    ],
)
def test_the_due_minute_itself_is_on_time_and_a_second_later_is_late(submitted, state):
    assert timeliness(first_submitted_at=submitted, due_at=DUE, now=at(2024, 5, 1)).state == state


def test_lateness_says_by_how_much():
    result = timeliness(first_submitted_at=at(2024, 4, 12, 9, 30), due_at=DUE, now=at(2024, 5, 1))
    assert result.late_by == timedelta(days=1, hours=17, minutes=30)


def test_an_unsent_report_is_not_yet_due_until_the_moment_passes_then_missing():
    assert timeliness(first_submitted_at=None, due_at=DUE, now=DUE).state == NOT_YET_DUE
    later = DUE + timedelta(seconds=1)
    assert timeliness(first_submitted_at=None, due_at=DUE, now=later).state == MISSING
