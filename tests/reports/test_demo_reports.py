"""The demo reports of Bình Tân, January to June 2024, checked the way the district's staff
would look at them: who reported, who is missing, what was returned, who had more time, what
the accepted reports added to the tree, and that loading twice changes nothing."""

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from organizations import demo as organizations_demo
from organizations.models import Host, Unit
from plans import demo as plans_demo
from reports import demo
from reports.deadlines import due_moments
from reports.models import (
    Extension,
    FoundedBranch,
    MonthlyReport,
    ReportSchedule,
    ReportValue,
    ReviewEvent,
)
from reports.timeliness import LATE, MISSING, ON_TIME, timeliness

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONTHS = [date(2024, number, 1) for number in range(1, 7)]
JUNE = date(2024, 6, 1)
Status = MonthlyReport.Status


@pytest.fixture
def district() -> Unit:
    organizations_demo.load(with_accounts=True)
    plans_demo.load()
    demo.load()
    return Unit.objects.get(name="Quận Đoàn Bình Tân")


@pytest.fixture
def wards(district) -> list[Unit]:
    return list(district.children.filter(kind__name="Đoàn phường").order_by("name"))


def state(report: MonthlyReport, due_at: datetime) -> str:
    return timeliness(
        first_submitted_at=report.first_submitted_at, due_at=due_at, now=timezone.now()
    ).state


def test_every_ward_and_the_district_report_every_month_but_one(district, wards):
    assert len(wards) == 10
    expected = len(wards) * len(MONTHS) + len(MONTHS) - 1
    assert MonthlyReport.objects.count() == expected
    assert (
        MonthlyReport.objects.filter(unit__in=[district, *wards], month__in=MONTHS).count()
        == expected
    )


def test_exactly_one_ward_month_has_no_report_and_it_is_past_due(district, wards):
    reported = set(MonthlyReport.objects.values_list("unit_id", "month"))
    absent = [
        (unit, month)
        for month in MONTHS
        for unit in [district, *wards]
        if (unit.pk, month) not in reported
    ]
    assert len(absent) == 1
    unit, month = absent[0]
    assert unit in wards
    due_at = due_moments([unit], month)[unit.pk]
    assert timeliness(first_submitted_at=None, due_at=due_at, now=timezone.now()).state == MISSING


def test_the_returned_report_was_corrected_resubmitted_and_accepted(wards):
    returned = MonthlyReport.objects.filter(events__action=ReviewEvent.Action.RETURN).distinct()
    assert returned.count() == 1
    report = returned.get()
    assert report.unit in wards
    assert report.status == Status.ACCEPTED
    assert report.first_submitted_at < report.submitted_at
    events = list(report.events.all())
    assert [event.action for event in events] == ["submit", "return", "submit", "accept"]
    assert events[1].comment  # the ward was told what to correct
    assert [event.at for event in events] == sorted(event.at for event in events)
    assert report.history.filter(status=Status.RETURNED).exists()


def test_the_extended_ward_is_on_time_only_because_of_its_extension(district):
    extension = Extension.objects.get()
    assert extension.reason == "Đơn vị tổ chức Đại hội Đoàn cơ sở"
    assert extension.granted_by.username == "canbo.binhtan"
    report = MonthlyReport.objects.get(unit=extension.unit, month=extension.month)
    scheduled = ReportSchedule.objects.get(unit=district, plan=None).due_at(extension.month)
    assert scheduled == datetime(2024, 5, 10, 16, 0, tzinfo=HCM)
    assert scheduled < report.first_submitted_at < extension.due_at

    due_at = due_moments([extension.unit], extension.month)[extension.unit.pk]
    assert due_at == extension.due_at
    assert state(report, due_at) == ON_TIME
    assert state(report, scheduled) == LATE


def test_most_ward_reports_came_in_on_time_and_a_few_late(wards):
    reports = list(MonthlyReport.objects.filter(unit__in=wards, first_submitted_at__isnull=False))
    states = Counter(
        state(report, due_moments([report.unit], report.month)[report.unit_id])
        for report in reports
    )
    assert set(states) == {ON_TIME, LATE}
    assert 1 <= states[LATE] < states[ON_TIME] / 3


def test_every_founding_of_an_accepted_report_became_a_unit_founded_in_its_month(wards):
    lines = FoundedBranch.objects.filter(report__status=Status.ACCEPTED).select_related(
        "report", "unit", "kind", "host"
    )
    assert lines.filter(report__unit__in=wards).count() >= 20
    for line in lines:
        assert line.unit is not None, line.name
        assert line.unit.parent_id == line.report.unit_id
        assert line.unit.founded_on.replace(day=1) == line.report.month
        since = line.host.hoi_since if line.kind.name == "Chi hội" else line.host.doan_since
        assert since is not None


def test_wards_founded_a_little_less_than_the_roadmap_asks(wards):
    # Roadmap of seed 000, wards together: Quý I 7 chi đoàn and 7 chi hội, Quý II 9 and 9.
    founded = Counter(
        FoundedBranch.objects.filter(report__unit__in=wards).values_list("kind__name", flat=True)
    )
    assert 12 <= founded["Chi đoàn"] < 16
    assert 12 <= founded["Chi hội"] < 16
    chi_doan_by_ward = Counter(
        FoundedBranch.objects.filter(report__unit__in=wards, kind__name="Chi đoàn").values_list(
            "report__unit", flat=True
        )
    )
    behind = [ward for ward in wards if chi_doan_by_ward[ward.pk] < 2]
    assert 0 < len(behind) < len(wards)


def test_a_few_founding_lines_name_a_new_boarding_house(wards):
    new_hosts = FoundedBranch.objects.filter(report__unit__in=wards, host__isnull=True)
    assert not new_hosts.exclude(new_host_kind=Host.Kind.BOARDING_HOUSE).exists()
    accepted = FoundedBranch.objects.filter(
        report__unit__in=wards, report__status=Status.ACCEPTED, host__kind=Host.Kind.BOARDING_HOUSE
    )
    assert 1 <= accepted.count() <= 4


def test_some_june_reports_still_wait_for_review_and_one_is_a_draft(wards):
    june = Counter(
        MonthlyReport.objects.filter(unit__in=wards, month=JUNE).values_list("status", flat=True)
    )
    assert june[Status.SUBMITTED] >= 2
    assert june[Status.DRAFT] == 1
    assert june[Status.ACCEPTED] == len(wards) - june[Status.SUBMITTED] - 1
    earlier = MonthlyReport.objects.filter(unit__in=wards, month__lt=JUNE)
    assert set(earlier.values_list("status", flat=True)) == {Status.ACCEPTED}


def test_the_district_reports_its_own_results_and_nobody_above_reviews_them(district):
    reports = MonthlyReport.objects.filter(unit=district)
    assert sorted(reports.values_list("month", flat=True)) == MONTHS
    assert set(reports.values_list("status", flat=True)) == {Status.SUBMITTED}
    doan_vien = ReportValue.objects.filter(report__in=reports, metric__code="new-doan-vien")
    assert doan_vien.count() == len(MONTHS)


def test_loading_again_changes_nothing(district):
    models = (MonthlyReport, ReportValue, FoundedBranch, ReviewEvent, Extension, Unit, Host)
    before = {model.__name__: model.objects.count() for model in models}
    returned = demo.load()
    assert {model.__name__: model.objects.count() for model in models} == before
    assert returned == {"reports": before["MonthlyReport"], "founded": before["FoundedBranch"]}
