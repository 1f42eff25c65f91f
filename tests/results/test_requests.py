"""Seed 001's results request, asked and answered through the pages as their users do:
the office sends it (16:00 on 24/03/2024, to every ward), each ward's secretary answers on
a phone-sized form (a draft, then sent), the office sees who answered on time, late or not
at all, and accepts or returns an answer. WebTest posts back the forms as they render."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from webtest import Upload

from notifications.models import Notification
from plans.models import Activity
from results.models import Answer, AnswerFile, ResultRequest
from targets.models import Metric
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Báo cáo kết quả tổ chức các hoạt động “Ngày đoàn viên” năm 2024"


@pytest.fixture
def app(django_app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    django_app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies
    return django_app


@pytest.fixture
def plan(tree):
    plan = PlanFactory(
        issuing_unit=tree.binh_tan,
        title="Tổ chức Ngày Đoàn viên năm 2024",
        year=2024,
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 31),
    )
    Activity.objects.create(
        plan=plan,
        level=Activity.Level.CHILDREN,
        title="Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên",
        starts_on=date(2024, 3, 24),
    )
    return plan


def send_request(app, tree, plan) -> ResultRequest:
    """Staff fill the request form as the seed words it, leaving every ward ticked."""
    app.set_user(tree.staff)
    form = app.get(reverse("results:create", args=[plan.pk])).forms["request-form"]
    form["title"] = TITLE
    form["activity"] = str(plan.activities.get().pk)
    form["due_on"] = "24/03/2024"
    form["due_time"] = "16:00"
    new_members = Metric.objects.get(code="new-doan-vien")
    form["metrics"] = [str(new_members.pk)]
    with time_machine.travel(datetime(2024, 3, 20, 9, 0, tzinfo=HCM), tick=False):
        form.submit().follow()
    return ResultRequest.objects.get()


def answer_form(app, user, request):
    app.set_user(user)
    return app.get(reverse("results:answer", args=[request.pk])).forms["answer-form"]


def both_wards_answer(app, tree, request) -> None:
    """Bình Trị Đông B sends 120 participants and 8 new members at 15:59:59; An Lạc 85
    and 5 at 16:00:01, a second late."""
    for user, moment, participants, members in (
        (tree.secretary, datetime(2024, 3, 24, 15, 59, 59, tzinfo=HCM), "120", "8"),
        (tree.other_secretary, datetime(2024, 3, 24, 16, 0, 1, tzinfo=HCM), "85", "5"),
    ):
        form = answer_form(app, user, request)
        form["participants"] = participants
        form[f"m-{request.metrics.get().pk}"] = members
        form["links"] = "https://www.facebook.com/doanphuong/posts/1"
        with time_machine.travel(moment, tick=False):
            form.submit("submit").follow()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (3000, 2000), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera app 1.0"  # Software
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_the_office_sends_seed_001s_request_to_every_ward_due_at_16_00(app, tree, plan):
    request = send_request(app, tree, plan)
    assert request.title == TITLE
    assert request.due_at == datetime(2024, 3, 24, 16, 0, tzinfo=HCM)
    assert set(request.units.all()) == {tree.binh_tri_dong_b, tree.an_lac}
    # Each ward's secretary is told, with the deadline to the minute.
    told = Notification.objects.get(recipient=tree.secretary)
    assert told.title == f"{TITLE}, hạn 16:00 24/03/2024"  # the title says what is asked
    assert told.link == request.get_absolute_url()


def test_answers_at_15_59_59_and_16_00_01_are_on_time_and_late(app, tree, plan):
    request = send_request(app, tree, plan)
    both_wards_answer(app, tree, request)

    app.set_user(tree.staff)
    with time_machine.travel(datetime(2024, 3, 25, 8, 0, tzinfo=HCM), tick=False):
        page = app.get(request.get_absolute_url())
    states = {
        row.select_one("td").get_text(strip=True): row.select_one(".tag").get_text(strip=True)
        for row in page.html.select("#don-vi tbody tr")
    }
    assert states == {"Đoàn phường Bình Trị Đông B": "Đúng hạn", "Đoàn phường An Lạc": "Trễ hạn"}
    total = page.html.select_one("#don-vi tfoot").get_text(" ", strip=True)
    assert "205" in total  # 120 + 85 participants
    assert "13" in total  # 8 + 5 new members


def test_a_draft_keeps_what_was_typed_and_a_bad_count_keeps_the_rest(app, tree, plan):
    request = send_request(app, tree, plan)
    metric = request.metrics.get()
    form = answer_form(app, tree.secretary, request)
    form["participants"] = "120"
    form["text"] = "Tổ chức Lễ kết nạp 8 đoàn viên mới tại Khu phố 3."
    form[f"m-{metric.pk}"] = "-3"
    form["files"] = [Upload("ket-nap.jpg", jpeg_with_exif(), "image/jpeg")]
    page = form.submit("submit")
    assert page.status_code == 200
    assert "Số liệu không được là số âm." in page.html.select_one(".has-error").get_text()
    again = page.forms["answer-form"]
    assert again["text"].value == "Tổ chức Lễ kết nạp 8 đoàn viên mới tại Khu phố 3."
    assert again["participants"].value == "120"
    # Nothing typed is saved half-way; the photo chosen is kept with a draft, not lost.
    answer = Answer.objects.get()
    assert (answer.status, answer.participants, answer.text) == (Answer.Status.DRAFT, None, "")
    assert [f.original_name for f in answer.files.all()] == ["ket-nap.jpg"]
    assert "ket-nap.jpg" in page.html.select_one(".attachment-list").get_text()

    # Typed as on the monthly report: a comma is a decimal comma, and a count is whole.
    assert again[f"m-{metric.pk}"].value == "-3"
    again[f"m-{metric.pk}"] = "12,5"
    page = again.submit("save")
    assert "Chỉ tiêu này đếm số nguyên" in page.html.select_one(".has-error").get_text()
    again = page.forms["answer-form"]
    assert again[f"m-{metric.pk}"].value == "12,5"
    again[f"m-{metric.pk}"] = "8,0"
    again.submit("save").follow()
    answer.refresh_from_db()
    assert answer.status == Answer.Status.DRAFT
    assert answer.first_submitted_at is None
    reopened = answer_form(app, tree.secretary, request)
    assert reopened["text"].value == "Tổ chức Lễ kết nạp 8 đoàn viên mới tại Khu phố 3."
    assert reopened[f"m-{metric.pk}"].value == "8"
    assert answer.values.get().value == Decimal(8)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("12,5", "Số người phải là số nguyên, ví dụ 12."),  # a number box made it 125
        ("-5", "Số liệu không được là số âm."),
        ("mười hai", "Vui lòng nhập một số nguyên"),
        ("99999999999", "Số này quá lớn."),
    ],
)
def test_participants_are_typed_as_a_count_and_a_bad_one_is_kept_with_a_message(
    app, tree, plan, typed, said
):
    request = send_request(app, tree, plan)
    form = answer_form(app, tree.secretary, request)
    field = form.response.html.select_one('input[name="participants"]')
    assert (field["type"], field["inputmode"]) == ("text", "numeric")
    form["participants"] = typed
    form["text"] = "Tổ chức ngày hội tại Khu phố 3."
    page = form.submit("save")
    assert said in page.html.select_one(".has-error").get_text()
    again = page.forms["answer-form"]
    assert (again["participants"].value, again["text"].value) == (
        typed,
        "Tổ chức ngày hội tại Khu phố 3.",
    )
    assert not Answer.objects.filter(participants__isnull=False).exists()
    again["participants"] = "120"
    again.submit("save").follow()
    assert Answer.objects.get().participants == 120
    assert answer_form(app, tree.secretary, request)["participants"].value == "120"


def test_a_phone_photo_is_made_smaller_and_loses_its_exif(app, tree, plan):
    request = send_request(app, tree, plan)
    form = answer_form(app, tree.secretary, request)
    form["participants"] = "120"
    form["files"] = [Upload("IMG_2041.JPG", jpeg_with_exif(), "image/jpeg")]
    form.submit("save").follow()

    stored = AnswerFile.objects.get()
    assert stored.original_name == "IMG_2041.JPG" and stored.is_photo
    with Image.open(stored.file.path) as image:
        assert max(image.size) == 1600
        assert (stored.width, stored.height) == image.size == (1600, 1067)
        assert not image.getexif()  # no maker, no software, no place
    # The ward's secretary sees it; the other ward does not, not even by its address.
    url = reverse("results:file", args=[stored.pk])
    assert app.get(url).status_code == 200
    app.set_user(tree.other_secretary)
    assert app.get(url, expect_errors=True).status_code == 404


def test_another_wards_answer_is_a_404_and_a_sent_answer_cannot_change(app, tree, plan):
    request = send_request(app, tree, plan)
    form = answer_form(app, tree.secretary, request)
    form["participants"] = "120"
    form.submit("submit").follow()

    app.set_user(tree.other_secretary)
    other = reverse("results:unit_answer", args=[request.pk, tree.binh_tri_dong_b.pk])
    assert app.get(other, expect_errors=True).status_code == 404
    app.set_user(tree.q12_staff)
    assert app.get(request.get_absolute_url(), expect_errors=True).status_code == 404

    app.set_user(tree.secretary)
    page = app.get(reverse("results:answer", args=[request.pk]))
    assert "answer-form" not in page.forms  # sent: shown, not a form
    assert "120" in page.html.select_one("dl.facts").get_text()


def test_the_office_returns_an_answer_with_a_comment_and_the_ward_sends_it_again(app, tree, plan):
    request = send_request(app, tree, plan)
    with time_machine.travel(datetime(2024, 3, 24, 15, 0, tzinfo=HCM), tick=False):
        form = answer_form(app, tree.secretary, request)
        form["participants"] = "12"
        form.submit("submit").follow()

    app.set_user(tree.staff)
    page = app.get(reverse("results:unit_answer", args=[request.pk, tree.binh_tri_dong_b.pk]))
    returning = next(f for f in page.forms.values() if f.action.endswith("/return/"))
    returning["comment"] = "Số lượng tham gia 12 quá thấp so với ảnh: kiểm tra lại."
    returning.submit().follow()
    answer = Answer.objects.get()
    assert answer.status == Answer.Status.RETURNED
    told = Notification.objects.filter(recipient=tree.secretary, kind="result-answer-returned")
    assert told.get().body == "Số lượng tham gia 12 quá thấp so với ảnh: kiểm tra lại."

    with time_machine.travel(datetime(2024, 3, 24, 18, 0, tzinfo=HCM), tick=False):
        form = answer_form(app, tree.secretary, request)
        assert form["participants"].value == "12"  # what was sent comes back to correct
        form["participants"] = "120"
        form.submit("submit").follow()
    answer.refresh_from_db()
    assert answer.participants == 120
    # Judged by the first submission, 15:00, as a monthly report is.
    assert answer.first_submitted_at == datetime(2024, 3, 24, 15, 0, tzinfo=HCM)
    app.set_user(tree.staff)
    with time_machine.travel(datetime(2024, 3, 25, 8, 0, tzinfo=HCM), tick=False):
        page = app.get(request.get_absolute_url())
    row = page.html.select_one("#don-vi tbody tr")
    assert "Đúng hạn" in row.get_text()


def test_a_ward_that_did_not_answer_reads_missing_after_16_00(app, tree, plan):
    request = send_request(app, tree, plan)
    app.set_user(tree.staff)
    with time_machine.travel(datetime(2024, 3, 24, 15, 59, tzinfo=HCM), tick=False):
        before = app.get(request.get_absolute_url())
    with time_machine.travel(datetime(2024, 3, 24, 16, 1, tzinfo=HCM), tick=False):
        after = app.get(request.get_absolute_url())
    tags = lambda page: {t.get_text(strip=True) for t in page.html.select("#don-vi .tag")}  # noqa: E731
    assert tags(before) == {"Chưa đến hạn"}
    assert tags(after) == {"Chưa nộp (quá hạn)"}


def test_the_office_downloads_the_answers_as_excel_one_row_a_unit(app, tree, plan):
    request = send_request(app, tree, plan)
    form = answer_form(app, tree.secretary, request)
    form["participants"] = "120"
    form[f"m-{request.metrics.get().pk}"] = "8"
    form["links"] = "https://www.facebook.com/doanphuongbtdb/posts/1\nhttps://zalo.me/g/2"
    form["files"] = [Upload("IMG_2041.JPG", jpeg_with_exif(), "image/jpeg")]
    with time_machine.travel(datetime(2024, 3, 24, 15, 59, 59, tzinfo=HCM), tick=False):
        form.submit("submit").follow()

    app.set_user(tree.staff)
    with time_machine.travel(datetime(2024, 3, 25, 8, 0, tzinfo=HCM), tick=False):
        page = app.get(request.get_absolute_url())
        response = page.click(href=reverse("results:export", args=[request.pk]))
    sheet = load_workbook(BytesIO(response.body)).active
    header = [cell.value for cell in sheet[4]]
    assert header[:5] == ["Đơn vị", "Đúng hạn", "Trạng thái", "Gửi lần đầu", "Số lượng tham gia"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=5)}
    btdb = rows["Đoàn phường Bình Trị Đông B"]
    assert [c.value for c in btdb[1:3]] == ["Đúng hạn", "Đã nộp"]
    assert btdb[3].value == datetime(2024, 3, 24, 15, 59, 59)
    assert (btdb[4].value, btdb[5].value) == (120, 8)
    assert btdb[6].hyperlink.target == "https://www.facebook.com/doanphuongbtdb/posts/1"
    assert btdb[7].value == "IMG_2041.JPG"
    an_lac = rows["Đoàn phường An Lạc"]
    assert an_lac[1].value == "Chưa nộp (quá hạn)" and an_lac[4].value is None
    # A ward cannot download it, not even its own unit's line.
    app.set_user(tree.secretary)
    url = reverse("results:export", args=[request.pk])
    assert app.get(url, expect_errors=True).status_code == 404


def test_the_results_summary_prints_in_the_official_layout(app, tree, plan):
    request = send_request(app, tree, plan)
    both_wards_answer(app, tree, request)
    app.set_user(tree.staff)
    with time_machine.travel(datetime(2024, 3, 25, 8, 0, tzinfo=HCM), tick=False):
        page = app.get(request.get_absolute_url())
        response = page.click(href=reverse("results:pdf", args=[request.pk]))
    assert response.content_type == "application/pdf"
    pages = PdfReader(BytesIO(response.body)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "BÁO CÁO Kết quả tổ chức các hoạt động “Ngày đoàn viên” năm 2024" in text
    assert "trước 16g00 ngày 24/03/2024" in text
    assert "Báo cáo đúng hạn: 1 đơn vị; báo cáo trễ hạn: 1 đơn vị" in text
    assert "Tổng số lượng tham gia: 205 lượt" in text
    assert "Kết nạp đoàn viên mới: 13" in text
    assert "III. ĐƠN VỊ CHƯA BÁO CÁO" not in text  # both wards answered
    # The same summary as a Word file, its table of units with the totals.
    with time_machine.travel(datetime(2024, 3, 25, 8, 0, tzinfo=HCM), tick=False):
        response = page.click(href=reverse("results:docx", args=[request.pk]))
    document = Document(BytesIO(response.body))
    texts = [p.text for p in document.paragraphs]
    assert "- Tổng số lượng tham gia: 205 lượt;" in texts
    assert "- Báo cáo đúng hạn: 1 đơn vị; báo cáo trễ hạn: 1 đơn vị;" in texts
    table = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert table[0][:5] == ["STT", "Đơn vị", "Gửi lúc", "Tình trạng", "Số lượng tham gia"]
    assert table[-1][1] == "Tổng cộng" and table[-1][4] == "205"


def test_wards_that_sent_nothing_are_reminded_before_and_after_the_deadline_once(app, tree, plan):
    request = send_request(app, tree, plan)
    with time_machine.travel(datetime(2024, 3, 22, 8, 0, tzinfo=HCM), tick=False):
        call_command("sendreminders", stdout=StringIO())
        call_command("sendreminders", stdout=StringIO())  # twice: nothing twice
    before = Notification.objects.filter(kind="result-reminder-before")
    assert sorted(n.recipient.username for n in before) == ["bithu.an-lac", "bithu.binh-tri-dong-b"]
    assert before.first().title == f"Sắp đến hạn báo cáo kết quả: {TITLE}, hạn 16:00 24/03/2024"

    form = answer_form(app, tree.secretary, request)
    form["participants"] = "120"
    with time_machine.travel(datetime(2024, 3, 24, 15, 0, tzinfo=HCM), tick=False):
        form.submit("submit").follow()
    with time_machine.travel(datetime(2024, 3, 25, 8, 0, tzinfo=HCM), tick=False):
        out = StringIO()
        call_command("sendreminders", stdout=out)
    overdue = Notification.objects.filter(kind="result-reminder-overdue")
    assert [n.recipient for n in overdue] == [tree.other_secretary]  # An Lạc sent nothing
    assert "Sent (overdue)" in out.getvalue()


def test_a_ward_given_more_time_answers_on_time_by_its_own_deadline(app, tree, plan):
    request = send_request(app, tree, plan)
    app.set_user(tree.staff)
    page = app.get(request.get_absolute_url())
    form = page.click(href=reverse("results:extension", args=[request.pk, tree.an_lac.pk])).forms[
        "extension-form"
    ]
    form["due_on"] = "24/03/2024"
    form["due_time"] = "15:00"  # before the request's own deadline: refused, kept
    form["reason"] = "Phường tổ chức Ngày đoàn viên vào buổi tối"
    refused = form.submit()
    assert "sau hạn của yêu cầu, 16:00 24/03/2024" in refused.html.select_one(".has-error").text
    form = refused.forms["extension-form"]
    assert form["reason"].value == "Phường tổ chức Ngày đoàn viên vào buổi tối"
    form["due_on"] = "25/03/2024"
    form["due_time"] = "10:00"
    form.submit().follow()
    told = Notification.objects.get(recipient=tree.other_secretary, kind="result-extension-granted")
    assert told.title.endswith("10:00 25/03/2024")

    both_wards_answer(app, tree, request)  # An Lạc at 16:00:01 on the 24th
    app.set_user(tree.staff)
    with time_machine.travel(datetime(2024, 3, 25, 12, 0, tzinfo=HCM), tick=False):
        page = app.get(request.get_absolute_url())
    states = {
        row.select_one("td").get_text(strip=True): row.select_one(".tag").get_text(strip=True)
        for row in page.html.select("#don-vi tbody tr")
    }
    assert states == {"Đoàn phường Bình Trị Đông B": "Đúng hạn", "Đoàn phường An Lạc": "Đúng hạn"}
    # A ward's secretary cannot give itself more time.
    app.set_user(tree.other_secretary)
    url = reverse("results:extension", args=[request.pk, tree.an_lac.pk])
    assert app.get(url, expect_errors=True).status_code == 404


def test_a_page_left_open_while_the_answer_was_sent_shows_back_what_was_typed(app, tree, plan):
    request = send_request(app, tree, plan)
    stale = answer_form(app, tree.secretary, request)  # one tab, left open
    fresh = answer_form(app, tree.secretary, request)  # another, sent first
    fresh["participants"] = "120"
    fresh.submit("submit").follow()

    stale["participants"] = "95"
    stale["text"] = "Kết nạp 8 đoàn viên mới tại Khu phố 3, trao 2 Chi đoàn tiêu biểu."
    page = stale.submit("save")
    assert page.status_code == 200
    assert "đã gửi nên không thể sửa" in page.html.select_one(".messages, [role=alert]").text
    kept = page.html.select_one("details.unsaved").get_text(" ", strip=True)
    assert "Kết nạp 8 đoàn viên mới tại Khu phố 3, trao 2 Chi đoàn tiêu biểu." in kept
    assert "95" in kept
    assert Answer.objects.get().participants == 120  # what was sent stays as sent


def test_a_wards_home_page_shows_the_request_until_its_answer_is_sent(app, tree, plan):
    request = send_request(app, tree, plan)
    app.set_user(tree.secretary)
    with time_machine.travel(datetime(2024, 3, 21, 8, 0, tzinfo=HCM), tick=False):
        card = app.get("/").html.select_one(".banner.result-request")
        assert " ".join(card.get_text().split()) == (
            f"Quận Đoàn Bình Tân đề nghị: {TITLE}, trước 16:00 24/03/2024. Báo cáo ngay"
        )
        form = answer_form(app, tree.secretary, request)
        form["participants"] = "120"
        form.submit("save").follow()
        card = app.get("/").html.select_one(".banner.result-request")
        assert card.select_one("a").get_text() == "Tiếp tục báo cáo"  # the draft waits
        form = answer_form(app, tree.secretary, request)
        form.submit("submit").follow()
        assert app.get("/").html.select_one(".banner.result-request") is None
