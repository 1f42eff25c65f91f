"""What is coming for a person's unit, on one calendar: the activities of the plans they
see, the plans' timelines, the monthly reports' due moments, the result requests'
deadlines. The page shows a month; the iCalendar feed the same events over a year. A fixed
number of queries, whatever the number of plans' units."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.forms import moment_of
from plans.models import Activity, Milestone, Plan
from reports.deadlines import due_moments_by_month
from reports.models import DEFAULT_SCHEDULE, ReportSchedule
from reports.schedule import next_month, previous_month

from .models import RequestExtension, ResultRequest

ACTIVITY, MILESTONE, REPORT_DUE, REQUEST_DUE = "activity", "milestone", "report", "request"


@dataclass(frozen=True)
class Event:
    kind: str
    uid: str
    title: str
    day: date  # the first day
    last_day: date  # the same for a one-day event
    at: datetime | None  # a moment, local time; None for a whole day
    where: str
    link: str

    @property
    def is_range(self) -> bool:
        return self.last_day != self.day


def events(*, user, start: date, end: date) -> list[Event]:
    """The events from ``start`` to ``end`` (days, both included), in order."""
    if not user.unit_id and not user.is_superuser:
        return []
    plans = Plan.objects.for_user(user).exclude(status=Plan.Status.DRAFT)
    found = []
    activities = (
        Activity.objects.filter(plan__in=plans, starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .select_related("plan")
    )
    for activity in activities:
        found.append(
            Event(
                ACTIVITY,
                f"activity-{activity.pk}",
                activity.title,
                activity.starts_on,
                activity.last_day,
                _moment(activity.starts_on, activity.starts_at),
                activity.venue,
                activity.plan.get_absolute_url() + "#hoat-dong",
            )
        )
    for milestone in Milestone.objects.filter(
        plan__in=plans, on__range=(start, end), month_only=False
    ).select_related("plan"):
        found.append(
            Event(
                MILESTONE,
                f"milestone-{milestone.pk}",
                f"{milestone.step} ({milestone.plan.title})",
                milestone.on,
                milestone.on,
                _moment(milestone.on, milestone.at),
                "",
                milestone.plan.get_absolute_url() + "#tien-do",
            )
        )
    found += _report_deadlines(user, start, end)
    # A request's deadline, or the person's unit's own where it was given more time.
    extended = dict(
        RequestExtension.objects.filter(unit_id=user.unit_id).values_list("request_id", "due_at")
    )
    period = (_local(start, time.min), _local(end + timedelta(days=1), time.min))
    requests = ResultRequest.objects.for_user(user).filter(
        Q(due_at__gte=period[0], due_at__lt=period[1]) | Q(pk__in=list(extended))
    )
    for request in requests:
        due = timezone.localtime(extended.get(request.pk, request.due_at))
        if not period[0] <= due < period[1]:
            continue
        found.append(
            Event(
                REQUEST_DUE,
                f"request-{request.pk}",
                _("Results due: %(title)s") % {"title": request.title},
                due.date(),
                due.date(),
                due,
                "",
                request.get_absolute_url(),
            )
        )
    return sorted(found, key=lambda e: (e.day, e.at.time() if e.at else time.min, e.title))


def _report_deadlines(user, start: date, end: date) -> list[Event]:
    """The due moment of the unit's own monthly report (a ward's), or of the reports of
    the units below it (a district's or a city's office), for the months due in the
    period."""
    months, month = [], previous_month(start.replace(day=1))
    while month <= end:  # a month's report is due in the month after it
        months.append(month)
        month = next_month(month)
    unit = user.unit
    if unit is None:
        return []
    found = []
    if user.can_report and unit.parent_id:
        due = due_moments_by_month([unit], months)
        for month in months:
            moment = timezone.localtime(due[(unit.pk, month)])
            if start <= moment.date() <= end and unit.owes_report_of(month):
                found.append(_report_event(f"report-{unit.pk}-{month:%Y-%m}", month, moment))
    if user.can_review_reports:
        schedule = ReportSchedule.objects.filter(unit=unit, plan__isnull=True).first()
        for month in months:
            moment = timezone.localtime((schedule or DEFAULT_SCHEDULE).due_at(month))
            if start <= moment.date() <= end:
                title = _("Reports of %(month)s due from the units below") % {
                    "month": f"{month:%m/%Y}"
                }
                found.append(
                    Event(
                        REPORT_DUE,
                        f"reports-below-{unit.pk}-{month:%Y-%m}",
                        title,
                        moment.date(),
                        moment.date(),
                        moment,
                        "",
                        reverse("reports:home"),
                    )
                )
    return found


def _report_event(uid: str, month: date, moment: datetime) -> Event:
    title = _("Monthly report of %(month)s due") % {"month": f"{month:%m/%Y}"}
    link = reverse("reports:home")
    return Event(REPORT_DUE, uid, title, moment.date(), moment.date(), moment, "", link)


def _local(day: date, at: time) -> datetime:
    return moment_of(day, at)


def _moment(day: date, at: time | None) -> datetime | None:
    return moment_of(day, at) if at else None


def ical(events_: list[Event], *, site_url: str, name: str) -> bytes:
    """The events as an iCalendar file (RFC 5545) phones' calendars subscribe to."""
    from icalendar import Calendar
    from icalendar import Event as IcalEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Lộ trình//lotrinh//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for event in events_:
        item = IcalEvent()
        item.add("uid", f"{event.uid}@lotrinh")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        if event.at and not event.is_range:
            item.add("dtstart", event.at)
            item.add("dtend", event.at + timedelta(hours=1))
        else:
            item.add("dtstart", event.day)
            item.add("dtend", event.last_day + timedelta(days=1))  # the day after the last
        if event.where:
            item.add("location", event.where)
        if event.link:
            item.add("url", site_url.rstrip("/") + event.link)
        calendar.add_component(item)
    return calendar.to_ical()
