from django.conf import settings
from django.core.management.base import BaseCommand

from organizations import demo
from organizations.models import Host, Unit, User
from plans import demo as plan_demo
from plans.models import Plan
from reports import city_demo as city_report_demo
from reports import demo as report_demo
from reports.models import MonthlyReport
from results import demo as result_demo


class Command(BaseCommand):
    help = (
        "Loads the demo: the organisation tree and registry, the real plans of seeds 000 and "
        "003, Bình Tân's monthly reports of January–June 2024; since 01/07/2025 the districts "
        "dissolved and the city's 168 wards of the official list, with the city plan of 2026 "
        "and the wards' reports from January to last month; and (with DEBUG or --accounts) "
        "the demo accounts. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Create the demo accounts even with DEBUG off (password: demo-password).",
        )

    def handle(self, *args, accounts: bool = False, **options):
        with_accounts = accounts or settings.DEBUG
        demo.load(with_accounts=with_accounts)
        plan_demo.load()
        report_demo.load()
        result_demo.load()
        city_report_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data in place: {Unit.objects.count()} units, {Host.objects.count()} "
                f"hosts, {User.objects.count()} users, {Plan.objects.count()} plans, "
                f"{MonthlyReport.objects.count()} monthly reports."
            )
        )
        if not with_accounts:
            self.stdout.write(
                "Demo accounts were not created (DEBUG is off); pass --accounts to create them."
            )
