"""The reports' Word files, from the data of their PDFs (``templates/reports/pdf/``): a
ward's monthly report, a period results report and the progress results report."""

from documents.header import Header
from documents.pictures import png_of
from documents.text import month_end, period_title
from documents.word import WordDocument
from targets.checks import written

from . import progress


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
                [i, v.metric.name, v.metric.unit_of_measure, written(v.value)]
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
            _targets_table(doc, plan["targets"])
        else:
            doc.text("Kế hoạch chưa có chỉ tiêu.")
        if plan["units"] and plan["metrics"]:
            _units_table(doc, plan["metrics"], plan["units"])
    if not gathered["plans"]:
        doc.text("Trong kỳ, đơn vị không có kế hoạch có chỉ tiêu.")
    doc.heading("3. Tình hình nộp báo cáo tháng")
    if gathered["timeliness"]:
        _timeliness_table(doc, gathered["timeliness"])
    else:
        doc.text("Đơn vị không có cơ sở trực thuộc báo cáo tháng.")
    doc.heading("4. Chi đoàn, chi hội thành lập mới")
    if gathered["foundings"]:
        _foundings_table(doc, gathered["foundings"])
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
    cells = [
        c["done"]
        + (f" / {c['target']}" if c["target"] else "")
        + (f"\nđến hết {c['until']}" if c.get("until") else "")
        for c in row["cells"]
    ]
    return [row["name"], *cells, f"{row['percent']}%" if row["percent"] else "–"]


def progress_docx(
    export, *, layout: dict, header: Header, period: str, recipients: list[str]
) -> bytes:
    """The progress results report (``templates/reports/pdf/progress.html``) as Word:
    the same sections, tables and charts (as pictures), and, for more units than the
    body holds, the same summary in the body and the two annexes after the signature."""
    figures, plan = export.figures, export.plan
    doc = WordDocument(header)
    scope = "" if figures.is_whole_plan else f" – {figures.scope.name}"
    doc.title("BÁO CÁO", f"Kết quả thực hiện {plan.title}{' ' + period if period else ''}{scope}")
    counted = (
        "gồm cả báo cáo đã nộp nhưng chưa được duyệt."
        if figures.include_submitted
        else "chỉ tính báo cáo đã được duyệt."
    )
    doc.text(f"Số liệu tính đến ngày {figures.as_of:%d/%m/%Y}; {counted}", italic=True)
    doc.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    _targets_table(doc, progress.written_targets(export.rows))
    doc.pictures(
        [
            (
                png_of("charts/cumulative.svg", {"chart": chart, "id": i}),
                f"{chart.title} ({chart.summary})",
            )
            for i, chart in enumerate(layout["charts"], start=1)
        ]
    )
    in_annex = layout["units_in_annex"]
    units = progress.written_units(export.units, figures.window)
    metrics = [m.name for m in export.metrics]
    timeliness = [
        {"name": r.unit.name, "on_time": r.on_time, "late": r.late, "missing": r.missing}
        for r in export.units
    ]
    numeral = "II"
    if export.units:
        doc.heading("II. KẾT QUẢ THEO ĐƠN VỊ")
        if in_annex:
            doc.text(layout["units_summary"])
        else:
            _units_table(doc, metrics, units)
        if ranking := layout["ranking"]:
            doc.picture(
                png_of("charts/ranking.svg", {"chart": ranking}),
                caption="Tỉ lệ hoàn thành của các đơn vị",
            )
        doc.heading("III. TÌNH HÌNH NỘP BÁO CÁO")
        if in_annex:
            doc.text(layout["reporting_summary"])
        else:
            _timeliness_table(doc, timeliness)
        if heat_map := layout["heat_map"]:
            doc.picture(
                png_of("charts/heatmap.svg", {"chart": heat_map}),
                caption="Tình hình nộp báo cáo của các đơn vị theo tháng",
            )
        numeral = "IV"
    if export.foundings:
        doc.heading(f"{numeral}. CHI ĐOÀN, CHI HỘI THÀNH LẬP MỚI")
        if layout["foundings_listed"]:
            _foundings_table(
                doc,
                [
                    {
                        "name": f.name + (" (chờ duyệt)" if f.pending else ""),
                        "host": f.host,
                        "founded_on": f"{f.founded_on:%d/%m/%Y}",
                        "unit": f.unit.name,
                    }
                    for f in export.foundings
                ],
            )
        else:
            doc.text(layout["foundings_summary"])
    doc.closing(recipients, [plan.signing_on_behalf, plan.signer_position], plan.signer_name)
    if in_annex:
        suffix = f" {period}" if period else ""
        doc.annex("PHỤ LỤC 1", f"Kết quả thực hiện theo đơn vị{suffix}")
        _units_table(doc, metrics, units, numbered=True)
        doc.annex("PHỤ LỤC 2", f"Tình hình nộp báo cáo tháng theo đơn vị{suffix}")
        _timeliness_table(doc, timeliness)
    return doc.content()


def _targets_table(doc: WordDocument, targets: list[dict]) -> None:
    doc.table(
        ["STT", "Chỉ tiêu", "Cấp", "Chỉ tiêu giao", "Thực hiện", "Tỉ lệ", "Đánh giá"],
        [_target_row(i, row) for i, row in enumerate(targets, start=1)],
        numbers={0, 3, 4, 5},
        widths=[12, 51, 24, 20, 20, 16, 22],
    )


def _units_table(
    doc: WordDocument, metrics: list[str], units: list[dict], *, numbered: bool = False
) -> None:
    headers = ["Đơn vị", *(f"{m} (thực hiện / chỉ tiêu)" for m in metrics), "Tỉ lệ hoàn thành"]
    rows = [_unit_row(row) for row in units]
    if numbered:  # an annex's rows are counted, as its PDF's are
        headers = ["STT", *headers]
        rows = [[i, *row] for i, row in enumerate(rows, start=1)]
    numbers = {0, *range(2, len(headers))} if numbered else set(range(1, len(headers)))
    doc.table(headers, rows, numbers=numbers)


def _timeliness_table(doc: WordDocument, rows: list[dict]) -> None:
    doc.table(
        ["STT", "Đơn vị", "Đúng hạn", "Trễ hạn", "Chưa nộp"],
        [
            [i, row["name"], row["on_time"], row["late"], row["missing"]]
            for i, row in enumerate(rows, start=1)
        ],
        numbers={0, 2, 3, 4},
        widths=[12, 81, 24, 24, 24],
    )


def _foundings_table(doc: WordDocument, foundings: list[dict]) -> None:
    doc.table(
        ["STT", "Tên", "Cơ sở", "Ngày thành lập", "Đơn vị"],
        [
            [i, f["name"], f["host"] or "–", f["founded_on"], f["unit"]]
            for i, f in enumerate(foundings, start=1)
        ],
        numbers={0},
        widths=[12, 45, 45, 25, 38],
    )
