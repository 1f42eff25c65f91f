from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from documents.reading import NotAWordFile
from organizations.models import Unit
from plans import importing
from targets.checks import number
from targets.levels import plan_level_labels


class Command(BaseCommand):
    help = (
        "Reads a plan's Word file (.docx) into a draft plan of a unit: its header, legal "
        "bases, sections, committee, assignments, timeline, recipients and signer, and a "
        "roadmap proposed from its sentences, for staff to confirm in the grid (or, with "
        "--confirm, accepted as read). Prints the plan's id and what it read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The plan's .docx file.")
        parser.add_argument(
            "--unit", required=True, help="The issuing unit: its slug, official code or id."
        )
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Save the proposed roadmap and share-outs as read, then run the checks.",
        )
        parser.add_argument("--user", help="The username recorded as having imported it.")

    def handle(self, *args, file, unit, confirm=False, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        issuing_unit = self._unit(unit)
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user is called {user!r}.")
        try:
            plan = importing.import_plan(
                data=path.read_bytes(), unit=issuing_unit, user=importer, file_name=path.name
            )
        except NotAWordFile:
            raise CommandError(f"{file} is not a Word (.docx) file that can be read.") from None
        except importing.NotAPlan:
            raise CommandError(f"{file} holds no plan: no “KẾ HOẠCH” title was found.") from None
        self._print(plan)
        if confirm:
            try:
                importing.confirm_all(plan, user=importer)
            except ValidationError as error:
                raise CommandError(
                    f"Plan {plan.pk} was read but its roadmap was not saved: "
                    + " ".join(error.messages)
                ) from None
            self.stdout.write("Roadmap and share-outs saved as read.")
            from targets.selectors import plan_findings, roadmap_of

            roadmap = roadmap_of(plan.roadmap_versions.current())
            findings = plan_findings(plan, roadmap)
            self.stdout.write(f"Checks: {len(findings)} finding(s).")
            for finding in findings:
                self.stdout.write(f"  ! {finding.message}")
        else:
            self.stdout.write(
                "The roadmap is proposed, not saved: confirm it in the grid at "
                f"/ke-hoach/{plan.pk}/doc-tu-word/ (or run again with --confirm)."
            )

    @staticmethod
    def _unit(text: str) -> Unit:
        lookup = Q(slug=text) | Q(official_code=text)
        if text.isdigit():
            lookup |= Q(pk=int(text))
        units = list(Unit.objects.filter(lookup)[:2])
        if len(units) != 1:
            raise CommandError(
                f"No single unit is {text!r}: give its slug (e.g. binh-tan), official code or id."
            )
        return units[0]

    def _print(self, plan) -> None:
        plan_import = plan.word_import
        write = self.stdout.write
        write(f"Plan {plan.pk} (draft): {plan.title}")
        write(
            f"  Số: {plan.number or '—'} · {plan.place}, {plan.issued_on or '—'} · năm {plan.year}"
        )
        write(f"  {plan.upper_body} / {plan.issuing_body}")
        for key, label in importing.PARTS:
            write(f"  {label}: {plan_import.counts.get(key, 0)}")
        write(f"  Người ký: {plan.signing_on_behalf} / {plan.signer_position} / {plan.signer_name}")
        labels = plan_level_labels(plan)
        targets = importing.proposed_targets(plan_import)
        write(f"Proposed targets: {len(targets)}")
        for target in targets:
            write(
                f"  {target.metric.name} · {labels.get(target.level, target.level)} · "
                f"{target.period.label}: {number(target.value)} ({target.source_ref})"
            )
        for proposed in importing.proposed_sets(plan_import):
            values = ", ".join(f"{m.name} {number(v)}" for m, v in proposed.values.items())
            write(
                f"Proposed share-out {proposed.source_ref} by the end of {proposed.period.label}"
                f" for each of {len({a.unit_id for a in proposed.allocations})} units: {values}"
            )
        for finding in importing.proposal_findings(plan_import):
            write(f"  ! {finding.message}")
        write(f"Not read ({len(plan_import.unread)}):")
        for line in plan_import.unread:
            write(f"  - {line}")
