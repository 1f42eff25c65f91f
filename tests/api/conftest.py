from datetime import date

import pytest

from api.models import ApiToken
from plans.models import Plan
from reports import services as report_services
from targets.models import Metric
from targets.periods import Period
from tests.factories import PlanFactory, UnitFactory, share_out, small_roadmap

Q1, Q2 = Period.quarter(2024, 1), Period.quarter(2024, 2)


@pytest.fixture
def plan(tree) -> Plan:
    """Bình Tân's issued 2024 plan: chi đoàn by quarter, đoàn viên in Quý II, and
    Mục II.4.3 giving each of its wards 2 chi đoàn and 10 đoàn viên."""
    plan = PlanFactory(
        issuing_unit=tree.binh_tan, number="105-KH/QĐBT", title="Kế hoạch phát triển đoàn viên"
    )
    small_roadmap(plan)
    allocate(plan, [tree.binh_tri_dong_b, tree.an_lac])
    plan.status = Plan.Status.ISSUED
    plan.save()
    return plan


def allocate(plan: Plan, wards) -> None:
    """(Re)writes Mục II.4.3 for ``wards``: 2 chi đoàn and 10 đoàn viên each."""
    chi_doan = Metric.objects.get(code="new-chi-doan")
    doan_vien = Metric.objects.get(code="new-doan-vien")
    existing = plan.roadmap_versions.current().allocation_sets.first()
    values = {(ward.pk, chi_doan.pk): 2 for ward in wards}
    values |= {(ward.pk, doan_vien.pk): 10 for ward in wards}
    share_out(plan, values, allocation_set=existing, reason="Bổ sung phường")


@pytest.fixture
def grow(tree, plan):
    """Gives Bình Tân ``count`` wards in all, each with its allocation and an accepted
    report of January 2024 (what a per-ward query would show)."""

    def to(count: int) -> None:
        wards = list(tree.binh_tan.children.filter(kind__is_branch=False))
        for n in range(len(wards), count):
            ward = UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {n:02d}")
            report = report_services.report_open(unit=ward, month=date(2024, 1, 1))
            report_services.report_submit(report=report, user=tree.staff)
            report_services.report_accept(report=report, user=tree.staff)
            wards.append(ward)
        allocate(plan, wards)

    return to


@pytest.fixture
def bearer(tree):
    """The Authorization header of a new personal token of ``user``."""

    def header(user) -> dict:
        _token, key = ApiToken.objects.issue(user=user, name="Báo cáo tuần")
        return {"Authorization": f"Bearer {key}"}

    return header
