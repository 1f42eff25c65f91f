"""Actual against roadmap (tiến độ thực hiện): what units did, from accepted reports (and,
when asked, reports submitted but not yet accepted) and from the registry, set beside what
the plan asked. Every figure is aggregated in the database: a fixed number of queries
whatever the number of units, months or targets."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, DecimalField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from organizations.levels import units_noun
from organizations.models import Host, Unit, UnitKind
from targets.checks import (
    cumulative_through,
    per_period_amounts,
    planned_between,
    shown,
    written,
)
from targets.levels import child_units_during, level_labels
from targets.models import Metric, Target
from targets.periods import Kind, Period, quarters_between
from targets.selectors import roadmap_of, share_outs

from .figures import counted
from .models import Figure, FoundedBranch, MonthlyReport
from .schedule import next_month
from .selectors import month_rows, month_states
from .timeliness import LATE, MISSING, ON_TIME


def monthly_actuals(
    *,
    scope: Unit,
    children: list[Unit],
    start: date,
    end: date,
    include_submitted: bool = False,
    per_child: bool = True,
) -> dict[tuple, Decimal]:
    """(metric id, unit id, month) → what was done that month, for every counted metric,
    where the unit is ``scope`` itself or one of its ``children`` with its whole subtree
    rolled up; without ``per_child``, the children together, as unit ``BELOW`` (the
    scope's subtree less its own: one row per metric and month, whatever lies below).
    Typed counts come from reports; founded branches are counted once, in their founding
    month, under the unit they were founded in. Read from the figure table kept in step
    with the reports (``reports.figures``): one query, a few rows per unit and month,
    whatever lies below them."""
    actuals: dict[tuple, Decimal] = {}
    units = [scope.pk, *(child.pk for child in children)] if per_child else [scope.pk]
    rows = Figure.objects.filter(unit__in=units, month__range=(start, end)).annotate(
        mine=counted(own=True, include_submitted=include_submitted),
        every=counted(own=False, include_submitted=include_submitted),
    )
    for unit_id, metric_id, month, mine, every in rows.values_list(
        "unit_id", "metric_id", "month", "mine", "every"
    ):
        if unit_id != scope.pk:  # a child: its whole subtree
            mine, every = every, every
        if mine:
            actuals[(metric_id, unit_id, month)] = mine
        if every - mine and not per_child:
            actuals[(metric_id, BELOW, month)] = every - mine
    return actuals


BELOW = 0  # the units below the scope together, in actuals read without ``per_child``


def child_totals(
    *, children: list[Unit], since: date, window_start: date, end: date, include_submitted: bool
) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """(unit id, metric id) → (done from ``window_start``, done from ``since``), up to
    ``end``, of each child unit's subtree: added up in the database, a row per unit and
    metric whatever the number of months."""
    done = counted(own=False, include_submitted=include_submitted)
    money = DecimalField(max_digits=16, decimal_places=2)
    rows = (
        Figure.objects.filter(unit__in=children, month__range=(since, end))
        .values("unit_id", "metric_id")
        .annotate(
            since_start=Sum(done, output_field=money),
            in_window=Sum(
                Case(
                    When(month__gte=window_start, then=done),
                    default=Value(Decimal(0)),
                    output_field=money,
                ),
                output_field=money,
            ),
        )
    )
    return {
        (row["unit_id"], row["metric_id"]): (row["in_window"] or 0, row["since_start"] or 0)
        for row in rows
    }


def _pending_lines(scope: Unit, start: date, end: date):
    """Founding lines of reports awaiting review in ``scope``'s subtree: not in the tree
    yet (accepting the report makes them units)."""
    return FoundedBranch.objects.filter(
        report__status=MonthlyReport.Status.SUBMITTED,
        unit__isnull=True,
        report__unit__path__startswith=scope.path,
        founded_on__range=(start, end),
    )


@dataclass(frozen=True)
class Window:
    """The months counted: the whole plan, a quarter, a month, the year so far or a range.
    ``whole_plan`` windows are measured against the plan's whole target."""

    start: date
    end: date
    label: str
    whole_plan: bool = False

    def months(self, until: date) -> list[date]:
        months, month = [], self.start.replace(day=1)
        while month <= min(until, self.end):
            months.append(month)
            month = next_month(month)
        return months


def whole_plan(plan) -> Window:
    return Window(plan.starts_on, plan.ends_on, _("the whole plan"), whole_plan=True)


# Status of a target, as written on the progress page. Once its period is over a target
# has a final result, achieved or not achieved; before, it is achieved or compared with the
# pace the roadmap asks.
ACHIEVED, ON_TRACK, BEHIND, AT_RISK = "achieved", "on_track", "behind", "at_risk"
NOT_ACHIEVED = "not_achieved"  # the period is over and the target was not reached
DUE_LATER = "due_later"  # a past window, measured against a target due after its end
NO_ELIGIBLE = "no_eligible"  # a coverage share with no host it applies to
STATUS_LABELS = {
    ACHIEVED: gettext_lazy("achieved"),
    ON_TRACK: gettext_lazy("on track"),
    BEHIND: gettext_lazy("behind"),
    AT_RISK: gettext_lazy("at risk"),
    NOT_ACHIEVED: gettext_lazy("not achieved"),
    DUE_LATER: gettext_lazy("due after this period"),
    NO_ELIGIBLE: gettext_lazy("no host it applies to"),
}
FINAL_LABELS = {
    ACHIEVED: pgettext_lazy("final result", "achieved"),
    NOT_ACHIEVED: STATUS_LABELS[NOT_ACHIEVED],
}


def status_label(status: str, *, final: bool = False):
    """How a status reads: a final result says "đạt" / "không đạt"."""
    return (FINAL_LABELS if final else STATUS_LABELS).get(status) or STATUS_LABELS[status]


BEHIND_FROM = Decimal("0.7")  # below 70 % of what should be done by now: at risk


@dataclass
class TargetProgress:
    """One roadmap row (metric × level) against what was done. Targets and planned figures
    are as shown (at most one decimal), the exact ones beside them; the percentage is of
    the target as shown, as a spreadsheet recomputes it."""

    metric: Metric
    level: str
    quarters: list[Period]
    planned: list[Decimal | None]  # cumulative by the end of each quarter, as shown
    actual: list[Decimal | None]  # cumulative by the end of each quarter (None: not begun)
    target: Decimal | None  # the whole target: the year, else the last cumulative one
    done: Decimal
    expected_now: Decimal | None
    status: str
    forecast: Decimal | None
    monthly: dict = field(default_factory=dict)
    split: tuple | None = None  # (the issuing unit's own, its child units') done, in total rows
    level_label: str = ""  # the roadmap's level, or the name of the unit below counted
    final: bool = False  # its period is over: the status is its final result
    target_exact: Decimal | None = None  # before rounding (a month's share of a quarter)
    planned_exact: list[Decimal | None] = field(default_factory=list)
    deadline: Period | None = None  # an allocation's period: its target is due at its end

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.done / self.target * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def status_label(self):
        return status_label(self.status, final=self.final)


def status_of(*, done, target, expected_now, final: bool = False) -> str:
    """Achieved once done reaches the target. Otherwise, after the period: not achieved;
    before its end: on track, behind or at risk against what should be done by now."""
    if target is not None and done >= target:
        return ACHIEVED
    if final and target is not None:
        return NOT_ACHIEVED
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


def _elapsed(window: Window, as_of: date) -> Decimal:
    """How much of the window has gone by at the end of ``as_of``, from 0 to 1."""
    if as_of < window.start:
        return Decimal(0)
    total = (window.end - window.start).days + 1
    return Decimal(min((as_of - window.start).days + 1, total)) / total


def _enclosing_period(targets, window: Window) -> Period | None:
    """The one target period of a series (of its finest kind) that holds the whole window
    and is longer than it: a month inside a quarter's target, a quarter inside a year's.
    Such a window has no target of its own: the row shows that period's."""
    if window.whole_plan or not targets:
        return None
    finest = max(Kind.ORDER[t.period_kind] for t in targets)
    for target in targets:
        period = target.period
        if (
            Kind.ORDER[target.period_kind] == finest
            and period.start <= window.start <= window.end <= period.end
            and (period.start, period.end) != (window.start, window.end)
        ):
            return period
    return None


def _measured_towards(
    *, done, target, expected, start: date, deadline: date, window: Window, as_of, today
):
    """(status, final, forecast) of a row measured against a figure due at ``deadline``,
    counted from ``start``: final once the deadline has passed within the window; a past
    window ending before the deadline is "due after this period" (neither failed nor at
    risk); otherwise the pace towards the deadline."""
    final = today > deadline and deadline <= window.end
    due_later = not final and today > window.end
    if due_later and target is not None and done < target:
        status = DUE_LATER
    else:
        status = status_of(done=done, target=target, expected_now=expected, final=final)
    forecast = None
    elapsed = _elapsed(Window(start, deadline, ""), as_of)
    if elapsed and not (final or due_later):
        forecast = (done / elapsed).quantize(Decimal("0.1"))
    return status, final, forecast


def target_progress(
    *,
    metric,
    level,
    targets,
    quarters,
    window: Window,
    as_of: date,
    monthly: dict,
    today: date | None = None,
) -> TargetProgress:
    """Progress of one row from its targets and the months' actuals (no queries). The
    quarters are the plan's, cumulative from its start (the chart); the figures are the
    window's. Once the window is over (``today`` after its end) the status is the final
    result, and there is no forecast.

    A window inside one target period (a month of a quarter's target) is measured against
    that period's whole target, with what was done since the period began: a target is
    never cut into fractions for it."""
    today = today or as_of
    planned = [cumulative_through(targets, q.end) if targets else None for q in quarters]
    actual = [
        None
        if quarter.start > as_of
        else sum((v for m, v in monthly.items() if m <= quarter.end), Decimal(0))
        for quarter in quarters
    ]
    enclosing = _enclosing_period(targets, window)
    if enclosing:
        finest = [t for t in targets if t.period_kind == enclosing.kind]
        exact = per_period_amounts(finest)[enclosing]
        start, deadline = enclosing.start, enclosing.end
    else:
        if window.whole_plan:
            exact = cumulative_through(targets, window.end)
        else:
            exact = planned_between(targets, window.start, window.end)
        start, deadline = window.start, window.end
    target = shown(exact)
    expected = (
        planned_between(targets, start, as_of) or Decimal(0) if as_of >= start else Decimal(0)
    )
    done = sum((v for m, v in monthly.items() if start <= m <= as_of), Decimal(0))
    status, final, forecast = _measured_towards(
        done=done,
        target=target,
        expected=expected,
        start=start,
        deadline=deadline,
        window=window,
        as_of=as_of,
        today=today,
    )
    return TargetProgress(
        metric=metric,
        level=level,
        quarters=quarters,
        planned=[shown(p) for p in planned],
        actual=actual,
        target=target,
        done=done,
        expected_now=expected,
        status=status,
        forecast=forecast,
        monthly=monthly,
        final=final,
        target_exact=exact,
        planned_exact=planned,
        deadline=enclosing,
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
    """What a plan asked and what was done in a window, within one unit's subtree (the
    issuing unit's, unless narrowed), loaded once for every table and chart of a page."""

    plan: object
    roadmap: object
    scope: Unit  # the unit whose subtree is counted
    children: list[Unit]  # the units right below it, each with its subtree rolled up
    window: Window
    as_of: date  # the last day counted: today, or the window's end
    actuals: dict[tuple, Decimal]
    include_submitted: bool
    today: date  # the day the figures are read on
    per_child: bool = True  # actuals per child unit, else together (``BELOW``)
    # without per_child: (unit id, metric id) → (done in the window, done since the plan's
    # start) of each child unit, when they were read (``children_by="total"``)
    child_totals: dict | None = None

    @cached_property
    def actuals_by_metric(self) -> dict[int, list[tuple[int, date, Decimal]]]:
        """The actuals of each metric: (unit id, month, value), read once for every row."""
        by_metric = defaultdict(list)
        for (metric_id, unit_id, month), value in self.actuals.items():
            by_metric[metric_id].append((unit_id, month, value))
        return by_metric

    @property
    def is_whole_plan(self) -> bool:
        return self.scope.pk == self.plan.issuing_unit_id

    @property
    def is_over(self) -> bool:
        """The window has ended: every target has its final result, and no forecast."""
        return self.today > self.window.end

    @property
    def level_labels(self) -> dict[str, str]:
        """How the roadmap's levels read: by the issuing unit's kind and its counted child
        units' kinds ("Cấp Quận", "Cấp cơ sở"), as ``targets.levels`` names them."""
        kinds = self.child_kinds if self.is_whole_plan else []
        return level_labels(self.plan.issuing_unit, kinds)

    @cached_property
    def child_kinds(self) -> list:
        """The kinds of the counted child units (one query when they were not loaded)."""
        if self.per_child or self.child_totals is not None:  # read, with their kinds
            return [child.kind for child in self.children]
        return list(
            UnitKind.objects.filter(
                pk__in=child_units_during(self.scope, self.window.start, self.window.end).values(
                    "kind_id"
                )
            )
        )

    @property
    def children_noun(self) -> str:
        """What the counted child units are called together ("phường, xã, đặc khu"),
        from their kinds; "" when a kind does not say."""
        return units_noun(self.child_kinds)

    @property
    def timeliness_moment(self) -> datetime:
        """When reports' timeliness is read: now (a month of a past window whose report
        was due since is on time, late or missing, never "not yet due"), or the end of
        ``today`` when the figures are read as of an earlier day."""
        return min(timezone.now(), _end_of(self.today))


def scope_for(user, plan) -> Unit:
    """The unit whose figures a person sees by default: their own unit when it lies below
    the plan's issuing unit (a ward looking at its district's plan), else the issuer."""
    issuer = plan.issuing_unit
    if user.unit_id and user.unit_id != issuer.pk and user.unit.is_within(issuer):
        return user.unit
    return issuer


def plan_figures(
    *,
    plan,
    today: date,
    include_submitted: bool = False,
    window: Window | None = None,
    scope: Unit | None = None,
    children_by: str | None = "month",
) -> PlanFigures:
    """What a plan asked and what was done, for every table and chart of a page. What the
    units below did is read by ``children_by``: "month", each child's months (the files'
    tables of months); "total", each child's totals only, and their months together (a
    page's unit table); None, their months together only (a headline)."""
    per_child = children_by == "month"
    scope = scope or plan.issuing_unit
    window = window or whole_plan(plan)
    # The units counted are those that existed at some point in the window: a plan of
    # 2024 keeps the wards dissolved in 2025, a plan of 2026 counts the wards founded then.
    children = (
        list(
            child_units_during(scope, window.start, window.end)
            .select_related("kind")
            .order_by("name")
        )
        if children_by
        else []
    )
    as_of = min(today, window.end)
    return PlanFigures(
        plan=plan,
        roadmap=roadmap_of(plan.roadmap_versions.current()),
        scope=scope,
        children=children,
        window=window,
        as_of=as_of,
        actuals=monthly_actuals(
            scope=scope,
            children=children,
            start=plan.starts_on,
            end=as_of,
            include_submitted=include_submitted,
            per_child=per_child,
        ),
        include_submitted=include_submitted,
        per_child=per_child,
        child_totals=child_totals(
            children=children,
            since=plan.starts_on,
            window_start=window.start,
            end=as_of,
            include_submitted=include_submitted,
        )
        if children_by == "total"
        else None,
        today=today,
    )


@dataclass(frozen=True)
class Allocated:
    """What one section of the plan gives one unit for one metric: at least (or exactly)
    ``value`` by the end of ``period`` (giao chỉ tiêu: "02 chi đoàn, hoàn tất trước Quý
    III")."""

    value: Decimal
    period: Period

    @property
    def deadline(self) -> date:
        return self.period.end


def allocations_by_cell(roadmap) -> dict[tuple[int, int], list[Allocated]]:
    """(unit id, metric id) → every allocation the plan's sections give that unit for
    that metric, earliest deadline first."""
    cells = defaultdict(list)
    for allocation_set in share_outs(roadmap):
        for allocation in allocation_set.allocations.all():
            cells[(allocation.unit_id, allocation.metric_id)].append(
                Allocated(allocation.value, allocation_set.period)
            )
    return {key: sorted(found, key=lambda a: a.deadline) for key, found in cells.items()}


def allocation_for(allocations: list[Allocated], end: date) -> Allocated:
    """The allocation a window ending on ``end`` is measured against: the first one due at
    or after that day (what the unit is working towards then), else the last one."""
    return next((a for a in allocations if a.deadline >= end), allocations[-1])


def _due_by(allocations: list[Allocated], day: date) -> Decimal | None:
    """What the allocations ask by ``day``: the one with the latest deadline on or before
    it, None before the first deadline (an allocation has no share per quarter)."""
    due = [a for a in allocations if a.deadline <= day]
    return due[-1].value if due else None


def allocation_series(metric, value: Decimal, starts_on: date, deadline: date) -> list[Target]:
    """An allocation ("at least 2 by the end of Q III") as month targets spreading it
    evenly over the days from the plan's start to its deadline: the even pace a status
    compares what is done with. Never shown as a target: a unit is asked the whole
    allocation by its deadline, not fractions of it per quarter."""
    days = (deadline - starts_on).days + 1
    series, month = [], starts_on.replace(day=1)
    while month <= deadline:
        period = Period.month(month.year, month.month)
        inside = (min(deadline, period.end) - max(starts_on, period.start)).days + 1
        series.append(
            Target(
                metric=metric,
                level="unit",
                period_kind=period.kind,
                period_start=period.start,
                value=value * inside / days,
            )
        )
        month = next_month(month)
    return series


def allocation_progress(
    *, metric, allocations: list[Allocated], quarters, figures: PlanFigures, monthly: dict
) -> TargetProgress:
    """A unit's row against what the plan allocates to it: the allocation it works towards
    at the window's end, whole, as the plan states it ("2 chi đoàn by the end of Quý III"),
    and what it has done towards it since the plan's start. Its quarters show each
    allocation at its deadline only.

    Its status: achieved once done reaches it; after its deadline, not achieved; for a
    past window that ends before the deadline, due after this period; otherwise compared
    with an even pace from the plan's start to the deadline."""
    start, window, as_of, today = (
        figures.plan.starts_on,
        figures.window,
        figures.as_of,
        figures.today,
    )
    chosen = allocation_for(allocations, window.end)
    deadline = chosen.deadline
    planned = [_due_by(allocations, quarter.end) for quarter in quarters]
    actual = [
        None
        if quarter.start > as_of
        else sum((v for m, v in monthly.items() if m <= quarter.end), Decimal(0))
        for quarter in quarters
    ]
    done = sum((v for m, v in monthly.items() if m <= as_of), Decimal(0))
    target = shown(chosen.value)
    pace = allocation_series(metric, chosen.value, start, deadline)
    expected = planned_between(pace, start, as_of) if as_of >= start else Decimal(0)
    status, final, forecast = _measured_towards(
        done=done,
        target=target,
        expected=expected,
        start=start,
        deadline=deadline,
        window=window,
        as_of=as_of,
        today=today,
    )
    return TargetProgress(
        metric=metric,
        level="unit",
        quarters=quarters,
        planned=[shown(p) for p in planned],
        actual=actual,
        target=target,
        done=done,
        expected_now=chosen.value if final else expected,
        status=status,
        forecast=forecast,
        monthly=monthly,
        final=final,
        target_exact=chosen.value,
        planned_exact=planned,
        deadline=chosen.period,
    )


def _coverage_row(*, metric, level, targets, quarters, unit, day, final) -> TargetProgress:
    covered, eligible = coverage_now(unit=unit, metric=metric, day=day)
    share = Decimal(covered * 100) / eligible if eligible else Decimal(0)
    exact = max(t.value for t in targets)
    target = shown(exact)
    return TargetProgress(
        metric=metric,
        level=level,
        quarters=quarters,
        planned=[],
        actual=[],
        target=target,
        done=shown(share),
        expected_now=target,
        status=status_of(done=share, target=target, expected_now=target, final=final)
        if eligible
        else NO_ELIGIBLE,
        forecast=None,
        monthly={"covered": covered, "eligible": eligible},
        final=final,
        target_exact=exact,
    )


def plan_progress(
    *, plan, today: date, include_submitted: bool = False, figures: PlanFigures | None = None
) -> list[TargetProgress]:
    """Every roadmap row of a plan against what was done in the window. For the issuing
    unit: each metric at each level of the roadmap; for a unit below it: each metric
    allocated to it or done in its subtree (level "unit")."""
    figures = figures or plan_figures(plan=plan, today=today, include_submitted=include_submitted)
    roadmap, scope, as_of = figures.roadmap, figures.scope, figures.as_of
    quarters = quarters_between(plan.starts_on, plan.ends_on)
    allocated: dict[tuple, list[Allocated]] = {}
    if figures.is_whole_plan:
        child_ids = {u.pk for u in figures.children} | {BELOW}
        wanted = {"own": {scope.pk}, "children": child_ids, "total": child_ids | {scope.pk}}
        series = _targets_by_row(roadmap.targets)
    else:
        wanted = {"unit": {scope.pk, BELOW, *(u.pk for u in figures.children)}}
        mine = roadmap.allocations_of(scope.pk)
        metrics = {t.metric.pk: t.metric for t in roadmap.targets} | {
            a.metric.pk: a.metric for a in mine
        }
        found = defaultdict(list)
        for allocation in mine:
            found[metrics[allocation.metric_id]].append(
                Allocated(allocation.value, allocation.allocation_set.period)
            )
        allocated = {
            (metric, "unit"): sorted(shares, key=lambda a: a.deadline)
            for metric, shares in found.items()
        }
        series = {row: [] for row in allocated}
        done_metrics = set(figures.actuals_by_metric)
        for target in roadmap.targets:
            coverage = target.metric.source == Metric.Source.COVERAGE
            if coverage and target.level == "total":
                series.setdefault((target.metric, "unit"), []).append(target)
            elif target.metric.pk in done_metrics and target.level != "own":
                series.setdefault((target.metric, "unit"), [])
    rows = []
    for (metric, level), targets in sorted(
        series.items(), key=lambda item: (item[0][0].order, item[0][0].name, item[0][1])
    ):
        if metric.source == Metric.Source.COVERAGE:
            if (metric, level) in allocated:  # a share asked of this unit itself
                chosen = allocation_for(allocated[(metric, level)], figures.window.end)
                targets = [Target(metric=metric, level=level, value=chosen.value)]
            rows.append(
                _coverage_row(
                    metric=metric,
                    level=level,
                    targets=targets,
                    quarters=quarters,
                    unit=scope,
                    day=as_of,
                    final=figures.is_over,
                )
            )
            continue
        monthly, own = defaultdict(Decimal), defaultdict(Decimal)
        counted = wanted[level]
        for unit_id, month, value in figures.actuals_by_metric.get(metric.pk, ()):
            if unit_id in counted:
                monthly[month] += value
                if unit_id == scope.pk:
                    own[month] += value
        if (metric, level) in allocated:
            row = allocation_progress(
                metric=metric,
                allocations=allocated[(metric, level)],
                quarters=quarters,
                figures=figures,
                monthly=dict(monthly),
            )
        else:
            row = target_progress(
                metric=metric,
                level=level,
                targets=targets,
                quarters=quarters,
                window=figures.window,
                as_of=as_of,
                monthly=dict(monthly),
                today=figures.today,
            )
        if level == "total":
            since = row.deadline.start if row.deadline else figures.window.start
            own_done = sum((v for m, v in own.items() if since <= m <= as_of), Decimal(0))
            row.split = (own_done, row.done - own_done)
        rows.append(row)
    labels = figures.level_labels
    for row in rows:
        row.level_label = scope.name if row.level == "unit" else labels[row.level]
    return rows


@dataclass
class WardCell:
    """One unit's figure for one metric: with an allocation, the allocation the window is
    measured against (as shown) and what the unit did towards it since the plan's start;
    without, what it did in the window."""

    target: Decimal | None
    done: Decimal
    deadline: Period | None = None  # the allocation's period: due by its end
    target_exact: Decimal | None = None

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
    months: list = field(default_factory=list)  # MonthRow of each month of the window

    @property
    def is_lagging(self) -> bool:
        """A unit slow to report (đơn vị chậm): some month of the window came in late
        or is missing."""
        return bool(self.late or self.missing)

    @property
    def percent(self) -> Decimal | None:
        """Share of its allocated targets the unit has done, each capped at 100 %, on
        average: the ranking's measure. None when nothing is allocated to it."""
        shares = [min(c.done / c.target, Decimal(1)) for c in self.cells if c.target]
        if not shares:
            return None
        return (sum(shares) / len(shares) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def ward_table(
    *,
    plan,
    today: date,
    include_submitted: bool = False,
    figures: PlanFigures | None = None,
    with_months: bool = True,
):
    """The units right below the counted one × the plan's counted metrics: each unit's
    allocation (the one due first at or after the window's end, whole: never a fraction
    of it per quarter or month) and what it did towards it, and its reporting record over
    the window's months, as of today: counted, and (``with_months``) each month's report
    (``add_months`` gives them to some rows afterwards)."""
    figures = figures or plan_figures(plan=plan, today=today, include_submitted=include_submitted)
    assert figures.per_child or figures.child_totals is not None, "each child unit's figures"
    roadmap, wards, window, as_of = figures.roadmap, figures.children, figures.window, figures.as_of
    metrics = sorted(
        {t.metric for t in roadmap.targets if t.level != "own" and t.metric.is_additive}
        | {a.metric for s in share_outs(roadmap) for a in s.allocations.all()},
        key=lambda m: (m.order, m.name),
    )
    allocated = {
        cell: allocation_for(found, window.end)
        for cell, found in allocations_by_cell(roadmap).items()
    }
    # Towards an allocation counts everything since the plan's start; otherwise the window.
    done, done_since_start = defaultdict(Decimal), defaultdict(Decimal)
    if figures.child_totals is not None:
        for key, (in_window, since_start) in figures.child_totals.items():
            done[key], done_since_start[key] = in_window, since_start
    for (metric_id, unit_id, month), value in figures.actuals.items() if figures.per_child else ():
        if month <= as_of:
            done_since_start[(unit_id, metric_id)] += value
            if window.start <= month:
                done[(unit_id, metric_id)] += value

    def cell(unit_id: int, metric_id: int) -> WardCell:
        allocation = allocated.get((unit_id, metric_id))
        if allocation is None:
            return WardCell(None, done[(unit_id, metric_id)])
        return WardCell(
            shown(allocation.value),
            done_since_start[(unit_id, metric_id)],
            deadline=allocation.period,
            target_exact=allocation.value,
        )

    rows = {ward.pk: WardRow(ward, [cell(ward.pk, m.pk) for m in metrics]) for ward in wards}
    months = window.months(as_of)
    if with_months:
        for month_row in month_rows(units=wards, months=months, now=figures.timeliness_moment):
            rows[month_row.unit.pk].months.append(month_row)
        states = ((r.unit, r.month, r.timeliness) for row in rows.values() for r in row.months)
    else:
        states = month_states(units=wards, months=months, now=figures.timeliness_moment)
    for unit, _month, timeliness in states:
        row, state = rows[unit.pk], timeliness.state
        row.on_time += state == ON_TIME
        row.late += state == LATE
        row.missing += state == MISSING
    return metrics, list(rows.values())


def add_months(rows: list[WardRow], figures: PlanFigures) -> None:
    """Each row's reports of the window's months (the heat map of one page of the table:
    the rows of a ``ward_table`` read without them)."""
    months = figures.window.months(figures.as_of)
    by_unit = {row.unit.pk: row for row in rows}
    now = figures.timeliness_moment
    for month_row in month_rows(units=[row.unit for row in rows], months=months, now=now):
        by_unit[month_row.unit.pk].months.append(month_row)


@dataclass
class MonthLine:
    month: date
    values: list[Decimal]  # one per metric, the subtree's total that month
    report: object  # the unit's own MonthRow (report and timeliness), if it reports


def unit_months(figures: PlanFigures, metrics: list[Metric]) -> list[MonthLine]:
    """The counted unit's months in the window: what was done each month in its subtree,
    and its own report's state."""
    months = figures.window.months(figures.as_of)
    own = {
        row.month: row
        for row in month_rows(units=[figures.scope], months=months, now=figures.timeliness_moment)
    }
    totals = defaultdict(Decimal)
    for (metric_id, _unit, month), value in figures.actuals.items():
        totals[(month, metric_id)] += value
    return [
        MonthLine(month, [totals[(month, m.pk)] for m in metrics], own.get(month))
        for month in months
    ]


@dataclass
class Founding:
    name: str
    kind: str
    host: str
    founded_on: date
    unit: Unit  # the unit it was founded in
    pending: bool = False  # a line of a report awaiting review, not in the tree yet


def founded_branches(figures: PlanFigures) -> list[Founding]:
    """Chi đoàn and chi hội founded in the counted unit's subtree within the window, with
    their host; with the lines of reports awaiting review when those count."""
    start, end, scope = figures.window.start, figures.as_of, figures.scope
    foundings = [
        Founding(b.name, b.kind.name, b.host.name if b.host else "", b.founded_on, b.parent)
        for b in Unit.objects.filter(
            kind__is_branch=True,
            parent__path__startswith=scope.path,
            founded_on__range=(start, end),
        ).select_related("kind", "host", "parent")
    ]
    if figures.include_submitted:
        foundings += [
            Founding(
                line.name,
                line.kind.name,
                line.host.name if line.host else line.new_host_name,
                line.founded_on,
                line.report.unit,
                pending=True,
            )
            for line in _pending_lines(scope, start, end).select_related(
                "kind", "host", "report__unit"
            )
        ]
    return sorted(foundings, key=lambda f: (f.founded_on, f.name))


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE))


# Figures as a reader writes them (plain data: an issued report keeps them as they were)


def written_targets(rows: list[TargetProgress]) -> list[dict]:
    """Each target row: its metric, level, target, done, % and status, as text."""
    return [
        {
            "metric": row.metric.name,
            "level": str(row.level_label),
            "target": written(row.target),
            "done": written(row.done),
            "percent": written(row.percent),
            "per_cent_unit": row.metric.unit_of_measure == "%",
            "status": str(row.status_label),
        }
        for row in rows
    ]


def written_units(rows: list[WardRow], window: Window) -> list[dict]:
    """Each unit's row of the units' table: done and target of each metric (with the
    period it is due by, where that is not the window's end), and its %."""
    return [
        {
            "name": row.unit.name,
            "cells": [
                {
                    "done": written(cell.done),
                    "target": written(cell.target),
                    "until": cell.deadline.label
                    if cell.target is not None and cell.deadline and cell.deadline.end != window.end
                    else "",
                }
                for cell in row.cells
            ],
            "percent": written(row.percent),
        }
        for row in rows
    ]
