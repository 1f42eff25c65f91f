"""Submitting, returning, accepting and reopening reports, and the registry they feed."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.models import Host, Unit, UnitKind
from reports import services
from reports.models import MonthlyReport, ReportValue, ReviewEvent
from targets.models import Metric

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = date(2024, 3, 1)


@pytest.fixture
def report(tree):
    return services.report_open(unit=tree.binh_tri_dong_b, month=MARCH)


def chi_doan_kind():
    return UnitKind.objects.get(name="Chi đoàn")


def founding(tree, **changes):
    line = dict(
        name="Chi đoàn Công ty TNHH Giày da Tân Tạo",
        kind=chi_doan_kind(),
        founded_on=date(2024, 3, 26),
        members=12,
        new_host_name="Công ty TNHH Giày da Tân Tạo",
        new_host_kind=Host.Kind.ENTERPRISE,
    )
    return services.BranchLine(**(line | changes))


def save(report, user, *, version=None, values=None, branches=(), **texts):
    """Saves as a person would from a freshly opened page (or one opened at ``version``)."""
    if version is None:
        report.refresh_from_db()
        version = report.version
    return services.report_save(
        report=report,
        user=user,
        version=version,
        texts=texts,
        values=values or {},
        branches=list(branches),
    )


def test_opening_a_month_twice_gives_the_same_report(tree, report):
    again = services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 3, 17))
    assert again.pk == report.pk


def test_the_database_allows_one_report_per_unit_and_month(tree, report):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(unit=tree.binh_tri_dong_b, month=MARCH)


def test_a_second_save_from_a_stale_page_is_refused_and_the_first_is_kept(tree, report):
    opened_version = report.version
    save(report, tree.secretary, version=opened_version, difficulties="Thiếu kinh phí")
    with pytest.raises(services.StaleReport) as refused:
        save(report, tree.staff, version=opened_version, difficulties="Ghi đè")
    assert refused.value.messages[0].startswith("Người khác đã lưu báo cáo này")
    report.refresh_from_db()
    assert report.difficulties == "Thiếu kinh phí"


def test_a_submitted_report_is_read_only_for_the_ward(tree, report):
    services.report_submit(report=report, user=tree.secretary)
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        save(report, tree.secretary, difficulties="Sửa sau khi nộp")


def test_timeliness_counts_the_first_submission_not_the_resubmission(tree, report):
    first = datetime(2024, 4, 9, 10, 0, tzinfo=HCM)
    services.report_submit(report=report, user=tree.secretary, now=first)
    services.report_return(report=report, user=tree.staff, comment="Bổ sung minh chứng")
    services.report_submit(
        report=report, user=tree.secretary, now=datetime(2024, 4, 20, 8, 0, tzinfo=HCM)
    )
    report.refresh_from_db()
    assert report.first_submitted_at == first
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert [e.action for e in report.events.all()] == ["submit", "return", "submit"]


def test_returning_needs_a_comment(tree, report):
    services.report_submit(report=report, user=tree.secretary)
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=tree.staff, comment="  ")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED


def test_accepting_turns_a_founding_line_into_a_unit_at_its_new_host(tree, report):
    save(report, tree.secretary, branches=[founding(tree)])
    services.report_submit(report=report, user=tree.secretary)
    services.report_accept(report=report, user=tree.staff)
    unit = Unit.objects.get(name="Chi đoàn Công ty TNHH Giày da Tân Tạo")
    assert unit.parent == tree.binh_tri_dong_b
    assert unit.founded_on == date(2024, 3, 26)
    assert unit.host.name == "Công ty TNHH Giày da Tân Tạo"
    assert unit.host.doan_since == date(2024, 3, 26)


def test_a_branch_carried_by_two_reports_is_one_unit(tree, report):
    line = founding(tree, host=tree.enterprise, new_host_name="", name="Chi đoàn Phú Lâm 2")
    tree.branch.delete()  # the enterprise has no chi đoàn yet
    save(report, tree.secretary, branches=[line])
    services.report_submit(report=report, user=tree.secretary)
    services.report_accept(report=report, user=tree.staff)
    april = services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 4, 1))
    save(april, tree.secretary, branches=[line])
    services.report_submit(report=april, user=tree.secretary)
    services.report_accept(report=april, user=tree.staff)
    founded = Unit.objects.filter(host=tree.enterprise, kind__name="Chi đoàn")
    assert founded.count() == 1
    assert founded.get().founded_on == date(2024, 3, 26)


def test_reopening_an_accepted_report_needs_a_reason_and_is_recorded(tree, report):
    services.report_submit(report=report, user=tree.secretary)
    services.report_accept(report=report, user=tree.staff)
    with pytest.raises(ValidationError):
        services.report_reopen(report=report, user=tree.staff, reason="")
    services.report_reopen(report=report, user=tree.staff, reason="Sai số đoàn viên")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.RETURNED
    event = report.events.last()
    assert (event.action, event.comment, event.by) == (
        ReviewEvent.Action.REOPEN,
        "Sai số đoàn viên",
        tree.staff,
    )


def test_every_change_is_kept_with_who_made_it(tree, report):
    metric = Metric.objects.get(code="new-doan-vien")
    save(report, tree.secretary, values={metric: Decimal(12)}, difficulties="Thiếu kinh phí")
    save(report, tree.secretary, values={metric: None}, difficulties="Doanh nghiệp chưa đồng thuận")
    history = list(report.history.order_by("history_date", "history_id"))
    assert [h.difficulties for h in history] == [
        "",
        "Thiếu kinh phí",
        "Doanh nghiệp chưa đồng thuận",
    ]
    assert history[-1].history_user == tree.secretary
    # the second save left the count blank: its removal is kept beside its first value
    assert list(
        ReportValue.history.filter(report_id=report.pk)
        .order_by("history_id")
        .values_list("value", "history_type")
    ) == [(12, "+"), (12, "-")]


def test_a_review_made_at_a_given_moment_is_recorded_at_that_moment(tree, report):
    services.report_submit(
        report=report, user=tree.secretary, now=datetime(2024, 4, 9, 10, 0, tzinfo=HCM)
    )
    reviewed = datetime(2024, 4, 11, 8, 30, tzinfo=HCM)
    services.report_accept(report=report, user=tree.staff, now=reviewed)
    assert report.events.last().at == reviewed
