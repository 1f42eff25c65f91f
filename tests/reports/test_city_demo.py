"""The demo's reports of 2026: the city's 168 wards report to Thành Đoàn TP. Hồ Chí Minh from
January to November, in every state, some wards ahead and some behind; written in bulk,
they are row for row what the services write when people do the same things."""

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings

from notifications.models import Notification
from organizations import demo as organizations_demo
from organizations.models import Unit, User
from plans import demo as plans_demo
from plans.models import Plan
from reports import city_demo
from reports.deadlines import due_moments_by_month
from reports.models import (
    FoundedBranch,
    MonthlyReport,
    ReviewEvent,
)
from targets.models import Allocation

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=HCM)  # the demo's "today"
MONTHS = [date(2026, number, 1) for number in range(1, 12)]


@pytest.fixture(scope="module")
def _city_demo_db(django_db_setup, django_db_blocker):
    """The tree, the plans and the city's reports, loaded once for the tests that read
    them (each runs in a savepoint inside), rolled back after them."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        organizations_demo.load(with_accounts=True)
        plans_demo.load()
        city_demo.load(now=NOW)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def city_demo_loaded(_city_demo_db) -> list[Unit]:
    city = Unit.objects.get(official_code="79")
    return list(city.children.exclude(official_code="").order_by("official_code"))


def test_the_reports_of_january_to_november_are_in_every_state_a_reviewer_meets(
    city_demo_loaded,
):
    wards = city_demo_loaded
    months = set(MonthlyReport.objects.filter(unit__in=wards).values_list("month", flat=True))
    assert months == set(MONTHS) == set(city_demo.months_of(NOW))  # none of December
    due = due_moments_by_month(wards, MONTHS)
    reports = {(r.unit_id, r.month): r for r in MonthlyReport.objects.filter(unit__in=wards)}
    states = Counter()
    for ward in wards:
        for month in MONTHS:
            report = reports.get((ward.pk, month))
            if report is None:
                states["missing" if due[ward.pk, month] < NOW else "not begun"] += 1
                continue
            states[report.status] += 1
            first = report.first_submitted_at
            if first and first > due[ward.pk, month]:
                states["late"] += 1
            if first and report.unit.extensions.filter(month=month).exists():
                states["on time thanks to an extension"] += first <= due[ward.pk, month]
    assert {
        "accepted",
        "submitted",
        "returned",
        "draft",
        "missing",
        "late",
        "not begun",
        "on time thanks to an extension",
    } <= {state for state, count in states.items() if count}
    corrected = ReviewEvent.objects.filter(report__unit__in=wards, action="return").filter(
        report__status=MonthlyReport.Status.ACCEPTED
    )
    assert corrected.exists()  # returned once, corrected and accepted
    # Settled months are reviewed: by September nothing waits for review.
    waiting = MonthlyReport.objects.filter(unit__in=wards, status="submitted")
    assert not waiting.filter(month__lte=date(2026, 9, 1)).exists()
    assert waiting.filter(month=date(2026, 10, 1)).count() > 20


def test_some_wards_lead_and_some_lag_against_their_share_of_the_year(city_demo_loaded):
    plan = Plan.objects.get(issuing_unit__official_code="79", year=2026)
    share = dict(
        Allocation.objects.filter(
            allocation_set__version__plan=plan, metric__code="new-chi-doan"
        ).values_list("unit_id", "value")
    )
    founded = Counter(
        Unit.objects.filter(
            kind__name="Chi đoàn", parent__in=city_demo_loaded, founded_on__year=2026
        ).values_list("parent_id", flat=True)
    )
    done = [founded[ward.pk] / share[ward.pk] for ward in city_demo_loaded]
    assert sum(1 for ratio in done if ratio > 1) >= 5  # ahead of their whole year
    assert sum(1 for ratio in done if ratio == 0) >= 5  # not one chi đoàn yet


def test_every_accepted_founding_is_a_unit_of_the_tree_at_a_host_of_the_registry(city_demo_loaded):
    lines = FoundedBranch.objects.filter(report__unit__in=city_demo_loaded)
    accepted = lines.filter(report__status=MonthlyReport.Status.ACCEPTED)
    assert accepted.count() > 200
    for line in accepted.select_related("unit", "host", "report"):
        assert line.unit.parent_id == line.report.unit_id
        assert (line.unit.host, line.unit.founded_on) == (line.host, line.founded_on)
        assert line.host.unit_id == line.report.unit_id
    assert not lines.exclude(report__status="accepted").filter(unit__isnull=False).exists()


def test_the_demo_stops_at_the_moment_it_is_loaded_and_tells_only_in_the_app(city_demo_loaded):
    reports = MonthlyReport.objects.filter(unit__in=city_demo_loaded)
    assert not ReviewEvent.objects.filter(report__in=reports, at__gte=NOW).exists()
    assert not MonthlyReport.history.filter(unit__in=city_demo_loaded, history_date__gte=NOW)
    told = Notification.objects.filter(recipient__unit__in=city_demo_loaded)
    assert told.filter(kind="report-returned").exists()
    assert told.filter(kind="report-accepted").count() > 1000
    assert not told.filter(created_at__gte=NOW).exists()
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"none"}


def test_a_returned_and_corrected_report_shows_its_story_on_its_page(city_demo_loaded, client):
    report = (
        MonthlyReport.objects.filter(
            unit__in=city_demo_loaded, status="accepted", events__action="return"
        )
        .order_by("month", "unit__official_code")
        .first()
    )
    client.force_login(User.objects.get(username="canbo.thanhdoan"))
    page = client.get(report.get_absolute_url()).content.decode()
    returned = report.events.get(action="return")
    assert returned.comment.split(";")[0] in page
    # The history lists each change: the return, the correction, the acceptance.
    assert page.count("Trả lại") >= 1 and "Đã duyệt" in page
