"""Reminders e-mailed to ward secretaries whose monthly report is not in."""

from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from notifications.models import Notification
from organizations.models import Unit, User
from reports import services
from reports.models import Extension, ReminderSent, ReportSchedule
from reports.reminders import reminders_due, send_reminders
from tests.factories import UnitFactory, UserFactory
from tests.notifications.mail import REFUSING, WORKING

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FEBRUARY, MARCH = date(2024, 2, 1), date(2024, 3, 1)
SECRETARY = "bithu.btdb@example.vn"
OTHER_SECRETARY = "bithu.anlac@example.vn"
# Units, reports, reminders sent, recipients, and per month schedules and extensions.
QUERIES = 1 + 1 + 1 + 1 + 2 * 2


def at(day: int, hour: int = 9, month: int = 4) -> datetime:
    return datetime(2024, month, day, hour, 0, tzinfo=HCM)


@pytest.fixture
def binh_tan(tree, settings):
    """Bình Tân's wards report by 16:00 on the 10th; their secretaries have addresses."""
    settings.REPORT_REMINDER_DAYS_BEFORE = 3
    settings.SITE_URL = "https://lotrinh.example.vn"
    ReportSchedule.objects.create(unit=tree.binh_tan, due_day=10, due_time=time(16))
    User.objects.filter(pk=tree.secretary.pk).update(email=SECRETARY)
    User.objects.filter(pk=tree.other_secretary.pk).update(email=OTHER_SECRETARY)
    User.objects.filter(pk=tree.staff.pk).update(email="canbo@example.vn")
    february_is_settled()
    return tree


def february_is_settled():
    """February's reports are long overdue and were reminded of in March: out of the way."""
    ReminderSent.objects.bulk_create(
        ReminderSent(unit=unit, month=FEBRUARY, kind=ReminderSent.Kind.OVERDUE)
        for unit in Unit.objects.filter(parent__isnull=False, kind__is_branch=False)
    )


def submit(unit, user, when):
    report = services.report_open(unit=unit, month=MARCH)
    return services.report_submit(report=report, user=user, now=when)


def recipients(mailoutbox) -> list[list[str]]:
    return sorted(mail.to for mail in mailoutbox)


def test_reminders_go_n_days_before_to_secretaries_of_wards_not_yet_submitted(binh_tan, mailoutbox):
    submit(binh_tan.binh_tri_dong_b, binh_tan.secretary, at(5))

    assert send_reminders(now=at(6)) == []
    assert mailoutbox == []

    sent = send_reminders(now=at(7))

    assert [(unit, month, kind) for unit, month, kind in sent if unit == binh_tan.an_lac] == [
        (binh_tan.an_lac, MARCH, ReminderSent.Kind.BEFORE)
    ]
    assert recipients(mailoutbox) == [[OTHER_SECRETARY]]
    mail = mailoutbox[0]
    assert mail.subject == "[Lộ trình] Nhắc nộp báo cáo tháng 03/2024 – Đoàn phường An Lạc"
    assert "16:00 ngày 10/04/2024" in mail.body
    assert "https://lotrinh.example.vn/bao-cao/" in mail.body


def test_the_reminder_before_still_goes_on_the_due_day_until_the_due_moment(binh_tan, mailoutbox):
    send_reminders(now=at(10, hour=17))
    assert mailoutbox == []

    send_reminders(now=at(10, hour=15))
    assert recipients(mailoutbox) == [[OTHER_SECRETARY], [SECRETARY]]


def test_a_unit_without_a_due_time_is_reminded_of_the_end_of_the_day(tree, mailoutbox):
    User.objects.filter(pk=tree.secretary.pk).update(email=SECRETARY)
    february_is_settled()

    send_reminders(now=at(8))

    assert "23:59 ngày 10/04/2024" in mailoutbox[0].body


def test_only_active_secretaries_with_an_address_are_written_to(binh_tan, mailoutbox):
    UserFactory(unit=binh_tan.an_lac, email="pho.bithu@example.vn")
    former = UserFactory(unit=binh_tan.an_lac, email="cu.bithu@example.vn")
    User.objects.filter(pk=former.pk).update(is_active=False)
    UserFactory(unit=binh_tan.an_lac, role=User.Role.LEADERSHIP, email="lanhdao@example.vn")

    send_reminders(now=at(7))

    to_an_lac = sorted(mail.to for mail in mailoutbox if "An Lạc" in mail.subject)
    assert to_an_lac == [[OTHER_SECRETARY], ["pho.bithu@example.vn"]]
    told = Notification.objects.filter(title__contains="An Lạc")
    assert sorted(told.values_list("recipient__email", flat=True)) == [
        OTHER_SECRETARY,
        "pho.bithu@example.vn",
    ]


def test_a_ward_that_submitted_gets_no_reminder(binh_tan, mailoutbox):
    submit(binh_tan.an_lac, binh_tan.other_secretary, at(1))

    send_reminders(now=at(7))
    submit(binh_tan.binh_tri_dong_b, binh_tan.secretary, at(11, hour=8))
    send_reminders(now=at(11))
    send_reminders(now=at(13))

    # Bình Trị Đông B was reminded before, then submitted late, before the overdue run.
    assert [(mail.to, "Nhắc nộp" in mail.subject) for mail in mailoutbox] == [([SECRETARY], True)]


def test_a_ward_whose_report_was_returned_after_submission_gets_no_reminder(binh_tan, mailoutbox):
    report = submit(binh_tan.an_lac, binh_tan.other_secretary, at(1))
    services.report_return(report=report, user=binh_tan.staff, comment="Thiếu minh chứng.")

    send_reminders(now=at(8))
    send_reminders(now=at(11))

    assert all(mail.to != [OTHER_SECRETARY] for mail in mailoutbox)


def test_a_reminder_is_never_sent_twice(binh_tan, mailoutbox):
    first = send_reminders(now=at(7))
    second = send_reminders(now=at(7, hour=10))
    third = send_reminders(now=at(8))

    assert len(first) >= 2
    assert second == third == []
    assert recipients(mailoutbox) == [[OTHER_SECRETARY], [SECRETARY]]


def test_a_reminder_claimed_by_a_run_at_the_same_moment_is_not_sent_again(
    binh_tan, mailoutbox, monkeypatch
):
    seen_by_both = reminders_due(now=at(7))
    ReminderSent.objects.create(unit=binh_tan.an_lac, month=MARCH, kind=ReminderSent.Kind.BEFORE)
    monkeypatch.setattr("reports.reminders.reminders_due", lambda now: seen_by_both)

    sent = send_reminders(now=at(7))

    assert [unit for unit, _month, _kind in sent] == [binh_tan.binh_tri_dong_b]
    assert recipients(mailoutbox) == [[SECRETARY]]


def test_the_overdue_reminder_goes_the_day_after_and_only_once(binh_tan, mailoutbox):
    send_reminders(now=at(10, hour=17))
    assert mailoutbox == []

    send_reminders(now=at(11))
    send_reminders(now=at(12))

    assert recipients(mailoutbox) == [[OTHER_SECRETARY], [SECRETARY]]
    mail = next(mail for mail in mailoutbox if mail.to == [OTHER_SECRETARY])
    assert mail.subject == "[Lộ trình] Quá hạn báo cáo tháng 03/2024 – Đoàn phường An Lạc"
    assert "16:00 ngày 10/04/2024" in mail.body


def test_a_missed_cron_day_still_sends_the_overdue_reminder_once(binh_tan, mailoutbox):
    send_reminders(now=at(14))
    send_reminders(now=at(2, month=5))

    assert recipients(mailoutbox) == [[OTHER_SECRETARY], [SECRETARY]]
    assert all("Quá hạn" in mail.subject for mail in mailoutbox)


def test_the_report_of_the_month_before_last_is_still_reminded_once(tree, mailoutbox):
    User.objects.filter(pk=tree.secretary.pk).update(email=SECRETARY)

    send_reminders(now=at(1))
    send_reminders(now=at(2))

    february = [mail for mail in mailoutbox if "02/2024" in mail.subject]
    assert [mail.subject for mail in february] == [
        "[Lộ trình] Quá hạn báo cáo tháng 02/2024 – Đoàn phường Bình Trị Đông B"
    ]
    assert "23:59 ngày 10/03/2024" in february[0].body


def test_an_extension_moves_the_reminders(binh_tan, mailoutbox):
    Extension.objects.create(
        unit=binh_tan.an_lac,
        month=MARCH,
        due_at=datetime(2024, 4, 15, 16, 0, tzinfo=HCM),
        reason="Bí thư đi tập huấn",
    )

    send_reminders(now=at(11))
    assert recipients(mailoutbox) == [[SECRETARY]]

    mailoutbox.clear()
    send_reminders(now=at(12))
    assert [mail.to for mail in mailoutbox] == [[OTHER_SECRETARY]]
    assert "Nhắc nộp" in mailoutbox[0].subject
    assert "16:00 ngày 15/04/2024" in mailoutbox[0].body

    mailoutbox.clear()
    send_reminders(now=at(16))
    assert [mail.to for mail in mailoutbox] == [[OTHER_SECRETARY]]
    assert "Quá hạn" in mailoutbox[0].subject


def test_a_failed_sending_is_told_in_the_app_and_e_mailed_by_the_next_run(
    binh_tan, mailoutbox, settings
):
    settings.MAILERS = REFUSING
    failures = []
    assert send_reminders(now=at(7), on_failure=lambda r, e: failures.append(r.unit)) == []
    assert sorted(unit.name for unit in failures) == [
        "Đoàn phường An Lạc",
        "Đoàn phường Bình Trị Đông B",
    ]
    told = Notification.objects.get(recipient=binh_tan.secretary)
    assert told.title == "Nhắc nộp báo cáo tháng 03/2024 – Đoàn phường Bình Trị Đông B"
    assert (told.email_status, told.email_attempts) == (Notification.Email.FAILED, 1)
    assert "Connection unexpectedly closed" in told.email_error
    # The server being out of reach, An Lạc's e-mail was not even tried: it waits.
    waiting = Notification.objects.get(recipient=binh_tan.other_secretary)
    assert (waiting.email_status, waiting.email_attempts) == (Notification.Email.PENDING, 0)

    settings.MAILERS = WORKING
    call_command("sendreminders", "--now", "2024-04-08T09:00", stdout=StringIO())
    assert recipients(mailoutbox) == [[OTHER_SECRETARY], [SECRETARY]]
    call_command("sendreminders", "--now", "2024-04-09T09:00", stdout=StringIO())
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(recipient=binh_tan.secretary).count() == 1


def test_a_secretary_without_an_address_is_reminded_in_the_app_only_and_once(binh_tan):
    User.objects.filter(pk=binh_tan.other_secretary.pk).update(email="")

    sent = send_reminders(now=at(7))
    send_reminders(now=at(8))

    assert binh_tan.an_lac not in [unit for unit, _month, _kind in sent]
    told = Notification.objects.get(recipient=binh_tan.other_secretary)
    assert told.title == "Nhắc nộp báo cáo tháng 03/2024 – Đoàn phường An Lạc"
    assert told.email_status == Notification.Email.NONE


def test_a_unit_without_a_secretary_is_skipped_and_reminded_once_it_has_one(binh_tan, mailoutbox):
    send_reminders(now=at(7))
    assert not ReminderSent.objects.filter(unit=binh_tan.thanh_loc, month=MARCH).exists()

    UserFactory(unit=binh_tan.thanh_loc, email="bithu.thanhloc@example.vn")
    send_reminders(now=at(8))

    assert [mail.to for mail in mailoutbox if "Thạnh Lộc" in mail.subject] == [
        ["bithu.thanhloc@example.vn"]
    ]


def test_the_command_prints_what_it_sent_and_sends_nothing_the_second_time(binh_tan, mailoutbox):
    out = StringIO()
    call_command("sendreminders", "--now", "2024-04-08T09:00", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Sent (before) 03/2024 Đoàn phường An Lạc" in lines
    assert "Sent (before) 03/2024 Đoàn phường Bình Trị Đông B" in lines
    # Thạnh Lộc's secretary and the districts have no address: said, not sent.
    assert "Not sent (before) 03/2024 Đoàn phường Thạnh Lộc" in out.getvalue()
    assert lines[-1] == "2 reminder(s) sent."
    assert len(mailoutbox) == 2

    again = StringIO()
    call_command("sendreminders", "--now", "2024-04-08T18:00", stdout=again)
    assert "Sent" not in again.getvalue()
    assert again.getvalue().splitlines()[-1] == "0 reminder(s) sent."
    assert len(mailoutbox) == 2


def test_the_command_acts_at_the_present_moment_without_now(binh_tan, mailoutbox):
    with time_machine.travel(datetime(2024, 4, 11, 7, 0, tzinfo=HCM), tick=False):
        call_command("sendreminders", stdout=StringIO())

    assert {mail.subject.split(" – ")[0] for mail in mailoutbox} == {
        "[Lộ trình] Quá hạn báo cáo tháng 03/2024"
    }


def test_queries_do_not_grow_with_the_number_of_wards(tree, django_assert_max_num_queries):
    # A first run tells every secretary (in the app: nobody has an address); the second
    # finds only units without a secretary still owed, and only reads.
    send_reminders(now=at(8))
    with django_assert_max_num_queries(QUERIES) as two_wards:
        assert send_reminders(now=at(8)) == []
    for n in range(18):
        UserFactory(unit=UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {n}"))
    # The 18 new wards, and Thạnh Lộc and both districts, which have no secretary.
    assert len({reminder.unit for reminder in reminders_due(now=at(8))}) == 18 + 3

    send_reminders(now=at(8))
    with django_assert_max_num_queries(QUERIES) as twenty_wards:
        assert send_reminders(now=at(8)) == []

    assert len(twenty_wards.captured_queries) == len(two_wards.captured_queries)
