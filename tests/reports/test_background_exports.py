"""Large progress files are built by the task worker: the request hands the job over and
shows its progress; the worker (``manage.py db_worker``, run here for real, in batch mode)
builds the file with the requester's filters and scope; the requester downloads it.

The worker commits as it goes, so these tests run outside a test transaction."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from html import unescape
from io import BytesIO, StringIO
from urllib.parse import quote, urlencode

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import ExportJob
from reports.tasks import build_export

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]
QUARTER_ONE = {"ky": "quy", "quy": "2024-1"}


@pytest.fixture(autouse=True)
def large(settings):
    # Bình Tân and its two wards count 3 units: "large" from 2 on.
    settings.EXPORT_IN_REQUEST_MAX_UNITS = 2


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def ask(client, plan, fmt, params):
    response = client.get(reverse("plans:progress_export", args=[plan.pk, fmt]), params)
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.get()
    assert response.url == reverse("reports:export_detail", args=[job.pk])
    return job


def test_a_large_workbook_is_built_in_the_background_and_then_downloaded(
    client, tree, plan, activity, allocated
):
    client.force_login(tree.leader)
    job = ask(client, plan, "xlsx", QUARTER_ONE)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang chờ tới lượt" in page and 'http-equiv="refresh"' in page
    assert "<progress" in page
    early = client.get(reverse("reports:export_download", args=[job.pk]), follow=True)
    assert "Tệp chưa sẵn sàng." in early.content.decode()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.percent) == (ExportJob.Status.DONE, 100)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Sẵn sàng tải về" in page and 'http-equiv="refresh"' not in page
    response = client.get(reverse("reports:export_download", args=[job.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="KH-{plan.pk}-2024_tien-do_QI.xlsx"'
    )
    # The same figures as the file built within a request: Q I asks 7 chi đoàn, 1 founded.
    summary = load_workbook(BytesIO(response.content))["Tổng hợp"]
    row = next(
        r
        for r in range(7, summary.max_row + 1)
        if (summary[f"A{r}"].value, summary[f"B{r}"].value)
        == ("Thành lập mới chi đoàn", "Cấp cơ sở")
    )
    assert (summary[f"C{row}"].value, summary[f"D{row}"].value) == (7, 1)
    # Built after the quarter, as when it was asked: a final result, not "at risk".
    assert summary[f"F{row}"].value == "Không đạt"
    listing = client.get(reverse("reports:export_list")).content.decode()
    assert f"KH-{plan.pk}-2024_tien-do_QI.xlsx" in listing


def test_asking_twice_while_it_waits_follows_the_same_job(client, tree, plan):
    client.force_login(tree.staff)
    first = ask(client, plan, "pdf", {})
    response = client.get(reverse("plans:progress_export", args=[plan.pk, "pdf"]), follow=True)
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    assert "Tệp này đang được tạo." in response.content.decode()
    assert ExportJob.objects.count() == 1


@pytest.mark.slow
def test_the_worker_keeps_a_secretarys_file_to_their_ward(
    client, tree, plan, activity, allocated, settings
):
    settings.EXPORT_IN_REQUEST_MAX_UNITS = 0  # even one ward is "large"
    client.force_login(tree.secretary)
    job = ask(client, plan, "pdf", {})
    run_worker()
    response = client.get(reverse("reports:export_download", args=[job.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="KH-{plan.pk}-2024_tien-do_ca-ke-hoach'
        '_doan-phuong-binh-tri-dong-b.pdf"'
    )
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Đoàn phường Bình Trị Đông B" in text and "An Lạc" not in text
    client.force_login(tree.other_secretary)  # not theirs
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_a_file_that_cannot_be_built_says_so_and_offers_the_way_back(client, tree, plan):
    job = ExportJob.objects.create(
        requested_by=tree.staff,
        plan=plan,
        format="odt",
        filters={"ky": "nam"},
        as_of=date(2024, 5, 2),
    )
    build_export.enqueue(job_id=str(job.pk))  # a format no one can build
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.content is None
    client.force_login(tree.staff)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Không tạo được tệp." in page and "Quay lại trang tiến độ" in page
    assert f"/ke-hoach/{plan.pk}/tien-do/?ky=nam" in page


def test_a_file_waiting_long_says_the_worker_may_be_down(client, tree, plan):
    client.force_login(tree.staff)
    job = ask(client, plan, "xlsx", {})
    assert "bộ xử lý nền" not in client.get(job.get_absolute_url()).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert "bộ xử lý nền" in client.get(job.get_absolute_url()).content.decode()


def test_old_files_go_when_a_new_one_is_asked_for(client, tree, plan, settings):
    client.force_login(tree.staff)
    old = ask(client, plan, "xlsx", {})
    with time_machine.travel(timezone.now() + timedelta(days=settings.EXPORT_KEEP_DAYS, hours=1)):
        client.get(reverse("plans:progress_export", args=[plan.pk, "pdf"]))
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert ExportJob.objects.count() == 1


def test_small_files_are_returned_at_once(client, tree, plan, settings):
    settings.EXPORT_IN_REQUEST_MAX_UNITS = 3
    client.force_login(tree.staff)
    response = client.get(reverse("plans:progress_export", args=[plan.pk, "xlsx"]))
    assert response.status_code == 200 and not ExportJob.objects.exists()


def chi_doan_of_the_wards(workbook: bytes) -> tuple:
    """The summary's "Thành lập mới chi đoàn" line of the wards: (asked, done)."""
    summary = load_workbook(BytesIO(workbook))["Tổng hợp"]
    row = next(
        r
        for r in range(7, summary.max_row + 1)
        if (summary[f"A{r}"].value, summary[f"B{r}"].value)
        == ("Thành lập mới chi đoàn", "Cấp cơ sở")
    )
    return summary[f"C{row}"].value, summary[f"D{row}"].value


# A query string longer than any column (issue 13, item 6)


def test_a_5000_character_query_string_builds_the_file_of_its_valid_filters(
    client, tree, plan, activity, allocated
):
    junk = {f"rac-{i}": f"<b>{'x' * 70}</b>" for i in range(60)}
    query = urlencode({**junk, **QUARTER_ONE, "sap-xep": "-" * 300})
    assert len(query) > 5000
    client.force_login(tree.leader)
    response = client.get(f"{reverse('plans:progress_export', args=[plan.pk, 'xlsx'])}?{query}")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    page = client.get(response.url).content.decode()
    # The page links back to the progress of the filters that count, and nothing else.
    assert f'href="/ke-hoach/{plan.pk}/tien-do/?ky=quy&amp;quy=2024-1"' in page
    assert "rac-" not in page

    run_worker()

    response = client.get(reverse("reports:export_download", args=[job.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="KH-{plan.pk}-2024_tien-do_QI.xlsx"'
    )
    assert chi_doan_of_the_wards(response.content) == (7, 1)  # Q I asks 7, 1 founded


def test_the_same_filters_among_other_parameters_follow_the_same_job(client, tree, plan):
    client.force_login(tree.staff)
    url = reverse("plans:progress_export", args=[plan.pk, "pdf"])
    first = client.get(url, {**QUARTER_ONE, "rac": "1"})
    again = client.get(url, {"quy": "2024-1", "khac": "x" * 2000, "ky": "quy"}, follow=True)
    assert again.redirect_chain[-1][0] == first.url
    assert "Tệp này đang được tạo." in again.content.decode()
    other = client.get(url, {"ky": "quy", "quy": "2024-2"})
    assert other.url != first.url
    assert ExportJob.objects.count() == 2


def test_the_migration_keeps_the_filters_of_the_files_asked_before(tree, plan):
    executor = MigrationExecutor(connections["default"])
    before = [("reports", "0002_export_job")]
    after = executor.loader.graph.leaf_nodes("reports")
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        queries = {
            "quarter": "ky=quy&quy=2024-1&rac=%3Cb%3E&sap-xep=ten",
            "unit": f"ky=tuy-chon&tu=2024-01&den=2024-04&don-vi={tree.an_lac.pk}"
            "&ke-ca-chua-duyet=on",
            "plain": "",
        }
        for name, query in queries.items():
            old_apps.get_model("reports", "ExportJob").objects.create(
                requested_by_id=tree.staff.pk,
                plan_id=plan.pk,
                format="xlsx",
                query=query,
                as_of=date(2024, 5, 2),
                filename=name,
            )
        executor = MigrationExecutor(connections["default"])
        executor.migrate(after)
    finally:
        MigrationExecutor(connections["default"]).migrate(after)
    filters = dict(ExportJob.objects.values_list("filename", "filters"))
    assert filters == {
        "quarter": {"ky": "quy", "quy": "2024-1"},
        "unit": {
            "ky": "tuy-chon",
            "tu": "2024-01",
            "den": "2024-04",
            "don-vi": tree.an_lac.pk,
            "ke-ca-chua-duyet": True,
        },
        "plain": {},
    }


# A worker that dies while it builds a file (issue 13, item 4)


@pytest.fixture
def database_url(tree, plan, tmp_path):
    """The test database as another process opens it. PostgreSQL's is a database like any
    other; SQLite's lives in this process's memory, so the test and its worker move to a
    file holding the same rows (the tree, the plan) for the test's duration."""
    connection = connections["default"]
    config = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
        yield (
            f"postgres://{quote(config['USER'], safe='')}{password}@{config['HOST']}"
            f":{config['PORT'] or 5432}/{config['NAME']}"
        )
        return
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    in_memory = connection
    connections["default"] = connection.__class__({**config, "NAME": str(path)}, "default")
    try:
        yield f"sqlite:///{path}"
    finally:
        connections["default"].close()
        connections["default"] = in_memory


def start_worker(database_url, *arguments) -> subprocess.Popen:
    """``manage.py db_worker`` in a process of its own, as production runs it."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *arguments],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"Still waiting after {seconds} s: {what}")
        time.sleep(0.01)
    return found


def state_of(job) -> tuple:
    return ExportJob.objects.filter(pk=job.pk).values_list("status", "percent").get()


@pytest.mark.slow
def test_a_file_whose_worker_was_killed_is_given_up_and_built_again(
    client, tree, plan, database_url, settings
):
    client.force_login(tree.staff)
    job = ask(client, plan, "pdf", {})
    worker = start_worker(database_url)
    try:
        # Halfway: the figures are counted, the PDF is being set.
        wait_for(lambda: state_of(job) == ("running", 50), "the worker setting the PDF")
        with transaction.atomic():
            # Hold what the worker needs for its next progress write (the job's row; on
            # SQLite, the database's write lock), so that it cannot finish meanwhile.
            ExportJob.objects.filter(pk=job.pk).update(percent=F("percent"))
            assert state_of(job) == ("running", 50)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL

    # Nothing moves any more: the job and its task row read "running".
    assert state_of(job)[0] == ExportJob.Status.RUNNING
    assert DBTaskResult.objects.get(pk=job.task_id).status == "RUNNING"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang tạo" in page and "Tạo lại" not in page
    again = client.get(reverse("plans:progress_export", args=[plan.pk, "pdf"]))
    assert again.url == job.get_absolute_url()  # within the limit, still the same file

    later = timezone.now() + timedelta(minutes=settings.EXPORT_STUCK_AFTER_MINUTES, seconds=5)
    with time_machine.travel(later):
        page = client.get(job.get_absolute_url()).content.decode()
        assert "Không thành công" in page and 'http-equiv="refresh"' not in page
        assert "không có tiến triển nào trong 15 phút" in page
        assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
        rebuild = re.search(r'<a class="button primary" href="([^"]+)">Tạo lại</a>', page)
        response = client.get(unescape(rebuild.group(1)))
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert response.url == new.get_absolute_url()
    assert (new.status, new.format, new.filters) == ("queued", "pdf", {})

    restarted = start_worker(database_url, "--batch")
    _, errors = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, errors.decode()
    new.refresh_from_db()
    assert new.status == ExportJob.Status.DONE
    response = client.get(reverse("reports:export_download", args=[new.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Đoàn phường Bình Trị Đông B" in text
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.content is None


def test_a_file_whose_worker_died_before_beginning_it_is_given_up_too(client, tree, plan, settings):
    client.force_login(tree.staff)
    job = ask(client, plan, "xlsx", QUARTER_ONE)
    # A worker takes the task, as db_worker does, then dies before it begins the file.
    DBTaskResult.objects.get(pk=job.task_id).claim("a-worker-that-died")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang chờ tới lượt" in page
    later = timezone.now() + timedelta(minutes=settings.EXPORT_STUCK_AFTER_MINUTES, seconds=5)
    with time_machine.travel(later):
        response = client.get(reverse("plans:progress_export", args=[plan.pk, "xlsx"]), QUARTER_ONE)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert response.url == new.get_absolute_url() and new.filters == QUARTER_ONE
    run_worker()
    new.refresh_from_db()
    assert new.status == ExportJob.Status.DONE


def test_a_file_merely_waiting_for_a_worker_is_never_given_up(client, tree, plan):
    client.force_login(tree.staff)
    job = ask(client, plan, "xlsx", {})
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang chờ tới lượt" in page and "bộ xử lý nền" in page
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


def test_the_daily_job_gives_up_files_whose_worker_died(client, tree, plan, settings):
    client.force_login(tree.staff)
    job = ask(client, plan, "xlsx", {})
    DBTaskResult.objects.get(pk=job.task_id).claim("a-worker-that-died")
    later = timezone.now() + timedelta(minutes=settings.EXPORT_STUCK_AFTER_MINUTES, seconds=5)
    with time_machine.travel(later):
        call_command("sendreminders", stdout=StringIO())
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.FAILED
    listing = client.get(reverse("reports:export_list")).content.decode()
    assert "Không thành công" in listing and "Đang chờ tới lượt" not in listing
