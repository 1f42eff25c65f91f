from django.core.management.base import BaseCommand, CommandError

from reports import figures


class Command(BaseCommand):
    help = (
        "Recomputes the figure table (what every unit did for every metric and month, its "
        "own and its subtree's) from the reports and the registry, and fixes and lists any "
        "difference. With --check it fixes nothing and fails when it finds one: the table "
        "is kept in step by every write, so it should never find any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only compare; fail on any difference."
        )

    def handle(self, *args, check, **options):
        result = figures.rebuild(fix=not check)
        found = (
            f"{result.checked:,} figures checked: {result.added:,} missing, "
            f"{result.changed:,} wrong, {result.removed:,} stray"
        )
        if not result.fixed:
            self.stdout.write(self.style.SUCCESS(f"{found}; nothing to fix."))
        elif check:
            raise CommandError(f"{found}. Run rebuildfigures without --check to fix them.")
        else:
            self.stdout.write(self.style.WARNING(f"{found}; fixed."))
