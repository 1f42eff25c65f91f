from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import EMAIL_MAX_ATTEMPTS, email_retry
from reports.reminders import Reminder, send_reminders
from reports.tasks import export_jobs_give_up_stuck
from results.reminders import result_reminders_send


def moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class Command(BaseCommand):
    help = (
        "Tells the secretaries of units whose monthly report is not submitted, in the app and "
        "by e-mail: a few days before it is due, and the day after. First sends again the "
        "e-mails of earlier notifications that failed, and gives up the exports whose worker "
        "died. Run it daily; nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=moment,
            help="Act as if it were this moment, e.g. 2024-04-08T09:00 (local time).",
        )

    def handle(self, *args, now: datetime | None = None, **options):
        now = now or timezone.now()
        failures = 0

        # Earlier e-mails first: those about to be sent below get their own retry tomorrow.
        retried = email_retry(now=now)
        for notification in retried.sent:
            self.stdout.write(f"Sent again: {notification.title} ({notification.recipient.email})")
        for notification, error in retried.failed:
            failures += 1
            self.stderr.write(
                f"Failed again: {notification.title} ({notification.recipient.email}): {error}"
            )

        def skipped(reminder: Reminder) -> None:
            where = f"({reminder.kind}) {reminder.month:%m/%Y} {reminder.unit}"
            if reminder.secretaries:
                self.stdout.write(
                    f"In the app only {where}: no active secretary with an e-mail address."
                )
            else:
                self.stdout.write(f"Not sent {where}: no active secretary.")

        def failed(reminder: Reminder, error: Exception) -> None:
            nonlocal failures
            failures += 1
            self.stderr.write(
                f"Failed ({reminder.kind}) {reminder.month:%m/%Y} {reminder.unit}: {error}"
            )

        sent = send_reminders(now=now, on_skip=skipped, on_failure=failed)
        for request, unit, kind in result_reminders_send(now=now):
            self.stdout.write(f"Sent ({kind}) {request.title} {unit}")
        if given_up := export_jobs_give_up_stuck(now=now):
            self.stdout.write(f"{given_up} export(s) given up: their worker died.")
        for unit, month, kind in sent:
            self.stdout.write(f"Sent ({kind}) {month:%m/%Y} {unit}")
        if retried.sent:
            self.stdout.write(f"{len(retried.sent)} earlier e-mail(s) sent again.")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
        if failures:
            raise CommandError(
                f"{failures} e-mail(s) failed; the next runs try each again, up to "
                f"{EMAIL_MAX_ATTEMPTS} attempts in all."
            )
