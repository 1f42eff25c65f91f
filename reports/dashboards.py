"""What the home page shows each role: leadership, the plans of their subtree with their
headline figures; district staff, what waits for them (reports to review, wards behind
with their reports, roadmaps that do not add up); both, where the units below stand with
the month due now and the ten furthest behind; a ward secretary, this month's report and
how far their ward is with what was allocated to it.

Each part costs a fixed number of queries per plan shown, and shows a bounded number of
plans, so a home page costs the same whatever the number of wards or months."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from organizations.models import Unit
from plans.models import Plan
from targets.selectors import plan_findings, roadmap_of

from . import progress
from .deadlines import reporting_units
from .models import MonthlyReport, ReviewEvent
from .review import oversees
from .selectors import inbox, month_rows, month_states, recent_months
from .timeliness import LATE, MISSING, ON_TIME

PLANS_SHOWN = 5
REPORTS_SHOWN = 8
STATUS_ORDER = [
    progress.NOT_ACHIEVED,
    progress.AT_RISK,
    progress.BEHIND,
    progress.DUE_LATER,
    progress.ON_TRACK,
    progress.ACHIEVED,
]


@dataclass
class PlanHeadline:
    plan: Plan
    scope: object  # the unit counted: the issuing unit, or the user's own below it
    counts: list[tuple[str, str, int]]  # (status, its label, how many targets), worst first
    rows: list[progress.TargetProgress]  # the rows to look at first, worst first
    is_over: bool = False  # the plan's period is over: its rows are final results


def plan_headlines(*, user, today: date, limit: int = PLANS_SHOWN) -> list[PlanHeadline]:
    """The latest issued plans the user sees, each with its targets' statuses counted and
    its weakest rows first."""
    plans = (
        Plan.objects.for_user(user)
        .filter(status=Plan.Status.ISSUED)
        .select_related("issuing_unit", "issuing_unit__kind")
        .order_by("-year", "-issued_on", "-pk")[:limit]
    )
    headlines = []
    for plan in plans:
        scope = progress.scope_for(user, plan)
        # The headline reads the units below together: a row per metric and month.
        figures = progress.plan_figures(plan=plan, today=today, scope=scope, children_by=None)
        rows = [
            r
            for r in progress.plan_progress(plan=plan, today=figures.as_of, figures=figures)
            if r.target is not None and r.status != progress.NO_ELIGIBLE
        ]
        if scope.pk == plan.issuing_unit_id:
            # The whole plan's rows read best: the "in total" ones when the roadmap has them.
            totals = [r for r in rows if r.level == "total"]
            rows = totals or rows
        counts = Counter(r.status for r in rows)
        labels = {r.status: r.status_label for r in rows}  # a final result reads as one
        rows.sort(key=lambda r: (STATUS_ORDER.index(r.status), r.percent or 0))
        headlines.append(
            PlanHeadline(
                plan=plan,
                scope=scope,
                counts=[(s, labels[s], counts[s]) for s in STATUS_ORDER if counts[s]],
                rows=rows[:4],
                is_over=figures.is_over,
            )
        )
    return headlines


@dataclass
class StaffPanel:
    waiting: list  # submitted reports, oldest first
    waiting_count: int
    missing: list[tuple]  # (unit, [its overdue months]) over the last two months
    inconsistent: list[tuple[Plan, list]]  # the plans whose roadmap has findings


def staff_panel(*, user, now: datetime) -> StaffPanel:
    today = timezone.localdate(now)
    waiting = inbox(user=user)
    months = recent_months(today, count=2)
    # Only units that owe one of these months: a unit dissolved before them is never late.
    units = list(reporting_units(user.unit, months))
    missing = defaultdict(list)
    for row in month_rows(units=units, months=months[::-1], now=now):
        if row.timeliness.state == MISSING:
            missing[row.unit].append(row.month)
    plans = (
        Plan.objects.within(user.unit)
        .exclude(status=Plan.Status.CLOSED)
        .select_related("issuing_unit", "issuing_unit__kind")
        .order_by("-year", "-pk")[: PLANS_SHOWN * 2]
    )
    inconsistent = []
    for plan in plans:
        findings = plan_findings(plan, roadmap_of(plan.roadmap_versions.current()))
        if findings:
            inconsistent.append((plan, findings))
    return StaffPanel(
        waiting=list(waiting[:REPORTS_SHOWN]),
        waiting_count=waiting.count(),
        missing=list(missing.items()),
        inconsistent=inconsistent,
    )


#: the window over which the units furthest behind are ranked, and how many are shown
BEHIND_MONTHS = 12
BEHIND_SHOWN = 10


@dataclass
class UnitBehind:
    """A unit with its reports overdue and still not sent, and those sent late."""

    unit: Unit
    missing: int
    late: int


@dataclass
class ReviewOverview:
    """Where the units below stand with the month due now (last month), for the people
    who oversee them (a city's staff and leadership), and the units furthest behind over
    the last ``BEHIND_MONTHS`` months."""

    month: date
    due_at: datetime | None  # when most units' report of the month is due
    owing: int  # units that owe the month's report
    reported: int  # have sent it (at least once)
    late: int  # sent it after the due moment, or still have not and it is overdue
    returned: int  # sent back to them, to be corrected
    waiting: int  # sent, waiting for review
    since: date  # the first month of the ranking's window
    behind: list[UnitBehind]  # the furthest behind first, at most BEHIND_SHOWN

    @property
    def not_reported(self) -> int:
        return self.owing - self.reported


def review_overview(*, user, now: datetime) -> ReviewOverview | None:
    """The figures of the month due now and the ``BEHIND_SHOWN`` units furthest behind:
    ranked by months overdue and still not sent, then by months sent late (a month a unit
    does not owe counts for nothing), then by name. Four queries, whatever the number of
    units; None for someone who does not oversee units (a ward's secretary)."""
    if not oversees(user):
        return None
    months = recent_months(timezone.localdate(now), count=BEHIND_MONTHS)
    units = list(reporting_units(user.unit, months))
    current, due = Counter(), Counter()
    missing, late = Counter(), Counter()
    statuses = dict(
        MonthlyReport.objects.filter(unit__in=units, month=months[0]).values_list(
            "unit_id", "status"
        )
    )
    for unit, month, timeliness in month_states(units=units, months=months, now=now):
        state = timeliness.state
        if month == months[0] and timeliness.is_owed:
            status = statuses.get(unit.pk)
            current["owing"] += 1
            due[timeliness.due_at] += 1
            current["reported"] += state in (ON_TIME, LATE)  # first sent, on time or not
            current["late"] += state in (LATE, MISSING)
            current["returned"] += status == MonthlyReport.Status.RETURNED
            current["waiting"] += status == MonthlyReport.Status.SUBMITTED
        missing[unit.pk] += state == MISSING
        late[unit.pk] += state == LATE
    behind = sorted(
        (
            UnitBehind(unit, missing[unit.pk], late[unit.pk])
            for unit in units
            if missing[unit.pk] + late[unit.pk]
        ),
        key=lambda b: (-b.missing, -b.late, b.unit.search_name),
    )
    return ReviewOverview(
        month=months[0],
        due_at=due.most_common(1)[0][0] if due else None,
        owing=current["owing"],
        reported=current["reported"],
        late=current["late"],
        returned=current["returned"],
        waiting=current["waiting"],
        since=months[-1],
        behind=behind[:BEHIND_SHOWN],
    )


def returned_reports(*, user, limit: int = REPORTS_SHOWN) -> list[MonthlyReport]:
    """The reports of the user's unit sent back to be corrected (returned, or reopened after
    acceptance): what the unit must do before anything else. Oldest month first, each with
    ``returned_at`` and ``sent_back_as`` (the review action: return or reopen). One query
    when there are none (most visits), two when there are."""
    if not (user.can_report and user.unit_id) or user.unit.parent_id is None:
        return []  # the top of a tree reports to no one: nothing is ever sent back to it
    reports = list(
        MonthlyReport.objects.filter(
            unit_id=user.unit_id, status=MonthlyReport.Status.RETURNED
        ).order_by("month")[:limit]
    )
    if reports:
        last = {}  # the latest return or reopening of each: newest first
        for report_id, at, action in (
            ReviewEvent.objects.filter(
                report__in=reports,
                action__in=[ReviewEvent.Action.RETURN, ReviewEvent.Action.REOPEN],
            )
            .order_by("report", "-at", "-pk")
            .values_list("report", "at", "action")
        ):
            last.setdefault(report_id, (at, action))
        for report in reports:
            report.returned_at, report.sent_back_as = last.get(report.pk, (None, None))
    return reports
