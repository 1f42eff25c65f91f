"""The demo's reports of 2026: the city's 168 wards report to Thành Đoàn TP. Hồ Chí Minh from
January to November, in every state, some wards ahead and some behind; written in bulk,
they are row for row what the services write when people do the same things."""

from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from simple_history.models import HistoricalRecords

from notifications.models import Notification
from organizations import demo as organizations_demo
from organizations import provinces
from organizations.models import Host, Unit, UnitKind, User
from plans import demo as plans_demo
from plans.models import Plan
from reports import city_demo, services
from reports.deadlines import due_moments_by_month
from reports.models import (
    FoundedBranch,
    MonthlyReport,
    ReportSchedule,
    ReportValue,
    ReviewEvent,
)
from targets.models import Allocation, Metric
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=HCM)  # the demo's "today"
MONTHS = [date(2026, number, 1) for number in range(1, 12)]


@pytest.fixture
def city_demo_loaded() -> list[Unit]:
    organizations_demo.load(with_accounts=True)
    plans_demo.load()
    city_demo.load(now=NOW)
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


# Bulk rows against the services' rows.


@contextmanager
def as_person(user):
    """As the web request of ``user`` (HistoryRequestMiddleware) tells the history."""
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def replay(story: city_demo.Story, *, secretary, staff) -> None:
    """The story done through the services, each step at its moment, by its person."""
    kinds = {kind.name: kind for kind in UnitKind.objects.filter(is_branch=True)}
    metrics = {metric.code: metric for metric in Metric.objects.all()}
    with as_person(secretary), time_machine.travel(story.opened_at, tick=False):
        report = services.report_open(unit=story.ward, month=story.month)
    for step in story.steps:
        person = secretary if step.action in ("save", "submit") else staff
        with as_person(person), time_machine.travel(step.at, tick=False):
            report.refresh_from_db()
            if step.action == "save":
                saved = list(report.founded_branches.order_by("pk"))
                lines = [
                    services.BranchLine(
                        name=line.name,
                        kind=kinds[line.kind],
                        founded_on=line.founded_on,
                        members=line.members,
                        new_host_name=line.host_name,
                        new_host_kind=line.host_kind,
                        id=saved[number].pk if saved else None,
                    )
                    for number, line in enumerate(story.lines)
                ]
                services.report_save(
                    report=report,
                    user=secretary,
                    version=report.version,
                    texts=story.texts,
                    values={metrics[code]: Decimal(v) for code, v in step.values.items()},
                    branches=lines,
                )
            elif step.action == "submit":
                services.report_submit(report=report, user=secretary, now=step.at)
            elif step.action == "return":
                services.report_return(report=report, user=staff, comment=step.comment, now=step.at)
            else:
                services.report_accept(report=report, user=staff, now=step.at)
    # The demo never e-mails its reviews.
    Notification.objects.update(email_status=Notification.Email.NONE)


def rows_of(ward: Unit) -> dict:
    """Everything written about the ward's reports, without the ids the database chose."""
    report = MonthlyReport.objects.get(unit=ward)

    def plain(text: str) -> str:
        return text.replace(str(report.pk), "<pk>")

    def user(row) -> str:
        return row.history_user.username if row.history_user else ""

    fields = [
        "status",
        "difficulties",
        "proposals",
        "next_month_plan",
        "evidence_links",
        "version",
        "first_submitted_at",
        "submitted_at",
        "review_comment",
    ]
    lines = FoundedBranch.objects.filter(report=report)
    return {
        "report": [getattr(report, name) for name in fields],
        "history": [
            (row.history_type, row.history_date, user(row), [getattr(row, n) for n in fields])
            for row in report.history.order_by("history_date", "history_id")
        ],
        "values": sorted(report.values.values_list("metric__code", "value")),
        "value history": sorted(
            (row.history_type, row.history_date, user(row), row.metric_id, row.value)
            for row in ReportValue.history.filter(report_id=report.pk)
        ),
        "lines": sorted(
            (
                line.name,
                line.kind.name,
                line.host.name if line.host else "",
                line.new_host_name,
                line.new_host_kind,
                line.founded_on,
                line.members,
                (line.unit.name, line.unit.slug, line.unit.parent_id, line.unit.depth)
                if line.unit
                else None,
            )
            for line in lines
        ),
        "line history": sorted(
            (
                row.history_type,
                row.history_date,
                user(row),
                row.name,
                bool(row.host_id),
                bool(row.unit_id),
            )
            for row in FoundedBranch.history.filter(report_id=report.pk)
        ),
        "hosts": sorted(
            Host.objects.filter(unit=ward).values_list(
                "name", "kind", "search_name", "doan_since", "hoi_since"
            )
        ),
        "units": sorted(
            (u.name, u.slug, u.kind.name, u.founded_on, u.host.name, u.search_name, u.depth)
            for u in Unit.objects.filter(parent=ward)
        ),
        "paths": all(
            u.path == ward.path + f"{u.pk:08d}/" for u in Unit.objects.filter(parent=ward)
        ),
        "events": [
            (e.action, e.by.username if e.by else "", e.at, e.comment) for e in report.events.all()
        ],
        "told": sorted(
            (
                n.recipient.username,
                n.kind,
                plain(n.key),
                n.title,
                n.body,
                plain(n.link),
                n.created_at,
            )
            for n in Notification.objects.filter(recipient__unit=ward)
        ),
    }


def shapes() -> dict[str, tuple]:
    """One story of each shape the demo writes, taken from the demo's own stories."""
    city = Unit.objects.get(official_code="79")
    wards = list(city.children.exclude(official_code="").select_related("kind"))
    schedule = ReportSchedule(unit=city, due_day=city_demo.DUE_DAY, due_time=city_demo.DUE_TIME)
    found = {}
    for story in city_demo.stories(wards, MONTHS, now=NOW, schedule=schedule, extensions={}):
        actions = tuple(step.action for step in story.steps)
        shape = (actions, bool(story.lines))
        found.setdefault(shape, story)
    return found


def test_the_bulk_written_reports_are_row_for_row_what_the_services_write():
    provinces.province_sync(provinces=provinces.official_provinces(["79"]))
    city = Unit.objects.get(official_code="79")
    staff = UserFactory(username="canbo.thanhdoan", unit=city, role=User.Role.STAFF)
    found = shapes()
    expected = {
        ("save",),
        ("save", "submit"),
        ("save", "submit", "accept"),
        ("save", "submit", "return"),
        ("save", "submit", "return", "save", "submit", "accept"),
    }
    assert expected <= {actions for actions, _lines in found}
    assert any(lines for (actions, lines) in found if "accept" in actions)
    for (_actions, _lines), story in sorted(found.items()):
        ward = story.ward
        secretary = User.objects.filter(unit=ward).first() or UserFactory(
            username=f"bithu.{ward.slug}", unit=ward, email="a@example.org"
        )
        written = {}
        for way in ("bulk", "services"):
            with transaction.atomic():
                if way == "bulk":
                    city_demo.play([story], staff=staff, secretaries={ward.pk: secretary})
                else:
                    replay(story, secretary=secretary, staff=staff)
                written[way] = rows_of(ward)
                transaction.set_rollback(True)
        assert written["bulk"] == written["services"], story
