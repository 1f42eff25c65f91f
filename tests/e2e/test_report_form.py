"""The monthly report form with its script, on a phone: lines added and removed at once,
files chosen on the form itself, and everything still there after saving and reopening;
posted as a plain form when no file is chosen."""

import pytest
from playwright.sync_api import expect

from organizations.models import Unit
from reports.models import MonthlyReport

from .conftest import PHONE_DEVICE, SHOTS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

LINES = [
    ("Chi đoàn Công ty TNHH Bao bì An Lạc Xanh", "Công ty TNHH Bao bì An Lạc Xanh", "03/03/2025"),
    ("Chi đoàn Công ty CP Cơ khí Hồ Học Lãm", "Công ty CP Cơ khí Hồ Học Lãm", "12/03/2025"),
    ("Chi hội Khu nhà trọ Bà Hom", "Khu nhà trọ Bà Hom", "28/03/2025"),
]
PDF = b"%PDF-1.4\n" + b"0" * 2000


def fill_line(page, index: int, name: str, host: str, day: str) -> None:
    page.fill(f"[name=cd-{index}-name]", name)
    kind = "Chi hội" if name.startswith("Chi hội") else "Chi đoàn"
    page.select_option(f"[name=cd-{index}-kind]", label=kind)
    page.fill(f"[name=cd-{index}-new_host_name]", host)
    page.select_option(f"[name=cd-{index}-new_host_kind]", index=1)
    page.fill(f"[name=cd-{index}-founded_on]", day)
    page.fill(f"[name=cd-{index}-members]", "9")


def test_a_secretary_adds_three_lines_and_a_file_on_a_phone_and_finds_them_again(
    people, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    an_lac = Unit.objects.get(name="Đoàn phường An Lạc", parent__name="Quận Đoàn Bình Tân")
    secretary = people("bithu.an-lac", device=PHONE_DEVICE)
    page = secretary.go(f"/bao-cao/don-vi/{an_lac.pk}/2025/3/")
    add = page.get_by_role("button", name="Thêm chi đoàn / chi hội")

    fill_line(page, 0, *LINES[0])
    add.click()  # at once, without a round trip: the first line stays as typed
    expect(page.locator("[name=cd-1-name]")).to_be_focused()
    fill_line(page, 1, "Chi đoàn gõ nhầm", "Công ty gõ nhầm", "05/03/2025")
    add.click()
    fill_line(page, 2, *LINES[1])
    # the mistyped line is removed before saving
    page.locator("[data-line]", has_text="Chi đoàn / chi hội 2").get_by_role(
        "button", name="Bỏ dòng này"
    ).click()
    expect(page.locator("[name=cd-1-name]")).to_have_count(0)
    add.click()
    fill_line(page, 3, *LINES[2])
    expect(page.locator("[data-line] legend")).to_have_text(
        ["Chi đoàn / chi hội 1", "Chi đoàn / chi hội 2", "Chi đoàn / chi hội 3"]
    )
    evidence = tmp_path / "bien-ban-ra-mat.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("[name=files]", str(evidence))
    page.fill("[name=evidence_links]", "https://www.facebook.com/doanphuonganlac/posts/" + "9" * 40)
    secretary.shot("report-form-three-lines-phone-typed")
    with page.expect_request(lambda request: request.method == "POST") as saving:
        page.get_by_role("button", name="Lưu nháp").last.click()
    assert saving.value.headers["content-type"].startswith("multipart/form-data")  # a file
    expect(page.locator(".message.success").first).to_be_visible()

    report = MonthlyReport.objects.get(unit=an_lac, month="2025-03-01")
    assert sorted(report.founded_branches.values_list("name", flat=True)) == sorted(
        line[0] for line in LINES
    )
    assert list(report.attachments.values_list("original_name", flat=True)) == [
        "bien-ban-ra-mat.pdf"
    ]

    # Reopened later: every line and the file are on the form, which fits the phone.
    page = secretary.go(f"/bao-cao/don-vi/{an_lac.pk}/2025/3/")
    for index, (name, _host, _day) in enumerate(LINES):
        expect(page.locator(f"[name=cd-{index}-name]")).to_have_value(name)
    expect(page.locator("#attachments")).to_contain_text("bien-ban-ra-mat.pdf")
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= PHONE_DEVICE["viewport"]["width"]
    )
    secretary.shot("report-form-three-lines-phone-reopened")
    with page.expect_request(lambda request: request.method == "POST") as submitting:
        page.get_by_role("button", name="Nộp báo cáo").last.click()
    # No file chosen this time: sent as a plain form, which the server reads faster.
    assert submitting.value.headers["content-type"] == "application/x-www-form-urlencoded"
    expect(page.locator(".message.success").first).to_contain_text("Đã nộp báo cáo")
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.founded_branches.count() == 3
    assert (SHOTS / "report-form-three-lines-phone-reopened.png").exists()
