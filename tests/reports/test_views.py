"""The monthly report pages: a ward secretary writes, district staff review."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import UnitKind
from plans.models import Plan
from reports import services
from reports.models import Attachment, MonthlyReport
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import PlanFactory, share_out

pytestmark = pytest.mark.django_db
APRIL_5 = "2024-04-05 09:00 +07:00"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(tree):
    """Bình Tân's issued 2024 plan: 70 new đoàn viên for the wards in Q I, 10 per ward."""
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    doan_vien = Metric.objects.get(code="new-doan-vien")
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(doan_vien, "children", Period.quarter(2024, 1), Decimal(70)),
            TargetCell(
                Metric.objects.get(code="new-chi-doan"),
                "children",
                Period.quarter(2024, 1),
                Decimal(7),
            ),
        ],
    )
    share_out(plan, {(tree.binh_tri_dong_b.pk, doan_vien.pk): 10})
    plan.status = Plan.Status.ISSUED
    plan.save()
    return plan


def edit_url(unit, year=2024, month=3):
    return reverse("reports:edit", args=[unit.pk, year, month])


def form_data(**changes) -> dict:
    doan_vien = Metric.objects.get(code="new-doan-vien")
    data = {
        "version": "1",
        f"m-{doan_vien.pk}": "12",
        "difficulties": "Thiếu kinh phí",
        "cd-TOTAL_FORMS": "1",
        "cd-INITIAL_FORMS": "0",
    }
    return data | changes


def branch(prefix="cd-0-", **changes) -> dict:
    line = {
        "name": "Chi đoàn Công ty TNHH Giày da Tân Tạo",
        "kind": UnitKind.objects.get(name="Chi đoàn").pk,
        "new_host_name": "Công ty TNHH Giày da Tân Tạo",
        "new_host_kind": "enterprise",
        "founded_on": "26/03/2024",
        "members": "12",
    } | changes
    return {prefix + key: value for key, value in line.items()}


@time_machine.travel(APRIL_5, tick=False)
def test_the_form_asks_exactly_what_the_plans_ask_with_the_wards_target(login, tree, plan):
    body = text(login(tree.secretary).get(edit_url(tree.binh_tri_dong_b)))
    assert "Kết nạp đoàn viên mới" in body
    assert "Chỉ tiêu: 10 đến hết Năm 2024" in body
    # founded branches are counted from their lines, never typed as a figure
    assert 'name="m-{}"'.format(Metric.objects.get(code="new-chi-doan").pk) not in body
    assert "hạn nộp 23:59 10/04/2024" in body


@time_machine.travel(APRIL_5, tick=False)
def test_a_secretary_saves_a_draft_then_submits_with_a_founded_chi_doan(login, tree, plan):
    client = login(tree.secretary)
    client.post(edit_url(tree.binh_tri_dong_b), form_data())
    report = MonthlyReport.objects.get()
    assert report.status == MonthlyReport.Status.DRAFT
    assert report.values.get().value == 12
    data = form_data(version=str(report.version), submit="1") | branch()
    response = client.post(edit_url(tree.binh_tri_dong_b), data, follow=True)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.founded_branches.get().name == "Chi đoàn Công ty TNHH Giày da Tân Tạo"
    assert "Đã nộp báo cáo" in text(response)


@time_machine.travel(APRIL_5, tick=False)
def test_a_founding_date_outside_the_month_is_refused_with_everything_kept(login, tree, plan):
    data = form_data() | branch(founded_on="02/04/2024")
    response = login(tree.secretary).post(edit_url(tree.binh_tri_dong_b), data)
    assert "Ngày thành lập phải nằm trong Tháng 03/2024." in text(response)
    assert 'value="12"' in text(response) and "Thiếu kinh phí" in text(response)
    assert not MonthlyReport.objects.exists()


@time_machine.travel(APRIL_5, tick=False)
def test_a_second_save_from_a_stale_page_is_refused_in_vietnamese(login, tree, plan):
    client = login(tree.secretary)
    client.post(edit_url(tree.binh_tri_dong_b), form_data(difficulties="Bản thứ nhất"))
    response = client.post(edit_url(tree.binh_tri_dong_b), form_data(difficulties="Bản cũ"))
    assert "đã lưu báo cáo này lúc 09:00 05/04/2024, sau khi bạn mở trang này" in text(response)
    assert "Bản cũ" in text(response)
    assert MonthlyReport.objects.get().difficulties == "Bản thứ nhất"


@time_machine.travel(APRIL_5, tick=False)
def test_a_secretary_posting_to_another_wards_report_gets_404(login, tree, plan):
    response = login(tree.secretary).post(edit_url(tree.an_lac), form_data())
    assert response.status_code == 404
    assert not MonthlyReport.objects.exists()


@time_machine.travel(APRIL_5, tick=False)
def test_a_secretary_cannot_open_another_wards_submitted_report(login, tree, plan):
    report = services.report_open(unit=tree.an_lac, month=date(2024, 3, 1))
    assert login(tree.secretary).get(report.get_absolute_url()).status_code == 404


@time_machine.travel(APRIL_5, tick=False)
def test_leadership_cannot_write_reports(login, tree, plan):
    response = login(tree.leader).post(edit_url(tree.binh_tan), form_data())
    assert response.status_code == 403


def submitted(tree) -> MonthlyReport:
    report = services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 3, 1))
    return services.report_submit(report=report, user=tree.secretary)


@time_machine.travel(APRIL_5, tick=False)
def test_staff_see_submitted_reports_in_their_inbox_and_accept_them(login, tree, plan):
    report = submitted(tree)
    client = login(tree.staff)
    assert "Đoàn phường Bình Trị Đông B" in text(client.get(reverse("reports:inbox")))
    client.post(reverse("reports:action", args=[report.pk, "accept"]))
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.ACCEPTED


@time_machine.travel(APRIL_5, tick=False)
def test_staff_return_a_report_with_a_comment_the_ward_then_reads(login, tree, plan):
    report = submitted(tree)
    login(tree.staff).post(
        reverse("reports:action", args=[report.pk, "return"]), {"comment": "Bổ sung ảnh"}
    )
    body = text(login(tree.secretary).get(reverse("reports:home")))
    assert "Bổ sung ảnh" in body


@time_machine.travel(APRIL_5, tick=False)
def test_a_secretary_cannot_accept_their_own_report(login, tree, plan):
    report = submitted(tree)
    response = login(tree.secretary).post(reverse("reports:action", args=[report.pk, "accept"]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED


@time_machine.travel(APRIL_5, tick=False)
def test_the_district_reports_its_own_results_the_same_way(login, tree, plan):
    client = login(tree.staff)
    response = client.post(edit_url(tree.binh_tan), form_data(submit="1"))
    assert response.status_code == 302
    assert MonthlyReport.objects.get().unit == tree.binh_tan


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.exe", b"MZ" + b"\x00" * 64, "“anh.exe”: không thể đính kèm loại tệp này."),
        ("anh.png", b"MZ" + b"\x00" * 64, "“anh.png”: nội dung tệp không khớp với tên tệp (.png)."),
        ("anh.png", PNG + b"\x00" * (5 * 1024 * 1024), "tối đa 5 MB"),
    ],
)
@time_machine.travel(APRIL_5, tick=False)
def test_attachments_are_checked_by_type_content_and_size(
    login, tree, plan, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 3, 1))
    response = login(tree.secretary).post(
        reverse("reports:attachment_upload", args=[report.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in text(response)
    assert not Attachment.objects.exists()


@time_machine.travel(APRIL_5, tick=False)
def test_an_attachment_is_kept_and_served_as_a_download_to_the_district_only(
    login, tree, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 3, 1))
    login(tree.secretary).post(
        reverse("reports:attachment_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("anh-ra-mat.png", PNG)},
    )
    attachment = Attachment.objects.get()
    url = reverse("reports:attachment_download", args=[attachment.pk])
    response = login(tree.staff).get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PNG
    assert login(tree.other_secretary).get(url).status_code == 404


@time_machine.travel(APRIL_5, tick=False)
def test_staff_grant_an_extension_that_moves_the_due_moment(login, tree, plan):
    response = login(tree.staff).post(
        reverse("reports:extension_create"),
        {
            "unit": tree.an_lac.pk,
            "month": "01/03/2024",
            "due_on": "15/04/2024",
            "due_time": "16:00",
            "reason": "Đại hội Đoàn cơ sở",
        },
        follow=True,
    )
    assert "đến 16:00 15/04/2024" in text(response)
    body = text(login(tree.other_secretary).get(reverse("reports:home")))
    assert "16:00 15/04/2024" in body


@time_machine.travel(APRIL_5, tick=False)
def test_the_report_home_costs_the_same_queries_for_10_or_50_wards(
    login, tree, plan, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    client = login(tree.staff)
    for n in range(8):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")
    with django_assert_max_num_queries(50) as ten:
        client.get(reverse("reports:home"))
    for n in range(8, 48):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")
    with django_assert_max_num_queries(50) as fifty:
        client.get(reverse("reports:home"))
    assert len(fifty.captured_queries) == len(ten.captured_queries)


@time_machine.travel("2024-04-08 09:00 +07:00", tick=False)
def test_the_ward_home_page_warns_days_before_the_due_moment(login, tree, settings):
    settings.REPORT_REMINDER_DAYS_BEFORE = 3
    body = text(login(tree.secretary).get(reverse("home")))
    assert "Báo cáo tháng 03/2024 cần nộp trước 23:59 10/04/2024." in body


@time_machine.travel("2024-04-11 09:00 +07:00", tick=False)
def test_the_ward_home_page_says_when_the_report_is_overdue(login, tree):
    body = text(login(tree.secretary).get(reverse("home")))
    assert "Báo cáo tháng 03/2024 đã quá hạn" in body


@time_machine.travel("2024-04-11 09:00 +07:00", tick=False)
def test_no_banner_once_the_report_is_submitted(login, tree):
    submitted(tree)
    body = text(login(tree.secretary).get(reverse("home")))
    assert "Báo cáo tháng 03/2024 đã quá hạn" not in body
    assert "Báo cáo tháng 03/2024 của bạn" in body  # the month's card says it was sent


@time_machine.travel(APRIL_5, tick=False)
def test_the_report_page_lists_every_change_with_its_old_and_new_text(login, tree, plan):
    client = login(tree.secretary)
    client.post(edit_url(tree.binh_tri_dong_b), form_data(difficulties="Thiếu kinh phí"))
    client.post(
        edit_url(tree.binh_tri_dong_b),
        form_data(version="2", difficulties="Doanh nghiệp chưa đồng thuận"),
    )
    report = MonthlyReport.objects.get()
    body = text(login(tree.staff).get(report.get_absolute_url()))
    assert "Khó khăn, vướng mắc: <del>Thiếu kinh phí</del> → Doanh nghiệp chưa đồng thuận" in body


@time_machine.travel(APRIL_5, tick=False)
def test_a_month_that_has_not_begun_cannot_be_reported(login, tree, plan):
    client = login(tree.secretary)
    assert client.get(edit_url(tree.binh_tri_dong_b, 2024, 4)).status_code == 200
    assert client.get(edit_url(tree.binh_tri_dong_b, 2024, 5)).status_code == 404
    assert client.get(edit_url(tree.binh_tri_dong_b, 2024, 13)).status_code == 404


@time_machine.travel("2026-11-22 09:00 +07:00", tick=False)
def test_staff_look_back_at_any_past_month(login, tree, plan):
    submitted(tree)  # Bình Trị Đông B's report of 03/2024
    body = text(login(tree.staff).get(reverse("reports:home"), {"thang": "2024-03"}))
    assert "Báo cáo tháng 03/2024 của các đơn vị" in body
    assert "Đã nộp" in body
    assert 'value="2024-03"' in body


@time_machine.travel("2026-11-22 09:00 +07:00", tick=False)
def test_a_month_not_begun_or_garbled_falls_back_to_the_last_month(login, tree):
    client = login(tree.staff)
    for asked in ("2027-01", "tháng ba", "2024-13"):
        body = text(client.get(reverse("reports:home"), {"thang": asked}))
        assert "Báo cáo tháng 10/2026 của các đơn vị" in body


@time_machine.travel(APRIL_5, tick=False)
def test_a_bad_or_repeated_extension_is_refused_with_the_input_kept(login, tree, plan):
    from reports.models import Extension

    client = login(tree.staff)
    url = reverse("reports:extension_create")
    data = {
        "unit": tree.an_lac.pk,
        "month": "01/03/2024",
        "due_on": "31/04/2024",
        "due_time": "16:00",
        "reason": "Đại hội",
    }
    response = client.post(url, data)
    assert "Nhập một ngày hợp lệ." in text(response)
    assert 'value="Đại hội"' in text(response)
    assert not Extension.objects.exists()
    client.post(url, data | {"due_on": "15/04/2024"})
    response = client.post(url, data | {"due_on": "20/04/2024"})
    assert "Đơn vị đã được gia hạn cho tháng này." in text(response)
    assert Extension.objects.get().due_at.day == 15
    response = client.post(url, data | {"unit": tree.thanh_loc.pk})
    assert "Lựa chọn không hợp lệ" in text(response)
