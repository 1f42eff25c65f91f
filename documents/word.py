"""Documents as Word files (.docx), in the layout of their PDFs: A4 with the official
margins, Times New Roman 13 pt, the two-column header as a borderless table, the title,
numbered sections, real Word tables, recipients and signature, page numbers. Built with
python-docx from the same data as the PDFs; each document's own module says what goes in."""

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .header import Header
from .text import recipient_lines

FONT = "Times New Roman"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class WordDocument:
    def __init__(self, header: Header):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(13)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(3)
        self._page_numbers(section)
        self._header(header)

    def _page_numbers(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, field in (("Trang ", None), (None, "PAGE"), ("/", None), (None, "NUMPAGES")):
            if field is None:
                run = paragraph.add_run(text)
            else:
                simple = OxmlElement("w:fldSimple")
                simple.set(qn("w:instr"), field)
                run = OxmlElement("w:r")
                shown = OxmlElement("w:t")
                shown.text = "1"
                run.append(shown)
                simple.append(run)
                paragraph._p.append(simple)
                continue
            run.font.size = Pt(10)

    def _header(self, header: Header) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        left, right = table.rows[0].cells
        table.columns[0].width = left.width = Mm(75)
        table.columns[1].width = right.width = Mm(90)
        lines = [
            (line, {"bold": i == len(header.lines) - 1}) for i, line in enumerate(header.lines)
        ]
        lines += [("***", {}), (f"Số: {header.number}", {})]
        self._lines(left, lines)
        self._lines(
            right,
            [
                ("ĐOÀN TNCS HỒ CHÍ MINH", {"bold": True, "underline": True}),
                (f"{header.place}, {header.dated}", {"italic": True}),
            ],
        )

    @staticmethod
    def _lines(cell, lines) -> None:
        cell.paragraphs[0].text = ""
        for i, (text, look) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(text)
            run.bold, run.italic = look.get("bold"), look.get("italic")
            run.underline = look.get("underline")

    def title(self, word: str, subtitle: str) -> None:
        """ "BÁO CÁO" or "KẾ HOẠCH", bold and centred, its subject under it."""
        for text, size, before in ((word, 14, 16), (subtitle, 13, 2)):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(before)
            run = paragraph.add_run(text)
            run.bold, run.font.size = True, Pt(size)

    def heading(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(text).bold = True

    def text(self, text: str, *, italic: bool = False, default: str = "") -> None:
        """``text``'s paragraphs, justified; ``default`` when it is empty."""
        lines = [line.strip() for line in (text or default).splitlines() if line.strip()]
        for line in lines:
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.add_run(line).italic = italic

    def table(
        self,
        headers: list[str],
        rows: list[list],
        *,
        numbers: set[int] = frozenset(),
        widths: list[int] | None = None,
    ):
        """A real Word table, its header row repeated on every page; the columns in
        ``numbers`` (by index) right-aligned, ``widths`` in millimetres (of 165)."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for i, title in enumerate(headers):
            cell = table.rows[0].cells[i]
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(title))
            run.bold, run.font.size = True, Pt(11)
        _cell_margins(table, top=2, bottom=2)  # the PDF's cells' padding, in points
        header_row = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_row.append(repeat)
        for values in rows:
            cells = table.add_row().cells
            for i, value in enumerate(values):
                paragraph = cells[i].paragraphs[0]
                run = paragraph.add_run("" if value is None else str(value))
                run.font.size = Pt(11)
                if i in numbers:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if widths:  # the grid's, which LibreOffice reads, and each cell's, which Word does
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Mm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Mm(width)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        return table

    def picture(self, png: bytes | None, *, caption: str, width: int = 150) -> None:
        """A chart, ``width`` millimetres wide, under its caption; where it could not be
        drawn (``documents.pictures``), a line saying the PDF has it."""
        self._picture(self.doc, png, caption=caption, width=width)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    def pictures(self, charts: list[tuple[bytes | None, str]], *, width: int = 80) -> None:
        """Charts two a row, as the PDF sets them, in a borderless table."""
        table = self.doc.add_table(rows=0, cols=2)
        table.autofit = False
        for start in range(0, len(charts), 2):
            cells = table.add_row().cells
            for cell, (png, caption) in zip(cells, charts[start : start + 2], strict=False):
                cell.width = Mm(width + 2)
                self._picture(cell, png, caption=caption, width=width, first=cell.paragraphs[0])
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    @staticmethod
    def _picture(container, png, *, caption: str, width: int, first=None) -> None:
        paragraph = first or container.add_paragraph()
        paragraph.paragraph_format.keep_with_next = png is not None
        run = paragraph.add_run(caption)
        run.italic, run.font.size = True, Pt(10)
        if png is None:
            paragraph.add_run(" (biểu đồ: xem bản PDF)").italic = True
            return
        picture = container.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(BytesIO(png), width=Mm(width))

    def annex(self, title: str, subtitle: str) -> None:
        """A new page headed as the PDFs' annexes are: "PHỤ LỤC 1" and what it lists."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.page_break_before = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(title)
        run.bold, run.font.size = True, Pt(14)
        subtitle_paragraph = self.doc.add_paragraph()
        subtitle_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle_paragraph.add_run(subtitle).italic = True

    def closing(self, recipients: list[str], signer: list[str], name: str) -> None:
        """Recipients bottom-left, the signature bottom-right, side by side."""
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        table.columns[0].width = left.width = Mm(80)
        table.columns[1].width = right.width = Mm(85)
        left.paragraphs[0].text = ""
        heading = left.paragraphs[0].add_run("Nơi nhận:")
        heading.bold = heading.italic = True
        for line in recipient_lines(recipients):
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(line).font.size = Pt(11)
        lines = [(line, {"bold": True}) for line in signer if line]
        lines += [("", {}), ("", {}), ("", {}), (name, {"bold": True})]
        self._lines(right, lines)

    def content(self) -> bytes:
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _cell_margins(table, *, top: float, bottom: float) -> None:
    """Space above and below the text of every cell of ``table`` (``w:tblCellMar``)."""
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", top), ("bottom", bottom)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(points * 20)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    following = properties.find(qn("w:tblLook"))  # the schema's order: tblCellMar before it
    if following is None:
        properties.append(margins)
    else:
        following.addprevious(margins)
