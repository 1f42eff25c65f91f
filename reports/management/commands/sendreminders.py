from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.reminders import Reminder, send_reminders


def moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class Command(BaseCommand):
    help = (
        "E-mails the secretaries of units whose monthly report is not submitted: a few days "
        "before it is due, and the day after. Run it daily; a reminder is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=moment,
            help="Act as if it were this moment, e.g. 2024-04-08T09:00 (local time).",
        )

    def handle(self, *args, now: datetime | None = None, **options):
        failures = []

        def skipped(reminder: Reminder) -> None:
            self.stdout.write(
                f"Not sent ({reminder.kind}) {reminder.month:%m/%Y} {reminder.unit}: "
                "no active secretary with an e-mail address."
            )

        def failed(reminder: Reminder, error: Exception) -> None:
            failures.append(reminder)
            self.stderr.write(
                f"Failed ({reminder.kind}) {reminder.month:%m/%Y} {reminder.unit}: {error}"
            )

        sent = send_reminders(now=now or timezone.now(), on_skip=skipped, on_failure=failed)
        for unit, month, kind in sent:
            self.stdout.write(f"Sent ({kind}) {month:%m/%Y} {unit}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
        if failures:
            raise CommandError(f"{len(failures)} reminder(s) failed; the next run retries them.")
