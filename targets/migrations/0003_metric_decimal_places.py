"""Metrics say whether their figures are whole numbers (counts: the default) or carry one
decimal. Shares of the registry (coverage, in %) take one decimal; so does any metric that
already holds a figure with decimals, so that no report or roadmap typed before becomes
impossible to save again as it stands."""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Floor


def with_decimals(apps, schema_editor):
    Metric = apps.get_model("targets", "Metric")
    fractional = set()
    for model in (
        apps.get_model("targets", "Target"),
        apps.get_model("targets", "Allocation"),
        apps.get_model("reports", "ReportValue"),
    ):
        fractional |= set(
            model.objects.annotate(whole=Floor("value"))
            .exclude(value=F("whole"))
            .values_list("metric_id", flat=True)
            .distinct()
        )
    Metric.objects.filter(
        models.Q(source="coverage") | models.Q(unit_of_measure="%") | models.Q(pk__in=fractional)
    ).update(decimal_places=1)


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0002_default_metrics"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="metric",
            name="decimal_places",
            field=models.PositiveSmallIntegerField(
                choices=[(0, "Whole numbers"), (1, "One decimal")],
                default=0,
                help_text=(
                    "Counts (chi đoàn, đoàn viên, classes) take whole numbers; a share or an "
                    "average may take one decimal (35,5)."
                ),
                verbose_name="decimals",
            ),
        ),
        migrations.RunPython(with_decimals, migrations.RunPython.noop),
    ]
