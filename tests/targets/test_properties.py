"""The roadmap's consistency checks and its sums over time, for any roadmap (property-based:
Hypothesis builds many, with numbers to the hundredth as the grid takes them).

The rules the plan page flags by: for each metric and level, the quarters a roadmap
gives must add up to its year and the months to their quarter; the issuing unit's own
share plus its child units' must make the total; share-outs must fit the child units'
roadmap up to their deadline; percentages are never summed. A target written as a running
total (lũy kế) means the same as the amount it adds."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.models import Plan
from targets.checks import (
    check_levels_against_total,
    check_parts_against_whole,
    check_plan,
    cumulative_through,
    number,
    planned_between,
)
from targets.models import Metric, Target
from targets.periods import Kind, Period
from targets.selectors import plan_findings, roadmap_of
from targets.services import TargetCell, allocation_set_save, roadmap_save
from tests.factories import PlanFactory, rolled_back
from tests.properties import database_examples, examples

PROPERTIES = examples(150)
DB_PROPERTIES = database_examples()

YEAR = Period.year(2024)
QUARTERS = [Period.quarter(2024, n) for n in range(1, 5)]
MONTHS = [Period.month(2024, n) for n in range(1, 13)]
LEVELS = ["total", "own", "children"]
CODES = {
    "parts-vs-whole",
    "levels-vs-total",
    "allocations-exceed",
    "allocations-vs-children",
    "conflicting-allocations",
    "unit-outside-subtree",
    "target-outside-period",
    "milestone-outside-period",
}

# What a grid cell takes: not negative, to the hundredth. Small enough that twelve months
# of them still fit the database's twelve digits when a test adds them up.
values = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
any_values = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)


def in_memory_metric(pk: int, source: str = Metric.Source.REPORTED) -> Metric:
    return Metric(
        pk=pk,
        code=f"chi-tieu-{pk}",
        name=f"Chỉ tiêu {pk}",
        unit_of_measure="chi đoàn",
        source=source,
        order=pk,
    )


CHI_DOAN = in_memory_metric(1)
DOAN_VIEN = in_memory_metric(2)
COVERAGE = in_memory_metric(3, Metric.Source.COVERAGE)


def ref(metric: Metric, level: str, period: Period) -> str:
    """Where in the plan a target is written: unique, so a finding can be traced to it."""
    return f"[{metric.pk} {level} {period.key}]"


def target(metric, level, period, value, cumulative=False) -> Target:
    """A roadmap row as ``roadmap_of`` loads it, without the database."""
    return Target(
        metric=metric,
        level=level,
        period_kind=period.kind,
        period_start=period.start,
        value=value,
        is_cumulative=cumulative,
        source_ref=ref(metric, level, period),
    )


def in_memory_plan() -> Plan:
    return Plan(year=2024, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))


def months_of(quarter: Period) -> list[Period]:
    return [m for m in MONTHS if quarter.contains(m)]


@st.composite
def year_of_targets(draw) -> dict[Period, Decimal]:
    """Some of a year's periods with what each asks of itself: some months, some quarters,
    perhaps the year. A quarter is often its months' sum and the year its quarters' sum, as
    careful writers make them; otherwise any number."""
    amounts = draw(st.dictionaries(st.sampled_from(MONTHS), values, max_size=12))
    for quarter in QUARTERS:
        parts = [amounts[m] for m in months_of(quarter) if m in amounts]
        choice = draw(st.sampled_from(["absent", "sum", "any"]))
        if choice == "sum" and parts:
            amounts[quarter] = sum(parts, Decimal(0))
        elif choice != "absent":
            amounts[quarter] = draw(values)
    quarters = [amounts[q] for q in QUARTERS if q in amounts]
    choice = draw(st.sampled_from(["absent", "sum", "any"]))
    if choice == "sum" and quarters:
        amounts[YEAR] = sum(quarters, Decimal(0))
    elif choice != "absent":
        amounts[YEAR] = draw(values)
    return amounts


def parts_of(whole: Period, amounts: dict[Period, Decimal]) -> list[Decimal]:
    """The year's quarters, or the quarter's months, that the roadmap gives."""
    kind = Kind.QUARTER if whole.kind == Kind.YEAR else Kind.MONTH
    return [a for p, a in amounts.items() if p.kind == kind and whole.contains(p)]


def wholes_that_miss(amounts: dict[Period, Decimal]) -> set[Period]:
    """The year when the quarters given do not add up to it; each quarter whose months
    given do not add up to it. Periods with no parts given are not compared."""
    return {
        whole
        for whole in [YEAR, *QUARTERS]
        if whole in amounts
        and parts_of(whole, amounts)
        and sum(parts_of(whole, amounts), Decimal(0)) != amounts[whole]
    }


def written_as(metric, level, amounts: dict[Period, Decimal], cumulative: list[bool]):
    """The same targets, each written per period or as a running total of its kind (the
    value through the end of its period) as ``cumulative`` says, in period order."""
    targets, running = [], {}
    for period, flag in zip(sorted(amounts), cumulative[: len(amounts)], strict=True):
        running[period.kind] = running.get(period.kind, Decimal(0)) + amounts[period]
        value = running[period.kind] if flag else amounts[period]
        targets.append(target(metric, level, period, value, flag))
    return targets


def flagged_refs(findings, code: str) -> list[str]:
    return sorted(
        r
        for f in findings
        if f.code == code
        for r in [f.message[f.message.index("[") : f.message.index("]") + 1]]
    )


# The sums of the checks


@PROPERTIES
@given(amounts=year_of_targets())
def test_a_year_or_quarter_is_flagged_exactly_when_its_parts_do_not_add_up_to_it(amounts):
    """Per period targets: the year is flagged when the quarters given do not add up to
    it, a quarter when its months given do not; once each, naming the sum and the number
    asked. Months are never compared with the year directly."""
    targets = [target(CHI_DOAN, "total", p, v) for p, v in amounts.items()]
    findings = check_parts_against_whole(targets)

    expected = wholes_that_miss(amounts)
    assert flagged_refs(findings, "parts-vs-whole") == sorted(
        ref(CHI_DOAN, "total", w) for w in expected
    )
    for finding in findings:
        whole = next(w for w in expected if ref(CHI_DOAN, "total", w) in finding.message)
        assert f"= {number(sum(parts_of(whole, amounts), Decimal(0)))} " in finding.message
        assert number(amounts[whole]) in finding.message


@PROPERTIES
@given(amounts=year_of_targets(), data=st.data())
def test_running_totals_are_flagged_exactly_as_the_same_roadmap_written_per_period(amounts, data):
    """Whichever cells are written as running totals (lũy kế) and whichever per period,
    a roadmap asking the same of each period gets the very same findings."""
    flags = data.draw(st.lists(st.booleans(), min_size=len(amounts), max_size=len(amounts)))
    plan = in_memory_plan()
    per_period = written_as(CHI_DOAN, "total", amounts, [False] * len(amounts))
    mixed = written_as(CHI_DOAN, "total", amounts, flags)

    assert check_plan(plan, targets=mixed, allocation_sets=[], milestones=[]) == check_plan(
        plan, targets=per_period, allocation_sets=[], milestones=[]
    )


@st.composite
def levels_of_a_period(draw) -> dict[str, Decimal]:
    """Some of total, own and children for one period; the total often their sum."""
    cell = draw(st.dictionaries(st.sampled_from(["own", "children"]), values))
    choice = draw(st.sampled_from(["absent", "sum", "any"]))
    if choice == "sum":
        cell["total"] = sum(cell.values(), Decimal(0))
    elif choice == "any":
        cell["total"] = draw(values)
    return cell


@PROPERTIES
@given(cells=st.dictionaries(st.sampled_from([YEAR, *QUARTERS]), levels_of_a_period()))
def test_a_total_is_flagged_exactly_when_own_plus_children_do_not_make_it(cells):
    """For each period with a total and at least one of the levels below it, the issuing
    unit's own share plus the child units' (a missing one counts 0) must make the total;
    a total alone, or levels without a total, are not checked."""
    targets = [
        target(DOAN_VIEN, level, period, value)
        for period, cell in cells.items()
        for level, value in cell.items()
    ]
    findings = check_levels_against_total(targets)

    expected = [
        ref(DOAN_VIEN, "total", period)
        for period, cell in cells.items()
        if "total" in cell
        and cell.keys() & {"own", "children"}
        and cell.get("own", 0) + cell.get("children", 0) != cell["total"]
    ]
    assert flagged_refs(findings, "levels-vs-total") == sorted(expected)


cells = st.tuples(
    st.sampled_from([CHI_DOAN, DOAN_VIEN, COVERAGE]),
    st.sampled_from(LEVELS),
    st.sampled_from(
        [
            p
            for year in (2023, 2024, 2025)
            for p in [
                Period.year(year),
                *(Period.quarter(year, n) for n in range(1, 5)),
                *(Period.month(year, n) for n in range(1, 13)),
            ]
        ]
    ),
)
roadmaps = st.dictionaries(cells, st.tuples(any_values, st.booleans()), max_size=30)


@PROPERTIES
@given(roadmap=roadmaps)
def test_percentages_are_never_summed(roadmap):
    """A coverage metric (a share of the registry, not a count) gets no finding about sums,
    whatever its numbers for whatever periods and levels."""
    targets = [
        target(COVERAGE, level, period, value, cumulative)
        for (_metric, level, period), (value, cumulative) in roadmap.items()
    ]
    assert check_parts_against_whole(targets) == []
    assert check_levels_against_total(targets) == []


@PROPERTIES
@given(roadmap=roadmaps, seed=st.randoms(use_true_random=False))
def test_the_checks_read_any_roadmap_without_failing_or_changing_it(roadmap, seed):
    """Any mix of metrics, levels, periods inside and outside the plan's year, running
    totals that go down, numbers up to the grid's largest: the checks answer with findings
    a person can read, change none of the numbers, give the same findings whatever order
    the rows come in, and flag exactly the targets whose period lies outside the plan."""
    targets = [
        target(metric, level, period, value, cumulative)
        for (metric, level, period), (value, cumulative) in roadmap.items()
    ]
    before = [(t.value, t.is_cumulative, t.period) for t in targets]
    plan = in_memory_plan()

    findings = check_plan(plan, targets=targets, allocation_sets=[], milestones=[])

    assert all(f.code in CODES and f.message and "%(" not in f.message for f in findings)
    assert [(t.value, t.is_cumulative, t.period) for t in targets] == before
    shuffled = list(targets)
    seed.shuffle(shuffled)
    again = check_plan(plan, targets=shuffled, allocation_sets=[], milestones=[])
    assert sorted(again, key=repr) == sorted(findings, key=repr)
    outside = [t for t in targets if t.period.start.year != 2024]
    assert len([f for f in findings if f.code == "target-outside-period"]) == len(outside)


# What a roadmap asks between two days


KINDS = {
    Kind.YEAR: [Period.year(y) for y in (2024, 2025)],
    Kind.QUARTER: [Period.quarter(y, n) for y in (2024, 2025) for n in range(1, 5)],
    Kind.MONTH: [Period.month(y, n) for y in (2024, 2025) for n in range(1, 13)],
}
days = st.dates(date(2023, 11, 1), date(2026, 2, 28))


@st.composite
def series_of_one_kind(draw) -> dict[Period, Decimal]:
    kind = draw(st.sampled_from(list(KINDS)))
    return draw(st.dictionaries(st.sampled_from(KINDS[kind]), values, min_size=1))


def close(a: Decimal, b: Decimal | Fraction) -> bool:
    """Equal to far below a hundredth: only the last of 28 digits of a division may differ."""
    return abs(Fraction(a) - Fraction(b)) < Fraction(1, 10**9)


@PROPERTIES
@given(
    amounts=series_of_one_kind(),
    window=st.lists(days, min_size=2, max_size=8, unique=True).map(sorted),
    cumulative=st.booleans(),
)
def test_what_consecutive_windows_ask_adds_up_to_what_the_whole_window_asks(
    amounts, window, cumulative
):
    """Cut a range of days into consecutive windows (months, a custom range, a quarter to
    date…): what the roadmap asks in the windows adds up to what it asks in the whole
    range, none of them negative, however the targets are written."""
    targets = written_as(CHI_DOAN, "children", amounts, [cumulative] * len(amounts))
    first, *cuts, last = window
    starts = [first, *(c + timedelta(days=1) for c in cuts)]
    ends = [*cuts, last]
    parts = [planned_between(targets, s, e) for s, e in zip(starts, ends, strict=True)]

    assert all(p >= 0 for p in parts)
    assert close(sum(parts, Decimal(0)), planned_between(targets, first, last))


@PROPERTIES
@given(amounts=series_of_one_kind(), cumulative=st.booleans())
def test_a_range_of_whole_periods_asks_exactly_their_targets(amounts, cumulative):
    """From the first day of the roadmap's first period to the last day of its last, it
    asks exactly what its targets add up to: not a hundredth lost to rounding."""
    targets = written_as(CHI_DOAN, "children", amounts, [cumulative] * len(amounts))
    first, last = min(amounts).start, max(amounts).end
    assert planned_between(targets, first, last) == sum(amounts.values(), Decimal(0))
    assert planned_between(targets, date(2000, 1, 1), first - timedelta(days=1)) == 0


@PROPERTIES
@given(
    period=st.sampled_from([*KINDS[Kind.YEAR], *KINDS[Kind.QUARTER], *KINDS[Kind.MONTH]]),
    value=values,
    data=st.data(),
)
def test_part_of_a_period_asks_its_share_of_the_days(period, value, data):
    """A window inside a period asks the period's target in proportion to its days: ten
    days of a 31-day month ask 10/31 of the month."""
    length = (period.end - period.start).days + 1
    start = data.draw(st.integers(0, length - 1))
    end = data.draw(st.integers(start, length - 1))
    inside = [target(CHI_DOAN, "children", period, value)]
    asked = planned_between(
        inside, period.start + timedelta(days=start), period.start + timedelta(days=end)
    )
    assert close(asked, Fraction(value) * (end - start + 1) / length)


@PROPERTIES
@given(amounts=series_of_one_kind(), flags=st.lists(st.booleans(), min_size=24, max_size=24))
def test_up_to_a_period_end_the_running_total_is_the_sum_of_the_periods_until_then(amounts, flags):
    """At the end of any period, what the roadmap asks since its start is the same read as
    a running total or summed period by period, however each cell is written."""
    per_period = written_as(CHI_DOAN, "children", amounts, [False] * len(amounts))
    mixed = written_as(CHI_DOAN, "children", amounts, flags)
    for period in amounts:
        until = sum((a for p, a in amounts.items() if p.end <= period.end), Decimal(0))
        assert cumulative_through(mixed, period.end) == until
        assert cumulative_through(per_period, period.end) == until
        assert planned_between(per_period, date(2000, 1, 1), period.end) == until


@PROPERTIES
@given(
    amounts=series_of_one_kind().filter(lambda a: min(a).kind != Kind.YEAR),
    years=st.dictionaries(st.sampled_from(KINDS[Kind.YEAR]), values, min_size=1),
    window=st.lists(days, min_size=2, max_size=2, unique=True).map(sorted),
)
def test_a_year_beside_its_quarters_or_months_is_not_counted_twice(amounts, years, window):
    """Between any two days, a roadmap is read from its finest periods: a yearly target
    written beside the quarters (or months) adds nothing to what they ask."""
    finer = [target(CHI_DOAN, "children", p, v) for p, v in amounts.items()]
    coarser = [target(CHI_DOAN, "children", p, v) for p, v in years.items()]
    first, last = window
    assert planned_between([*coarser, *finer], first, last) == planned_between(finer, first, last)


def test_an_empty_roadmap_asks_nothing_rather_than_zero():
    """No targets at all is not the same as targets of 0: nothing to compare against."""
    assert planned_between([], date(2024, 1, 1), date(2024, 12, 31)) is None
    assert cumulative_through([], date(2024, 12, 31)) is None


# Through the database, as the plan page reads a saved roadmap


def saved_findings(plan):
    plan.refresh_from_db()
    return plan_findings(plan, roadmap_of(plan.roadmap_versions.current()))


@pytest.mark.django_db
@DB_PROPERTIES
@given(amounts=year_of_targets(), flags=st.lists(st.booleans(), min_size=17, max_size=17))
def test_a_saved_roadmap_is_flagged_exactly_when_its_parts_do_not_add_up(tree, amounts, flags):
    """Saved through the grid and read back (numbers to the hundredth in the database, on
    SQLite as on PostgreSQL), a roadmap is flagged for exactly the periods whose parts
    miss them, running totals or not."""
    with rolled_back():
        plan = PlanFactory(issuing_unit=tree.binh_tan)
        chi_doan = Metric.objects.get(code="new-chi-doan")
        rows = written_as(chi_doan, "total", amounts, flags)
        cells = [
            TargetCell(chi_doan, "total", t.period, t.value, t.is_cumulative, t.source_ref)
            for t in rows
        ]
        roadmap_save(plan=plan, user=None, cells=cells)

        findings = saved_findings(plan)

        expected = sorted(ref(chi_doan, "total", w) for w in wholes_that_miss(amounts))
        assert flagged_refs(findings, "parts-vs-whole") == expected
        assert {f.code for f in findings} <= {"parts-vs-whole"}


@pytest.mark.django_db
@database_examples(40)
@given(
    children=st.dictionaries(st.sampled_from(QUARTERS), st.integers(0, 100).map(Decimal)),
    deadline=st.sampled_from([*QUARTERS, YEAR]),
    is_minimum=st.booleans(),
    first_share=st.integers(0, 60).map(Decimal),
    second=st.sampled_from(["fits", "one more", "one less"]) | st.integers(0, 60),
)
def test_share_outs_are_flagged_exactly_when_they_cannot_fit_the_child_units_roadmap(
    tree, children, deadline, is_minimum, first_share, second
):
    """Giving two wards their chi đoàn by a deadline: minimums are flagged when together
    they exceed what the child units' roadmap asks up to that deadline (they cannot all be
    met); exact shares when they do not add up to it. Shares that add up to it exactly are
    fine either way. Without a child units' roadmap, there is nothing to compare."""
    available = sum((v for q, v in children.items() if q.end <= deadline.end), Decimal(0))
    rest = max(available - first_share, Decimal(0))  # the second ward's share of a fit
    if isinstance(second, int):
        second_share = Decimal(second)
    else:
        second_share = {"fits": rest, "one more": rest + 1, "one less": max(rest - 1, 0)}[second]
    shares = [first_share, second_share]
    with rolled_back():
        plan = PlanFactory(issuing_unit=tree.binh_tan)
        chi_doan = Metric.objects.get(code="new-chi-doan")
        roadmap_save(
            plan=plan,
            user=None,
            cells=[TargetCell(chi_doan, "children", q, v) for q, v in children.items()],
        )
        wards = [tree.binh_tri_dong_b, tree.an_lac]
        allocation_set_save(
            plan=plan,
            user=None,
            allocation_set=None,
            period=deadline,
            source_ref="Mục II.4.3",
            is_minimum=is_minimum,
            note="",
            values={(w.pk, chi_doan.pk): v for w, v in zip(wards, shares, strict=True)},
        )

        codes = [f.code for f in saved_findings(plan)]

        total = sum(shares)
        expected = []
        if children and is_minimum and total > available:
            expected = ["allocations-exceed"]
        elif children and not is_minimum and total != available:
            expected = ["allocations-vs-children"]
        assert codes == expected


@pytest.mark.django_db
@DB_PROPERTIES
@given(
    first=st.sampled_from([*QUARTERS, YEAR]),
    second=st.sampled_from([*QUARTERS, YEAR]),
    first_shares=st.lists(st.integers(0, 5).map(Decimal), min_size=2, max_size=2),
    second_shares=st.lists(st.integers(0, 5).map(Decimal), min_size=2, max_size=2),
)
def test_two_share_outs_conflict_exactly_when_an_earlier_deadline_asks_more(
    tree, first, second, first_shares, second_shares
):
    """Two sections giving the same wards chi đoàn: they disagree when, for some ward, the
    earlier deadline asks more than the later one, or one deadline (a year ends with its
    fourth quarter) has two different numbers."""
    with rolled_back():
        plan = PlanFactory(issuing_unit=tree.binh_tan)
        chi_doan = Metric.objects.get(code="new-chi-doan")
        wards = [tree.binh_tri_dong_b, tree.an_lac]
        for period, section, shares in [
            (first, "Mục A", first_shares),
            (second, "Mục B", second_shares),
        ]:
            allocation_set_save(
                plan=plan,
                user=None,
                allocation_set=None,
                period=period,
                source_ref=section,
                is_minimum=True,
                note="",
                values={(w.pk, chi_doan.pk): v for w, v in zip(wards, shares, strict=True)},
            )

        codes = [f.code for f in saved_findings(plan)]

        pairs = list(zip(first_shares, second_shares, strict=True))
        if first.end == second.end:
            conflict = any(a != b for a, b in pairs)
        else:
            earlier_later = pairs if first.end < second.end else [(b, a) for a, b in pairs]
            conflict = any(early > late for early, late in earlier_later)
        assert codes == (["conflicting-allocations"] if conflict else [])
