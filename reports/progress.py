"""Actual against roadmap (tiến độ thực hiện): what units did, from accepted reports (and,
when asked, reports submitted but not yet accepted) and from the registry, set beside what
the plan asked. Every figure is aggregated in the database: a fixed number of queries
whatever the number of units, months or targets."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from organizations.models import Host, Unit
from targets.checks import cumulative_through, per_period_amounts
from targets.models import Metric, Target
from targets.periods import Period, quarters_between
from targets.selectors import roadmap_of

from .models import FoundedBranch, MonthlyReport, ReportValue
from .schedule import next_month
from .selectors import month_rows
from .timeliness import LATE, MISSING, ON_TIME

COUNTED = (MonthlyReport.Status.ACCEPTED,)
COUNTED_WITH_SUBMITTED = (MonthlyReport.Status.ACCEPTED, MonthlyReport.Status.SUBMITTED)


def _month(value) -> date:
    return value.date().replace(day=1) if hasattr(value, "date") else value.replace(day=1)


def monthly_actuals(
    *, units: list[Unit], start: date, end: date, include_submitted: bool = False
) -> dict[tuple, Decimal]:
    """(metric id, unit id, month) → what that unit did that month, for every counted metric:
    typed counts from reports, and founded branches counted once, in their founding month,
    under the unit they were founded in. Three queries."""
    statuses = COUNTED_WITH_SUBMITTED if include_submitted else COUNTED
    actuals: dict[tuple, Decimal] = defaultdict(Decimal)
    typed = (
        ReportValue.objects.filter(
            report__unit__in=units,
            report__month__range=(start, end),
            report__status__in=statuses,
        )
        .values("metric_id", "report__unit_id", "report__month")
        .annotate(total=Sum("value"))
    )
    for row in typed:
        actuals[(row["metric_id"], row["report__unit_id"], row["report__month"])] += row["total"]

    founding_metrics = {
        m.founded_organisation: m.pk for m in Metric.objects.filter(source=Metric.Source.FOUNDINGS)
    }
    founded = (
        Unit.objects.filter(kind__is_branch=True, parent__in=units, founded_on__range=(start, end))
        .annotate(month=TruncMonth("founded_on"))
        .values("kind__organisation", "parent_id", "month")
        .annotate(n=Count("pk"))
    )
    rows = list(founded)
    if include_submitted:
        # Lines of reports waiting for review are not in the tree yet: counted all the same.
        rows += _pending_foundings(units, start, end)
    for row in rows:
        metric_id = founding_metrics.get(row["kind__organisation"])
        if metric_id:
            actuals[(metric_id, row["parent_id"], _month(row["month"]))] += row["n"]
    return dict(actuals)


def _pending_foundings(units, start, end) -> list[dict]:
    """Founding lines of submitted reports, shaped like the founded units' rows."""
    return [
        {
            "kind__organisation": r["kind__organisation"],
            "parent_id": r["report__unit_id"],
            "month": r["month"],
            "n": r["n"],
        }
        for r in FoundedBranch.objects.filter(
            report__status=MonthlyReport.Status.SUBMITTED,
            unit__isnull=True,
            report__unit__in=units,
            founded_on__range=(start, end),
        )
        .annotate(month=TruncMonth("founded_on"))
        .values("kind__organisation", "report__unit_id", "month")
        .annotate(n=Count("pk"))
    ]


# Status of a target, as written on the progress page.
ACHIEVED, ON_TRACK, BEHIND, AT_RISK = "achieved", "on_track", "behind", "at_risk"
BEHIND_FROM = Decimal("0.7")  # below 70 % of what should be done by now: at risk


@dataclass
class TargetProgress:
    """One roadmap row (metric × level) against what was done."""

    metric: Metric
    level: str
    quarters: list[Period]
    planned: list[Decimal | None]  # cumulative by the end of each quarter
    actual: list[Decimal | None]  # cumulative by the end of each quarter (None: not begun)
    target: Decimal | None  # the whole target: the year, else the last cumulative one
    done: Decimal
    expected_now: Decimal | None
    status: str
    forecast: Decimal | None
    monthly: dict = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.done / self.target * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _elapsed(period: Period, today: date) -> Decimal:
    """How much of a period has gone by at the end of ``today``, from 0 to 1."""
    if today < period.start:
        return Decimal(0)
    if today >= period.end:
        return Decimal(1)
    days = (period.end - period.start).days + 1
    return Decimal((today - period.start).days + 1) / days


def status_of(*, done, target, expected_now) -> str:
    if target is not None and done >= target:
        return ACHIEVED
    if not expected_now or done >= expected_now:
        return ON_TRACK
    if done >= expected_now * BEHIND_FROM:
        return BEHIND
    return AT_RISK


def _targets_by_row(targets) -> dict[tuple, list[Target]]:
    rows = defaultdict(list)
    for target in targets:
        rows[(target.metric, target.level)].append(target)
    return rows


def _plan_elapsed(starts_on: date, ends_on: date, today: date) -> Decimal:
    if today < starts_on:
        return Decimal(0)
    total = (ends_on - starts_on).days + 1
    return Decimal(min((today - starts_on).days + 1, total)) / total


def target_progress(
    *,
    metric,
    level,
    targets,
    quarters,
    starts_on: date,
    ends_on: date,
    monthly: dict,
    today: date,
) -> TargetProgress:
    """Progress of one row from its targets and the months' actuals (no queries)."""
    planned = [cumulative_through(targets, q.end) if targets else None for q in quarters]
    amounts = per_period_amounts(targets)
    finest = [p for p in amounts if p.kind != "year"] or list(amounts)
    expected = sum((amounts[p] * _elapsed(p, today) for p in finest), Decimal(0))
    target = cumulative_through(targets, ends_on)
    actual = []
    for quarter in quarters:
        if quarter.start > today:
            actual.append(None)
            continue
        done_by = sum((v for m, v in monthly.items() if m <= quarter.end), Decimal(0))
        actual.append(done_by)
    done = sum(monthly.values(), Decimal(0))
    elapsed = _plan_elapsed(starts_on, ends_on, today)
    forecast = (done / elapsed).quantize(Decimal("0.1")) if elapsed else None
    return TargetProgress(
        metric=metric,
        level=level,
        quarters=quarters,
        planned=planned,
        actual=actual,
        target=target,
        done=done,
        expected_now=expected,
        status=status_of(done=done, target=target, expected_now=expected),
        forecast=forecast,
        monthly=monthly,
    )


def coverage_now(*, unit: Unit, metric: Metric, day: date) -> tuple[int, int]:
    """(covered, eligible) hosts of ``unit``'s area at ``day``, for a coverage metric."""
    requires = {
        "doan": Q(doan_since__lte=day),
        "hoi": Q(hoi_since__lte=day),
        "doan_and_hoi": Q(doan_since__lte=day, hoi_since__lte=day),
    }[metric.coverage_requires]
    counts = (
        Host.objects.within(unit)
        .open_on(day)
        .filter(
            kind__in=[Host.Kind.ENTERPRISE, Host.Kind.NON_PUBLIC_UNIT],
            workers__gte=metric.coverage_min_workers or 0,
        )
        .aggregate(eligible=Count("pk"), covered=Count("pk", filter=requires))
    )
    return counts["covered"], counts["eligible"]


@dataclass
class PlanFigures:
    """What a plan asked and what its units did up to a day, loaded once for every table
    of the progress page."""

    plan: object
    roadmap: object
    children: list[Unit]
    end: date  # the last day counted: today, or the plan's end
    actuals: dict[tuple, Decimal]


def plan_figures(*, plan, today: date, include_submitted: bool = False) -> PlanFigures:
    issuer = plan.issuing_unit
    children = list(issuer.children.filter(kind__is_branch=False).order_by("name"))
    end = min(today, plan.ends_on)
    return PlanFigures(
        plan=plan,
        roadmap=roadmap_of(plan.roadmap_versions.current()),
        children=children,
        end=end,
        actuals=monthly_actuals(
            units=[issuer, *children],
            start=plan.starts_on,
            end=end,
            include_submitted=include_submitted,
        ),
    )


def plan_progress(
    *, plan, today: date, include_submitted: bool = False, figures: PlanFigures | None = None
) -> list[TargetProgress]:
    """Every roadmap row of a plan against what its units did, up to ``today``."""
    figures = figures or plan_figures(plan=plan, today=today, include_submitted=include_submitted)
    roadmap, actuals, end = figures.roadmap, figures.actuals, figures.end
    issuer = plan.issuing_unit
    child_ids = {u.pk for u in figures.children}
    quarters = quarters_between(plan.starts_on, plan.ends_on)
    rows = []
    for (metric, level), targets in sorted(
        _targets_by_row(roadmap.targets).items(),
        key=lambda item: (item[0][0].order, item[0][0].name, item[0][1]),
    ):
        if metric.source == Metric.Source.COVERAGE:
            covered, eligible = coverage_now(unit=issuer, metric=metric, day=end)
            share = Decimal(covered * 100) / eligible if eligible else Decimal(0)
            target = max(t.value for t in targets)
            rows.append(
                TargetProgress(
                    metric=metric,
                    level=level,
                    quarters=quarters,
                    planned=[],
                    actual=[],
                    target=target,
                    done=share.quantize(Decimal("0.1")),
                    expected_now=target,
                    status=status_of(done=share, target=target, expected_now=target),
                    forecast=None,
                    monthly={"covered": covered, "eligible": eligible},
                )
            )
            continue
        wanted = {"own": {issuer.pk}, "children": child_ids, "total": child_ids | {issuer.pk}}
        monthly = defaultdict(Decimal)
        for (metric_id, unit_id, month), value in actuals.items():
            if metric_id == metric.pk and unit_id in wanted[level]:
                monthly[month] += value
        rows.append(
            target_progress(
                metric=metric,
                level=level,
                targets=targets,
                quarters=quarters,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                monthly=dict(monthly),
                today=end,
            )
        )
    return rows


@dataclass
class WardCell:
    target: Decimal | None
    done: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.done / self.target * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    @property
    def band(self) -> str:
        """Colour band of the cell: done, half-way, behind, or no target."""
        if self.percent is None:
            return "none"
        if self.percent >= 100:
            return "done"
        return "half" if self.percent >= 50 else "low"


@dataclass
class WardRow:
    unit: Unit
    cells: list[WardCell]
    on_time: int = 0
    late: int = 0
    missing: int = 0


def ward_table(
    *, plan, today: date, include_submitted: bool = False, figures: PlanFigures | None = None
):
    """Child units × counted metrics of a plan: each ward's allocated target (the latest
    deadline a section gives it), what it did so far, and its reporting record."""
    figures = figures or plan_figures(plan=plan, today=today, include_submitted=include_submitted)
    roadmap, wards, end = figures.roadmap, figures.children, figures.end
    metrics = sorted(
        {t.metric for t in roadmap.targets if t.level != "own" and t.metric.is_additive}
        | {a.metric for s in roadmap.allocation_sets for a in s.allocations.all()},
        key=lambda m: (m.order, m.name),
    )
    allocated = {}
    for allocation_set in sorted(roadmap.allocation_sets, key=lambda s: s.period.end):
        for allocation in allocation_set.allocations.all():
            allocated[(allocation.unit_id, allocation.metric_id)] = allocation.value
    done = defaultdict(Decimal)
    for (metric_id, unit_id, _month), value in figures.actuals.items():
        done[(unit_id, metric_id)] += value
    months, month = [], plan.starts_on.replace(day=1)
    while month <= end:
        months.append(month)
        month = next_month(month)
    rows = {
        ward.pk: WardRow(
            ward,
            [WardCell(allocated.get((ward.pk, m.pk)), done[(ward.pk, m.pk)]) for m in metrics],
        )
        for ward in wards
    }
    for month_row in month_rows(units=wards, months=months, now=_end_of(end)):
        row, state = rows[month_row.unit.pk], month_row.timeliness.state
        row.on_time += state == ON_TIME
        row.late += state == LATE
        row.missing += state == MISSING
    return metrics, list(rows.values())


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE))
