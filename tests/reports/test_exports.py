"""The progress files, opened back: the Excel workbook with openpyxl, the PDF with pypdf
(and pdftoppm for a picture of its first page), against figures computed by hand from
``conftest.py``'s plan and reports."""

import shutil
import subprocess
from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

pytestmark = pytest.mark.django_db
QUARTER_ONE = {"ky": "quy", "quy": "2024-1"}


def download(client, plan, fmt, params):
    response = client.get(reverse("plans:progress_export", args=[plan.pk, fmt]), params)
    assert response.status_code == 200, response.status_code
    return response


@pytest.fixture
def workbook(client, tree, plan, activity, allocated):
    client.force_login(tree.leader)
    response = download(client, plan, "xlsx", QUARTER_ONE)
    assert response["Content-Disposition"] == (
        f'attachment; filename="KH-{plan.pk}-2024_tien-do_QI.xlsx"'
    )
    return load_workbook(BytesIO(response.content))


def rows_of(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_workbook_has_the_five_sheets(workbook):
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Đơn vị",
        "Theo tháng",
        "Đúng hạn",
        "Chi đoàn, chi hội",
    ]


def test_the_summary_has_numbers_and_a_percentage_formula(workbook):
    sheet = workbook["Tổng hợp"]
    assert sheet.freeze_panes == "A7"
    assert sheet["A6"].value == "Chỉ tiêu" and sheet["B3"].value == datetime(2024, 3, 31)
    row = next(
        r
        for r in range(7, sheet.max_row + 1)
        if (sheet[f"A{r}"].value, sheet[f"B{r}"].value) == ("Thành lập mới chi đoàn", "Cấp cơ sở")
    )
    # Q I: 7 chi đoàn asked of the wards, 1 founded (on 31/03).
    assert (sheet[f"C{row}"].value, sheet[f"D{row}"].value) == (7, 1)
    assert sheet[f"E{row}"].value == f'=IF(N(C{row})>0,D{row}/C{row},"")'
    assert sheet[f"E{row}"].number_format == "0.0%"
    assert sheet[f"F{row}"].value == "Không đạt"  # Quý I is over: a final result


def test_the_units_sheet_totals_with_formulas(workbook):
    sheet = workbook["Đơn vị"]
    rows = rows_of(sheet)
    assert rows[0][:4] == [
        "Đơn vị",
        "Thành lập mới chi đoàn: chỉ tiêu (đến hết Quý II/2024)",
        "Thành lập mới chi đoàn: thực hiện",
        "Thành lập mới chi đoàn: %",
    ]
    by_name = {row[0]: row for row in rows[1:3]}
    # Bình Trị Đông B: 2 by 30/06, whole (not a share of it for Q I); it founded 1.
    assert by_name["Đoàn phường Bình Trị Đông B"][1:4] == [2, 1, '=IF(N(B3)>0,C3/B3,"")']
    assert rows[3][0] == "Tổng cộng" and rows[3][1:3] == ["=SUM(B2:B3)", "=SUM(C2:C3)"]
    assert sheet.freeze_panes == "B2"
    assert sheet.conditional_formatting  # the % columns are coloured


def test_monthly_timeliness_and_founded_branches(workbook):
    monthly = rows_of(workbook["Theo tháng"])
    assert monthly[0] == ["Đơn vị", "Chỉ tiêu", "01/2024", "02/2024", "03/2024", "Cộng"]
    chi_doan = next(
        r for r in monthly if r[:2] == ["Đoàn phường Bình Trị Đông B", "Thành lập mới chi đoàn"]
    )
    assert chi_doan[2:5] == [0, 0, 1] and chi_doan[5].startswith("=SUM(C")
    timeliness = workbook["Đúng hạn"]
    march = next(r for r in rows_of(timeliness) if r[0] == "Đoàn phường Bình Trị Đông B")
    assert march[5] == "Trễ hạn"  # submitted by the test, long after 10/04/2024
    assert isinstance(march[6], datetime)
    founded = rows_of(workbook["Chi đoàn, chi hội"])
    assert founded[1][0] == "Chi đoàn mới Đoàn phường Bình Trị Đông B 3103"
    assert founded[1][3] == datetime(2024, 3, 31) and founded[1][4] == "Đoàn phường Bình Trị Đông B"


def test_a_ward_secretary_exports_only_their_ward(client, tree, plan, activity, allocated):
    client.force_login(tree.secretary)
    params = {**QUARTER_ONE, "ke-ca-chua-duyet": "1"}
    response = download(client, plan, "xlsx", params)
    assert "_doan-phuong-binh-tri-dong-b.xlsx" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    text = str([rows_of(sheet) for sheet in book])
    assert "Bình Trị Đông B" in text and "An Lạc" not in text


def test_bad_filters_send_back_to_the_page_with_a_message(client, tree, plan):
    client.force_login(tree.leader)
    url = reverse("plans:progress_export", args=[plan.pk, "xlsx"])
    response = client.get(url, {"ky": "thang", "thang": "2023-01"}, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("plans:progress", args=[plan.pk]))
    assert "Hãy sửa bộ lọc trước khi tải về." in response.content.decode()
    assert client.get(reverse("plans:progress_export", args=[plan.pk, "odt"])).status_code == 404


@pytest.fixture
def pdf(client, tree, plan, activity, allocated):
    plan.upper_body = "BCH ĐOÀN TP. HỒ CHÍ MINH"
    plan.place = "Bình Tân"
    plan.save()
    client.force_login(tree.leader)
    response = download(client, plan, "pdf", {})
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.slow
def test_the_pdf_report_reads_in_vietnamese_in_the_official_layout(pdf):
    reader = PdfReader(BytesIO(pdf))
    first = reader.pages[0].extract_text()
    for words in ("BCH ĐOÀN TP. HỒ CHÍ MINH", "ĐOÀN TNCS HỒ CHÍ MINH", "Bình Tân, ngày", "BÁO CÁO"):
        assert words in first, words
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Đoàn phường Bình Trị Đông B" in text
    assert "Trang 1/" in first
    # Every font in the file is the bundled serif: nothing was substituted.
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all(name.startswith("Liberation-Serif") for name in fonts), fonts


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is needed")
def test_the_first_page_renders_to_a_picture_that_is_not_blank(pdf, tmp_path):
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "report.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    png = next(tmp_path.glob("page*.png")).read_bytes()
    image = Image.open(BytesIO(png)).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > image.width * image.height * 0.01  # text and lines, not a white page


@pytest.mark.slow
def test_the_plan_prints_with_its_roadmap_and_allocations(client, tree, plan, allocated):
    plan.number = "105-KH/QĐBT"
    plan.save()
    client.force_login(tree.secretary)  # the ward reads its district's issued plan
    response = client.get(reverse("plans:pdf", args=[plan.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="KH-105-2024.pdf"'
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "KẾ HOẠCH" in text and "Số: 105-KH/QĐBT" in text
    # The plan has no purposes nor content: its roadmap is its first section.
    assert "I. LỘ TRÌNH CHỈ TIÊU" in text and "Thành lập mới chi đoàn" in text
    assert "III. LỘ TRÌNH" not in text
    assert "Mục III.1" in text and "Đoàn phường Bình Trị Đông B" in text


@pytest.mark.slow
def test_a_wards_monthly_report_prints_with_its_figures_and_branches(client, tree, plan, activity):
    report = tree.binh_tri_dong_b.reports.get(month=date(2024, 4, 1))
    client.force_login(tree.secretary)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao_doan-phuong-binh-tri-dong-b_2024-04.pdf"'
    )
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "BCH ĐOÀN PHƯỜNG BÌNH TRỊ" in text and "tháng 4 năm 2024" in text
    assert "Bình Trị Đông B, ngày" in text and "Nguyễn Văn An" in text  # who submitted
    assert "Kết nạp đoàn viên mới" in text and "12" in text
    client.force_login(tree.other_secretary)
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 404


def test_the_progress_reports_word_file_holds_its_charts_as_pictures(
    client, tree, plan, activity, allocated
):
    """Each target's cumulative chart, the units' ranking and the heat map of their months,
    as in the PDF, drawn as PNG (Word shows no bare SVG): real pictures, not blank."""
    client.force_login(tree.leader)
    document = Document(BytesIO(download(client, plan, "docx", QUARTER_ONE).content))
    texts = [p.text for p in document.paragraphs] + [
        p.text for table in document.tables for cell in table._cells for p in cell.paragraphs
    ]
    captions = [t for t in texts if t.startswith("Thành lập mới chi đoàn (")]
    assert captions, texts  # the chi đoàn chart's caption: its title and done / target
    assert "Tỉ lệ hoàn thành của các đơn vị" in texts
    assert "Tình hình nộp báo cáo của các đơn vị theo tháng" in texts
    pictures = [
        part.blob
        for part in document.part.related_parts.values()
        if part.content_type == "image/png"
    ]
    assert len(pictures) == len(document.inline_shapes) >= 3
    for blob in pictures:
        image = Image.open(BytesIO(blob)).convert("RGB")
        assert image.width >= 300
        colours = image.getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 5  # lines, labels and bars, not an empty square


def test_the_progress_report_comes_as_word_with_the_pdfs_sections(
    client, tree, plan, activity, allocated
):
    client.force_login(tree.leader)
    response = download(client, plan, "docx", QUARTER_ONE)
    assert response["Content-Disposition"] == (
        f'attachment; filename="KH-{plan.pk}-2024_tien-do_QI.docx"'
    )
    document = Document(BytesIO(response.content))
    assert document.tables[0].rows[0].cells[0].text.splitlines() == [
        "BCH ĐOÀN TP. HỒ CHÍ MINH",
        "BCH ĐOÀN QUẬN BÌNH TÂN",
        "***",
        "Số: …-BC/ĐTN",
    ]
    texts = [p.text for p in document.paragraphs]
    assert f"Kết quả thực hiện {plan.title} Quý I năm 2024" in texts
    assert "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in texts
    targets = [[c.text for c in row.cells] for row in document.tables[1].rows]
    # Q I: 7 chi đoàn asked of the wards, 1 founded (on 31/03): 14,3 %, not achieved.
    assert ["Thành lập mới chi đoàn", "Cấp cơ sở", "7", "1", "14,3%", "Không đạt"] in [
        r[1:] for r in targets
    ]
    units = next(
        [[c.text for c in row.cells] for row in table.rows]
        for table in document.tables
        if table.rows[0].cells[0].text == "Đơn vị"
    )
    assert "Đoàn phường Bình Trị Đông B" in [r[0] for r in units]
