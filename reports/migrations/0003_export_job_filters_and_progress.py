"""Background exports keep the progress page's parsed filters instead of its raw query
string (which a long query string overflowed), the moment their build last moved (so that
a build whose worker died is given up) and their task row."""

from urllib.parse import urlencode

import django.utils.timezone
from django.db import migrations, models
from django.http import QueryDict

#: the progress filters' fields (``reports.filters.ProgressFilterForm``) as of this migration
FIELDS = ("ky", "quy", "thang", "tu", "den", "don-vi", "ke-ca-chua-duyet")


def filters_of(query: str) -> dict:
    """A stored query string's filters, read as the form reads them: the last value of each
    of its fields, the unit as its id, the checkbox as the browser's checkbox widget reads
    it; any other parameter dropped. A job was only made from valid filters."""
    data, filters = QueryDict(query), {}
    for name in FIELDS:
        value = data.get(name, "")
        if name == "ke-ca-chua-duyet":
            if name in data and value.lower() not in ("", "false"):
                filters[name] = True
        elif name == "don-vi" and value.isdigit():
            filters[name] = int(value)
        elif value:
            filters[name] = value
    return filters


def queries_to_filters(apps, schema_editor):
    ExportJob = apps.get_model("reports", "ExportJob")
    for pk, query in ExportJob.objects.exclude(query="").values_list("pk", "query").iterator():
        ExportJob.objects.filter(pk=pk).update(filters=filters_of(query))


def filters_to_queries(apps, schema_editor):
    ExportJob = apps.get_model("reports", "ExportJob")
    for pk, filters in ExportJob.objects.values_list("pk", "filters").iterator():
        if not filters:
            continue
        query = urlencode({k: "on" if v is True else v for k, v in filters.items()})
        ExportJob.objects.filter(pk=pk).update(query=query[:1000])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_export_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="filters",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="progressed_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="task_id",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(queries_to_filters, filters_to_queries),
        migrations.RemoveField(
            model_name="exportjob",
            name="query",
        ),
    ]
