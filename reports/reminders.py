"""Reminders (nhắc nộp báo cáo): the secretaries (Bí thư) of units whose monthly report has
not been submitted are told, a few days before it is due and once more the day after, in
the app and by e-mail (a notification each, see ``notifications``). Only of a month the
unit owes: none before the month it was founded in, none from the month it was dissolved
or merged in (a ward dissolved on 01/07/2025 is still reminded of its June report).

A daily job (``manage.py sendreminders``) calls ``send_reminders``; it may run late, twice,
or twice at once, and each unit still gets each reminder of a month at most once.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import Notice, email_send, notify
from organizations.models import Unit, User, month_end

from .deadlines import due_moments_by_month
from .models import MonthlyReport, ReminderSent
from .schedule import first_of_month, previous_month

logger = logging.getLogger(__name__)

Kind = ReminderSent.Kind


@dataclass(frozen=True)
class Reminder:
    """One reminder owed: ``unit``'s report of ``month`` is not in, and this is the moment
    to tell its active ``secretaries`` (``kind``)."""

    unit: Unit
    month: date
    kind: str
    due_at: datetime
    secretaries: tuple[User, ...]

    @property
    def recipients(self) -> tuple[str, ...]:
        """The addresses it is e-mailed to."""
        return tuple(user.email for user in self.secretaries if user.email)


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
    # Every unit reports to the one above it, except branches and the root; and only for a
    # month it owes (not before it was founded, not once it is dissolved or merged).
    units = list(
        Unit.objects.filter(kind__is_branch=False, is_active=True, parent__isnull=False)
        .existing_during(month_end(months[0]), month_end(months[-1]))
        .select_related("parent")
        .order_by("path")
    )
    due = due_moments_by_month(units, months)
    # A report submitted once is in, even if returned since: the reviewer's comment is the
    # reminder then, and timeliness counts that first submission anyway.
    submitted = set(
        MonthlyReport.objects.filter(month__in=months, first_submitted_at__isnull=False)
        .order_by()
        .values_list("unit_id", "month")
    )
    sent = set(
        ReminderSent.objects.filter(month__in=months).values_list("unit_id", "month", "kind")
    )

    owed = []
    for month in months:
        for unit in units:
            if (unit.pk, month) in submitted or not unit.owes_report_of(month):
                continue
            due_at = due[(unit.pk, month)]
            kind = reminder_kind(
                due_at=due_at, now=now, days_before=settings.REPORT_REMINDER_DAYS_BEFORE
            )
            if kind is not None and (unit.pk, month, kind) not in sent:
                owed.append((unit, month, kind, due_at))

    secretaries: dict[int, list[User]] = {}
    for user in User.objects.filter(
        unit_id__in={unit.pk for unit, *_rest in owed},
        role=User.Role.SECRETARY,
        is_active=True,
    ).order_by("email", "pk"):
        secretaries.setdefault(user.unit_id, []).append(user)

    return [
        Reminder(unit, month, kind, due_at, tuple(secretaries.get(unit.pk, ())))
        for unit, month, kind, due_at in owed
    ]


def format_moment(moment: datetime) -> str:
    """ "16:00 ngày 10/04/2024", in local time; the end of the day reads 23:59."""
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


def reminder_notice(reminder: Reminder) -> Notice:
    """What the reminder says, in the app and in its e-mail; it links to the month's form."""
    unit, month = reminder.unit, f"{reminder.month:%m/%Y}"
    due = format_moment(reminder.due_at)
    if reminder.kind == Kind.OVERDUE:
        title = f"Quá hạn báo cáo tháng {month} – {unit.name}"
        news = (
            f"Báo cáo tháng {month} của {unit.name} đã quá hạn nộp ({due}) mà vẫn chưa được "
            f"gửi. Đề nghị đồng chí hoàn thành và gửi báo cáo sớm nhất."
        )
    else:
        title = f"Nhắc nộp báo cáo tháng {month} – {unit.name}"
        news = (
            f"Báo cáo tháng {month} của {unit.name} cần được gửi trước {due}. "
            f"Hiện báo cáo chưa được gửi; đề nghị đồng chí hoàn thành và gửi đúng hạn."
        )
    return Notice(
        kind=f"reminder-{reminder.kind}",
        key=f"reminder:{unit.pk}:{reminder.month:%Y-%m}:{reminder.kind}",
        title=title,
        body=f"{news}\nBáo cáo gửi {unit.parent.name}.",
        link=reverse("reports:edit", args=[unit.pk, reminder.month.year, reminder.month.month]),
    )


def _log_skip(reminder: Reminder) -> None:
    where = (reminder.kind, f"{reminder.month:%m/%Y}", reminder.unit)
    if reminder.secretaries:
        logger.warning("Reminder %s of %s to %s told in the app only: no e-mail address.", *where)
    else:
        logger.warning("Reminder %s of %s to %s not sent: no active secretary.", *where)


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
    """Sends the reminders due at ``now`` and returns those e-mailed: (unit, month, kind).

    Each active secretary of the unit gets a notification, e-mailed to them if they have an
    address. A unit with no active secretary is skipped and nothing is recorded, so it gets
    the reminder once it has one; a unit whose secretaries have no address is reminded in
    the app only. ``on_skip`` hears of both. A failed e-mail is reported (``on_failure``)
    and tried again by the next run (``notifications.services.email_retry``); once the
    mail server is out of reach, the following reminders' e-mails are not tried but wait
    for that run too, and are reported the same way.
    """
    sent = []
    unreachable = None  # the mail server's error, once it cannot be reached
    for reminder in reminders_due(now=now):
        if not reminder.secretaries:
            on_skip(reminder)
            continue
        notice = reminder_notice(reminder)
        # Claimed together with the notifications, so that two runs at once tell once: the
        # unique constraint lets one of them in.
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    unit=reminder.unit, month=reminder.month, kind=reminder.kind
                )
                notify(recipients=reminder.secretaries, notice=notice, now=now, send_email=False)
        except IntegrityError:
            continue
        if unreachable is not None:
            # Told in the app; the e-mail waits for the next run rather than for a timeout.
            on_failure(reminder, unreachable)
            continue
        run = email_send(notifications=Notification.objects.filter(key=notice.key), now=now)
        unreachable = run.unreachable
        for _notification, error in run.failed:
            on_failure(reminder, error)
        if run.sent:
            sent.append((reminder.unit, reminder.month, reminder.kind))
        elif not run.failed:
            on_skip(reminder)
    return sent
