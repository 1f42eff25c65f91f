"""The progress of a plan as files to send: an Excel workbook people can re-sort and
recompute, and a PDF results report in the official layout.

Both are built from ``ProgressExport``, which loads the same figures as the progress page
(same filters, same scoping), so a file always says what the page said."""

import mimetypes
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from config.memory import uncollected
from documents import header
from documents import text as document_text
from documents.word import CONTENT_TYPE as WORD
from organizations.text import vietnamese_slug
from targets.periods import Period

from . import charts, progress, word
from .timeliness import LABELS, LATE, MISSING, NOT_OWED, ON_TIME

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
GREEN, AMBER, RED = (PatternFill("solid", fgColor=c) for c in ("C6EFCE", "FFEB9C", "FFC7CE"))
GREY = PatternFill("solid", fgColor="E7E9EC")  # a month the unit did not owe
PERCENT = "0.0%"
DAY = "DD/MM/YYYY"


@dataclass
class ProgressExport:
    """Everything a progress file shows, loaded once."""

    plan: object
    figures: progress.PlanFigures
    rows: list[progress.TargetProgress]
    metrics: list
    units: list[progress.WardRow]
    foundings: list[progress.Founding]
    generated_at: object

    @classmethod
    def load(cls, *, plan, figures) -> "ProgressExport":
        metrics, units = progress.ward_table(plan=plan, today=figures.as_of, figures=figures)
        return cls(
            plan=plan,
            figures=figures,
            rows=progress.plan_progress(plan=plan, today=figures.as_of, figures=figures),
            metrics=metrics,
            units=units,
            foundings=progress.founded_branches(figures),
            generated_at=timezone.localtime(),
        )

    @property
    def file_stem(self) -> str:
        """E.g. ``KH-105-2024_tien-do_QII``: the plan's number (or id), year, the period."""
        window = self.figures.window
        if window.whole_plan:
            period = "ca-ke-hoach"
        elif window.start.month == window.end.month and window.start.year == window.end.year:
            period = f"T{window.start.month:02d}"
        elif _is_quarter(window.start, window.end):
            period = "Q" + ["I", "II", "III", "IV"][(window.start.month - 1) // 3]
        else:
            period = f"T{window.start.month:02d}-T{window.end.month:02d}"
        scope = self.figures.scope
        unit = "" if self.figures.is_whole_plan else f"_{vietnamese_slug(scope.name)}"
        return f"{plan_file_stem(self.plan)}_tien-do_{period}{unit}"


def plan_file_stem(plan) -> str:
    """``KH-105-2024`` for plan 105-KH/TĐTN of 2024; the plan's id when it has no number."""
    number = vietnamese_slug(plan.number.split("-")[0].split("/")[0]) or str(plan.pk)
    return f"KH-{number}-{plan.year}"


def _is_quarter(start: date, end: date) -> bool:
    quarter = Period.quarter(start.year, (start.month - 1) // 3 + 1)
    return (quarter.start, quarter.end) == (start, end)


# Excel


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _number(value):
    """Decimals as numbers Excel adds up (ints when whole)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _percent_rules(sheet, cells: str) -> None:
    sheet.conditional_formatting.add(
        cells, CellIsRule(operator="greaterThanOrEqual", formula=["1"], fill=GREEN)
    )
    sheet.conditional_formatting.add(
        cells, CellIsRule(operator="between", formula=["0.5", "0.99999"], fill=AMBER)
    )
    sheet.conditional_formatting.add(
        cells, CellIsRule(operator="lessThan", formula=["0.5"], fill=RED)
    )


# The only formulas the workbook has: a share of two cells, a sum of a column.
OWN_FORMULA = re.compile(
    r'=(IF\(N\([A-Z]+[0-9]+\)>0,[A-Z]+[0-9]+/[A-Z]+[0-9]+,""\)|SUM\([A-Z]+[0-9]+:[A-Z]+[0-9]+\))'
)


def _typed_text_stays_text(book) -> None:
    """A name typed as "=HYPERLINK(…)" or "=cmd|…" is shown as typed, never run by the
    spreadsheet (formula injection): openpyxl takes any text starting with "=" for a
    formula, so every formula but the workbook's own is turned back into text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and not OWN_FORMULA.fullmatch(str(cell.value)):
                    cell.data_type = "s"


def progress_workbook(export: ProgressExport) -> bytes:
    book = Workbook()
    _summary_sheet(book.active, export)
    _units_sheet(book.create_sheet("Đơn vị"), export)
    _monthly_sheet(book.create_sheet("Theo tháng"), export)
    _timeliness_sheet(book.create_sheet("Đúng hạn"), export)
    _foundings_sheet(book.create_sheet("Chi đoàn, chi hội"), export)
    _typed_text_stays_text(book)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _summary_sheet(sheet, export: ProgressExport) -> None:
    sheet.title = "Tổng hợp"
    figures = export.figures
    sheet["A1"] = export.plan.title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = f"{figures.scope.name} · {figures.window.label}"
    sheet["A3"] = "Tính đến ngày"
    sheet["B3"] = figures.as_of
    sheet["B3"].number_format = DAY
    sheet["A4"] = (
        "Gồm cả báo cáo đã nộp nhưng chưa được duyệt"
        if figures.include_submitted
        else "Chỉ tính báo cáo đã được duyệt"
    )
    if figures.is_over:
        sheet["A5"] = (
            f"Kỳ báo cáo đã kết thúc ngày {figures.window.end:%d/%m/%Y}: "
            "cột trạng thái ghi kết quả cuối kỳ"
        )
    _header(
        sheet,
        6,
        ["Chỉ tiêu", "Cấp", "Chỉ tiêu giao", "Thực hiện", "Tỉ lệ", "Trạng thái", "Hạn"],
    )
    row = 6
    for row_data in export.rows:
        row += 1
        is_share = row_data.metric.unit_of_measure == "%"
        sheet.cell(row=row, column=1, value=row_data.metric.name)
        sheet.cell(row=row, column=2, value=str(row_data.level_label))
        target = sheet.cell(row=row, column=3, value=_number(row_data.target))
        done = sheet.cell(row=row, column=4, value=_number(row_data.done))
        if is_share:  # a coverage share is already a percentage
            target.value = None if row_data.target is None else _number(row_data.target) / 100
            done.value = _number(row_data.done) / 100
            target.number_format = done.number_format = PERCENT
        share = sheet.cell(row=row, column=5, value=f'=IF(N(C{row})>0,D{row}/C{row},"")')
        share.number_format = PERCENT
        sheet.cell(row=row, column=6, value=capfirst(str(row_data.status_label)))
        if row_data.deadline:  # an allocation: due by the end of its period
            sheet.cell(row=row, column=7, value=f"đến hết {row_data.deadline.label}")
    if row > 6:
        _percent_rules(sheet, f"E7:E{row}")
    sheet.freeze_panes = "A7"
    _widths(sheet, [48, 24, 14, 14, 10, 24, 22])


def _units_sheet(sheet, export: ProgressExport) -> None:
    titles = ["Đơn vị"]
    window_end = export.figures.window.end
    for m, metric in enumerate(export.metrics):
        # The units' allocations of one metric are usually due together: said once.
        deadlines = {r.cells[m].deadline for r in export.units if r.cells[m].deadline}
        due = ""
        if len(deadlines) == 1 and (deadline := deadlines.pop()).end != window_end:
            due = f" (đến hết {deadline.label})"
        titles += [
            f"{metric.name}: chỉ tiêu{due}",
            f"{metric.name}: thực hiện",
            f"{metric.name}: %",
        ]
    titles += ["Đúng hạn", "Trễ hạn", "Chưa nộp"]
    _header(sheet, 1, titles)
    sheet.row_dimensions[1].height = 45
    last = len(export.units) + 1
    for r, unit_row in enumerate(export.units, start=2):
        sheet.cell(row=r, column=1, value=unit_row.unit.name)
        for m, cell in enumerate(unit_row.cells):
            column = 2 + 3 * m
            sheet.cell(row=r, column=column, value=_number(cell.target))
            sheet.cell(row=r, column=column + 1, value=_number(cell.done))
            target, done = get_column_letter(column), get_column_letter(column + 1)
            share = sheet.cell(
                row=r, column=column + 2, value=f'=IF(N({target}{r})>0,{done}{r}/{target}{r},"")'
            )
            share.number_format = PERCENT
        tail = 2 + 3 * len(export.metrics)
        for offset, value in enumerate((unit_row.on_time, unit_row.late, unit_row.missing)):
            sheet.cell(row=r, column=tail + offset, value=value)
    if export.units:
        total = last + 1
        sheet.cell(row=total, column=1, value="Tổng cộng").font = BOLD
        for m in range(len(export.metrics)):
            column = 2 + 3 * m
            target, done = get_column_letter(column), get_column_letter(column + 1)
            for letter in (target, done):
                cell = sheet[f"{letter}{total}"]
                cell.value, cell.font = f"=SUM({letter}2:{letter}{last})", BOLD
            share = sheet.cell(
                row=total,
                column=column + 2,
                value=f'=IF(N({target}{total})>0,{done}{total}/{target}{total},"")',
            )
            share.number_format, share.font = PERCENT, BOLD
            _percent_rules(
                sheet, f"{get_column_letter(column + 2)}2:{get_column_letter(column + 2)}{total}"
            )
        tail = 2 + 3 * len(export.metrics)
        for offset in range(3):
            letter = get_column_letter(tail + offset)
            sheet[f"{letter}{total}"] = f"=SUM({letter}2:{letter}{last})"
            sheet[f"{letter}{total}"].font = BOLD
    sheet.freeze_panes = "B2"
    _widths(sheet, [34] + [12] * (3 * len(export.metrics)) + [10, 10, 10])


def _monthly_sheet(sheet, export: ProgressExport) -> None:
    figures = export.figures
    months = figures.window.months(figures.as_of)
    _header(sheet, 1, ["Đơn vị", "Chỉ tiêu"] + [f"{m:%m/%Y}" for m in months] + ["Cộng"])
    units = [u.unit for u in export.units] or [figures.scope]
    r = 1
    for unit in units:
        for metric in export.metrics:
            r += 1
            sheet.cell(row=r, column=1, value=unit.name)
            sheet.cell(row=r, column=2, value=metric.name)
            for c, month in enumerate(months, start=3):
                value = figures.actuals.get((metric.pk, unit.pk, month), Decimal(0))
                sheet.cell(row=r, column=c, value=_number(value))
            end = get_column_letter(2 + len(months))
            total = sheet.cell(row=r, column=3 + len(months), value=f"=SUM(C{r}:{end}{r})")
            total.font = BOLD
    sheet.freeze_panes = "C2"
    _widths(sheet, [34, 30] + [10] * len(months) + [10])


def _timeliness_sheet(sheet, export: ProgressExport) -> None:
    figures = export.figures
    months = figures.window.months(figures.as_of)
    titles = ["Đơn vị"]
    for month in months:
        titles += [f"{month:%m/%Y}", f"{month:%m/%Y}: ngày nộp"]
    _header(sheet, 1, titles)
    fills = {ON_TIME: GREEN, LATE: AMBER, MISSING: RED, NOT_OWED: GREY}
    for r, unit_row in enumerate(export.units, start=2):
        sheet.cell(row=r, column=1, value=unit_row.unit.name)
        for c, month_row in enumerate(unit_row.months):
            state = month_row.timeliness.state
            cell = sheet.cell(row=r, column=2 + 2 * c, value=str(LABELS[state]))
            if state in fills:
                cell.fill = fills[state]
            report = month_row.report
            if report and report.first_submitted_at:
                submitted = sheet.cell(
                    row=r,
                    column=3 + 2 * c,
                    value=timezone.localtime(report.first_submitted_at).replace(tzinfo=None),
                )
                submitted.number_format = "DD/MM/YYYY HH:MM"
    sheet.freeze_panes = "B2"
    _widths(sheet, [34] + [16, 17] * len(months))


def _foundings_sheet(sheet, export: ProgressExport) -> None:
    _header(sheet, 1, ["Tên", "Loại", "Cơ sở", "Ngày thành lập", "Đơn vị", "Ghi chú"])
    for r, founding in enumerate(export.foundings, start=2):
        sheet.cell(row=r, column=1, value=founding.name)
        sheet.cell(row=r, column=2, value=founding.kind)
        sheet.cell(row=r, column=3, value=founding.host)
        day = sheet.cell(row=r, column=4, value=founding.founded_on)
        day.number_format = DAY
        sheet.cell(row=r, column=5, value=founding.unit.name)
        sheet.cell(row=r, column=6, value="Chờ duyệt" if founding.pending else "")
    sheet.freeze_panes = "A2"
    _widths(sheet, [44, 10, 40, 15, 30, 12])


# PDF


def render_pdf(template: str, context: dict) -> bytes:
    """A PDF from a template extending ``reports/pdf/base.html``, set in the bundled font.
    Every PDF of the app is made here: plans, monthly reports, progress reports."""
    from weasyprint import HTML

    context = {
        "font_dir": (settings.BASE_DIR / "static" / "fonts").as_uri(),
        "chart_font": "Liberation Serif",
        "today": timezone.localdate(),
        **context,
    }
    html = render_to_string(template, context)
    with uncollected():  # its boxes live until the file is written (config/memory.py)
        return HTML(
            string=html, base_url=str(settings.BASE_DIR), url_fetcher=_static_files_only()
        ).write_pdf()


def _static_files_only():
    """WeasyPrint's fetcher for the app's PDFs: it reads the app's own static files (the
    bundled fonts, the images under ``static/``) and refuses any other address, another
    file of the server (``file:///etc/passwd``) or the network alike, so that nothing a
    document holds can make the server read or call anything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = _static_file(url)
            if path is None:  # WeasyPrint logs it, and leaves the picture or style out
                raise ValueError(f"Not one of the app's static files: {url[:200]}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return StaticFilesOnly()


def _static_file(url: str) -> Path | None:
    """The static file a ``file:`` URL names, as a path under a static directory
    (``static/``, ``STATIC_ROOT``: how ``font_dir`` writes it) or as ``/static/<name>``
    (how ``{% static %}`` writes it); None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    static_root = Path(settings.STATIC_ROOT).resolve()
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.path.startswith(prefix):
        name = unquote(parts.path.removeprefix(prefix))
    else:
        path = Path(url2pathname(parts.path)).resolve()
        roots = [
            Path(root[1] if isinstance(root, tuple) else root).resolve()
            for root in settings.STATICFILES_DIRS
        ] + [static_root]
        root = next((root for root in roots if path.is_relative_to(root)), None)
        if root is None:
            return None
        name = path.relative_to(root).as_posix()
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:  # "../" out of the static directories
        return None
    path = Path(found).resolve() if found else (static_root / name).resolve()
    if path.is_file() and (found or path.is_relative_to(static_root)):
        return path
    return None


# A PDF lists at most this many units in its body; with more, the body sums them up and
# annexes (phụ lục) after the signature list every one.
UNITS_IN_BODY = 20


def _reporting_summary(units: list[progress.WardRow]) -> dict[str, int]:
    """How many units sent every report due on time, and how many have a month late or
    one missing."""
    return {
        "all_on_time": sum(1 for u in units if not u.is_lagging),
        "late": sum(1 for u in units if u.late),
        "missing": sum(1 for u in units if u.missing),
    }


def _average_percent(units: list[progress.WardRow]) -> Decimal | None:
    shares = [u.percent for u in units if u.percent is not None]
    if not shares:
        return None
    return (sum(shares) / len(shares)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


#: a PDF names each branch founded up to so many; beyond (a city's hundreds), it counts
#: them by kind and points to the workbook, which names every one
FOUNDINGS_LISTED = 100


def _foundings_by_kind(foundings: list) -> list[tuple[str, int, int]]:
    """(kind, how many, of which awaiting review): chi đoàn, then chi hội, then any other."""
    counts: dict[str, list[int]] = {}
    for founding in foundings:
        count = counts.setdefault(founding.kind, [0, 0])
        count[0] += 1
        count[1] += founding.pending
    usual = ["Chi đoàn", "Chi hội"]
    order = sorted(counts, key=lambda k: (usual.index(k) if k in usual else len(usual), k))
    return [(kind, *counts[kind]) for kind in order]


def _period_title(plan, window) -> str:
    """The period a results report's title ends with, as people write it ("6 tháng đầu
    năm 2024"); none for the whole plan when its title says it already ("… năm 2024")."""
    period = document_text.period_title(window.start, window.end)
    return "" if window.whole_plan and period in plan.title else period


def _document_parts(export: ProgressExport) -> dict:
    """What the progress report's PDF and Word file both print around their figures."""
    figures = export.figures
    return {
        "header": header.of_report(figures.scope, day=timezone.localdate(), year=None),
        "period": _period_title(export.plan, figures.window),
        "recipients": [r.name for r in export.plan.recipients.all()],
    }


def progress_charts(export: ProgressExport, *, in_annex: bool) -> dict:
    """The progress report's charts, for its PDF and its Word file: each target's
    cumulative roadmap against what was done, the units' ranking, and the heat map of
    their months (not when the units go to an annex)."""
    figures = export.figures
    return {
        "charts": [
            c
            for c in (
                charts.cumulative_chart(
                    row,
                    starts_on=export.plan.starts_on,
                    ends_on=export.plan.ends_on,
                    as_of=figures.as_of,
                    width=300,
                )
                for row in export.rows
            )
            if c
        ],
        "ranking": charts.ranking_chart(export.units, width=600),
        "heat_map": None if in_annex else charts.timeliness_heat_map(export.units),
    }


def progress_docx(export: ProgressExport) -> bytes:
    return word.progress_docx(export, layout=progress_layout(export), **_document_parts(export))


def progress_layout(export: ProgressExport) -> dict:
    """How the progress report is laid out, in PDF and in Word: its charts, whether its
    units go to the annexes (more than ``UNITS_IN_BODY``) with a summary in the body, and
    whether its founded branches are listed or counted."""
    in_annex = len(export.units) > UNITS_IN_BODY
    foundings_listed = len(export.foundings) <= FOUNDINGS_LISTED
    return {
        **progress_charts(export, in_annex=in_annex),
        "units_in_annex": in_annex,
        "units_summary": _units_summary(export) if in_annex else "",
        "reporting_summary": _reporting_sentence(export.units) if in_annex else "",
        "foundings_listed": foundings_listed,
        "foundings_summary": "" if foundings_listed else _foundings_sentence(export.foundings),
    }


def _units_summary(export: ProgressExport) -> str:
    """The body's sentence on the units when they go to Phụ lục 1."""
    figures, average = export.figures, _average_percent(export.units)
    return (
        f"{len(export.units)} {figures.children_noun or 'đơn vị'} trực thuộc "
        f"{figures.scope.name}; tỉ lệ hoàn thành bình quân các chỉ tiêu được giao: "
        f"{f'{average}%' if average is not None else '–'}. Kết quả của từng đơn vị: xem "
        "Phụ lục 1. Biểu đồ dưới đây xếp hạng 10 đơn vị dẫn đầu và 10 đơn vị thấp nhất."
    )


def _reporting_sentence(units) -> str:
    """The body's sentence on timeliness when the units go to Phụ lục 2."""
    reporting = _reporting_summary(units)
    return (
        f"Trong kỳ: {reporting['all_on_time']} đơn vị nộp đúng hạn mọi tháng đã đến hạn; "
        f"{reporting['late']} đơn vị có tháng nộp trễ hạn; {reporting['missing']} đơn vị có "
        "tháng chưa nộp. Tình hình của từng đơn vị: xem Phụ lục 2."
    )


def _foundings_sentence(foundings) -> str:
    """The sentence that counts the founded branches by kind, when too many to list."""
    kinds = ", ".join(
        f"{total} {kind.lower()}" + (f" ({pending} chờ duyệt)" if pending else "")
        for kind, total, pending in _foundings_by_kind(foundings)
    )
    return (
        f"Trong kỳ thành lập mới {len(foundings)} chi đoàn, chi hội: {kinds}. Danh sách từng "
        "chi đoàn, chi hội (tên, cơ sở, ngày thành lập, đơn vị): xem tệp Excel cùng kỳ, "
        "trang “Chi đoàn, chi hội”."
    )


def progress_pdf(export: ProgressExport) -> bytes:
    return render_pdf(
        "reports/pdf/progress.html",
        {
            "export": export,
            "plan": export.plan,
            **_document_parts(export),
            "figures": export.figures,
            "rows": export.rows,
            "metrics": export.metrics,
            "units": export.units,
            "foundings": export.foundings,
            **progress_layout(export),
        },
    )


CONTENT_TYPES = {"xlsx": XLSX, "pdf": "application/pdf", "docx": WORD}


def progress_file(*, plan, figures, fmt: str, on_step=None) -> tuple[bytes, str]:
    """The progress file in ``fmt`` ("xlsx" or "pdf") and its name; ``on_step(percent,
    step)`` hears how far it has got (the background task shows it to the requester)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"No progress file in the format {fmt!r}")
    on_step = on_step or (lambda percent, step: None)
    on_step(10, _("Computing the figures"))
    export = ProgressExport.load(plan=plan, figures=figures)
    writing = {"xlsx": _("Writing the Excel workbook"), "pdf": _("Setting the PDF")}
    on_step(50, writing.get(fmt, _("Writing the Word file")))
    with uncollected():
        content = {"xlsx": progress_workbook, "pdf": progress_pdf, "docx": progress_docx}[fmt](
            export
        )
    on_step(95, _("Saving the file"))
    return content, f"{export.file_stem}.{fmt}"


def needs_background(scope) -> bool:
    """Whether a file is big enough to be built by the worker rather than in the request:
    by the number of units (not chi đoàn) it counts, in ``scope``'s subtree."""
    from organizations.models import Unit

    units = Unit.objects.within(scope).filter(kind__is_branch=False).count()
    return units > settings.EXPORT_IN_REQUEST_MAX_UNITS
