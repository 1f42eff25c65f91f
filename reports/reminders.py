"""Reminders (nhắc nộp báo cáo): e-mails to the secretaries (Bí thư) of units whose monthly
report has not been submitted, a few days before it is due and once more the day after.

A daily job (``manage.py sendreminders``) calls ``send_reminders``; it may run late, twice,
or twice at once, and each unit still gets each reminder of a month at most once.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from organizations.models import Unit, User

from .deadlines import due_moments_by_month
from .models import MonthlyReport, ReminderSent
from .schedule import first_of_month, previous_month

logger = logging.getLogger(__name__)

Kind = ReminderSent.Kind


@dataclass(frozen=True)
class Reminder:
    """One e-mail owed: ``unit``'s report of ``month`` is not in, and this is the moment to
    say so (``kind``)."""

    unit: Unit
    month: date
    kind: str
    due_at: datetime
    recipients: tuple[str, ...]


def months_to_watch(today: date) -> list[date]:
    """The months whose reports can be due around ``today``: a report of month M is due in
    month M + 1, or later when extended. Oldest first."""
    last = previous_month(first_of_month(today))
    return [previous_month(last), last]


def reminder_kind(*, due_at: datetime, now: datetime, days_before: int) -> str | None:
    today = timezone.localdate(now)
    due_date = timezone.localdate(due_at)
    if today > due_date:
        return Kind.OVERDUE
    if due_date - timedelta(days=days_before) <= today and now < due_at:
        return Kind.BEFORE
    # Due today but the due moment has passed: the overdue reminder goes tomorrow.
    return None


def reminders_due(*, now: datetime) -> list[Reminder]:
    """Every reminder to send at ``now`` and not yet sent, in a fixed number of queries
    whatever the number of units."""
    months = months_to_watch(timezone.localdate(now))
    # Every unit reports to the one above it, except branches and the root.
    units = list(
        Unit.objects.filter(kind__is_branch=False, is_active=True, parent__isnull=False)
        .select_related("parent")
        .order_by("path")
    )
    due = due_moments_by_month(units, months)
    # A report submitted once is in, even if returned since: the reviewer's comment is the
    # reminder then, and timeliness counts that first submission anyway.
    submitted = set(
        MonthlyReport.objects.filter(
            month__in=months, first_submitted_at__isnull=False
        ).values_list("unit_id", "month")
    )
    sent = set(
        ReminderSent.objects.filter(month__in=months).values_list("unit_id", "month", "kind")
    )

    owed = []
    for month in months:
        for unit in units:
            if (unit.pk, month) in submitted:
                continue
            due_at = due[(unit.pk, month)]
            kind = reminder_kind(
                due_at=due_at, now=now, days_before=settings.REPORT_REMINDER_DAYS_BEFORE
            )
            if kind is not None and (unit.pk, month, kind) not in sent:
                owed.append((unit, month, kind, due_at))

    recipients: dict[int, list[str]] = {}
    for unit_id, email in (
        User.objects.filter(
            unit_id__in={unit.pk for unit, *_rest in owed},
            role=User.Role.SECRETARY,
            is_active=True,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("unit_id", "email")
    ):
        recipients.setdefault(unit_id, []).append(email)

    return [
        Reminder(unit, month, kind, due_at, tuple(recipients.get(unit.pk, ())))
        for unit, month, kind, due_at in owed
    ]


def format_moment(moment: datetime) -> str:
    """ "16:00 ngày 10/04/2024", in local time; the end of the day reads 23:59."""
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


def reminder_message(reminder: Reminder) -> EmailMessage:
    unit, month = reminder.unit, f"{reminder.month:%m/%Y}"
    due = format_moment(reminder.due_at)
    link = f"{settings.SITE_URL.rstrip('/')}/bao-cao/"
    if reminder.kind == Kind.OVERDUE:
        subject = f"[Lộ trình] Quá hạn báo cáo tháng {month} – {unit.name}"
        news = (
            f"Báo cáo tháng {month} của {unit.name} đã quá hạn nộp ({due}) mà vẫn chưa được "
            f"gửi. Đề nghị đồng chí hoàn thành và gửi báo cáo sớm nhất."
        )
    else:
        subject = f"[Lộ trình] Nhắc nộp báo cáo tháng {month} – {unit.name}"
        news = (
            f"Báo cáo tháng {month} của {unit.name} cần được gửi trước {due}. "
            f"Hiện báo cáo chưa được gửi; đề nghị đồng chí hoàn thành và gửi đúng hạn."
        )
    body = "\n\n".join(
        [
            f"Kính gửi đồng chí Bí thư {unit.name},",
            f"{news}\nBáo cáo gửi {unit.parent.name}.",
            f"Nộp báo cáo tại: {link}",
            "Thư này được gửi tự động từ hệ thống Lộ trình, vui lòng không trả lời thư này.",
        ]
    )
    return EmailMessage(subject=subject, body=body, to=list(reminder.recipients))


def _log_skip(reminder: Reminder) -> None:
    logger.warning(
        "No secretary with an e-mail address at %s: reminder %s of %s not sent.",
        reminder.unit,
        reminder.kind,
        f"{reminder.month:%m/%Y}",
    )


def _log_failure(reminder: Reminder, error: Exception) -> None:
    logger.error(
        "Reminder %s of %s to %s failed: %s",
        reminder.kind,
        f"{reminder.month:%m/%Y}",
        reminder.unit,
        error,
        exc_info=error,
    )


def send_reminders(
    *,
    now: datetime,
    on_skip: Callable[[Reminder], None] = _log_skip,
    on_failure: Callable[[Reminder, Exception], None] = _log_failure,
) -> list[tuple[Unit, date, str]]:
    """Sends the reminders due at ``now`` and returns what it sent: (unit, month, kind).

    A unit without a secretary's address is skipped and nothing is recorded, so it gets the
    reminder once someone is given one. A failed sending is reported and retried next run.
    """
    sent = []
    for reminder in reminders_due(now=now):
        if not reminder.recipients:
            on_skip(reminder)
            continue
        # Claimed before sending, so that two runs at once send once: the unique constraint
        # lets one of them in. A crash between claim and sending loses that one reminder,
        # which beats a secretary receiving it every day.
        try:
            with transaction.atomic():
                claim = ReminderSent.objects.create(
                    unit=reminder.unit, month=reminder.month, kind=reminder.kind
                )
        except IntegrityError:
            continue
        try:
            reminder_message(reminder).send()
        except Exception as error:
            claim.delete()
            on_failure(reminder, error)
            continue
        sent.append((reminder.unit, reminder.month, reminder.kind))
    return sent
