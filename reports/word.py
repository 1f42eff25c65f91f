"""The reports' Word files, from the data of their PDFs (``templates/reports/pdf/``): a
ward's monthly report and a period results report."""

from documents.header import Header
from documents.text import month_end, period_title
from documents.word import WordDocument
from targets.checks import number


def _num(value) -> str:
    return "" if value is None else number(value)


def monthly_report_docx(*, report, values, branches, signer, header: Header, recipients) -> bytes:
    doc = WordDocument(header)
    month = report.month
    doc.title(
        "BÁO CÁO",
        "Kết quả công tác Đoàn và phong trào thanh niên " + period_title(month, month_end(month)),
    )
    doc.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    if values:
        doc.table(
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả trong tháng"],
            [
                [i, v.metric.name, v.metric.unit_of_measure, _num(v.value)]
                for i, v in enumerate(values, start=1)
            ],
            numbers={0, 3},
        )
    else:
        doc.text("Không có số liệu.")
    doc.heading("II. CHI ĐOÀN, CHI HỘI THÀNH LẬP MỚI")
    if branches:
        doc.table(
            ["STT", "Tên", "Loại", "Cơ sở", "Ngày thành lập", "Số thành viên"],
            [
                [
                    i,
                    b.name,
                    b.kind.name,
                    b.host.name if b.host else b.new_host_name,
                    f"{b.founded_on:%d/%m/%Y}",
                    b.members,
                ]
                for i, b in enumerate(branches, start=1)
            ],
            numbers={0, 5},
            widths=[10, 45, 20, 45, 25, 20],
        )
    else:
        doc.text("Không có.")
    for heading, text in (
        ("III. KHÓ KHĂN, VƯỚNG MẮC", report.difficulties),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", report.proposals),
        ("V. PHƯƠNG HƯỚNG THÁNG TỚI", report.next_month_plan),
    ):
        doc.heading(heading)
        doc.text(text, default="Không có.")
    doc.closing(recipients, ["TM. BAN CHẤP HÀNH", "BÍ THƯ"], signer.display_name if signer else "")
    return doc.content()


def period_report_docx(*, report, gathered: dict, header: Header, recipients) -> bytes:
    doc = WordDocument(header)
    doc.title("BÁO CÁO", report.subtitle)
    doc.heading("I. KẾT QUẢ THỰC HIỆN")
    doc.heading("1. Kết quả nổi bật")
    doc.text(report.highlights, default="Không có.")
    doc.heading("2. Kết quả thực hiện các chỉ tiêu")
    for plan in gathered["plans"]:
        name = f"Kế hoạch số {plan['number']}: {plan['title']}" if plan["number"] else plan["title"]
        if plan["period"] != gathered["period"]:
            name += f" ({plan['period']})"
        doc.text(name)
        if plan["targets"]:
            doc.table(
                ["STT", "Chỉ tiêu", "Cấp", "Chỉ tiêu giao", "Thực hiện", "Tỉ lệ", "Đánh giá"],
                [_target_row(i, row) for i, row in enumerate(plan["targets"], start=1)],
                numbers={0, 3, 4, 5},
                widths=[12, 51, 24, 20, 20, 16, 22],
            )
        else:
            doc.text("Kế hoạch chưa có chỉ tiêu.")
        if plan["units"] and plan["metrics"]:
            metrics = [f"{metric} (thực hiện / chỉ tiêu)" for metric in plan["metrics"]]
            doc.table(
                ["Đơn vị", *metrics, "Tỉ lệ hoàn thành"],
                [_unit_row(row) for row in plan["units"]],
                numbers=set(range(1, len(metrics) + 2)),
            )
    if not gathered["plans"]:
        doc.text("Trong kỳ, đơn vị không có kế hoạch có chỉ tiêu.")
    doc.heading("3. Tình hình nộp báo cáo tháng")
    if gathered["timeliness"]:
        doc.table(
            ["STT", "Đơn vị", "Đúng hạn", "Trễ hạn", "Chưa nộp"],
            [
                [i, row["name"], row["on_time"], row["late"], row["missing"]]
                for i, row in enumerate(gathered["timeliness"], start=1)
            ],
            numbers={0, 2, 3, 4},
            widths=[12, 81, 24, 24, 24],
        )
    else:
        doc.text("Đơn vị không có cơ sở trực thuộc báo cáo tháng.")
    doc.heading("4. Chi đoàn, chi hội thành lập mới")
    if gathered["foundings"]:
        doc.table(
            ["STT", "Tên", "Cơ sở", "Ngày thành lập", "Đơn vị"],
            [
                [i, f["name"], f["host"] or "–", f["founded_on"], f["unit"]]
                for i, f in enumerate(gathered["foundings"], start=1)
            ],
            numbers={0},
            widths=[12, 45, 45, 25, 38],
        )
    else:
        doc.text("Trong kỳ không có chi đoàn, chi hội thành lập mới.")
    for heading, text in (
        ("II. HẠN CHẾ, KHÓ KHĂN", report.shortcomings),
        ("III. ĐỀ XUẤT, KIẾN NGHỊ", report.proposals),
        ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM", report.directions),
    ):
        doc.heading(heading)
        doc.text(text, default="Không có.")
    doc.closing(recipients, [report.signing_on_behalf, report.signer_position], report.signer_name)
    return doc.content()


def _target_row(index: int, row: dict) -> list:
    per_cent = "%" if row["per_cent_unit"] else ""
    return [
        index,
        row["metric"],
        row["level"],
        row["target"] + per_cent if row["target"] else "–",
        row["done"] + per_cent,
        f"{row['percent']}%" if row["percent"] and not per_cent else "",
        row["status"][:1].upper() + row["status"][1:],
    ]


def _unit_row(row: dict) -> list:
    cells = [c["done"] + (f" / {c['target']}" if c["target"] else "") for c in row["cells"]]
    return [row["name"], *cells, f"{row['percent']}%" if row["percent"] else "–"]


def progress_docx(export) -> bytes:
    """The progress results report (``templates/reports/pdf/progress.html``) as Word:
    the same sections and tables, every unit in the body's tables."""
    from .exports import _period_title  # the PDF's own rule for the title's period

    figures, plan = export.figures, export.plan
    doc = WordDocument(header_of_report(figures.scope))
    period = _period_title(plan, figures.window)
    scope = "" if figures.is_whole_plan else f" – {figures.scope.name}"
    doc.title("BÁO CÁO", f"Kết quả thực hiện {plan.title}{' ' + period if period else ''}{scope}")
    counted = (
        "gồm cả báo cáo đã nộp nhưng chưa được duyệt."
        if figures.include_submitted
        else "chỉ tính báo cáo đã được duyệt."
    )
    doc.text(f"Số liệu tính đến ngày {figures.as_of:%d/%m/%Y}; {counted}", italic=True)
    doc.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    rows = []
    for i, row in enumerate(export.rows, start=1):
        per_cent = "%" if row.metric.unit_of_measure == "%" else ""
        rows.append(
            [
                i,
                row.metric.name,
                str(row.level_label),
                _num(row.target) + per_cent if row.target is not None else "–",
                _num(row.done) + per_cent,
                f"{_num(row.percent)}%" if row.percent is not None and not per_cent else "",
                str(row.status_label)[:1].upper() + str(row.status_label)[1:],
            ]
        )
    doc.table(
        ["STT", "Chỉ tiêu", "Cấp", "Chỉ tiêu giao", "Thực hiện", "Tỉ lệ", "Đánh giá"],
        rows,
        numbers={0, 3, 4, 5},
        widths=[12, 51, 24, 20, 20, 16, 22],
    )
    number = 2
    if export.units:
        doc.heading("II. KẾT QUẢ THEO ĐƠN VỊ")
        doc.table(
            ["Đơn vị", *(f"{m.name} (thực hiện / chỉ tiêu)" for m in export.metrics), "Tỉ lệ"],
            [
                [
                    row.unit.name,
                    *(
                        _num(c.done) + (f" / {_num(c.target)}" if c.target is not None else "")
                        for c in row.cells
                    ),
                    f"{row.percent}%" if row.percent is not None else "–",
                ]
                for row in export.units
            ],
            numbers=set(range(1, len(export.metrics) + 2)),
        )
        doc.heading("III. TÌNH HÌNH NỘP BÁO CÁO")
        doc.table(
            ["STT", "Đơn vị", "Đúng hạn", "Trễ hạn", "Chưa nộp"],
            [
                [i, row.unit.name, row.on_time, row.late, row.missing]
                for i, row in enumerate(export.units, start=1)
            ],
            numbers={0, 2, 3, 4},
            widths=[12, 81, 24, 24, 24],
        )
        number = 4
    if export.foundings:
        doc.heading(f"{['', '', 'II', '', 'IV'][number]}. CHI ĐOÀN, CHI HỘI THÀNH LẬP MỚI")
        doc.table(
            ["STT", "Tên", "Cơ sở", "Ngày thành lập", "Đơn vị"],
            [
                [
                    i,
                    f.name + (" (chờ duyệt)" if f.pending else ""),
                    f.host or "–",
                    f"{f.founded_on:%d/%m/%Y}",
                    f.unit.name,
                ]
                for i, f in enumerate(export.foundings, start=1)
            ],
            numbers={0},
            widths=[12, 45, 45, 25, 38],
        )
    doc.closing(
        [r.name for r in plan.recipients.all()],
        [plan.signing_on_behalf, plan.signer_position],
        plan.signer_name,
    )
    return doc.content()


def header_of_report(unit) -> Header:
    from django.utils import timezone

    from documents import header

    return header.of_report(unit, day=timezone.localdate(), year=None)
