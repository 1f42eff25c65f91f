"""``seed_scale``: data at the size of a city or of the country, built through the app's own
code paths, reproducibly, with every figure the pages show adding up."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from organizations.models import Unit, User
from organizations.provinces import official_provinces
from plans.models import Plan
from reports import scale
from reports.models import MonthlyReport, ReportValue
from reports.progress import plan_progress
from targets.models import Allocation

pytestmark = pytest.mark.django_db
NOW = timezone.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_default_timezone())


def hcm_names(count: int) -> list[str]:
    (hcm,) = official_provinces(["79"])
    return [ward.union_name for ward in hcm.wards[:count]]


def test_a_city_of_12_wards_over_two_years_of_reports():
    built = scale.build(wards=12, provinces=1, years=2, seed=7, now=NOW)
    (city,) = built.unions
    assert city.name == "Thành Đoàn TP. Hồ Chí Minh (quy mô 7)" and city.parent is None
    wards = list(city.children.order_by("path"))
    assert [w.name for w in wards] == hcm_names(12)  # the official names, in code order
    assert User.objects.filter(unit__in=wards, role=User.Role.SECRETARY).count() == 12
    assert User.objects.filter(unit=city).count() == 2  # staff and leadership
    assert not any(user.has_usable_password() for user in User.objects.filter(unit=city))

    plans = list(Plan.objects.filter(issuing_unit=city).order_by("starts_on"))
    assert [(p.starts_on, p.status) for p in plans] == [
        (date(2025, 1, 1), Plan.Status.ISSUED),
        (date(2026, 1, 1), Plan.Status.ISSUED),
    ]
    # Each ward is given its share of three metrics in each plan.
    for plan in plans:
        allocated = Allocation.objects.filter(allocation_set__version__plan=plan)
        assert allocated.count() == 12 * 3
        assert {a.unit_id for a in allocated} == {w.pk for w in wards}

    # January 2025 to November 2026: 23 months; a ward may have missed some.
    reports = MonthlyReport.objects.filter(unit__in=wards)
    per_ward = reports.values("unit").annotate(n=Count("pk"))
    assert all(15 <= row["n"] <= 23 for row in per_ward) and len(per_ward) == 12
    assert reports.filter(month=date(2026, 12, 1)).count() == 0
    assert built.reports == reports.count() == sum(built.by_status.values())
    # The months long past are reviewed; November (due 10/12) is still being written.
    old = reports.filter(month__lt=date(2026, 10, 1))
    assert set(old.values_list("status", flat=True)) <= {
        MonthlyReport.Status.ACCEPTED,
        MonthlyReport.Status.RETURNED,
    }
    november = set(reports.filter(month=date(2026, 11, 1)).values_list("status", flat=True))
    assert MonthlyReport.Status.ACCEPTED not in november


def test_the_plans_progress_counts_exactly_the_accepted_reports_of_its_year():
    built = scale.build(wards=12, provinces=1, years=2, seed=3, now=NOW)
    plan = Plan.objects.get(issuing_unit=built.unions[0], starts_on=date(2026, 1, 1))
    rows = {
        (row.metric.code, row.level): row.done for row in plan_progress(plan=plan, today=NOW.date())
    }
    accepted = ReportValue.objects.filter(
        report__unit__parent=built.unions[0],
        report__status=MonthlyReport.Status.ACCEPTED,
        report__month__year=2026,
        metric__code="new-doan-vien",
    ).aggregate(total=Sum("value"))["total"]
    assert accepted > 100
    assert rows["new-doan-vien", "children"] == accepted
    # The chi đoàn founded and accepted became units of the tree.
    founded = Unit.objects.filter(
        parent__parent=built.unions[0], kind__name="Chi đoàn", founded_on__year=2026
    ).count()
    assert founded == rows["new-chi-doan", "children"]


def fingerprint(unions) -> list[tuple]:
    return list(
        MonthlyReport.objects.filter(unit__parent__in=unions)
        .order_by("unit__name", "month")
        .values_list("unit__name", "month", "status", "submitted_at", "values__metric__code")
        .annotate(total=Sum("values__value"))
    )


def test_the_same_arguments_give_the_same_data():
    with transaction.atomic():
        first = fingerprint(scale.build(wards=6, provinces=1, years=1, seed=5, now=NOW).unions)
        transaction.set_rollback(True)
    assert not Unit.objects.exists()
    again = fingerprint(scale.build(wards=6, provinces=1, years=1, seed=5, now=NOW).unions)
    assert again == first and len(first) > 50
    other = fingerprint(scale.build(wards=6, provinces=1, years=1, seed=6, now=NOW).unions)
    assert [row[2:] for row in other] != [row[2:] for row in first]  # another seed, other paces


def test_the_wards_are_shared_among_the_provinces_and_numbered_past_the_list():
    """Hồ Chí Minh City first, then Hà Nội: 170 wards in one city take the 168 of the list
    and two more, numbered."""
    one_month = timezone.datetime(2026, 2, 15, tzinfo=timezone.get_default_timezone())
    built = scale.build(wards=171, provinces=2, years=1, seed=2, now=one_month)
    city, hanoi = built.unions
    assert hanoi.name == "Thành Đoàn Hà Nội (quy mô 2)"
    assert (city.children.count(), hanoi.children.count()) == (86, 85)
    big = scale.build(wards=170, provinces=1, years=1, seed=4, now=one_month)
    names = list(big.unions[0].children.order_by("path").values_list("name", flat=True))
    assert names[:168] == hcm_names(168)
    assert names[168:] == [f"{name} 2" for name in hcm_names(2)]
    assert MonthlyReport.objects.filter(unit__parent=big.unions[0]).count() <= 170


def test_the_command_says_what_it_built_and_refuses_the_same_seed_twice():
    out = StringIO()
    call_command("seed_scale", "--wards", "5", "--years", "1", "--seed", "9", stdout=out)
    assert "1 unions, 5 wards, 1 plans," in out.getvalue()
    with pytest.raises(CommandError, match="seed 9 is in this database already"):
        call_command("seed_scale", "--wards", "5", "--years", "1", "--seed", "9")
    with pytest.raises(CommandError, match="Between 1 and 34 provinces"):
        call_command("seed_scale", "--wards", "50", "--provinces", "35")
