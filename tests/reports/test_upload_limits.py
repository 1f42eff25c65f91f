"""What one save can carry, as a secretary meets it on the report page (WebTest posts back
what the page renders) and as anyone meets it at the door: a request larger than
MAX_REQUEST_BYTES is refused whole, with a page in Vietnamese, before anything is read or
written; a report takes at most 20 attachments, and the page says so keeping what was
typed."""

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from webtest import Upload

from reports.models import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_REPORT,
    Attachment,
    MonthlyReport,
)
from tests.reports.test_report_form import APRIL_5, PDF, PNG, open_form, report_form

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
TOO_LARGE = "Trang vừa gửi hơn 1 MB cùng lúc"


@pytest.fixture
def app(django_app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    django_app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies: HTTPS only
    with time_machine.travel(APRIL_5, tick=False):
        yield django_app


def photo(name: str, size: int) -> Upload:
    return Upload(name, PNG + b"\x00" * (size - len(PNG)), "image/png")


def test_a_save_larger_than_the_cap_is_refused_in_vietnamese_and_nothing_is_kept(
    app, tree, plan, settings, tmp_path
):
    """Two photos of 600 KB, well under 5 MB each, but 1.2 MB together against a 1 MB cap."""
    settings.MAX_REQUEST_BYTES = 1 * MB
    form = report_form(open_form(app, tree))
    form["difficulties"] = "Thiếu kinh phí tổ chức lễ ra mắt"
    form["files"] = [photo("ra-mat-1.png", 600 * 1024), photo("ra-mat-2.png", 600 * 1024)]
    page = form.submit("submit", status=413)
    assert TOO_LARGE in page.text
    assert "chưa có gì được lưu" in page.text
    assert not MonthlyReport.objects.exists() and not Attachment.objects.exists()
    assert list(tmp_path.rglob("*")) == []  # not a byte of the files reached the disk
    # One photo fits: the same page saves.
    form["files"] = [photo("ra-mat-1.png", 600 * 1024)]
    form.submit("submit").maybe_follow()
    assert MonthlyReport.objects.get().difficulties == "Thiếu kinh phí tổ chức lễ ra mắt"
    assert Attachment.objects.get().original_name == "ra-mat-1.png"


def test_an_anonymous_visitor_sending_too_much_gets_the_same_page(client, settings):
    settings.MAX_REQUEST_BYTES = 1 * MB
    response = client.post(
        reverse("login"), {"username": "bithu.an-lac", "password": "x" * (2 * MB)}
    )
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert not AccessAttempt.objects.exists()  # refused before the login was even tried


def test_a_body_announced_larger_than_the_cap_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1 * MB
    response = client.generic(
        "POST",
        reverse("login"),
        b"",
        "application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(4 * 1024 * MB),
    )
    assert response.status_code == 413


def test_the_default_cap_carries_the_largest_save_the_report_page_allows():
    """20 attachments of 5 MB and the form's text (which Django caps at
    DATA_UPLOAD_MAX_MEMORY_SIZE): a secretary saving what the page allows is never
    refused."""
    largest = (
        MAX_ATTACHMENTS_PER_REPORT * MAX_ATTACHMENT_BYTES
        + django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    assert largest < django_settings.MAX_REQUEST_BYTES == 105 * MB


def test_a_report_takes_at_most_twenty_attachments_and_the_page_says_so(app, tree, plan):
    form = report_form(open_form(app, tree))
    form["files"] = [Upload(f"bien-ban-{n}.pdf", PDF, "application/pdf") for n in range(19)]
    form.submit("save")
    form = report_form(open_form(app, tree))
    form["proposals"] = "Đề nghị hỗ trợ kinh phí"
    form["files"] = [Upload(f"anh-{n}.png", PNG) for n in range(2)]
    page = form.submit("save")
    assert "Mỗi báo cáo có tối đa 20 tệp đính kèm; báo cáo này đã có 19 tệp." in page.text
    assert report_form(page)["proposals"].value == "Đề nghị hỗ trợ kinh phí"
    assert Attachment.objects.count() == 19
    assert MonthlyReport.objects.get().proposals == ""
    form = report_form(page)
    form["files"] = [Upload("anh-0.png", PNG)]
    form.submit("save")
    assert Attachment.objects.count() == 20
    assert MonthlyReport.objects.get().proposals == "Đề nghị hỗ trợ kinh phí"
