from django.core.management.base import BaseCommand, CommandError

from reports import scale


class Command(BaseCommand):
    help = (
        "Builds data at the size of a city or of the country, for measuring: PROVINCES "
        "unions of the official list (Hồ Chí Minh City first) over WARDS wards in all, their "
        "people, a plan a year allocated to every ward, and every ward's monthly reports "
        "from January of the first of YEARS years to last month, in every state. The same "
        "arguments give the same data. seed_scale --wards 300 --years 3 (a city); "
        "seed_scale --wards 3321 --provinces 34 --years 5 (the country)."
    )

    def add_arguments(self, parser):
        scale.add_size_arguments(parser)

    def handle(self, *args, wards, provinces, years, seed, **options):
        try:
            built = scale.build(wards=wards, provinces=provinces, years=years, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ImportError as error:
            raise CommandError(f"The official list is needed: {error}") from error
        states = ", ".join(f"{count:,} {status}" for status, count in built.by_status.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(built.unions)} unions, {built.wards:,} wards, {built.plans} plans, "
                f"{built.reports:,} monthly reports ({states}) in {built.seconds:.1f} s."
            )
        )
