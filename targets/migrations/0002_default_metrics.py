"""The metric catalogue every installation starts with (from the real plans in seeds/);
district staff add their own in the app."""

from django.db import migrations

R, F, C = "reported", "foundings", "coverage"
METRICS = [
    # code, name, unit of measure, source, extra fields
    ("new-chi-doan", "Thành lập mới chi đoàn", "chi đoàn", F, {"founded_organisation": "doan"}),
    ("new-chi-hoi", "Thành lập mới chi hội", "chi hội", F, {"founded_organisation": "hoi"}),
    ("new-doan-vien", "Kết nạp đoàn viên mới", "đoàn viên", R, {}),
    ("new-hoi-vien", "Phát triển hội viên mới", "hội viên", R, {}),
    ("party-referrals", "Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp", "đoàn viên", R, {}),
    ("training-classes", "Tổ chức lớp tập huấn", "lớp", R, {}),
    ("health-check-programmes", "Chương trình khám sức khỏe miễn phí", "chương trình", R, {}),
    ("worker-markets", "Phiên chợ thanh niên công nhân", "chương trình", R, {}),
    ("programmes-held", "Chương trình, hoạt động đã tổ chức", "chương trình", R, {}),
    ("participants", "Lượt người tham gia", "lượt", R, {}),
    ("branches-maintained", "Chi đoàn, chi hội được duy trì sinh hoạt", "chi đoàn, chi hội", R, {}),
    ("core-forces", "Lực lượng nòng cốt được xây dựng, củng cố", "lực lượng", R, {}),
    ("surveys", "Đợt khảo sát, rà soát", "đợt", R, {}),
    ("inspections", "Đợt kiểm tra", "đợt", R, {}),
    (
        "coverage-doan-500",
        "Tỉ lệ doanh nghiệp ngoài nhà nước trên 500 lao động có tổ chức Đoàn",
        "%",
        C,
        {"coverage_min_workers": 501, "coverage_requires": "doan"},
    ),
    (
        "coverage-doan-hoi-eligible",
        "Tỉ lệ đơn vị ngoài nhà nước đủ điều kiện có cả tổ chức Đoàn và Hội",
        "%",
        C,
        {"coverage_min_workers": 10, "coverage_requires": "doan_and_hoi"},
    ),
]


def add_metrics(apps, schema_editor):
    Metric = apps.get_model("targets", "Metric")
    for order, (code, name, unit, source, extra) in enumerate(METRICS, start=1):
        Metric.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": unit,
                "source": source,
                "order": order * 10,
                **extra,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(add_metrics, migrations.RunPython.noop)]
