"""Large progress files are built by the task worker: the request hands the job over and
shows its progress; the worker (``manage.py db_worker``, run here for real, in batch mode)
builds the file with the requester's filters and scope; the requester downloads it.

The worker commits as it goes, so these tests run outside a test transaction."""

from datetime import date, timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
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
        == ("Thành lập mới chi đoàn", "Các đơn vị trực thuộc")
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
        requested_by=tree.staff, plan=plan, format="docx", query="ky=nam", as_of=date(2024, 5, 2)
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
