"""The roadmap's consistency checks, on hand-made roadmaps whose sums are easy to redo."""

from datetime import date, time
from decimal import Decimal

import pytest

from plans.models import Milestone
from targets.checks import check_plan, number
from targets.models import Metric
from targets.periods import Period
from targets.selectors import plan_findings, roadmap_of
from targets.services import TargetCell, allocation_set_save, roadmap_save
from tests.factories import MetricFactory, PlanFactory, UnitFactory

pytestmark = pytest.mark.django_db

Q1, Q2, Q3, Q4 = (Period.quarter(2024, n) for n in range(1, 5))
YEAR = Period.year(2024)


@pytest.fixture
def plan(tree):
    return PlanFactory(issuing_unit=tree.binh_tan)


@pytest.fixture
def wards(tree):
    """Bình Tân's two wards of the shared tree and eight more: ten, as in seed 000."""
    extra = [UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {n}") for n in range(8)]
    return [tree.binh_tri_dong_b, tree.an_lac, *extra]


def chi_doan():
    return Metric.objects.get(code="new-chi-doan")


def chi_hoi():
    return Metric.objects.get(code="new-chi-hoi")


def save(plan, *cells):
    roadmap_save(plan=plan, user=None, cells=[TargetCell(*cell) for cell in cells])


def allocate(plan, units, period, source_ref, values, *, is_minimum=True):
    allocation_set_save(
        plan=plan,
        user=None,
        allocation_set=None,
        period=period,
        source_ref=source_ref,
        is_minimum=is_minimum,
        note="",
        values={(u.pk, metric.pk): Decimal(v) for u in units for metric, v in values.items()},
    )


def findings(plan):
    plan.refresh_from_db()
    return plan_findings(plan, roadmap_of(plan.roadmap_versions.current()))


def test_numbers_are_written_the_vietnamese_way():
    assert number(Decimal("27.00")) == "27"
    assert number(Decimal("35.50")) == "35,5"


def test_quarters_that_add_up_to_the_year_raise_nothing(plan):
    m = chi_doan()
    save(
        plan, (m, "total", Q1, 8), (m, "total", Q2, 15), (m, "total", Q3, 4), (m, "total", YEAR, 27)
    )
    assert findings(plan) == []


def test_quarters_that_miss_the_year_are_named_with_their_numbers(plan):
    m = chi_doan()
    save(
        plan,
        (m, "total", Q1, 8),
        (m, "total", Q2, 15),
        (m, "total", Q3, 4),
        (m, "total", YEAR, 28, False, "Mục II.4"),
    )
    [finding] = findings(plan)
    assert finding.code == "parts-vs-whole"
    assert "Quý I 8 + Quý II 15 + Quý III 4 = 27" in finding.message
    assert "Năm 2024" in finding.message and "28" in finding.message
    assert "Mục II.4" in finding.message


def test_cumulative_quarters_are_read_as_running_totals(plan):
    m = chi_doan()
    save(
        plan,
        (m, "total", Q1, 8, True),
        (m, "total", Q2, 23, True),
        (m, "total", Q3, 27, True),
        (m, "total", YEAR, 27, True),
    )
    assert findings(plan) == []


def test_a_cumulative_quarter_that_falls_short_of_the_year_is_found(plan):
    m = chi_doan()
    save(
        plan,
        (m, "total", Q1, 8, True),
        (m, "total", Q2, 23, True),
        (m, "total", Q3, 26, True),
        (m, "total", YEAR, 27, True),
    )
    [finding] = findings(plan)
    # per quarter: 8, 15, 3 → 26 against 27
    assert "Quý I 8 + Quý II 15 + Quý III 3 = 26" in finding.message


def test_months_are_checked_against_their_quarter(plan):
    m = chi_doan()
    save(
        plan,
        (m, "own", Period.month(2024, 1), 1),
        (m, "own", Period.month(2024, 2), 1),
        (m, "own", Q1, 3),
    )
    [finding] = findings(plan)
    assert "T1 1 + T2 1 = 2" in finding.message and "Quý I/2024" in finding.message


def test_own_plus_child_units_must_make_the_total(plan):
    m = chi_doan()
    save(plan, (m, "total", Q1, 8, False, "Mục II.4.1"), (m, "own", Q1, 1), (m, "children", Q1, 6))
    [finding] = findings(plan)
    assert finding.code == "levels-vs-total"
    assert "1" in finding.message and "6" in finding.message
    assert "7 chi đoàn" in finding.message and "8" in finding.message
    assert "Quý I/2024" in finding.message


def test_a_total_alone_is_not_checked_against_levels(plan):
    m = chi_doan()
    save(plan, (m, "total", YEAR, 27))
    assert findings(plan) == []


def test_percentages_are_never_summed(plan):
    coverage = Metric.objects.get(code="coverage-doan-500")
    save(
        plan,
        (coverage, "total", Q1, 100),
        (coverage, "total", Q2, 100),
        (coverage, "total", YEAR, 100),
        (coverage, "own", YEAR, 100),
    )
    assert findings(plan) == []


def test_minimums_beyond_the_child_units_target_cannot_all_be_met(plan, wards):
    m = chi_hoi()
    save(plan, (m, "children", Q1, 7), (m, "children", Q2, 9), (m, "children", Q3, 5))
    allocate(plan, wards, Q3, "Mục III.2.2", {m: 3})
    [finding] = findings(plan)
    assert finding.code == "allocations-exceed"
    assert "10 đơn vị × 3 = 30" in finding.message
    assert "21" in finding.message and "Quý III/2024" in finding.message
    assert "Mục III.2.2" in finding.message


def test_minimums_within_the_child_units_target_are_fine(plan, wards):
    m = chi_hoi()
    save(plan, (m, "children", Q1, 7), (m, "children", Q2, 9), (m, "children", Q3, 5))
    allocate(plan, wards, YEAR, "Mục II.4.3", {m: 2})
    assert findings(plan) == []


def test_minimums_are_compared_with_the_target_up_to_their_deadline(plan, wards):
    m = chi_doan()
    save(plan, (m, "children", Q1, 7), (m, "children", Q2, 9), (m, "children", Q3, 4))
    allocate(plan, wards, Q2, "Mục X", {m: 2})  # 20 by the end of Q II, but 7 + 9 = 16
    [finding] = findings(plan)
    assert "20" in finding.message and "16" in finding.message


def test_exact_shares_must_add_up_to_the_child_units_target(plan, wards):
    m = chi_hoi()
    save(plan, (m, "children", YEAR, 21))
    allocate(plan, wards, YEAR, "Phụ lục", {m: 2}, is_minimum=False)
    [finding] = findings(plan)
    assert finding.code == "allocations-vs-children"
    assert "20" in finding.message and "21" in finding.message


def test_two_sections_that_disagree_on_one_metric_are_flagged(plan, wards):
    m = chi_hoi()
    allocate(plan, wards, YEAR, "Mục II.4.3", {m: 2})
    allocate(plan, wards, Q3, "Mục III.2.2", {m: 3})
    [finding] = findings(plan)
    assert finding.code == "conflicting-allocations"
    assert "Mục III.2.2" in finding.message and "Mục II.4.3" in finding.message
    assert "3" in finding.message and "2" in finding.message
    assert "10 đơn vị" in finding.message


def test_a_later_deadline_asking_more_is_no_conflict(plan, wards):
    m = chi_doan()
    allocate(plan, wards, Q2, "Mục A", {m: 1})
    allocate(plan, wards, YEAR, "Mục B", {m: 2})
    assert findings(plan) == []


def test_one_deadline_with_two_numbers_is_a_conflict(plan, wards):
    m = chi_doan()
    allocate(plan, wards[:3], YEAR, "Mục A", {m: 2})
    allocate(plan, wards[:3], YEAR, "Mục B", {m: 3})
    [finding] = findings(plan)
    assert "3 đơn vị" in finding.message


def test_a_milestone_outside_the_plan_period_is_flagged(plan):
    Milestone.objects.create(plan=plan, on=date(2025, 1, 15), step="Tổng kết")
    Milestone.objects.create(plan=plan, on=date(2024, 10, 1), month_only=True, step="Đánh giá")
    Milestone.objects.create(plan=plan, on=date(2024, 4, 15), at=time(16), step="Gửi kế hoạch")
    [finding] = findings(plan)
    assert finding.code == "milestone-outside-period"
    assert "Tổng kết" in finding.message and "15/01/2025" in finding.message


def test_a_target_for_a_unit_outside_the_issuing_units_subtree_is_flagged(plan, tree):
    allocate(plan, [tree.an_lac, tree.thanh_loc], YEAR, "Mục II.4.3", {chi_doan(): 2})
    [finding] = findings(plan)
    assert finding.code == "unit-outside-subtree"
    assert "Đoàn phường Thạnh Lộc" in finding.message
    assert "Đoàn phường An Lạc" not in finding.message


def test_check_plan_reads_no_database_once_rows_are_loaded(plan, wards, django_assert_num_queries):
    m = chi_hoi()
    save(plan, (m, "children", Q3, 21))
    allocate(plan, wards, Q3, "Mục III.2.2", {m: 3})
    roadmap = roadmap_of(plan.roadmap_versions.get())
    allocation_sets = roadmap.allocation_sets  # read when first asked for: two queries
    milestones = list(plan.milestones.all())
    plan = type(plan).objects.select_related("issuing_unit").get(pk=plan.pk)
    with django_assert_num_queries(0):
        found = check_plan(
            plan,
            targets=roadmap.targets,
            allocation_sets=allocation_sets,
            milestones=milestones,
        )
    assert [f.code for f in found] == ["allocations-exceed"]


def test_a_metric_factory_reuses_the_catalogue():
    assert MetricFactory(code="new-chi-doan").name == "Thành lập mới chi đoàn"
