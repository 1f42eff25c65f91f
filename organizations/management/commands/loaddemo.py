from django.conf import settings
from django.core.management.base import BaseCommand

from organizations import demo
from plans import demo as plan_demo


class Command(BaseCommand):
    help = (
        "Loads the demo organisation tree, registry and (with DEBUG or --accounts) the demo "
        "accounts. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Create the demo accounts even with DEBUG off (password: demo-password).",
        )

    def handle(self, *args, accounts: bool = False, **options):
        with_accounts = accounts or settings.DEBUG
        counts = demo.load(with_accounts=with_accounts)
        counts |= plan_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data in place: {units} units, {hosts} hosts, {users} users, "
                "{plans} plans.".format(**counts)
            )
        )
        if not with_accounts:
            self.stdout.write(
                "Demo accounts were not created (DEBUG is off); pass --accounts to create them."
            )
