"""Reads that feed the report pages, each a fixed number of queries."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from organizations.models import Unit
from plans.models import Plan
from targets.models import Allocation, Metric, RoadmapVersion, Target
from targets.periods import Period

from . import live
from .deadlines import due_moments_by_month
from .models import MonthlyReport, ReportValue
from .schedule import previous_month
from .timeliness import MISSING, NOT_YET_DUE, Timeliness, timeliness


@dataclass
class AskedMetric:
    """A count a report asks for, with what the unit was given and has done so far."""

    metric: Metric
    target: Decimal | None
    target_label: str
    achieved_before: Decimal


def _plans_concerning(unit: Unit, month: date):
    month_end = Period.month(month.year, month.month).end
    scope = Q(issuing_unit=unit)
    if unit.parent_id:
        scope |= Q(issuing_unit_id=unit.parent_id)
    return Plan.objects.filter(
        scope, status=Plan.Status.ISSUED, starts_on__lte=month_end, ends_on__gte=month
    )


def metrics_asked(*, unit: Unit, month: date, done: bool = True) -> list[AskedMetric]:
    """The counts that issued plans ask of ``unit`` for ``month``: its parent's plans'
    child-level targets and allocations to it, and its own plans' own-level targets, each
    with what the unit has done so far (with ``done``; otherwise 0, for a save that shows
    no page: ``with_done`` reads it later). Founded branches (counted from founding lines)
    and coverage (from the registry) are never typed. What the plans ask is kept until a
    plan, roadmap or unit changes (``reports.live``), reports coming in meanwhile: the
    report form reads it on every opening and every save; what was done is read live."""
    asked, start = live.kept(
        "metrics-asked", (unit.pk, month), lambda: _asked(unit, month), watching=live.PLANS
    )
    if not asked:
        return []
    if not done:
        return asked
    done = (
        ReportValue.objects.filter(
            report__unit=unit,
            report__status=MonthlyReport.Status.ACCEPTED,
            report__month__gte=start,
            report__month__lt=month,
            metric_id__in=[a.metric.pk for a in asked],
        )
        .values("metric_id")
        .annotate(total=Sum("value"))
    )
    totals = {row["metric_id"]: row["total"] for row in done}
    return [replace(a, achieved_before=totals.get(a.metric.pk, Decimal(0))) for a in asked]


def with_done(asked: list[AskedMetric], *, unit: Unit, month: date) -> list[AskedMetric]:
    """``asked`` (from ``metrics_asked(done=False)``) with what the unit has done so far."""
    done = {a.metric.pk: a.achieved_before for a in metrics_asked(unit=unit, month=month)}
    return [replace(a, achieved_before=done.get(a.metric.pk, Decimal(0))) for a in asked]


def _asked(unit: Unit, month: date) -> tuple[list[AskedMetric], date | None]:
    """What the plans ask (``metrics_asked``, nothing done yet), and the first month of
    the earliest of those plans. A unit that issued no plan of its own for the month (a
    ward, most often) is asked what its parent's plans ask of every unit below it, kept
    once for all of them (``_asked_below``), and its own share-outs: one query."""
    if unit.parent_id is None:
        return _asked_of(unit, month, list(_plans_concerning(unit, month)))
    below = live.kept(
        "asked-below",
        (unit.parent_id, month),
        lambda: _asked_below(unit.parent_id, month),
        watching=live.PLANS,
    )
    if unit.pk in below.with_own_plans:
        return _asked_of(unit, month, list(_plans_concerning(unit, month)))
    if not below.versions:
        return [], None
    allocations = Allocation.objects.filter(
        allocation_set__version_id__in=below.versions, unit=unit
    ).select_related("metric", "allocation_set")
    return _asking(allocations, [(metric, None, "") for metric in below.metrics]), below.start


@dataclass
class _Below:
    """What a unit's plans ask of every unit below it in a month (``_asked``)."""

    versions: list[int]  # the latest roadmap of each of its issued plans
    metrics: list[Metric]  # asked of the units below by those roadmaps, in their order
    start: date | None  # the first month of the earliest of those plans
    with_own_plans: set[int]  # units below that issued a plan of their own for the month


def _asked_below(parent_id: int, month: date) -> _Below:
    month_end = Period.month(month.year, month.month).end
    issued = Plan.objects.filter(
        status=Plan.Status.ISSUED, starts_on__lte=month_end, ends_on__gte=month
    )
    plans = list(issued.filter(issuing_unit_id=parent_id))
    own = set(
        issued.filter(issuing_unit__parent_id=parent_id).values_list("issuing_unit_id", flat=True)
    )
    if not plans:
        return _Below([], [], None, own)
    versions = _latest_versions(plans)
    targets = Target.objects.filter(
        version_id__in=versions, level=Target.Level.CHILDREN
    ).select_related("metric")
    return _Below(
        versions,
        [target.metric for target in targets],
        min(p.starts_on for p in plans).replace(day=1),
        own,
    )


def _latest_versions(plans) -> list[int]:
    latest = {}
    for version in RoadmapVersion.objects.filter(plan__in=plans).order_by("number"):
        latest[version.plan_id] = version.pk
    return list(latest.values())


def _asked_of(unit: Unit, month: date, plans: list) -> tuple[list[AskedMetric], date | None]:
    """What ``plans`` (its own and its parent's) ask of ``unit``, read for it alone."""
    if not plans:
        return [], None
    versions = _latest_versions(plans)
    own_plans = {p.pk for p in plans if p.issuing_unit_id == unit.pk}
    targets = Target.objects.filter(version_id__in=versions).select_related("metric", "version")
    allocations = Allocation.objects.filter(
        allocation_set__version_id__in=versions, unit=unit
    ).select_related("metric", "allocation_set")
    quarter = Period.quarter(month.year, (month.month + 2) // 3)
    asked_by_targets = []
    for target in targets:
        own = target.version.plan_id in own_plans
        if (own and target.level == Target.Level.OWN) or (
            not own and target.level == Target.Level.CHILDREN
        ):
            shown = target.period == quarter and own
            asked_by_targets.append(
                (target.metric, target.value if shown else None, quarter.label if shown else "")
            )
    start = min(p.starts_on for p in plans).replace(day=1)
    return _asking(allocations, asked_by_targets), start


def _asking(allocations, asked_by_targets) -> list[AskedMetric]:
    """The counts asked, typed ones only: each share-out's value for its period first,
    then each roadmap's (metric, value or None, label); in the catalogue's order."""
    asked: dict[int, AskedMetric] = {}

    def ask(metric, value=None, label=""):
        if metric.source != Metric.Source.REPORTED:
            return
        entry = asked.setdefault(metric.pk, AskedMetric(metric, None, "", Decimal(0)))
        if value is not None and entry.target is None:
            entry.target, entry.target_label = value, label

    for allocation in allocations:
        ask(allocation.metric, allocation.value, allocation.allocation_set.period.label)
    for metric, value, label in asked_by_targets:
        ask(metric, value, label)
    return sorted(asked.values(), key=lambda a: (a.metric.order, a.metric.name))


FIRST_REPORTABLE_MONTH = date(1900, 1, 1)


def month_is_reportable(*, unit: Unit, month: date, today: date) -> bool:
    """Whether ``unit`` can have a report of ``month``: a month that has begun, not before
    1900, that the unit owes (not before the month it was founded in, nor from the month
    it was dissolved or merged in: ``Unit.owes_report_of``), and either on the schedule of
    the unit it reports to (every unit below another, branches aside) or inside the period
    of an issued plan that concerns it (its own, or its parent's). A dissolved unit's
    months before its dissolution stay open to it, to write or correct."""
    if not (FIRST_REPORTABLE_MONTH <= month <= today.replace(day=1)):
        return False
    if not unit.owes_report_of(month):
        return False
    if unit.parent_id and not unit.kind.is_branch:
        return True
    return _plans_concerning(unit, month).exists()


@dataclass
class MonthRow:
    unit: Unit
    month: date
    report: MonthlyReport | None
    timeliness: Timeliness

    @property
    def is_writable(self) -> bool:
        """The unit may write or go on with this report: it owes the month, and the report
        is not started, a draft or sent back to it."""
        return self.timeliness.is_owed and (not self.report or self.report.is_editable_by_unit)


def month_rows(*, units: list[Unit], months: list[date], now: datetime) -> list[MonthRow]:
    """Each unit's report of each month with its timeliness, unit by unit in the given
    month order: three queries, whatever the number of units and months. A month the unit
    does not owe (before its founding month, from its dissolution) reads "not owed"."""
    reports = {
        (r.unit_id, r.month): r
        for r in MonthlyReport.objects.filter(unit__in=units, month__in=months)
        .defer(*LONG_TEXTS)
        .order_by()  # found by unit and month: not sorted by the units' names (a join)
    }
    firsts = {key: report.first_submitted_at for key, report in reports.items()}
    return [
        MonthRow(unit, month, reports.get((unit.pk, month)), state)
        for unit, month, state in _states(units, months, now, firsts)
    ]


def month_states(*, units: list[Unit], months: list[date], now: datetime):
    """(unit, month, timeliness) of each unit and month, as ``month_rows`` gives them, for
    tables that count them rather than show each report: its reports read as three
    values each."""
    firsts = dict(
        ((unit_id, month), first)
        for unit_id, month, first in MonthlyReport.objects.filter(unit__in=units, month__in=months)
        .order_by()
        .values_list("unit_id", "month", "first_submitted_at")
    )
    return _states(units, months, now, firsts)


def _states(units, months, now, firsts: dict):
    due = due_moments_by_month(units, months)
    for unit in units:
        for month in months:
            state = timeliness(
                first_submitted_at=firsts.get((unit.pk, month)),
                due_at=due[(unit.pk, month)],
                now=now,
                owed=unit.owes_report_of(month),
            )
            yield unit, month, state


# What a unit wrote in its report: not read by the tables of months.
LONG_TEXTS = ("difficulties", "proposals", "next_month_plan", "evidence_links")


def inbox(*, user, dissolved: bool = False, today: date | None = None):
    """Submitted reports of the units below the user's, oldest first. A report submitted by
    a unit dissolved or merged since waits here until it is accepted or returned (it was
    sent, and its unit's people keep their accounts), but out of the current list: it
    shows with ``dissolved`` (the inbox's filter), or when the user's own unit is gone too
    (a dissolved district's staff finishing its work)."""
    waiting = (
        MonthlyReport.objects.for_user(user)
        .exclude(unit=user.unit)
        .filter(status=MonthlyReport.Status.SUBMITTED)
    )
    today = today or timezone.localdate()
    gone = user.unit.dissolved_on is not None and user.unit.dissolved_on <= today
    if not (dissolved or gone):
        waiting = waiting.exclude(unit__dissolved_on__lte=today)
    return waiting.select_related("unit").order_by("submitted_at")


def recent_months(today: date, count: int = 6, *, until: date | None = None) -> list[date]:
    """The last ``count`` months that can be reported, newest first (this month aside),
    or the ``count`` months up to ``until``."""
    months, month = [], until or previous_month(today.replace(day=1))
    for _ in range(count):
        months.append(month)
        month = previous_month(month)
    return months


def last_owed_month(unit: Unit | None, today: date) -> date | None:
    """For a unit dissolved or merged before last month ended, the last month it owed (the
    one before its dissolution: June for 01/07/2025), where its pages open by default;
    None for any other unit (its pages open on last month)."""
    if unit is None or unit.dissolved_on is None:
        return None
    last = previous_month(unit.dissolved_on.replace(day=1))
    return last if last < previous_month(today.replace(day=1)) else None


def own_recent_rows(*, user, now: datetime) -> list[MonthRow]:
    """The user's unit's reports of last month and the month before, newest first, with
    their timeliness (three queries); none for a user who does not report."""
    if not (user.can_report and user.unit_id):
        return []
    last = previous_month(timezone.localdate(now).replace(day=1))
    return month_rows(units=[user.unit], months=[last, previous_month(last)], now=now)


def report_banner(*, rows: list[MonthRow], now: datetime) -> MonthRow | None:
    """Of a unit's ``own_recent_rows``, the month it still owes, when it is close to due or
    overdue: the same moment the reminder e-mails go out (REPORT_REMINDER_DAYS_BEFORE days
    before)."""
    today = timezone.localdate(now)
    for row in rows:
        if row.timeliness.state == MISSING:
            return row
        days_left = (timezone.localdate(row.timeliness.due_at) - today).days
        if (
            row.timeliness.state == NOT_YET_DUE
            and days_left <= settings.REPORT_REMINDER_DAYS_BEFORE
        ):
            return row
    return None
