"""Many people acting on monthly reports in the same instant, on PostgreSQL.

Each person is a real thread with its own database connection; a barrier lets them all
go at once, and where it matters the test first holds a lock so that every one of them is
provably waiting at the same point before it lets them through together.

What a user would notice if any of these failed: two reports for one ward and month, an
error page instead of "someone else saved", a save that silently mixes two people's
figures, a report marked late that came in on time (or the reverse), or a report whose
history says "accepted" while it is shown as "returned".
"""

import re
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from organizations.models import Host, Unit, UnitKind
from reports import services
from reports.models import Extension, MonthlyReport, ReportSchedule
from reports.selectors import month_rows
from reports.timeliness import LATE, MISSING, ON_TIME
from targets.models import Metric
from tests.factories import UnitFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs a server database with row locks: run with "
        "DATABASE_URL=postgres://… (SQLite serialises every writer)",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_data"),
]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = date(2024, 3, 1)
APRIL = date(2024, 4, 1)
#: Bình Tân's wards report March by 17:00 on 10 April (see the ``deadline`` fixture).
DUE = datetime(2024, 4, 10, 17, 0, tzinfo=HCM)
SECOND = timedelta(seconds=1)
STALE = "Người khác đã lưu báo cáo này"
NOT_SUBMITTED = {
    "accept": "Chỉ có thể duyệt báo cáo đã nộp.",
    "return": "Chỉ có thể trả lại báo cáo đã nộp.",
}
ALREADY_SUBMITTED = "Báo cáo này đã được nộp."
LOCK_WAIT = 20  # seconds: a deadlock or a lost wake-up fails the test instead of hanging it


@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None


def waiting_on_locks() -> int:
    """How many connections to the test database are waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # fresh, even inside a transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(*jobs, hold=None) -> list[Outcome]:
    """Runs each job in its own thread, on its own connection, all released by one barrier.

    With ``hold``, the test first does ``hold()`` in a transaction of its own (an
    uncommitted row, a row lock), waits until every job is stuck behind it, then commits:
    all the jobs are then provably in flight together, not merely started together."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [Outcome() for _ in jobs]

    def run(index, job):
        try:
            connection.ensure_connection()  # connect first, so that the barrier is the start
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = '{LOCK_WAIT}s'")
            barrier.wait(timeout=LOCK_WAIT)
            outcomes[index].value = job()
        except BaseException as error:  # every failure is reported to the test
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    if hold is None:
        for thread in threads:
            thread.start()
    else:
        with transaction.atomic():
            hold()
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + LOCK_WAIT
            while waiting_on_locks() < len(jobs):
                assert time.monotonic() < deadline, "the jobs never queued behind the lock"
                time.sleep(0.01)
    for thread in threads:
        thread.join(LOCK_WAIT * 2)
        assert not thread.is_alive(), "a job is still running: deadlock?"
    return outcomes


def lock(*reports):
    """``hold`` for ``race``: the test takes the reports' row locks as a service would."""
    return lambda: list(
        MonthlyReport.objects.select_for_update().filter(pk__in=[r.pk for r in reports])
    )


def unexpected(outcomes, *allowed) -> list[BaseException]:
    """Errors other than the refusals the app shows on the page (a 500, in production)."""
    return [o.error for o in outcomes if o.error and not isinstance(o.error, allowed)]


def doan_vien() -> Metric:
    return Metric.objects.get(code="new-doan-vien")


def founding(name: str, **changes) -> services.BranchLine:
    line = dict(
        name=name,
        kind=UnitKind.objects.get(name="Chi đoàn"),
        founded_on=date(2024, 3, 26),
        members=12,
        new_host_name=f"Công ty của {name}",
        new_host_kind=Host.Kind.ENTERPRISE,
    )
    return services.BranchLine(**(line | changes))


@pytest.fixture
def deadline(tree):
    """Bình Tân's wards report by 17:00 on the 10th; Bình Trị Đông A has until 17:30."""
    ReportSchedule.objects.create(unit=tree.binh_tan, due_day=10, due_time="17:00")
    wards = {
        name: UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường {name}")
        for name in [
            "Bình Hưng Hòa",
            "Bình Hưng Hòa A",
            "Tân Tạo",
            "Tân Tạo A",
            "Bình Trị Đông A",
            "An Lạc A",
        ]
    }
    wards["Bình Trị Đông B"], wards["An Lạc"] = tree.binh_tri_dong_b, tree.an_lac
    Extension.objects.create(
        unit=wards["Bình Trị Đông A"],
        month=MARCH,
        due_at=DUE + timedelta(minutes=30),
        reason="Mất điện cả phường chiều 10/4",
        granted_by=tree.staff,
    )
    return wards


def page_form(secretary_number: int, **changes) -> dict:
    """What one secretary types on a blank March page: their own text, count and chi đoàn."""
    n = secretary_number
    data = {
        "version": "1",
        f"m-{doan_vien().pk}": str(10 + n),
        "difficulties": f"Khó khăn do người thứ {n} ghi",
        "cd-TOTAL_FORMS": "1",
        "cd-INITIAL_FORMS": "0",
        "cd-0-name": f"Chi đoàn Công ty Số {n}",
        "cd-0-kind": str(UnitKind.objects.get(name="Chi đoàn").pk),
        "cd-0-new_host_name": f"Công ty Số {n}",
        "cd-0-new_host_kind": "enterprise",
        "cd-0-founded_on": "26/03/2024",
        "cd-0-members": "9",
    }
    return data | changes


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(unit) -> str:
    return reverse("reports:edit", args=[unit.pk, MARCH.year, MARCH.month])


# a. Opening the same month at once ------------------------------------------------------


def test_eight_first_openings_at_once_give_one_report(tree):
    """Eight people opening the ward's March report in the same instant all land on the
    same report; nobody sees an error page."""
    outcomes = race(*[lambda: services.report_open(unit=tree.binh_tri_dong_b, month=MARCH)] * 8)
    assert unexpected(outcomes) == []
    report = MonthlyReport.objects.get(unit=tree.binh_tri_dong_b, month=MARCH)
    assert {o.value.pk for o in outcomes} == {report.pk}
    assert report.version == 1


def test_openings_stuck_behind_a_slow_first_opening_join_its_report(tree):
    """When the first opening is still being written, the seven others wait for it and
    then use it (the database refuses their duplicate; the app turns that into "use the
    one that exists"), instead of showing an error."""
    first = {}

    def create_slowly():
        first["report"] = MonthlyReport.objects.create(unit=tree.binh_tri_dong_b, month=MARCH)

    outcomes = race(
        *[lambda: services.report_open(unit=tree.binh_tri_dong_b, month=MARCH)] * 7,
        hold=create_slowly,
    )
    assert unexpected(outcomes) == []
    assert {o.value.pk for o in outcomes} == {first["report"].pk}
    assert MonthlyReport.objects.filter(unit=tree.binh_tri_dong_b).count() == 1


def test_eight_secretaries_saving_a_blank_page_at_once_keep_exactly_one_version(tree, plan):
    """Eight people of one ward press "Save" on a blank March page at once: one draft is
    kept whole (text, count, chi đoàn); the seven others are told who saved it, with what
    they typed still on their page, ready to save over it after a look, whether their post
    waited for the first one's report or came in after it (a busy server). No error page,
    no second report."""
    secretaries = [
        UserFactory(
            username=f"bithu{n}.btdb", full_name=f"Bí thư số {n}", unit=tree.binh_tri_dong_b
        )
        for n in range(8)
    ]
    clients = [signed_in(user) for user in secretaries]
    url = edit_url(tree.binh_tri_dong_b)

    def press_save(n):
        return lambda: clients[n].post(url, page_form(n))

    outcomes = race(*[press_save(n) for n in range(8)])

    assert unexpected(outcomes) == []
    codes = sorted(o.value.status_code for o in outcomes)
    assert codes == [200] * 7 + [302]
    (winner,) = [n for n, o in enumerate(outcomes) if o.value.status_code == 302]
    for n, outcome in enumerate(outcomes):
        if n != winner:
            page = outcome.value.content.decode()
            assert f"Bí thư số {winner} đã lưu báo cáo này lúc" in page
            assert f"Khó khăn do người thứ {n} ghi" in page
            assert 'name="version" value="2"' in page  # saving again keeps theirs
    report = MonthlyReport.objects.get()
    assert report.version == 2  # created, then saved once
    assert report.difficulties == f"Khó khăn do người thứ {winner} ghi"
    assert [(v.metric, v.value) for v in report.values.all()] == [
        (doan_vien(), Decimal(10 + winner))
    ]
    assert [b.name for b in report.founded_branches.all()] == [f"Chi đoàn Công ty Số {winner}"]
    assert [h.history_user for h in report.history.order_by("history_date", "history_id")][-1] == (
        secretaries[winner]
    )
    assert report.history.count() == 2  # nothing of the losers was ever written


# b. Two editors, one version ------------------------------------------------------------


@pytest.mark.parametrize("round_", range(3))
def test_two_editors_saving_the_same_version_at_once_one_wins_whole(tree, round_):
    """The secretary and the deputy both opened version 1 and press "Save" together: one
    save is kept exactly as typed, the other is refused as stale; the figures are never
    a mix of both."""
    report = services.report_open(unit=tree.binh_tri_dong_b, month=MARCH)
    deputy = UserFactory(username="phobithu.btdb", unit=tree.binh_tri_dong_b)
    typed = {
        tree.secretary: ("Thiếu kinh phí", Decimal(12), "Chi đoàn Công ty TNHH Giày da Tân Tạo"),
        deputy: ("Doanh nghiệp chưa đồng thuận", Decimal(30), "Chi đoàn Công ty CP Nhựa Bình Tân"),
    }

    def press_save(user):
        text, count, branch = typed[user]
        return lambda: services.report_save(
            report=report,
            user=user,
            version=1,
            texts={"difficulties": text, "proposals": f"Đề xuất của {user.username}"},
            values={doan_vien(): count},
            branches=[founding(branch)],
        )

    editors = list(typed)
    outcomes = race(*[press_save(user) for user in editors], hold=lock(report))

    assert unexpected(outcomes, services.StaleReport) == []
    refused = [o.error for o in outcomes if o.error]
    assert len(refused) == 1
    assert refused[0].messages[0].startswith(STALE)
    winner = editors[[o.error is None for o in outcomes].index(True)]
    text, count, branch = typed[winner]
    report.refresh_from_db()
    assert report.version == 2
    assert (report.difficulties, report.proposals) == (text, f"Đề xuất của {winner.username}")
    assert [(v.metric, v.value) for v in report.values.all()] == [(doan_vien(), count)]
    assert [b.name for b in report.founded_branches.all()] == [branch]
    assert report.history.latest("history_date").history_user == winner


def test_a_save_that_waited_behind_anothers_is_told_who_saved_and_keeps_what_was_typed(tree, plan):
    """The secretary's page and post read version 1, but the deputy's save holds the report
    when the post reaches it: the post waits, finds version 2, saves nothing, and shows who
    saved with what the secretary typed; saving again after a look keeps the secretary's."""
    report = services.report_open(unit=tree.binh_tri_dong_b, month=MARCH)
    deputy = UserFactory(
        username="phobithu.btdb", full_name="Trần Thị Bình", unit=tree.binh_tri_dong_b
    )
    secretary = signed_in(tree.secretary)
    typed = page_form(1, **{"cd-TOTAL_FORMS": "0"})

    def deputy_saves():
        services.report_save(
            report=report,
            user=deputy,
            version=1,
            texts={"difficulties": "Phó bí thư ghi"},
            values={doan_vien(): Decimal(30)},
            branches=[],
        )

    (outcome,) = race(
        lambda: secretary.post(edit_url(tree.binh_tri_dong_b), typed), hold=deputy_saves
    )

    assert outcome.error is None
    page = outcome.value.content.decode()
    assert outcome.value.status_code == 200
    assert "Trần Thị Bình đã lưu báo cáo này lúc" in page
    assert "Khó khăn do người thứ 1 ghi" in page
    report.refresh_from_db()
    assert (report.version, report.difficulties) == (2, "Phó bí thư ghi")
    saved_again = secretary.post(edit_url(tree.binh_tri_dong_b), typed | {"version": "2"})
    assert saved_again.status_code == 302
    report.refresh_from_db()
    assert (report.version, report.difficulties) == (3, "Khó khăn do người thứ 1 ghi")
    assert [v.value for v in report.values.all()] == [Decimal(11)]


# c. Submitting in the deadline minute ---------------------------------------------------


def test_wards_submitting_together_around_the_deadline_are_on_time_up_to_the_due_moment(
    tree, deadline
):
    """Seven wards press "Submit" at once, each at its own moment around 17:00: up to
    17:00:00 exactly is on time, one microsecond later is late, by exactly that much; the
    ward with an extension is on time at 17:00:30; the ward that did not submit is
    missing."""
    moments = {
        "Tân Tạo": DUE - timedelta(minutes=1),
        "Bình Trị Đông B": DUE - SECOND,
        "An Lạc": DUE,
        "Bình Hưng Hòa": DUE + timedelta(microseconds=1),
        "Bình Hưng Hòa A": DUE + SECOND,
        "Tân Tạo A": DUE + timedelta(seconds=59),
        "Bình Trị Đông A": DUE + timedelta(seconds=30),  # extended to 17:30
    }
    reports = {name: services.report_open(unit=deadline[name], month=MARCH) for name in moments}
    secretaries = {
        name: UserFactory(username=f"bithu.{deadline[name].slug}", unit=deadline[name])
        for name in moments
    }

    def press_submit(name):
        return lambda: services.report_submit(
            report=reports[name], user=secretaries[name], now=moments[name]
        )

    outcomes = race(*[press_submit(name) for name in moments])

    assert unexpected(outcomes) == []
    rows = month_rows(units=list(deadline.values()), months=[MARCH], now=DUE + timedelta(minutes=1))
    seen = {row.unit.name.removeprefix("Đoàn phường "): row for row in rows}
    assert {name: (r.timeliness.state, r.timeliness.late_by) for name, r in seen.items()} == {
        "Tân Tạo": (ON_TIME, None),
        "Bình Trị Đông B": (ON_TIME, None),
        "An Lạc": (ON_TIME, None),
        "Bình Hưng Hòa": (LATE, timedelta(microseconds=1)),
        "Bình Hưng Hòa A": (LATE, SECOND),
        "Tân Tạo A": (LATE, timedelta(seconds=59)),
        "Bình Trị Đông A": (ON_TIME, None),
        "An Lạc A": (MISSING, None),
    }
    for name, moment in moments.items():
        report = seen[name].report
        assert report.first_submitted_at == report.submitted_at == moment
        assert [(e.action, e.at) for e in report.events.all()] == [("submit", moment)]


def test_the_clock_on_the_page_decides_for_wards_pressing_submit_together(tree, deadline, plan):
    """Through the report page, with the server clock at 16:59:59, 17:00:00 and 17:00:01
    in turn and several wards pressing "Submit" in each instant: the first two groups are
    on time, the last is late by one second; the ward that never submitted is missing
    once its extension (17:30) has run out."""
    groups = {
        DUE - SECOND: ["Bình Trị Đông B", "An Lạc"],
        DUE: ["Tân Tạo", "Tân Tạo A"],
        DUE + SECOND: ["Bình Hưng Hòa", "Bình Hưng Hòa A", "An Lạc A"],
    }
    clients = {
        name: signed_in(UserFactory(username=f"bithu.{ward.slug}", unit=ward))
        for name, ward in deadline.items()
    }

    def press_submit(name, n):
        return lambda: clients[name].post(edit_url(deadline[name]), page_form(n, submit="1"))

    for moment, names in groups.items():
        with time_machine.travel(moment, tick=False):
            outcomes = race(*[press_submit(name, n) for n, name in enumerate(names)])
        assert unexpected(outcomes) == []
        assert [o.value.status_code for o in outcomes] == [302] * len(names)

    rows = month_rows(units=list(deadline.values()), months=[MARCH], now=DUE + timedelta(hours=1))
    assert {
        row.unit.name.removeprefix("Đoàn phường "): (row.timeliness.state, row.timeliness.late_by)
        for row in rows
    } == {
        "Bình Trị Đông B": (ON_TIME, None),
        "An Lạc": (ON_TIME, None),
        "Tân Tạo": (ON_TIME, None),
        "Tân Tạo A": (ON_TIME, None),
        "Bình Hưng Hòa": (LATE, SECOND),
        "Bình Hưng Hòa A": (LATE, SECOND),
        "An Lạc A": (LATE, SECOND),
        "Bình Trị Đông A": (MISSING, None),  # did not submit; its extension ran out at 17:30
    }


def test_a_double_click_on_submit_at_the_deadline_records_one_submission(tree):
    """Two clicks on "Submit" a second apart, straddling the due moment, both queued at
    once: one submission is recorded and decides timeliness; the other click is told the
    report was already submitted."""
    report = services.report_open(unit=tree.binh_tri_dong_b, month=MARCH)
    clicks = [datetime(2024, 4, 10, 23, 59, 59, tzinfo=HCM), datetime(2024, 4, 11, tzinfo=HCM)]

    outcomes = race(
        *[
            lambda at=at: services.report_submit(report=report, user=tree.secretary, now=at)
            for at in clicks
        ],
        hold=lock(report),
    )

    assert unexpected(outcomes, ValidationError) == []
    assert [o.error.messages for o in outcomes if o.error] == [[ALREADY_SUBMITTED]]
    (kept,) = [at for at, o in zip(clicks, outcomes, strict=True) if o.error is None]
    report.refresh_from_db()
    assert (report.status, report.version) == (MonthlyReport.Status.SUBMITTED, 2)
    assert report.first_submitted_at == kept
    assert [(e.action, e.at) for e in report.events.all()] == [("submit", kept)]
    (row,) = month_rows(units=[tree.binh_tri_dong_b], months=[MARCH], now=kept)
    # default schedule: due 23:59:59.999999 on the 10th
    assert row.timeliness.state == (ON_TIME if kept.day == 10 else LATE)


# d. The secretary and the reviewers at once ---------------------------------------------

NEXT = {
    # action: (states it may start from, state it leads to)
    "submit": ({"draft", "returned"}, "submitted"),
    "return": ({"submitted"}, "returned"),
    "accept": ({"submitted"}, "accepted"),
    "reopen": ({"accepted"}, "returned"),
}


def replay(events) -> str:
    """The status the event log leads to, checking every step was allowed."""
    status = MonthlyReport.Status.DRAFT
    for event in events:
        allowed_from, status_after = NEXT[event.action]
        assert status in allowed_from, f"{event.action} recorded on a {status} report"
        status = status_after
    return status


@pytest.mark.parametrize("start", ["draft", "returned"])
def test_submit_accept_and_return_at_once_end_in_the_state_the_log_tells(tree, start):
    """For five wards, the secretary presses "Submit" while two district reviewers press
    "Accept" and "Return" on the same report, all queued at once. The submission always
    goes through; at most one review does, and only after it; the report shows exactly
    what its history says, nothing is recorded twice."""
    wards = [tree.binh_tri_dong_b, tree.an_lac] + [
        UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {n}") for n in range(3)
    ]
    reports = []
    for ward in wards:
        report = services.report_open(unit=ward, month=MARCH)
        if start == "returned":
            services.report_submit(report=report, user=tree.secretary, now=DUE - SECOND)
            services.report_return(report=report, user=tree.staff, comment="Bổ sung minh chứng")
        report.refresh_from_db()
        reports.append(report)
    before = {r.pk: (r.version, r.events.count()) for r in reports}

    jobs, labels = [], []
    for report in reports:
        jobs += [
            lambda r=report: services.report_submit(report=r, user=tree.secretary),
            lambda r=report: services.report_accept(report=r, user=tree.staff),
            lambda r=report: services.report_return(
                report=r, user=tree.admin, comment="Thiếu số liệu đoàn viên"
            ),
        ]
        labels += [(report.pk, "submit"), (report.pk, "accept"), (report.pk, "return")]
    outcomes = dict(zip(labels, race(*jobs, hold=lock(*reports)), strict=True))

    assert unexpected(outcomes.values(), ValidationError) == []
    for report in reports:
        mine = {action: outcomes[report.pk, action] for action in ("submit", "accept", "return")}
        assert mine["submit"].error is None
        reviews = [a for a in ("accept", "return") if mine[a].error is None]
        assert len(reviews) <= 1
        for action in ("accept", "return"):
            if mine[action].error:
                assert mine[action].error.messages == [NOT_SUBMITTED[action]]
        report.refresh_from_db()
        events = list(report.events.all())
        version, count = before[report.pk]
        assert [e.action for e in events[count:]] == ["submit", *reviews]
        expected = {
            (): MonthlyReport.Status.SUBMITTED,
            ("accept",): MonthlyReport.Status.ACCEPTED,
            ("return",): MonthlyReport.Status.RETURNED,
        }[tuple(reviews)]
        assert replay(events) == report.status == expected
        assert report.version == version + 1 + len(reviews)
        assert report.history.latest("history_date").status == report.status
        assert [e.at for e in events] == sorted(e.at for e in events)


def test_two_reviewers_accepting_two_months_with_the_same_chi_doan_make_one_unit(tree):
    """March and April both list the chi đoàn founded at Phú Lâm on 26/03, and two
    reviewers accept them in the same instant: the registry gets one chi đoàn, both
    lines point to it, and neither reviewer sees an error page."""
    tree.branch.delete()  # the enterprise has no chi đoàn yet
    line = founding("Chi đoàn Phú Lâm 2", host=tree.enterprise, new_host_name="")
    reports = []
    for month in (MARCH, APRIL):
        report = services.report_open(unit=tree.binh_tri_dong_b, month=month)
        services.report_save(
            report=report, user=tree.secretary, version=1, texts={}, values={}, branches=[line]
        )
        services.report_submit(report=report, user=tree.secretary)
        reports.append(report)

    outcomes = race(
        lambda: services.report_accept(report=reports[0], user=tree.staff),
        lambda: services.report_accept(report=reports[1], user=tree.admin),
        hold=lock(*reports),
    )

    assert unexpected(outcomes) == []
    unit = Unit.objects.get(host=tree.enterprise, kind__name="Chi đoàn")
    assert unit.founded_on == date(2024, 3, 26)
    for report in reports:
        report.refresh_from_db()
        assert report.status == MonthlyReport.Status.ACCEPTED
        assert [b.unit for b in report.founded_branches.all()] == [unit]


def test_two_reviewers_confirming_the_same_reports_at_once_accept_each_once(tree):
    """Two of Bình Tân's staff opened the same two reports and press *Duyệt* on the
    confirmation of several reports in the same instant: each report is accepted once, by
    one of them; the other is told it was reviewed meanwhile, and nobody sees an error."""
    from organizations.models import User

    colleague = UserFactory(unit=tree.binh_tan, role=User.Role.STAFF)
    reports = []
    for ward, secretary in ((tree.binh_tri_dong_b, tree.secretary), (tree.an_lac, None)):
        report = services.report_open(unit=ward, month=MARCH)
        reports.append(services.report_submit(report=report, user=secretary))
    for reviewer in (tree.staff, colleague):
        for report in reports:
            services.report_seen(report=report, user=reviewer)
    confirmed = {"bao-cao": [r.pk for r in reports]} | {f"v-{r.pk}": r.version for r in reports}
    clients = [signed_in(tree.staff), signed_in(colleague)]

    outcomes = race(
        *(
            lambda client=client: client.post(
                reverse("reports:accept_many"), confirmed, follow=True
            ).content.decode()
            for client in clients
        ),
        hold=lock(*reports),
    )

    assert unexpected(outcomes) == []
    told = [re.search(r"Đã duyệt (\d+) báo cáo", o.value) for o in outcomes]
    assert sum(int(m.group(1)) for m in told if m) == 2
    for report in reports:
        report.refresh_from_db()
        assert report.status == MonthlyReport.Status.ACCEPTED
        assert report.events.filter(action="accept").count() == 1


def test_eight_reviewers_accepting_eight_wards_at_once_add_every_figure_once(tree, plan):
    """Eight wards of Bình Tân submitted March with 10, 11, … 17 new đoàn viên; eight
    reviewers accept them in the same instant. The district's and the city's figures,
    kept in step by each acceptance, read 10 + 11 + … + 17 = 108, as recomputed from the
    reports; nothing is pending any more."""
    from organizations.models import User
    from reports import figures
    from reports.models import Figure

    reports = []
    for n in range(8):
        ward = UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Thứ {n}")
        report = services.report_open(unit=ward, month=MARCH)
        services.report_save(
            report=report,
            user=tree.secretary,
            version=1,
            texts={},
            values={doan_vien(): Decimal(10 + n)},
            branches=[],
        )
        reports.append(services.report_submit(report=report, user=tree.secretary))
    reviewers = [UserFactory(unit=tree.binh_tan, role=User.Role.STAFF) for _ in reports]

    outcomes = race(
        *(
            lambda report=report, reviewer=reviewer: services.report_accept(
                report=report, user=reviewer
            )
            for report, reviewer in zip(reports, reviewers, strict=True)
        ),
        hold=lock(*reports),
    )

    assert unexpected(outcomes) == []
    for unit in (tree.binh_tan, tree.city):
        figure = Figure.objects.get(unit=unit, metric=doan_vien(), month=MARCH)
        assert (figure.all_accepted, figure.all_pending) == (108, 0)
    assert figures.rebuild(fix=False).fixed == 0
