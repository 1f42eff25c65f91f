"""Consistency checks of a plan's roadmap (kiểm tra tính thống nhất của lộ trình).

Every check reads rows already loaded (see ``selectors.roadmap_of``) and returns findings
that name the numbers and where in the plan they come from. Nothing is ever corrected:
real plans contain slips, and the people who wrote them decide what was meant.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from django.utils.translation import gettext as _

from .models import Target
from .periods import Kind, Period


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


def number(value: Decimal | int) -> str:
    """27 → "27", 35.50 → "35,5": numbers as a Vietnamese reader writes them."""
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


def written(value: Decimal | int | None, empty: str = "") -> str:
    """``number``, or ``empty`` when there is no value: as files and Word tables write it."""
    return empty if value is None else number(value)


def shown(value: Decimal | int | None) -> Decimal | None:
    """A computed figure as the pages, files and API give it: at most one decimal, half
    up (a month's share of a quarter's 100 đoàn viên is 33, not 32,967…)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _where(item) -> str:
    return f" ({item.source_ref})" if getattr(item, "source_ref", "") else ""


# Reading a series of targets


def per_period_amounts(targets: Iterable) -> dict[Period, Decimal]:
    """What each target asks within its own period. Cumulative targets are turned into
    per-period amounts by taking the previous cumulative target of the same kind off."""
    amounts: dict[Period, Decimal] = {}
    previous: dict[str, Decimal] = {}
    for target in sorted(targets, key=lambda t: t.period):
        kind = target.period_kind
        if target.is_cumulative:
            amounts[target.period] = target.value - previous.get(kind, Decimal(0))
            previous[kind] = target.value
        else:
            amounts[target.period] = target.value
            previous[kind] = previous.get(kind, Decimal(0)) + target.value
    return amounts


def cumulative_through(targets: list, day: date) -> Decimal | None:
    """How much a series of targets asks from the plan's start up to ``day``, read from
    the finest periods it has (months, else quarters, else years); None if it is empty."""
    if not targets:
        return None
    exact = [t for t in targets if t.is_cumulative and t.period.end == day]
    if exact:
        return exact[0].value
    finest = max(targets, key=lambda t: Kind.ORDER[t.period_kind]).period_kind
    amounts = per_period_amounts(t for t in targets if t.period_kind == finest)
    return sum((a for p, a in amounts.items() if p.end <= day), Decimal(0))


def planned_between(targets: list, start: date, end: date) -> Decimal | None:
    """What a series of targets asks within ``start``..``end``: each of its finest periods'
    amount, in proportion to the days of that period inside the range (a whole quarter
    asks its whole amount; one of its months, a third of it). None if it is empty."""
    if not targets:
        return None
    finest = max(targets, key=lambda t: Kind.ORDER[t.period_kind]).period_kind
    total = Decimal(0)
    for period, amount in per_period_amounts(t for t in targets if t.period_kind == finest).items():
        inside = (min(end, period.end) - max(start, period.start)).days + 1
        if inside > 0:
            total += amount * inside / ((period.end - period.start).days + 1)
    return total


# The checks


def _series(targets) -> dict[tuple, list]:
    series = defaultdict(list)
    for target in targets:
        if target.metric.is_additive:
            series[(target.metric, target.level)].append(target)
    return series


def _in_sentence(label: str) -> str:
    """A level's label inside a sentence: "cấp Quận", "cấp cơ sở", "các đơn vị trực thuộc"."""
    return label[:1].lower() + label[1:]


def _generic_labels() -> dict[str, str]:
    return {level: str(label) for level, label in Target.Level.choices}


def check_parts_against_whole(targets, labels: dict[str, str] | None = None) -> list[Finding]:
    """Quarters against the year, months against their quarter, for each metric and level
    (named by ``labels``, see ``targets.levels``; the generic words without)."""
    labels = labels or _generic_labels()
    findings = []
    for (metric, _level), series in _series(targets).items():
        amounts = per_period_amounts(series)
        by_period = {t.period: t for t in series}
        for whole in sorted(by_period):
            part_kind = {Kind.YEAR: Kind.QUARTER, Kind.QUARTER: Kind.MONTH}.get(whole.kind)
            parts = sorted(p for p in amounts if p.kind == part_kind and whole.contains(p))
            if not parts:
                continue
            total = sum(amounts[p] for p in parts)
            if total != amounts[whole]:
                detail = " + ".join(f"{p.short_label} {number(amounts[p])}" for p in parts)
                findings.append(
                    Finding(
                        "parts-vs-whole",
                        _(
                            "%(metric)s, %(level)s: %(detail)s = %(total)s %(uom)s, but "
                            "%(whole)s asks %(expected)s%(where)s."
                        )
                        % {
                            "metric": metric.name,
                            "level": _in_sentence(labels[by_period[whole].level]),
                            "detail": detail,
                            "total": number(total),
                            "uom": metric.unit_of_measure,
                            "whole": whole.label,
                            "expected": number(amounts[whole]),
                            "where": _where(by_period[whole]),
                        },
                    )
                )
    return findings


def check_levels_against_total(targets, labels: dict[str, str] | None = None) -> list[Finding]:
    """The issuing unit's own share plus its child units' share against the total."""
    labels = labels or _generic_labels()
    findings = []
    cells = defaultdict(dict)
    for (metric, level), series in _series(targets).items():
        amounts = per_period_amounts(series)
        sources = {t.period: t for t in series}
        for period, amount in amounts.items():
            cells[(metric, period)][level] = (amount, sources[period])
    for (metric, period), levels in sorted(cells.items(), key=lambda i: (i[0][0].order, i[0][1])):
        if "total" not in levels or not ({"own", "children"} & levels.keys()):
            continue
        own = levels.get("own", (Decimal(0), None))[0]
        children = levels.get("children", (Decimal(0), None))[0]
        total, source = levels["total"]
        if own + children != total:
            findings.append(
                Finding(
                    "levels-vs-total",
                    _(
                        "%(metric)s, %(period)s: %(own_level)s %(own)s plus %(children_level)s "
                        "%(children)s make %(sum)s %(uom)s, but the total is %(total)s%(where)s."
                    )
                    % {
                        "metric": metric.name,
                        "period": period.label,
                        "own_level": _in_sentence(labels["own"]),
                        "children_level": _in_sentence(labels["children"]),
                        "own": number(own),
                        "children": number(children),
                        "sum": number(own + children),
                        "uom": metric.unit_of_measure,
                        "total": number(total),
                        "where": _where(source),
                    },
                )
            )
    return findings


def _allocated(allocation_set) -> dict:
    by_metric = defaultdict(list)
    for allocation in allocation_set.allocations.all():
        by_metric[allocation.metric].append(allocation)
    return by_metric


def _share_text(allocations) -> str:
    values = {a.value for a in allocations}
    if len(values) == 1:
        return _("%(count)s units × %(each)s") % {
            "count": len(allocations),
            "each": number(values.pop()),
        }
    return _("%(count)s units") % {"count": len(allocations)}


def check_allocations_against_children(
    targets, allocation_sets, labels: dict[str, str] | None = None
) -> list[Finding]:
    """Each share-out summed over the units against the child units' target up to the
    end of its period: minimums that add up to more cannot all be met; exact shares
    must add up to the target."""
    children_level = _in_sentence((labels or _generic_labels())["children"])
    findings = []
    children = defaultdict(list)
    for target in targets:
        if target.level == "children" and target.metric.is_additive:
            children[target.metric].append(target)
    for allocation_set in allocation_sets:
        period = allocation_set.period
        for metric, allocations in _allocated(allocation_set).items():
            if not metric.is_additive:
                continue
            available = cumulative_through(children[metric], period.end)
            if available is None:
                continue
            total = sum(a.value for a in allocations)
            if allocation_set.is_minimum and total > available:
                code, text = (
                    "allocations-exceed",
                    _(
                        "%(metric)s: %(where)s asks at least %(shares)s = %(total)s %(uom)s "
                        "by the end of %(period)s, more than the %(available)s of the roadmap "
                        "of %(children_level)s: these minimums cannot all be met."
                    ),
                )
            elif not allocation_set.is_minimum and total != available:
                code, text = (
                    "allocations-vs-children",
                    _(
                        "%(metric)s: %(where)s shares out %(shares)s = %(total)s %(uom)s by the "
                        "end of %(period)s, but the roadmap of %(children_level)s asks "
                        "%(available)s."
                    ),
                )
            else:
                continue
            findings.append(
                Finding(
                    code,
                    text
                    % {
                        "metric": metric.name,
                        "where": allocation_set.source_ref,
                        "shares": _share_text(allocations),
                        "total": number(total),
                        "uom": metric.unit_of_measure,
                        "period": period.label,
                        "available": number(available),
                        "children_level": children_level,
                    },
                )
            )
    return findings


def check_conflicting_allocations(allocation_sets) -> list[Finding]:
    """Two share-outs of one metric to the same units that cannot both hold: an earlier
    deadline asking more than a later one, or one deadline with two numbers."""
    findings = []
    ordered = sorted(allocation_sets, key=lambda s: (s.period.end, s.source_ref))
    for first, second in combinations(ordered, 2):
        first_shares, second_shares = _allocated(first), _allocated(second)
        for metric in first_shares.keys() & second_shares.keys():
            later = {a.unit_id: a.value for a in second_shares[metric]}
            same_deadline = first.period.end == second.period.end
            clashing = [
                a
                for a in first_shares[metric]
                if a.unit_id in later
                and (a.value > later[a.unit_id] or (same_deadline and a.value != later[a.unit_id]))
            ]
            if not clashing:
                continue
            findings.append(
                Finding(
                    "conflicting-allocations",
                    _(
                        "%(metric)s: %(first)s asks %(first_value)s by the end of "
                        "%(first_period)s, but %(second)s asks %(second_value)s by the end "
                        "of %(second_period)s, for %(count)s units. The two sections "
                        "disagree."
                    )
                    % {
                        "metric": metric.name,
                        "first": first.source_ref,
                        "first_value": " / ".join(sorted({number(a.value) for a in clashing})),
                        "first_period": first.period.label,
                        "second": second.source_ref,
                        "second_value": " / ".join(
                            sorted({number(later[a.unit_id]) for a in clashing})
                        ),
                        "second_period": second.period.label,
                        "count": len(clashing),
                    },
                )
            )
    return findings


def check_milestones_in_period(plan, milestones) -> list[Finding]:
    findings = []
    for milestone in milestones:
        if milestone.month_only:
            first_day = milestone.on.replace(day=1)
            last_day = Period.month(milestone.on.year, milestone.on.month).end
        else:
            first_day = last_day = milestone.on
        if last_day < plan.starts_on or first_day > plan.ends_on:
            findings.append(
                Finding(
                    "milestone-outside-period",
                    _(
                        "Timeline: “%(step)s” (%(when)s) falls outside the plan's period "
                        "%(start)s – %(end)s."
                    )
                    % {
                        "step": milestone.step,
                        "when": milestone.when,
                        "start": f"{plan.starts_on:%d/%m/%Y}",
                        "end": f"{plan.ends_on:%d/%m/%Y}",
                    },
                )
            )
    return findings


def check_targets_in_period(plan, targets) -> list[Finding]:
    findings = []
    for target in targets:
        period = target.period
        if period.end < plan.starts_on or period.start > plan.ends_on:
            findings.append(
                Finding(
                    "target-outside-period",
                    _("%(metric)s: a target for %(period)s lies outside the plan's period.")
                    % {"metric": target.metric.name, "period": period.label},
                )
            )
    return findings


def check_allocated_units(plan, allocation_sets) -> list[Finding]:
    """Shares may only go to units below the issuing unit."""
    findings = []
    for allocation_set in allocation_sets:
        for allocation in allocation_set.allocations.all():
            unit = allocation.unit
            if unit.pk == plan.issuing_unit_id or not unit.is_within(plan.issuing_unit):
                findings.append(
                    Finding(
                        "unit-outside-subtree",
                        _(
                            "%(where)s gives %(unit)s a target for %(metric)s, but "
                            "%(unit)s is not a unit of %(issuer)s."
                        )
                        % {
                            "where": allocation_set.source_ref,
                            "unit": unit.name,
                            "metric": allocation.metric.name,
                            "issuer": plan.issuing_unit.name,
                        },
                    )
                )
    return findings


def check_plan(
    plan, *, targets, allocation_sets, milestones, labels: dict[str, str] | None = None
) -> list[Finding]:
    """Every finding about one version of a plan's roadmap and its timeline, its levels
    named by ``labels`` (``targets.levels.plan_level_labels``; the generic words without)."""
    return [
        *check_parts_against_whole(targets, labels),
        *check_levels_against_total(targets, labels),
        *check_allocations_against_children(targets, allocation_sets, labels),
        *check_conflicting_allocations(allocation_sets),
        *check_allocated_units(plan, allocation_sets),
        *check_targets_in_period(plan, targets),
        *check_milestones_in_period(plan, milestones),
    ]
