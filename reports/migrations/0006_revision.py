from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("reports", "Revision").objects.using(schema_editor.connection.alias).create(
        pk=1, number=1
    )
    # Made again after every migrate too, for the tables later migrations add or rebuild.
    from reports.live import install_triggers

    install_triggers(schema_editor.connection.alias)


def drop_triggers(apps, schema_editor):
    from reports.live import drop_triggers

    drop_triggers(schema_editor.connection.alias)


class Migration(migrations.Migration):
    """The revision the live cache keys on; its triggers are (re)made after every migrate
    (``reports.live.install_triggers``), since the tables they watch change."""

    dependencies = [
        ("reports", "0005_figure"),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_row, drop_triggers),
    ]
