"""The city demo's reports are written in bulk: row for row what the services write when
people do the same things (each test on a database of its own, beside
``test_city_demo.py``, whose tests share one loaded demo)."""

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
from organizations import provinces
from organizations.models import Host, Unit, UnitKind, User
from reports import city_demo, services
from reports.models import (
    FoundedBranch,
    MonthlyReport,
    ReportSchedule,
    ReportValue,
)
from targets.models import Metric
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=HCM)  # the demo's "today"
MONTHS = [date(2026, number, 1) for number in range(1, 12)]


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
        # whether a later save typed a count anew (the corrected count of a returned report)
        typed = {tuple(sorted(s.values.items())) for s in story.steps if s.action == "save"}
        shape = (actions, bool(story.lines), len(typed) > 1)
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
    assert expected <= {actions for actions, _lines, _retyped in found}
    assert any(lines for (actions, lines, _retyped) in found if "accept" in actions)
    assert any(retyped for (actions, _lines, retyped) in found if "accept" in actions)
    for _shape, story in sorted(found.items()):
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
