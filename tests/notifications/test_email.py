"""E-mail never stands in the way: with the mail server down the return still happens and
the secretary still finds the notification in the app; the daily job sends the e-mail
later, once, and never an e-mail already sent."""

import logging
import socket
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from notifications.models import Notification
from notifications.services import EMAIL_MAX_ATTEMPTS, Notice, email_retry, email_send, notify
from reports.models import MonthlyReport
from tests.factories import UserFactory
from tests.notifications.conftest import SECRETARY, review_form
from tests.notifications.mail import REFUSING, WORKING

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
COMMENT = "Thiếu ảnh chụp lễ ra mắt chi đoàn."
TITLE = "Báo cáo tháng 03/2024 bị trả lại – Đoàn phường Bình Trị Đông B"


def return_march(app, staff, report, callbacks):
    app.set_user(staff)
    form = review_form(app.get(report.get_absolute_url()), "return")
    form["comment"] = COMMENT
    with callbacks(execute=True):
        return form.submit().follow()


def returns_mailed(mailoutbox) -> list:
    return [mail for mail in mailoutbox if mail.subject == f"[Lộ trình] {TITLE}"]


def daily_job(when: str = "2024-04-06T08:00") -> str:
    out = StringIO()
    call_command("sendreminders", "--now", when, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_with_the_mail_server_down_the_return_is_done_and_the_daily_job_sends_the_e_mail(
    app, people, march, mailoutbox, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = REFUSING
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        page = return_march(app, people.staff, march, django_capture_on_commit_callbacks)

    assert "Đã trả lại báo cáo cho đơn vị kèm ý kiến của bạn." in page
    march.refresh_from_db()
    assert march.status == MonthlyReport.Status.RETURNED
    notification = Notification.objects.get(recipient=people.secretary)
    assert (notification.email_status, notification.email_attempts) == ("failed", 1)
    assert notification.email_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert SECRETARY in caplog.records[0].getMessage()
    assert mailoutbox == []

    settings.MAILERS = WORKING
    out = daily_job()

    assert f"Sent again: {TITLE} ({SECRETARY})" in out
    [mail] = returns_mailed(mailoutbox)
    assert mail.to == [SECRETARY]
    assert COMMENT in mail.body
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == ("sent", 2)
    assert notification.email_sent_at == datetime(2024, 4, 6, 8, 0, tzinfo=HCM)

    assert "Sent again" not in daily_job("2024-04-07T08:00")
    assert len(returns_mailed(mailoutbox)) == 1


def test_with_no_mail_server_listening_at_all_the_return_is_done(
    app, people, march, mailoutbox, settings, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }

    return_march(app, people.staff, march, django_capture_on_commit_callbacks)

    march.refresh_from_db()
    assert march.status == MonthlyReport.Status.RETURNED
    notification = Notification.objects.get(recipient=people.secretary)
    assert notification.email_status == Notification.Email.FAILED
    assert notification.email_error.startswith("ConnectionRefusedError")


def test_an_e_mail_sent_is_never_sent_again(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    return_march(app, people.staff, march, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1

    assert email_retry().sent == []
    daily_job()
    # Telling of the same event again adds nothing and sends nothing.
    notification = Notification.objects.get(kind="report-returned")
    with django_capture_on_commit_callbacks(execute=True):
        told = notify(
            recipients=[people.secretary],
            notice=Notice(kind=notification.kind, key=notification.key, title="Lần nữa"),
        )
    assert told == 1
    assert Notification.objects.get(kind="report-returned").title == TITLE
    assert len(returns_mailed(mailoutbox)) == 1


def test_an_e_mail_claimed_by_another_sender_in_the_meantime_goes_once(people, march, mailoutbox):
    from reports import services

    services.report_return(report=march, user=people.staff, comment=COMMENT)
    raced = []

    def another_sender_first(execute, sql, params, many, context):
        # Between this sender's read and its claim, another sender claims and sends.
        if sql.startswith("UPDATE") and "notifications_notification" in sql and not raced:
            raced.append(None)
            raced[0] = email_send(notifications=Notification.objects.all())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(another_sender_first):
        run = email_send(notifications=Notification.objects.all())

    assert run.sent == []
    assert [len(other.sent) for other in raced] == [1]
    assert [mail.to for mail in mailoutbox] == [[SECRETARY]]


def test_an_e_mail_being_sent_is_left_to_its_sender(people, march, mailoutbox):
    from reports import services

    services.report_return(report=march, user=people.staff, comment=COMMENT)
    Notification.objects.update(email_status=Notification.Email.SENDING)

    assert email_retry().sent == []
    assert mailoutbox == []


def test_a_failing_e_mail_is_tried_five_times_then_given_up(people, march, settings):
    from reports import services

    services.report_return(report=march, user=people.staff, comment=COMMENT)
    settings.MAILERS = REFUSING
    for _day in range(EMAIL_MAX_ATTEMPTS + 2):
        email_retry()

    notification = Notification.objects.get()
    assert (notification.email_status, notification.email_attempts) == ("failed", 5)


def test_a_secretary_without_an_address_is_told_in_the_app_only(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    people.secretary.email = ""
    people.secretary.save()

    return_march(app, people.staff, march, django_capture_on_commit_callbacks)

    notification = Notification.objects.get(recipient=people.secretary)
    assert notification.email_status == Notification.Email.NONE
    assert mailoutbox == []
    assert email_retry().sent == []


def test_in_development_the_console_shows_the_e_mail_as_the_secretary_reads_it(
    people, march, settings, django_capture_on_commit_callbacks
):
    from reports import services

    console = StringIO()
    settings.MAILERS = {
        "default": {"BACKEND": "notifications.mail.ConsoleBackend", "OPTIONS": {"stream": console}}
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=march, user=people.staff, comment=COMMENT)

    printed = console.getvalue()
    assert f"To: {SECRETARY}\nSubject: [Lộ trình] {TITLE}\n" in printed
    assert f"“{COMMENT}”" in printed
    assert f"https://lotrinh.example.vn/bao-cao/{march.pk}/" in printed


def test_a_mail_server_out_of_reach_is_tried_once_and_the_other_e_mails_wait(
    app, people, march, mailoutbox, settings, django_capture_on_commit_callbacks
):
    deputy = UserFactory(unit=people.binh_tri_dong_b, email="pho.bithu@example.org")
    settings.MAILERS = REFUSING

    return_march(app, people.staff, march, django_capture_on_commit_callbacks)

    states = dict(Notification.objects.values_list("recipient__email", "email_status"))
    assert states == {SECRETARY: "failed", deputy.email: "pending"}
    settings.MAILERS = WORKING
    daily_job()
    assert sorted(mail.to for mail in returns_mailed(mailoutbox)) == [
        [SECRETARY],
        [deputy.email],
    ]
