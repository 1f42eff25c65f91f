"""Actual against roadmap, computed by hand for a small Bình Tân plan."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from reports import services
from reports.progress import AT_RISK, ON_TRACK, plan_progress, status_of
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import UnitFactory
from tests.reports.conftest import row

pytestmark = pytest.mark.django_db
Q1, Q2 = Period.quarter(2024, 1), Period.quarter(2024, 2)


def test_a_branch_founded_on_31_march_counts_in_quarter_one_and_on_1_april_in_two(
    tree, plan, activity
):
    an_lac_april = services.report_open(unit=tree.an_lac, month=date(2024, 4, 1))
    services.report_accept(report=an_lac_april, user=tree.staff)
    chi_doan = row(plan_progress(plan=plan, today=date(2024, 6, 30)), "new-chi-doan", "children")
    assert chi_doan.planned == [7, 16, 16, 16]
    assert chi_doan.actual[:2] == [1, 2]


def test_progress_counts_accepted_reports_unless_asked_for_submitted_ones(tree, plan, activity):
    accepted = row(plan_progress(plan=plan, today=date(2024, 4, 30)), "new-doan-vien", "children")
    assert accepted.done == 12
    with_submitted = row(
        plan_progress(plan=plan, today=date(2024, 4, 30), include_submitted=True),
        "new-doan-vien",
        "children",
    )
    assert with_submitted.done == 17  # An Lạc's 5 are submitted, not yet accepted


def test_percent_status_and_forecast_at_the_end_of_april(tree, plan, activity):
    chi_doan = row(plan_progress(plan=plan, today=date(2024, 4, 30)), "new-chi-doan", "children")
    assert chi_doan.target == 16
    assert chi_doan.done == 1  # An Lạc's April chi đoàn waits for review
    assert chi_doan.percent == Decimal("6.3")  # 1 / 16
    # by 30/04: all of Q I (7) and 30 of Q II's 91 days of 9 → 7 + 2.97 = 9.97 expected
    assert chi_doan.expected_now.quantize(Decimal("0.01")) == Decimal("9.97")
    assert chi_doan.status == AT_RISK
    # 1 done in 121 of 2024's 366 days → 3.0 at that pace by 31/12
    assert chi_doan.forecast == Decimal("3.0")


def test_the_issuing_units_own_level_counts_only_its_own_reports(tree, plan, activity):
    own = row(plan_progress(plan=plan, today=date(2024, 4, 30)), "new-chi-doan", "own")
    assert own.done == 0


@pytest.mark.parametrize(
    ("done", "target", "expected", "status"),
    [
        (16, 16, 10, "achieved"),
        (10, 16, 10, "on_track"),
        (7, 16, 10, "behind"),
        (6, 16, 10, "at_risk"),
        (0, 16, 0, ON_TRACK),
    ],
)
def test_the_status_rule(done, target, expected, status):
    assert (
        status_of(done=Decimal(done), target=Decimal(target), expected_now=Decimal(expected))
        == status
    )


def test_coverage_is_read_off_the_registry_at_a_date(tree, plan):
    coverage = Metric.objects.get(code="coverage-doan-500")
    roadmap_save(
        plan=plan,
        user=None,
        reason="Bổ sung chỉ tiêu bao phủ",
        cells=[
            TargetCell(coverage, "total", Period.year(2024), Decimal(100)),
        ],
    )
    tree.enterprise.doan_since = date(2024, 5, 1)  # 1,200 workers
    tree.enterprise.save()
    progress = plan_progress(plan=plan, today=date(2024, 4, 30))
    assert row(progress, "coverage-doan-500", "total").done == 0
    progress = plan_progress(plan=plan, today=date(2024, 6, 30))
    covered = row(progress, "coverage-doan-500", "total")
    assert (covered.done, covered.status) == (Decimal("100.0"), "achieved")


def test_progress_costs_the_same_queries_for_10_or_50_wards(
    tree, plan, activity, django_assert_max_num_queries
):
    for n in range(8):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")
    with django_assert_max_num_queries(30) as ten:
        plan_progress(plan=plan, today=date(2024, 6, 30))
    for n in range(8, 48):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")
    with django_assert_max_num_queries(30) as fifty:
        plan_progress(plan=plan, today=date(2024, 6, 30))
    assert len(fifty.captured_queries) == len(ten.captured_queries)


def test_the_progress_page_shows_each_target_and_each_ward(client, tree, plan, activity):
    client.force_login(tree.leader)
    with time_machine.travel("2024-04-30 12:00 +07:00", tick=False):
        body = client.get(reverse("plans:progress", args=[plan.pk])).content.decode()
    assert "Tiến độ thực hiện so với lộ trình" in body
    assert "có nguy cơ không đạt" in body  # chi đoàn of the wards: 1 done, 9,97 expected
    assert "Cách xếp loại" in body
    assert "Đoàn phường Bình Trị Đông B" in body and "Đoàn phường An Lạc" in body


def test_counting_submitted_reports_is_said_on_the_page(client, tree, plan, activity):
    client.force_login(tree.leader)
    url = reverse("plans:progress", args=[plan.pk])
    body = client.get(url, {"ke-ca-chua-duyet": "1"}).content.decode()
    assert "gồm cả báo cáo đã nộp nhưng chưa được duyệt" in body


def test_the_progress_page_costs_the_same_queries_for_10_or_50_wards(
    client, tree, plan, activity, django_assert_max_num_queries
):
    client.force_login(tree.leader)
    url = reverse("plans:progress", args=[plan.pk])
    for n in range(8):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")
    with django_assert_max_num_queries(40) as ten:
        client.get(url)
    for n in range(8, 48):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")
    with django_assert_max_num_queries(40) as fifty:
        client.get(url)
    assert len(fifty.captured_queries) == len(ten.captured_queries)
