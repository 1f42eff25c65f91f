"""A small Bình Tân plan and a known set of reports, for the progress tests.

The roadmap: chi đoàn by the wards together, 7 in Q I and 9 in Q II; 1 by the district
itself in Q I; 100 đoàn viên by the wards in Q II. The reports: Bình Trị Đông B founds a
chi đoàn on 31/03 (accepted) and admits 12 đoàn viên in April (accepted); An Lạc founds a
chi đoàn on 01/04 and admits 5 đoàn viên in April (submitted, not accepted)."""

from datetime import date
from decimal import Decimal

import pytest

from plans.models import Plan
from targets.models import Metric
from targets.periods import Period
from targets.services import allocation_set_save
from tests.factories import PlanFactory, monthly_report, small_roadmap

Q1, Q2 = Period.quarter(2024, 1), Period.quarter(2024, 2)


@pytest.fixture
def plan(tree):
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    small_roadmap(plan)
    plan.status = Plan.Status.ISSUED
    plan.save()
    return plan


def row(progress, code, level):
    return next(r for r in progress if r.metric.code == code and r.level == level)


@pytest.fixture
def activity(tree, plan):
    monthly_report(
        tree.binh_tri_dong_b,
        date(2024, 3, 1),
        tree.secretary,
        founded_on=date(2024, 3, 31),
        staff=tree.staff,
    )
    monthly_report(
        tree.an_lac,
        date(2024, 4, 1),
        tree.other_secretary,
        founded_on=date(2024, 4, 1),
        doan_vien=5,
    )
    monthly_report(
        tree.binh_tri_dong_b, date(2024, 4, 1), tree.secretary, doan_vien=12, staff=tree.staff
    )


@pytest.fixture
def allocated(tree, plan):
    """Bình Trị Đông B must found 2 chi đoàn by the end of Q II (Mục III.1)."""
    chi_doan = Metric.objects.get(code="new-chi-doan")
    allocation_set_save(
        plan=plan,
        user=tree.staff,
        allocation_set=None,
        period=Q2,
        source_ref="Mục III.1",
        is_minimum=True,
        note="",
        values={(tree.binh_tri_dong_b.pk, chi_doan.pk): Decimal(2)},
        reason="Giao chỉ tiêu cho phường",
    )
