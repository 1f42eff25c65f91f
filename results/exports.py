"""A result request's answers as an Excel workbook: one row per unit asked, its state, the
counts, the links as hyperlinks, the photos and files by name."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from organizations.text import vietnamese_slug
from reports.exports import _header, _number, _typed_text_stays_text, _widths

from .selectors import UnitAnswer

LINK = Font(color="0563C1", underline="single")


def answers_workbook(request, rows: list[UnitAnswer], metrics: list) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kết quả"
    sheet["A1"] = request.title
    sheet["A1"].font = Font(bold=True, size=13)
    due = timezone.localtime(request.due_at)
    sheet["A2"] = f"{request.plan.issuing_unit.name} · hạn {due:%H:%M %d/%m/%Y}"
    titles = ["Đơn vị", "Đúng hạn", "Trạng thái", "Gửi lần đầu"]
    if request.asks_participants:
        titles.append("Số lượng tham gia")
    titles += [f"{m.name} ({m.unit_of_measure})" for m in metrics]
    titles += ["Đường dẫn", "Hình ảnh, tệp", "Nội dung"]
    _header(sheet, 4, titles)
    for number, row in enumerate(rows, start=5):
        answer = row.answer
        values = row.values
        cells = [
            row.unit.name,
            str(row.timeliness.label),
            answer.get_status_display() if answer else "",
            timezone.localtime(answer.first_submitted_at).replace(tzinfo=None) if answer else None,
        ]
        if request.asks_participants:
            cells.append(answer.participants if answer else None)
        cells += [_number(values.get(m.pk)) for m in metrics]
        links = answer.link_list if answer else []
        cells.append("\n".join(links))
        cells.append("\n".join(f.original_name for f in answer.files.all()) if answer else "")
        cells.append(answer.text if answer else "")
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sent = sheet.cell(row=number, column=4)
        sent.number_format = "dd/mm/yyyy hh:mm:ss"
        first = next((link for link in links if link.startswith(("https://", "http://"))), None)
        if first:  # the first address opens from the sheet; the others are written out
            link_cell = sheet.cell(row=number, column=len(cells) - 2)
            link_cell.hyperlink = first
            link_cell.font = LINK
    _widths(sheet, [34, 14, 14, 18] + [14] * (len(titles) - 7) + [48, 30, 60])
    sheet.freeze_panes = "B5"
    _typed_text_stays_text(book)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def file_stem(request) -> str:
    return f"ket-qua-{vietnamese_slug(request.title)[:60]}-{request.pk}"


def subtitle(request) -> str:
    """The summary's title line from the request's: "Báo cáo kết quả tổ chức …" reads
    "Kết quả tổ chức …" under the document's "BÁO CÁO"."""
    title = request.title.strip()
    if title.lower().startswith("báo cáo "):
        title = title[len("báo cáo ") :]
        title = title[:1].upper() + title[1:]
    return title
