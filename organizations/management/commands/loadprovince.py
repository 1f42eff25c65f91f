from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from organizations import provinces as official


class Command(BaseCommand):
    help = (
        "Creates or updates, from the official list (the vietnam-provinces package), a "
        "province's union and one Đoàn phường / xã / đặc khu per ward, commune or special "
        'zone: loadprovince "Thành phố Hồ Chí Minh", --province-code 79, or --all. '
        "Units are matched by their official code; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "province", nargs="?", help='The province\'s name, e.g. "Thành phố Hồ Chí Minh".'
        )
        parser.add_argument("--province-code", help="The province's official code, e.g. 79.")
        parser.add_argument(
            "--all", action="store_true", help="Every province and city of the list."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; write nothing."
        )
        parser.add_argument(
            "--founded-on",
            type=date.fromisoformat,
            default=official.REFORM_DAY,
            help="Founding date of the units it creates (YYYY-MM-DD; default 2025-07-01).",
        )

    def _provinces(self, name, code, everything) -> list[official.OfficialProvince]:
        if sum(bool(choice) for choice in (name, code, everything)) != 1:
            raise CommandError("Name one province, give --province-code, or pass --all.")
        if everything:
            return official.official_provinces()
        if code:
            try:
                found = official.official_provinces([code])
            except ValueError:
                found = []
            if not found:
                raise CommandError(f"No province has the official code {code!r}.")
            return found
        province = official.find_province(name, official.official_provinces())
        if province is None:
            raise CommandError(
                f"No province is called {name!r}; try its official name, e.g. "
                '"Thành phố Hồ Chí Minh" or "Tỉnh Cao Bằng", or --province-code.'
            )
        return [province]

    def handle(self, *args, province=None, province_code=None, **options):
        provinces = self._provinces(province, province_code, options["all"])
        dry_run = options["dry_run"]
        try:
            result = official.province_sync(
                provinces=provinces, founded_on=options["founded_on"], dry_run=dry_run
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        verbosity = options["verbosity"]
        if dry_run or verbosity > 1:
            for change in result.changes:
                self.stdout.write(str(change))
        for unit in result.unlisted:
            self.stdout.write(
                f"not in the official list any more, left as it is: {unit.official_code} "
                f"{unit.name}"
            )
        counts = ", ".join(
            f"{result.count(action)} {word}"
            for action, word in (
                ("create", "created"),
                ("adopt", "adopted"),
                ("rename", "renamed"),
                ("move", "moved"),
            )
        )
        scope = (
            f"{result.provinces} {'province' if result.provinces == 1 else 'provinces'} and "
            f"{result.wards:,} wards, communes and special zones"
        )
        if not result.changes:
            self.stdout.write(f"Nothing to change: {scope} already in place.")
        elif dry_run:
            self.stdout.write(f"Dry run, nothing written. Would change {scope}: {counts}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded {scope}: {counts}."))
        self.stdout.write(f"Took {result.seconds:.1f} s.")
