from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    ResultRequest = apps.get_model("results", "ResultRequest")
    for request in ResultRequest.objects.select_related("activity"):
        if request.activity_id:
            day = request.activity.ends_on or request.activity.starts_on
        else:
            day = timezone.localtime(request.due_at).date()
        request.counts_month = day.replace(day=1)
        request.save(update_fields=["counts_month"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_activity"),
        ("results", "0003_requestextension"),
        ("targets", "0003_metric_decimal_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="resultrequest",
            name="counts_month",
            field=models.DateField(editable=False, null=True, verbose_name="counted in month"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resultrequest",
            name="counts_month",
            field=models.DateField(editable=False, verbose_name="counted in month"),
        ),
        migrations.AlterField(
            model_name="resultrequest",
            name="metrics",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Accepted, they count in the progress in the activity's month (or the "
                    "deadline's), once beside the units' monthly reports."
                ),
                related_name="+",
                to="targets.metric",
                verbose_name="counts asked for",
            ),
        ),
    ]
