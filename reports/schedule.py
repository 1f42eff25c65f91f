"""When a month's report is due (hạn nộp báo cáo tháng).

One function decides it for every (unit, month): the due day of the following month
(10 by default; a day the month does not have becomes its last day), at the due time
(end of day by default), in the district's own time zone, unless an extension gives
that unit that month another moment.
"""

import calendar
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

END_OF_DAY = time(23, 59, 59, 999999)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def due_moment(
    month: date,
    *,
    due_day: int = 10,
    due_time: time | None = None,
    months_after: int = 1,
    extended_to: datetime | None = None,
) -> datetime:
    """The last moment at which the report of ``month`` is on time (inclusive)."""
    if extended_to is not None:
        return extended_to
    due_month = first_of_month(month)
    for _ in range(months_after):
        due_month = next_month(due_month)
    last_day = calendar.monthrange(due_month.year, due_month.month)[1]
    day = due_month.replace(day=min(due_day, last_day))
    return datetime.combine(day, due_time or END_OF_DAY, tzinfo=ZoneInfo(settings.TIME_ZONE))
