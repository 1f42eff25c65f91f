"""The Đoàn's document rules (issue 17, part 1): the header's lines, the place and date,
numbers from a register, legal bases and recipients as the seeds write them, the results
report's period, and the report history in Vietnamese. Expected texts are the seeds' own
(``../shared/seeds``), or computed by hand from the rules; PDFs are opened back with pypdf."""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from documents import text
from plans.models import Plan
from reports.models import MonthlyReport
from tests.factories import PlanFactory, monthly_report
from tests.reports.test_numbers import rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def april(tree, plan) -> MonthlyReport:
    """Bình Trị Đông B's April 2024 report of 12 đoàn viên, submitted at 01:30 on 08/05/2024
    in Vietnam (18:30 the day before in UTC)."""
    monthly_report(
        tree.binh_tri_dong_b,
        date(2024, 4, 1),
        tree.secretary,
        doan_vien=12,
        now=datetime(2024, 5, 7, 18, 30, tzinfo=UTC),
    )
    return MonthlyReport.objects.get(unit=tree.binh_tri_dong_b, month=date(2024, 4, 1))


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf", response.status_code
    pages = PdfReader(BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_dates_periods_and_recipients_read_as_the_seeds_write_them():
    assert text.official_date(date(2024, 3, 15)) == "ngày 15 tháng 3 năm 2024"  # seed 000
    assert text.official_date(date(2024, 2, 7)) == "ngày 07 tháng 02 năm 2024"  # seed 001
    assert text.official_date(date(2022, 8, 18)) == "ngày 18 tháng 8 năm 2022"  # seed 004
    assert text.official_date(date(2014, 10, 23)) == "ngày 23 tháng 10 năm 2014"  # seed 002
    assert text.official_date(None, year=2024) == "ngày … tháng … năm 2024"
    periods = {
        (date(2024, 1, 1), date(2024, 12, 31)): "năm 2024",
        (date(2024, 1, 1), date(2024, 6, 30)): "6 tháng đầu năm 2024",  # seed 004's title
        (date(2024, 7, 1), date(2024, 12, 31)): "6 tháng cuối năm 2024",
        (date(2024, 4, 1), date(2024, 6, 30)): "Quý II năm 2024",
        (date(2024, 3, 1), date(2024, 8, 31)): "từ tháng 3 đến tháng 8 năm 2024",
        (date(2024, 3, 1), date(2024, 3, 31)): "tháng 3 năm 2024",
        (date(2023, 11, 1), date(2024, 2, 29)): "từ tháng 11 năm 2023 đến tháng 2 năm 2024",
        (date(2024, 1, 1), date(2024, 3, 15)): "từ ngày 01/01/2024 đến ngày 15/03/2024",
    }
    assert {key: text.period_title(*key) for key in periods} == periods
    # Seed 000's list as someone might type it: stray ";" and "," and a missing "Lưu".
    typed = [
        "Thành Đoàn: VP, TT, Ban CNLD;",
        "Quận ủy: VP, TT, BDV, Tổ công tác NNN;;",
        "- Cấp ủy 10 phường,",
    ]
    assert text.recipient_lines(typed) == [
        "- Thành Đoàn: VP, TT, Ban CNLD;",
        "- Quận ủy: VP, TT, BDV, Tổ công tác NNN;",
        "- Cấp ủy 10 phường;",
        "- Lưu.",
    ]
    assert text.recipient_lines(["Đoàn 11 phường;", "Lưu: VP, BCNLD. (D/2024/BCNLD/KH)"])[-1] == (
        "- Lưu: VP, BCNLD. (D/2024/BCNLD/KH)"  # seed 000's last line, its note kept
    )
    # Seeds 002 and 004: the body's line and the place, from the unit's name.
    assert text.body_line("Tỉnh Đoàn Cao Bằng") == "BCH ĐOÀN TỈNH CAO BẰNG"
    assert text.locality("Tỉnh Đoàn Cao Bằng") == "Cao Bằng"
    assert text.body_line("Quận Đoàn 12") == "BCH ĐOÀN QUẬN 12"
    assert text.locality("Quận Đoàn 12") == "Quận 12"  # a place named by a number keeps its word
    assert text.body_line("Thành Đoàn TP. Hồ Chí Minh") == "BCH ĐOÀN TP. HỒ CHÍ MINH"
    # A basis without a number names itself first, then its date and issuer.
    assert text.basis_sentence(
        kind="NQ",
        number="",
        issued_on=date(2022, 6, 1),
        issuer="Ban Thường vụ Quận ủy",
        about="Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh quận Bình Tân",
    ) == (
        "Căn cứ Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh quận Bình Tân ngày 01 tháng "
        "6 năm 2022 của Ban Thường vụ Quận ủy"
    )


def test_a_wards_monthly_report_is_headed_dated_and_placed_as_the_doan_writes(
    login, tree, plan, april
):
    report = april
    client = login(tree.secretary)
    printed = pdf_text(client.get(reverse("reports:pdf", args=[report.pk])))
    assert printed.startswith(
        "BCH ĐOÀN QUẬN BÌNH TÂN BCH ĐOÀN PHƯỜNG BÌNH TRỊ ĐÔNG B *** Số: …-BC/ĐTN"
    )
    assert "Bình Trị Đông B, ngày 08 tháng 5 năm 2024" in printed
    assert "Kết quả công tác Đoàn và phong trào thanh niên tháng 4 năm 2024" in printed
    assert "Nơi nhận: - Ban Thường vụ Quận Đoàn Bình Tân; - Lưu." in printed

    # The same report as a Word file, with the same header and the count in a table.
    response = client.get(reverse("reports:docx", args=[report.pk]))
    document = Document(BytesIO(response.content))
    left, right = document.tables[0].rows[0].cells
    assert left.text.splitlines() == [
        "BCH ĐOÀN QUẬN BÌNH TÂN",
        "BCH ĐOÀN PHƯỜNG BÌNH TRỊ ĐÔNG B",
        "***",
        "Số: …-BC/ĐTN",
    ]
    assert right.text.splitlines()[1] == "Bình Trị Đông B, ngày 08 tháng 5 năm 2024"
    counts = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert counts[1][1:] == ["Kết nạp đoàn viên mới", "đoàn viên", "12"]
    closing = document.tables[-1].rows[0].cells[0].text
    assert closing.splitlines()[1:] == ["- Ban Thường vụ Quận Đoàn Bình Tân;", "- Lưu."]

    # The district's staff set the ward's place and symbol on its form, posted back as shown.
    client = login(tree.staff)
    url = reverse("organizations:unit_update", args=[tree.binh_tri_dong_b.pk])
    page = client.get(url).content.decode()
    assert 'placeholder="BCH ĐOÀN PHƯỜNG BÌNH TRỊ ĐÔNG B"' in page  # what empty gives
    data = rendered_form(page) | {"locality": "Phường Bình Trị Đông B", "document_symbol": "ĐTN-VP"}
    assert client.post(url, data).status_code == 302
    printed = pdf_text(client.get(reverse("reports:pdf", args=[report.pk])))
    assert "Số: …-BC/ĐTN-VP" in printed
    assert "Phường Bình Trị Đông B, ngày 08 tháng 5 năm 2024" in printed


def issue(client, plan) -> Plan:
    response = client.post(reverse("plans:transition", args=[plan.pk, "issue"]), {})
    assert response.status_code == 302
    return Plan.objects.get(pk=plan.pk)


def test_issued_plans_take_the_registers_next_number_and_none_is_given_twice(login, tree):
    client = login(tree.staff)
    first, second, third = (PlanFactory(issuing_unit=tree.binh_tan) for _ in range(3))
    with time_machine.travel("2024-03-04 09:00 +07:00", tick=False):
        url = reverse("plans:transition", args=[first.pk, "issue"])
        assert (
            "Kế hoạch sẽ nhận số tiếp theo trong sổ đăng ký kế hoạch của Quận Đoàn Bình Tân "
            "(…-KH/ĐTN)" in client.get(url).content.decode()
        )
        response = client.post(url, {}, follow=True)
        assert "Đã ban hành kế hoạch, số 01-KH/ĐTN ngày 04/03/2024." in response.content.decode()
        assert Plan.objects.get(pk=first.pk).issued_on == date(2024, 3, 4)
        printed = pdf_text(client.get(reverse("plans:pdf", args=[first.pk])))
        assert "Số: 01-KH/ĐTN" in printed and "Bình Tân, ngày 04 tháng 3 năm 2024" in printed
        assert "Số: …-KH/ĐTN" in pdf_text(client.get(reverse("plans:pdf", args=[second.pk])))

        # A plan numbered on paper first keeps its number, and the register skips it.
        url = reverse("plans:update", args=[third.pk])
        data = rendered_form(client.get(url).content.decode()) | {"number": "02-KH/ĐTN"}
        assert client.post(url, data).status_code == 302
        assert issue(client, second).number == "03-KH/ĐTN"
        assert issue(client, third).number == "02-KH/ĐTN"

        # The number stays the third plan's even once its draft of a fourth is retyped.
        fourth = PlanFactory(issuing_unit=tree.binh_tan)
        url = reverse("plans:update", args=[fourth.pk])
        Plan.objects.filter(pk=third.pk).update(number="")  # e.g. corrected in the admin
        data = rendered_form(client.get(url).content.decode()) | {"number": "02-KH/ĐTN"}
        response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "Sổ đăng ký văn bản của Quận Đoàn Bình Tân đã cấp số 02-KH/ĐTN năm 2024 cho "
        f"“{third.title}”." in response.content.decode()
    )
    assert Plan.objects.get(pk=fourth.pk).number == ""
    # A draft typed with a number of 2024, then moved to 2025 without it: issued, it takes
    # 2025's first number, and the next plan of 2025 the second.
    moved = PlanFactory(issuing_unit=tree.binh_tan, number="07-KH/ĐTN")
    url = reverse("plans:update", args=[moved.pk])
    data = rendered_form(client.get(url).content.decode()) | {"number": "", "year": "2025"}
    assert client.post(url, data).status_code == 302
    assert issue(client, moved).number == "01-KH/ĐTN"
    assert issue(client, PlanFactory(issuing_unit=tree.binh_tan, year=2025)).number == "02-KH/ĐTN"
    # A number with a serial too long for any register is kept as typed, not registered.
    odd = PlanFactory(issuing_unit=tree.binh_tan)
    url = reverse("plans:update", args=[odd.pk])
    data = rendered_form(client.get(url).content.decode()) | {"number": "99999999999999-KH/ĐTN"}
    assert client.post(url, data).status_code == 302
    # Another unit's register starts at 01.
    other = PlanFactory(issuing_unit=tree.quan_12)
    assert issue(login(tree.q12_staff), other).number == "01-KH/ĐTN"


def test_legal_bases_and_recipients_typed_on_the_plan_print_as_seed_001_writes_them(login, tree):
    plan = PlanFactory(issuing_unit=tree.binh_tan, title="Tổ chức Ngày Đoàn viên năm 2024")
    client = login(tree.staff)
    url = reverse("plans:parts", args=[plan.pk, "can-cu"])
    data = rendered_form(client.get(url).content.decode())
    data |= {
        "can-cu-0-number": "36-HD/TWĐTN-BTC",  # its kind left empty: read from the number
        "can-cu-0-issued_on": "20/02/2024",
        "can-cu-0-issuer": "Ban Bí thư Trung ương Đoàn TNCS Hồ Chí Minh",
        "can-cu-0-description": "về việc tổ chức “Ngày đoàn viên” năm 2024",
        "can-cu-1-kind": "NQ",
        "can-cu-1-description": "Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh quận Bình Tân",
    }
    assert client.post(url, data).status_code == 302
    url = reverse("plans:parts", args=[plan.pk, "noi-nhan"])
    data = rendered_form(client.get(url).content.decode())
    data |= {
        "noi-nhan-0-name": "Thành Đoàn: VP, Ban Tuyên giáo, Ban CNLD;",
        "noi-nhan-1-name": "Lưu: BTC/2024/KH",
    }
    assert client.post(url, data).status_code == 302
    printed = pdf_text(client.get(reverse("plans:pdf", args=[plan.pk])))
    assert (
        "Căn cứ Hướng dẫn số 36-HD/TWĐTN-BTC ngày 20 tháng 02 năm 2024 của Ban Bí thư Trung ương "
        "Đoàn TNCS Hồ Chí Minh về việc tổ chức “Ngày đoàn viên” năm 2024;" in printed
    )
    assert "Căn cứ Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh quận Bình Tân." in printed
    assert "Nơi nhận: - Thành Đoàn: VP, Ban Tuyên giáo, Ban CNLD; - Lưu: BTC/2024/KH." in printed
    assert ";;" not in printed
    # The Word file says the same.
    document = Document(BytesIO(client.get(reverse("plans:docx", args=[plan.pk])).content))
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and "Tổ chức Ngày Đoàn viên năm 2024" in texts
    assert texts[texts.index("KẾ HOẠCH") + 2].startswith("Căn cứ Hướng dẫn số 36-HD/TWĐTN-BTC")
    closing = document.tables[-1].rows[0].cells[0].text.splitlines()
    assert closing == [
        "Nơi nhận:",
        "- Thành Đoàn: VP, Ban Tuyên giáo, Ban CNLD;",
        "- Lưu: BTC/2024/KH.",
    ]
    # The number corrected to a plan's: the kind read from it follows.
    url = reverse("plans:parts", args=[plan.pk, "can-cu"])
    data = rendered_form(client.get(url).content.decode()) | {"can-cu-0-number": "269-KH/QU"}
    assert client.post(url, data).status_code == 302
    printed = pdf_text(client.get(reverse("plans:pdf", args=[plan.pk])))
    assert "Căn cứ Kế hoạch số 269-KH/QU ngày 20 tháng 02 năm 2024" in printed


def test_the_results_reports_title_says_its_period_as_people_do(login, tree, plan, activity):
    client = login(tree.leader)
    url = reverse("plans:progress_export", args=[plan.pk, "pdf"])
    half = pdf_text(client.get(url, {"ky": "tuy-chon", "tu": "2024-01", "den": "2024-06"}))
    assert f"Kết quả thực hiện {plan.title} 6 tháng đầu năm 2024" in half
    assert "01/2024 – 06/2024" not in half
    quarter = pdf_text(client.get(url, {"ky": "quy", "quy": "2024-2"}))
    assert f"Kết quả thực hiện {plan.title} Quý II năm 2024" in quarter
    # The whole plan: its title already says "năm 2024"; no stray "cả kế hoạch".
    whole = pdf_text(client.get(url))
    assert f"Kết quả thực hiện {plan.title} Số liệu tính đến" in whole
    assert "cả kế hoạch" not in whole
    assert whole.startswith("BCH ĐOÀN TP. HỒ CHÍ MINH BCH ĐOÀN QUẬN BÌNH TÂN *** Số: …-BC/ĐTN")


def test_the_reports_history_names_states_in_vietnamese_at_vietnams_time(login, tree, april):
    report = april
    html = login(tree.staff).get(reverse("reports:detail", args=[report.pk])).content.decode()
    changes = html[html.index("Mọi thay đổi của báo cáo") :]
    assert "<del>Dự thảo</del> → Đã nộp" in changes
    assert "01:30 08/05/2024" in changes  # Vietnam's time, not 18:30 UTC
    assert "submitted" not in changes and "+00:00" not in changes
