"""Reading a Word file (.docx) back as the lines a person sees, in the order they read
them: paragraphs, and the cells of tables row by row (the two-column header, the closing
block of recipients and signature), with a table whose first row names its columns kept
as rows. Built on python-docx; what each document means is its own module's to say."""

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from organizations.text import normalize

#: More than any plan's file (seed 000 is 24 KB of text); a larger upload is refused.
MAX_BYTES = 10 * 1024 * 1024


class NotAWordFile(ValueError):
    """The bytes are not a .docx Word could open."""


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False  # every run of it bold: how documents set headings and titles


@dataclass(frozen=True)
class Grid:
    """A table of several rows, each cell the lines it holds."""

    cells: list[list[list[Line]]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[str]]:
        """Each row's cell texts."""
        return [[" ".join(line.text for line in cell) for cell in row] for row in self.cells]

    @property
    def headers(self) -> list[str]:
        return self.rows[0] if self.cells else []

    def lines(self) -> list[Line]:
        """Its lines column by column, as a layout table is read (a header of two rows:
        the issuing body and its number, then the motto and the place and date)."""
        width = max((len(row) for row in self.cells), default=0)
        return [
            line
            for column in range(width)
            for row in self.cells
            if column < len(row)
            for line in row[column]
        ]


def read(data: bytes) -> list[Line | Grid]:
    """The document's lines and tables, in order. Tables of one row (the header, the
    closing block) are read as the lines of their cells, left column first."""
    if len(data) > MAX_BYTES:
        raise NotAWordFile("too large")
    try:
        document = Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        raise NotAWordFile("unreadable") from None
    blocks: list[Line | Grid] = []
    _read_into(blocks, document.iter_inner_content())
    return blocks


def _read_into(blocks: list, items) -> None:
    for item in items:
        if isinstance(item, Paragraph):
            blocks.extend(_lines(item))
        elif isinstance(item, Table):
            _table(blocks, item)


def _lines(paragraph: Paragraph) -> list[Line]:
    runs = [run for run in paragraph.runs if run.text.strip()]
    bold = bool(runs) and all(run.bold for run in runs)
    # A line break inside a paragraph (Shift+Enter) starts a line of its own.
    return [Line(text, bold) for part in paragraph.text.split("\n") if (text := normalize(part))]


def _cells(row) -> list:
    """A row's cells, a merged cell once."""
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _table(blocks: list, table: Table) -> None:
    rows = [_cells(row) for row in table.rows]
    if len(rows) <= 1:  # a layout table: its columns are read one after the other
        for cell in rows[0] if rows else []:
            _read_into(blocks, cell.iter_inner_content())
        return
    grid = []
    for row in rows:
        cells = []
        for cell in row:
            lines: list = []
            _read_into(lines, cell.iter_inner_content())
            cells.append([x for b in lines for x in (b.lines() if isinstance(b, Grid) else [b])])
        grid.append(cells)
    blocks.append(Grid(grid))
