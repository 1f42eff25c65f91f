"""The unit kinds every installation starts with; more can be added in the admin."""

from django.db import migrations

KINDS = [
    # name, organisation, is_branch, order
    ("Trung ương Đoàn", "doan", False, 0),
    ("Thành Đoàn", "doan", False, 10),
    ("Tỉnh Đoàn", "doan", False, 10),
    ("Quận Đoàn", "doan", False, 20),
    ("Huyện Đoàn", "doan", False, 20),
    ("Thị Đoàn", "doan", False, 20),
    ("Đoàn phường", "doan", False, 30),
    ("Đoàn xã", "doan", False, 30),
    ("Đoàn thị trấn", "doan", False, 30),
    ("Đoàn cơ sở", "doan", False, 30),
    ("Chi đoàn", "doan", True, 40),
    ("Hội LHTN", "hoi", False, 35),
    ("Chi hội", "hoi", True, 41),
]


def add_kinds(apps, schema_editor):
    UnitKind = apps.get_model("organizations", "UnitKind")
    for name, organisation, is_branch, order in KINDS:
        UnitKind.objects.get_or_create(
            name=name,
            defaults={"organisation": organisation, "is_branch": is_branch, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
