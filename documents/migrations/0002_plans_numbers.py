from django.db import migrations

from documents.text import PLAN, kind_of_number, serial_of_number


def record_plans_numbers(apps, schema_editor):
    """The numbers plans were typed with before the register existed join it, so that it
    never gives them again."""
    Plan = apps.get_model("plans", "Plan")
    DocumentNumber = apps.get_model("documents", "DocumentNumber")
    given = set()
    lines = []
    for plan in Plan.objects.exclude(number="").order_by("pk"):
        serial = serial_of_number(plan.number)
        kind = kind_of_number(plan.number) or PLAN
        mark = (plan.issuing_unit_id, plan.year, kind, serial)
        if serial is None or mark in given:
            continue
        given.add(mark)
        lines.append(
            DocumentNumber(
                unit_id=plan.issuing_unit_id,
                year=plan.year,
                kind=kind,
                serial=serial,
                number=plan.number,
                title=plan.title[:500],
                typed=True,
                key=f"plans.plan:{plan.pk}",
                given_by_id=plan.created_by_id,
            )
        )
    DocumentNumber.objects.bulk_create(lines)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("plans", "0003_legal_basis_kind"),
    ]

    operations = [migrations.RunPython(record_plans_numbers, migrations.RunPython.noop)]
