"""Period results reports (issue 17, part 2), through the real pages: a district starts the
six-month report of 2024, the page gathers its plan's targets against what its wards did,
their timeliness, the founded chi đoàn and the words of their accepted reports; staff write
the sections, save, reopen, meet a stale page, issue it with a number, and the issued
report stays as it was sent. Figures by hand from ``conftest.py``'s plan and reports."""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports import services as report_services
from reports.models import MonthlyReport, PeriodReport
from tests.reports.test_numbers import rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def words(tree, plan, activity):
    """Bình Trị Đông B's May report says what held it back; accepted."""
    report = report_services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 5, 1))
    report_services.report_save(
        report=report,
        user=tree.secretary,
        version=report.version,
        texts={
            "difficulties": "Doanh nghiệp chưa tạo điều kiện\ncho đoàn viên sinh hoạt.",
            "proposals": "Đề nghị Quận Đoàn hỗ trợ kinh phí.",
            "next_month_plan": "Thành lập Chi đoàn Công ty Pouyuen.",
        },
        values={},
        branches=[],
        submit=True,
        now=datetime(2024, 6, 5, 2, 0, tzinfo=UTC),
    )
    report_services.report_accept(report=report, user=tree.staff)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf", response.status_code
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages).split()
    )


def start(client, **choice):
    response = client.post(reverse("reports:period_create"), choice)
    assert response.status_code == 302, response.content.decode()[:2000]
    return PeriodReport.objects.latest("pk")


def test_a_six_month_report_gathers_figures_and_words_then_is_issued_as_sent(
    login, tree, plan, words
):
    client = login(tree.staff)
    with time_machine.travel("2024-07-08 09:00 +07:00", tick=False):
        list_page = client.get(reverse("reports:period_list")).content.decode()
        assert "Chưa có báo cáo kết quả nào" in list_page
        report = start(client, ky="6-thang-dau", nam="2024")
        assert report.title == (
            "Báo cáo kết quả thực hiện công tác Đoàn và phong trào thanh thiếu nhi "
            "6 tháng đầu năm 2024"
        )
        assert (report.starts_on, report.ends_on) == (date(2024, 1, 1), date(2024, 6, 30))
        url = report.get_absolute_url()
        html = client.get(url).content.decode()
    # The plan's rows for January–June: the wards' chi đoàn 7 + 9 = 16 asked, 1 done (the
    # March one; An Lạc's of April awaits review); their đoàn viên 100 asked, 12 done.
    chi_doan = (
        '<td>Thành lập mới chi đoàn</td><td class="level">Cấp cơ sở</td><td class="num">16</td>'
    )
    assert chi_doan + '<td class="num">1</td>' in html
    assert '<td class="num">100</td><td class="num">12</td><td class="num">12%</td>' in html
    # Timeliness of January to June, founded branches, and the ward's words.
    assert "Chi đoàn mới Đoàn phường Bình Trị Đông B 3103" in html
    assert (
        "Doanh nghiệp chưa tạo điều kiện" in html and "Đề nghị Quận Đoàn hỗ trợ kinh phí." in html
    )
    # The sections start from those words, one line a unit and month.
    data = rendered_form(html)
    assert data["shortcomings"].strip() == (
        "- Đoàn phường Bình Trị Đông B (tháng 5/2024): Doanh nghiệp chưa tạo điều kiện cho "
        "đoàn viên sinh hoạt."
    )
    assert data["directions"].endswith("Thành lập Chi đoàn Công ty Pouyuen.")
    assert data["recipients"].strip() == "Ban Thường vụ Thành Đoàn TP. Hồ Chí Minh"

    # Written, saved, reopened: kept.
    data |= {
        "highlights": "Thành lập 1 chi đoàn, kết nạp 12 đoàn viên mới.",
        "signer_name": "Huỳnh Văn Phẩm",
    }
    assert client.post(url, data | {"save": "1"}).status_code == 302
    again = rendered_form(client.get(url).content.decode())
    assert again["highlights"].strip() == "Thành lập 1 chi đoàn, kết nạp 12 đoàn viên mới."

    # A stale page (the draft was saved meanwhile elsewhere): nothing saved, the typing kept.
    stale = data | {"highlights": "Bản viết trên máy khác"}
    client.post(url, again | {"directions": "Phương hướng mới", "save": "1"})
    response = client.post(url, stale | {"save": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản viết trên máy khác" in page and "đã lưu báo cáo này trong khi bạn đang sửa" in page
    assert PeriodReport.objects.get(pk=report.pk).directions == "Phương hướng mới"
    # Saving again after the look keeps this version.
    assert client.post(url, rendered_form(page) | {"save": "1"}).status_code == 302
    assert PeriodReport.objects.get(pk=report.pk).highlights == "Bản viết trên máy khác"

    # Issued: the register's first report number, today's date, the figures of that day.
    with time_machine.travel("2024-07-10 09:00 +07:00", tick=False):
        response = client.post(
            url, rendered_form(client.get(url).content.decode()) | {"issue": "1"}
        )
        assert response["Location"] == reverse("reports:period_issue", args=[report.pk])
        response = client.post(reverse("reports:period_issue", args=[report.pk]), follow=True)
    assert "Đã ban hành báo cáo, số 01-BC/ĐTN ngày 10/07/2024." in response.content.decode()
    printed = pdf_text(client.get(reverse("reports:period_pdf", args=[report.pk])))
    assert printed.startswith("BCH ĐOÀN TP. HỒ CHÍ MINH BCH ĐOÀN QUẬN BÌNH TÂN *** Số: 01-BC/ĐTN")
    assert "Bình Tân, ngày 10 tháng 7 năm 2024" in printed
    assert (
        "BÁO CÁO Kết quả thực hiện công tác Đoàn và phong trào thanh thiếu nhi 6 tháng đầu năm 2024"
        in printed
    )
    assert "Kết nạp đoàn viên mới Cấp cơ sở 100 12 12%" in printed
    assert "Bản viết trên máy khác" in printed and "Huỳnh Văn Phẩm" in printed
    assert "Nơi nhận: - Ban Thường vụ Thành Đoàn TP. Hồ Chí Minh; - Lưu." in printed

    # The same report as a Word file: its header a borderless table, its tables real ones.
    response = client.get(reverse("reports:period_docx", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-ket-qua_quan-doan-binh-tan_2024-01_2024-06.docx"'
    )
    document = Document(BytesIO(response.content))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "BCH ĐOÀN TP. HỒ CHÍ MINH",
        "BCH ĐOÀN QUẬN BÌNH TÂN",
        "***",
        "Số: 01-BC/ĐTN",
    ]
    assert [p.text for p in right.paragraphs] == [
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "Bình Tân, ngày 10 tháng 7 năm 2024",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and report.subtitle in texts
    targets = document.tables[1]
    assert targets.style.name == "Table Grid"
    rows = [[cell.text for cell in row.cells] for row in targets.rows]
    assert rows[0][:5] == ["STT", "Chỉ tiêu", "Cấp", "Chỉ tiêu giao", "Thực hiện"]
    assert ["Kết nạp đoàn viên mới", "Cấp cơ sở", "100", "12", "12%"] in [r[1:6] for r in rows]
    section = document.sections[0]
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert document.styles["Normal"].font.name == "Times New Roman"

    # An Lạc's April report accepted after the issue: the issued report does not move.
    an_lac = MonthlyReport.objects.get(unit=tree.an_lac, month=date(2024, 4, 1))
    report_services.report_accept(report=an_lac, user=tree.staff)
    assert "Kết nạp đoàn viên mới Cấp cơ sở 100 12 12%" in pdf_text(
        client.get(reverse("reports:period_pdf", args=[report.pk]))
    )
    # …and it can no longer be changed: a page left open says so, and shows what it held.
    response = client.post(url, data | {"highlights": "Viết thêm sau khi ban hành", "save": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Báo cáo đã được ban hành trong khi bạn đang sửa" in page
    assert "Viết thêm sau khi ban hành" in page
    assert PeriodReport.objects.get(pk=report.pk).highlights == "Bản viết trên máy khác"
    assert 'id="period-report-form"' not in client.get(url).content.decode()
    # A second report of the unit that year takes the next number.
    with time_machine.travel("2024-10-05 09:00 +07:00", tick=False):
        second = start(client, ky="quy-3", nam="2024")
        assert second.title.endswith("Quý III năm 2024")
        client.post(reverse("reports:period_issue", args=[second.pk]))
    assert PeriodReport.objects.get(pk=second.pk).number == "02-BC/ĐTN"


def test_bad_periods_get_a_message_and_keep_the_choice(login, tree):
    client = login(tree.staff)
    response = client.post(
        reverse("reports:period_create"), {"ky": "tuy-chon", "tu": "2024-08", "den": "2024-03"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng cuối đứng trước tháng đầu." in html and 'value="2024-08"' in html
    assert not PeriodReport.objects.exists()
    response = client.post(
        reverse("reports:period_create"), {"ky": "tuy-chon", "tu": "2023-01", "den": "2025-01"}
    )
    assert "Một báo cáo kết quả gồm tối đa 24 tháng." in response.content.decode()
    response = client.post(reverse("reports:period_create"), {"ky": "ca-nam", "nam": "abc"})
    assert response.status_code == 200 and not PeriodReport.objects.exists()


def test_who_may_read_and_write_a_units_results_report(login, tree, plan):
    report = start(login(tree.staff), ky="tuy-chon", tu="2024-03", den="2024-08")
    assert report.title.endswith("từ tháng 3 đến tháng 8 năm 2024")
    url = report.get_absolute_url()
    # Leadership reads it and its PDF, but does not write or issue it.
    leader = login(tree.leader)
    assert leader.get(url).status_code == 200
    assert leader.post(url, {"save": "1"}).status_code == 403
    assert leader.post(reverse("reports:period_issue", args=[report.pk])).status_code == 403
    assert (
        leader.post(reverse("reports:period_create"), {"ky": "ca-nam", "nam": "2024"}).status_code
        == 403
    )
    # Another district's staff and a ward below do not see it at all.
    for user in (tree.q12_staff, tree.secretary):
        assert login(user).get(url).status_code == 404
        assert login(user).get(reverse("reports:period_pdf", args=[report.pk])).status_code == 404
    # A ward's secretary writes the ward's own report, addressed to the district.
    ward_report = start(login(tree.secretary), ky="ca-nam", nam="2024")
    assert ward_report.unit == tree.binh_tri_dong_b
    assert ward_report.recipients == "Ban Thường vụ Quận Đoàn Bình Tân"
