"""Writes to notifications: telling people, marking what they read, e-mailing them.

A notification is created by the service that makes the change it tells of, inside that
change's transaction: both are saved, or neither. Its e-mail goes once the transaction has
committed, so a slow or broken mail server never holds back or undoes the change; a failed
e-mail is logged and left for the daily job (``manage.py sendreminders``) to try again.

Each e-mail is claimed before it is sent, with a conditional ``update()`` that only one
sender can win (the request that made the change, the daily job, two jobs at once), so it
goes once. A sender that dies between its claim and the mail server's answer leaves the
e-mail "being sent" for good: never sending it twice beats sending it every day.
"""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification

logger = logging.getLogger(__name__)
Email = Notification.Email

# A failed e-mail is tried again by each daily run, this many times in all, then given up.
EMAIL_MAX_ATTEMPTS = 5
OWED = Q(email_status=Email.PENDING) | Q(
    email_status=Email.FAILED, email_attempts__lt=EMAIL_MAX_ATTEMPTS
)


# Errors saying the mail server cannot be reached at all. The run stops at the first: the
# other e-mails would each wait for the same timeout, and the next run sends them.
SERVER_UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPAuthenticationError,
)


@dataclass(frozen=True)
class Notice:
    """What to tell, in the same words to everyone told: ``key`` names the event (one
    notification per person and event), ``link`` is a path inside the site."""

    kind: str
    key: str
    title: str
    body: str = ""
    link: str = ""


@dataclass
class EmailRun:
    """What one sending did: the notifications e-mailed, and those that failed (with why).
    ``unreachable`` is the error that stopped it, when the mail server could not be reached:
    the e-mails not yet tried are left waiting."""

    sent: list[Notification] = field(default_factory=list)
    failed: list[tuple[Notification, Exception]] = field(default_factory=list)
    unreachable: Exception | None = None


def notify(
    *, recipients: Iterable, notice: Notice, now: datetime | None = None, send_email: bool = True
) -> int:
    """Tells each of ``recipients`` of ``notice``, once: telling of the same event again
    adds nothing. Called inside the transaction of the change it tells of; the e-mails go
    when that transaction commits, unless ``send_email`` is false and the caller sends them
    itself (``email_send``). Returns how many people were told."""
    now = now or timezone.now()
    people = list({user.pk: user for user in recipients}.values())
    title = " ".join(notice.title.split())  # one line: it is also the e-mail's subject
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=notice.kind,
                key=notice.key,
                title=title[:300],
                body=notice.body.strip(),
                link=notice.link,
                created_at=now,
                email_status=Email.PENDING if user.email else Email.NONE,
            )
            for user in people
        ],
        ignore_conflicts=True,  # told already: the unique (recipient, key) keeps the first
    )
    if people and send_email:
        key = notice.key
        # robust: the change is committed whatever happens to its e-mails.
        transaction.on_commit(
            lambda: email_send(notifications=Notification.objects.filter(key=key)),
            robust=True,
        )
    return len(people)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


def email_message(notification: Notification) -> EmailMessage:
    """The e-mail of a notification, to its recipient: the same words, and the link."""
    recipient = notification.recipient
    paragraphs = [
        _("Dear %(name)s,") % {"name": recipient.display_name},
        notification.body or notification.title,
    ]
    if notification.link:
        paragraphs.append(
            _("See it in Lộ trình: %(url)s") % {"url": absolute_url(notification.link)}
        )
    paragraphs.append(
        _("This e-mail was sent automatically by Lộ trình; please do not reply to it.")
    )
    return EmailMessage(
        subject=f"[Lộ trình] {notification.title}",
        body="\n\n".join(paragraphs),
        to=[recipient.email],
    )


def email_send(*, notifications: QuerySet[Notification], now: datetime | None = None) -> EmailRun:
    """Sends the e-mails still owed among ``notifications``: waiting, or failed fewer than
    EMAIL_MAX_ATTEMPTS times. Each is claimed first, so that it goes once; a failure is
    logged and kept with its error for the next try. A mail server out of reach stops the
    run (``SERVER_UNREACHABLE``)."""
    now = now or timezone.now()
    run = EmailRun()
    for notification in notifications.filter(OWED).select_related("recipient").order_by("pk"):
        claimed = (
            Notification.objects.filter(OWED, pk=notification.pk).update(
                email_status=Email.SENDING,
                email_tried_at=now,
                email_attempts=F("email_attempts") + 1,
            )
            == 1
        )
        if not claimed:
            continue  # another sender has it
        row = Notification.objects.filter(pk=notification.pk)
        recipient = notification.recipient
        if not (recipient.email and recipient.is_active):
            row.update(email_status=Email.NONE)  # address removed, or account closed, since
            continue
        try:
            email_message(notification).send()
        except Exception as error:  # SMTP errors, a refused connection, a timeout...
            row.update(
                email_status=Email.FAILED, email_error=f"{type(error).__name__}: {error}"[:2000]
            )
            logger.error(
                "E-mail of notification %s (%s) to %s failed, to be tried again: %s",
                notification.pk,
                notification.kind,
                recipient.email,
                error,
                exc_info=error,
            )
            run.failed.append((notification, error))
            if isinstance(error, SERVER_UNREACHABLE):
                run.unreachable = error
                break
        else:
            row.update(email_status=Email.SENT, email_sent_at=now, email_error="")
            run.sent.append(notification)
    return run


def email_retry(*, now: datetime | None = None) -> EmailRun:
    """The daily job's second chance: every e-mail still owed, failed or never sent (its
    sender stopped after the change was committed)."""
    return email_send(notifications=Notification.objects.all(), now=now)


def notification_read(*, notification: Notification, now: datetime | None = None) -> None:
    """Marks the notification read, the first time it is opened."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def notifications_read_all(*, user, now: datetime | None = None) -> int:
    """Marks every unread notification of ``user`` read; returns how many there were."""
    return Notification.objects.for_user(user).unread().update(read_at=now or timezone.now())
