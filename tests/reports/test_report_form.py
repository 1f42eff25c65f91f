"""The monthly report form as a secretary uses it, through the page itself: WebTest reads
the form the page renders and posts back exactly what a browser without script would
(every field, the button pressed), so a line the page forgets to send back is lost here
as it would be for the secretary.

Bình Trị Đông B reports March 2024 on 05/04/2024; its district's plan asks đoàn viên of
the wards. The founded chi đoàn are typed one line each, added with "Thêm chi đoàn / chi
hội" (without script the button posts the form and it comes back with one more line).
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django_webtest import DjangoTestApp
from webtest import Upload

from plans.services import plan_transition
from reports import figures
from reports.models import Attachment, Figure, FoundedBranch, MonthlyReport, ReportValue
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db
APRIL_5 = "2024-04-05 09:00 +07:00"
PDF = b"%PDF-1.4\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200

LINES = [
    ("Chi đoàn Công ty TNHH Giày da Tân Tạo", "Công ty TNHH Giày da Tân Tạo", "03/03/2024"),
    ("Chi đoàn Công ty CP Bao bì Phú Lâm", "Công ty CP Bao bì Phú Lâm", "12/03/2024"),
    ("Chi đoàn Khu nhà trọ Ông Tư", "Khu nhà trọ Ông Tư", "28/03/2024"),
]


@pytest.fixture
def app(django_app):
    # Production cookies are HTTPS-only, so the page is asked for over HTTPS.
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    with time_machine.travel(APRIL_5, tick=False):
        yield django_app


def edit_url(tree):
    return reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 3])


def report_form(page):
    return page.forms["report-form"]


def open_form(app, tree, user=None):
    app.set_user(user or tree.secretary)
    return app.get(edit_url(tree))


def type_line(form, index: int, name: str, host: str, day: str) -> None:
    form[f"cd-{index}-name"] = name
    form[f"cd-{index}-kind"].select(text="Chi đoàn")
    form[f"cd-{index}-new_host_name"] = host
    form[f"cd-{index}-new_host_kind"] = "enterprise"
    form[f"cd-{index}-founded_on"] = day
    form[f"cd-{index}-members"] = "12"


def type_lines(page, lines):
    """Types each line, pressing "Thêm chi đoàn / chi hội" whenever the page has no empty
    line left, as a secretary without script does; returns the page with all typed."""
    form = report_form(page)
    first = int(form["cd-INITIAL_FORMS"].value)
    for offset, line in enumerate(lines):
        if f"cd-{first + offset}-name" not in form.fields:
            page = form.submit("add-line")
            form = report_form(page)
        type_line(form, first + offset, *line)
    return page


def save(page, button="save"):
    return report_form(page).submit(button).maybe_follow()


def names(report=None) -> list[str]:
    lines = FoundedBranch.objects.filter(report=report) if report else FoundedBranch.objects
    return sorted(lines.values_list("name", flat=True))


def names_of(lines) -> list[str]:
    return sorted(line[0] for line in lines)


def the_report() -> MonthlyReport:
    return MonthlyReport.objects.get()


def review(app, tree, action: str, **fields):
    """District staff open the report page and press accept, return or reopen."""
    app.set_user(tree.staff)
    page = app.get(the_report().get_absolute_url())
    form = next(f for f in page.forms.values() if f.action.endswith(f"/{action}/"))
    for name, value in fields.items():
        form[name] = value
    return form.submit().maybe_follow()


@pytest.mark.parametrize("lines", [LINES[:2], LINES], ids=["two lines", "three lines"])
def test_lines_saved_in_a_draft_are_all_in_the_report_submitted_as_it_stands(
    app, tree, plan, lines
):
    save(type_lines(open_form(app, tree), lines))
    submitted = save(open_form(app, tree), "submit")
    assert "Đã nộp báo cáo" in submitted.text
    assert the_report().status == MonthlyReport.Status.SUBMITTED
    assert names(the_report()) == names_of(lines)


@pytest.mark.parametrize("lines", [LINES[:2], LINES], ids=["two lines", "three lines"])
def test_adding_a_line_without_script_keeps_every_line_typed_and_saves_nothing(
    app, tree, plan, lines
):
    page = type_lines(open_form(app, tree), lines)
    page = report_form(page).submit("add-line")
    form = report_form(page)
    for index, (name, _host, day) in enumerate(lines):
        assert form[f"cd-{index}-name"].value == name
        assert form[f"cd-{index}-founded_on"].value == day
    assert form[f"cd-{len(lines)}-name"].value == ""  # and one empty line to type in
    assert not MonthlyReport.objects.exists()
    assert "bắt buộc" not in page.text  # the empty line is not an error


@pytest.mark.parametrize("lines", [LINES[:2], LINES], ids=["two lines", "three lines"])
def test_a_returned_report_resubmitted_untouched_keeps_its_lines(app, tree, plan, lines):
    save(type_lines(open_form(app, tree), lines), "submit")
    review(app, tree, "return", comment="Bổ sung địa chỉ doanh nghiệp")
    page = open_form(app, tree)
    assert "Bổ sung địa chỉ doanh nghiệp" in page.text
    save(page, "submit")
    assert the_report().status == MonthlyReport.Status.SUBMITTED
    assert names(the_report()) == names_of(lines)


def test_lines_survive_save_reopen_submit_return_resubmit_and_acceptance(app, tree, plan):
    save(type_lines(open_form(app, tree), LINES[:2]))
    save(open_form(app, tree))  # saved again as it stands
    save(open_form(app, tree), "submit")
    review(app, tree, "return", comment="Kiểm tra ngày thành lập")
    page = type_lines(open_form(app, tree), LINES[2:])
    save(page, "submit")
    review(app, tree, "accept")
    assert names(the_report()) == names_of(LINES)
    # every line became a chi đoàn of the ward, once
    units = tree.binh_tri_dong_b.children.filter(kind__name="Chi đoàn")
    assert sorted(units.exclude(pk=tree.branch.pk).values_list("name", flat=True)) == names_of(
        LINES
    )


def test_a_report_reopened_by_staff_keeps_its_accepted_lines_and_takes_new_ones(app, tree, plan):
    save(type_lines(open_form(app, tree), LINES[:2]), "submit")
    review(app, tree, "accept")
    review(app, tree, "reopen", reason="Thiếu một chi đoàn thành lập ngày 28/03")
    page = open_form(app, tree)
    assert "Đã được duyệt và có trong cây tổ chức" in page.text
    for name, _host, _day in LINES[:2]:
        assert name in page.text
    save(type_lines(page, LINES[2:]), "submit")
    review(app, tree, "accept")
    assert names(the_report()) == names_of(LINES)
    assert FoundedBranch.objects.filter(unit__isnull=True).count() == 0


def test_a_saved_line_is_deleted_only_after_the_secretary_confirms(app, tree, plan):
    save(type_lines(open_form(app, tree), LINES))
    form = report_form(open_form(app, tree))
    form["cd-1-DELETE"] = True
    form["difficulties"] = "Doanh nghiệp chưa bố trí phòng sinh hoạt"
    page = form.submit("save")
    assert "Xoá hẳn 1 mục?" in page.text and LINES[1][0] in page.text
    assert names() == names_of(LINES)  # nothing happened yet
    page = report_form(page).submit("confirm-delete")
    page = page.maybe_follow()
    assert "Đã lưu nháp." in page.text
    assert names() == names_of([LINES[0], LINES[2]])
    assert the_report().difficulties == "Doanh nghiệp chưa bố trí phòng sinh hoạt"


def test_keeping_the_lines_at_the_confirmation_deletes_nothing_and_keeps_what_was_typed(
    app, tree, plan
):
    save(type_lines(open_form(app, tree), LINES[:2]))
    form = report_form(open_form(app, tree))
    form["cd-0-DELETE"] = True
    form["proposals"] = "Đề nghị Quận Đoàn hỗ trợ kinh phí"
    page = report_form(form.submit("save")).submit("keep-lines")
    form = report_form(page)
    assert form["cd-0-DELETE"].checked is False
    assert form["proposals"].value == "Đề nghị Quận Đoàn hỗ trợ kinh phí"
    assert names() == names_of(LINES[:2])
    assert the_report().proposals == ""


def test_a_line_left_out_before_saving_is_not_saved(app, tree, plan):
    page = type_lines(open_form(app, tree), LINES[:2])
    form = report_form(page)
    form["cd-1-DELETE"] = True  # "Bỏ dòng này" on a line never saved: no question asked
    form.submit("save").maybe_follow()
    assert names() == names_of(LINES[:1])


def test_a_bad_figure_elsewhere_keeps_every_line_typed_and_saves_nothing(app, tree, plan):
    page = type_lines(open_form(app, tree), LINES)
    form = report_form(page)
    doan_vien = Metric.objects.get(code="new-doan-vien")
    form[f"m-{doan_vien.pk}"] = "mười hai"
    page = form.submit("submit")
    assert "Chưa lưu gì" in page.text
    form = report_form(page)
    assert [form[f"cd-{i}-name"].value for i in range(3)] == [line[0] for line in LINES]
    assert not MonthlyReport.objects.exists()
    form[f"m-{doan_vien.pk}"] = "12"
    save(page, "submit")
    assert names(the_report()) == names_of(LINES)


def test_a_negative_count_is_called_a_count_not_a_target_and_keeps_what_was_typed(app, tree, plan):
    """A secretary types −5 new đoàn viên: the form says a count cannot be negative (the
    roadmap's grid says it of a target), keeps the −5 and the difficulties typed beside it,
    and saves nothing."""
    form = report_form(open_form(app, tree))
    doan_vien = Metric.objects.get(code="new-doan-vien")
    form[f"m-{doan_vien.pk}"] = "-5"
    form["difficulties"] = "Thiếu kinh phí tổ chức"
    page = form.submit("submit")
    assert "Số liệu không được là số âm." in page.text
    assert "Chỉ tiêu không được là số âm." not in page.text
    form = report_form(page)
    assert (form[f"m-{doan_vien.pk}"].value, form["difficulties"].value) == (
        "-5",
        "Thiếu kinh phí tổ chức",
    )
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("12,5", "Số người phải là số nguyên, ví dụ 12."),  # a number box made it 125
        ("mười hai", "Vui lòng nhập một số nguyên, ví dụ 2 hoặc 27."),
        ("0", "1"),  # at least one member
        ("-3", "Số liệu không được là số âm."),
    ],
)
def test_a_founding_lines_members_are_typed_as_a_count_and_a_bad_one_is_kept(
    app, tree, plan, typed, said
):
    """The members of a chi đoàn are typed as the counts are, on the phone's number pad:
    a browser's number box would have read 12,5 as 125, or dropped the letters and saved
    nothing without a word. A bad one is said, kept with the line, and nothing is saved."""
    page = type_lines(open_form(app, tree), LINES[:1])
    field = page.html.select_one('input[name="cd-0-members"]')
    assert (field["type"], field["inputmode"]) == ("text", "numeric")
    form = report_form(page)
    form["cd-0-members"] = typed
    page = form.submit("save")
    assert said in page.html.select_one(".part-row.has-error").get_text()
    form = report_form(page)
    assert (form["cd-0-members"].value, form["cd-0-name"].value) == (typed, LINES[0][0])
    assert not FoundedBranch.objects.exists()
    form["cd-0-members"] = "12"
    save(page)
    assert [line.members for line in FoundedBranch.objects.all()] == [12]
    assert report_form(open_form(app, tree))["cd-0-members"].value == "12"


def test_a_saved_count_reopens_as_it_was_typed(app, tree, plan):
    """12 new đoàn viên saved in the draft come back as "12" (the number stored with two
    decimals is not shown as "12.00"), and saving the page again untouched keeps 12."""
    form = report_form(open_form(app, tree))
    doan_vien = Metric.objects.get(code="new-doan-vien")
    form[f"m-{doan_vien.pk}"] = "12"
    save(form.response)
    form = report_form(open_form(app, tree))
    assert form[f"m-{doan_vien.pk}"].value == "12"
    save(form.response)
    assert [v.value for v in the_report().values.all()] == [12]


def test_a_page_posted_after_the_deputy_submitted_shows_what_was_typed_and_saves_nothing(
    app, tree, plan
):
    """The secretary types on a page opened before the deputy submitted the month from
    another phone: pressing "Lưu nháp" says who submitted it and when, keeps everything
    typed on the page (text, count, a founding line), offers no save, and the submitted
    report stays as the deputy sent it."""
    doan_vien = Metric.objects.get(code="new-doan-vien")
    mine = report_form(type_lines(open_form(app, tree), LINES[:1]))
    mine[f"m-{doan_vien.pk}"] = "12"
    mine["difficulties"] = "Gõ trước khi phó bí thư nộp"
    deputy = UserFactory(
        username="phobithu.btdb", full_name="Trần Thị Bình", unit=tree.binh_tri_dong_b
    )
    phone = DjangoTestApp(extra_environ={"wsgi.url_scheme": "https"})  # the deputy's
    theirs = report_form(open_form(phone, tree, deputy))
    theirs[f"m-{doan_vien.pk}"] = "30"
    save(theirs.response, "submit")

    page = mine.submit("save")

    assert page.status_code == 200
    assert "Trần Thị Bình đã nộp báo cáo này lúc 09:00 05/04/2024" in page.text
    assert "không còn sửa được" in page.text
    form = report_form(page)
    assert form["difficulties"].value == "Gõ trước khi phó bí thư nộp"
    assert form[f"m-{doan_vien.pk}"].value == "12"
    assert form["cd-0-name"].value == LINES[0][0]
    assert not {"save", "submit", "add-line", "files"} & form.fields.keys()  # nothing to do
    assert page.html.find("a", href=the_report().get_absolute_url(), string="Mở báo cáo đã nộp")
    report = the_report()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.difficulties == ""
    assert [v.value for v in report.values.all()] == [30]
    assert names() == []


def test_a_count_no_plan_asks_any_more_is_kept_by_a_save_and_still_counted(app, tree, plan):
    """Bình Tân's Hội plan asks the wards for 30 new hội viên in Q I; the secretary types 5
    in the March draft beside 12 đoàn viên. The Hội plan is then closed: the March page no
    longer asks for hội viên, says the 5 is kept, and submitting the page (đoàn viên
    corrected to 14) keeps the 5 and counts it, as a recount from the reports does."""
    doan_vien = Metric.objects.get(code="new-doan-vien")
    hoi_vien = Metric.objects.get(code="new-hoi-vien")
    hoi_plan = PlanFactory(issuing_unit=tree.binh_tan)
    roadmap_save(
        plan=hoi_plan,
        user=None,
        cells=[TargetCell(hoi_vien, "children", Period.quarter(2024, 1), Decimal(30))],
    )
    plan_transition(plan=hoi_plan, action="issue", user=tree.staff)
    form = report_form(open_form(app, tree))
    form[f"m-{doan_vien.pk}"] = "12"
    form[f"m-{hoi_vien.pk}"] = "5"
    save(form.response)
    plan_transition(plan=hoi_plan, action="close", user=tree.staff)

    page = open_form(app, tree)
    assert f"m-{hoi_vien.pk}" not in report_form(page).fields
    kept = page.html.select_one(".kept-counts").get_text(" ", strip=True)
    assert "dù tháng này không kế hoạch nào đề nghị" in kept
    assert "Phát triển hội viên mới: 5 hội viên" in kept
    form = report_form(page)
    form[f"m-{doan_vien.pk}"] = "14"
    save(page, "submit")

    report = the_report()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert {v.metric.code: v.value for v in report.values.all()} == {
        "new-doan-vien": 14,
        "new-hoi-vien": 5,
    }
    pending = dict(
        Figure.objects.filter(unit=tree.binh_tri_dong_b, month=date(2024, 3, 1)).values_list(
            "metric__code", "own_pending"
        )
    )
    assert (pending["new-doan-vien"], pending["new-hoi-vien"]) == (14, 5)
    assert not figures.rebuild(fix=False).fixed


def test_a_stale_page_saves_nothing_keeps_what_was_typed_and_then_keeps_both_tabs_lines(
    app, tree, plan
):
    save(type_lines(open_form(app, tree), LINES[:2]))
    first_tab, second_tab = open_form(app, tree), open_form(app, tree)
    save(type_lines(first_tab, LINES[2:]))  # the third line, typed in the first tab
    form = report_form(second_tab)
    form["difficulties"] = "Gõ ở thẻ cũ"
    page = form.submit("save")
    assert "đã lưu báo cáo này lúc 09:00 05/04/2024, sau khi bạn mở trang này" in page.text
    assert report_form(page)["difficulties"].value == "Gõ ở thẻ cũ"
    assert the_report().difficulties == ""
    save(page)  # saved again after a look: this tab's text, and every line of both tabs
    assert the_report().difficulties == "Gõ ở thẻ cũ"
    assert names() == names_of(LINES)


def test_files_chosen_on_the_form_are_kept_with_the_draft_and_listed(
    app, tree, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    form = report_form(open_form(app, tree))
    form["files"] = [Upload("bien-ban.pdf", PDF, "application/pdf"), Upload("anh-ra-mat.png", PNG)]
    page = form.submit("save").maybe_follow()
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == [
        "anh-ra-mat.png",
        "bien-ban.pdf",
    ]
    assert "bien-ban.pdf" in page.text and "anh-ra-mat.png" in page.text
    save(page, "submit")
    assert the_report().attachments.count() == 2


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(
    app, tree, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = type_lines(open_form(app, tree), LINES[:1])
    form = report_form(page)
    form["files"] = [Upload("virus.exe", b"MZ" + b"\x00" * 64)]
    page = form.submit("submit")
    assert "“virus.exe”: không thể đính kèm loại tệp này" in page.text
    assert report_form(page)["cd-0-name"].value == LINES[0][0]
    assert not MonthlyReport.objects.exists() and not Attachment.objects.exists()


def test_a_file_chosen_beside_a_mistake_is_kept_so_it_need_not_be_chosen_again(
    app, tree, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = type_lines(open_form(app, tree), LINES[:1])
    form = report_form(page)
    form["cd-0-founded_on"] = "02/04/2024"  # outside March
    form["files"] = [Upload("bien-ban.pdf", PDF)]
    page = form.submit("submit")
    assert "Ngày thành lập phải nằm trong Tháng 03/2024." in page.text
    assert "bien-ban.pdf" in page.text
    assert the_report().status == MonthlyReport.Status.DRAFT
    assert not FoundedBranch.objects.exists()
    form = report_form(page)
    form["cd-0-founded_on"] = "30/03/2024"
    page = form.submit("submit").maybe_follow()
    assert the_report().status == MonthlyReport.Status.SUBMITTED
    assert the_report().attachments.get().original_name == "bien-ban.pdf"
    assert names(the_report()) == names_of(LINES[:1])
    assert "Đã nộp báo cáo" in page.text


def test_a_drafts_file_is_removed_after_confirmation_and_leaves_the_disk(
    app, tree, plan, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    form = report_form(open_form(app, tree))
    form["files"] = [Upload("bien-ban.pdf", PDF)]
    form.submit("save")
    attachment = Attachment.objects.get()
    path = attachment.file.path
    form = report_form(open_form(app, tree))
    form.get("remove", index=0).checked = True
    page = form.submit("save")
    assert "Tệp đính kèm: bien-ban.pdf" in page.text
    assert Attachment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report_form(page).submit("confirm-delete")
    assert not Attachment.objects.exists()
    assert not Path(path).exists()


@pytest.mark.parametrize(("year", "month"), [(1899, 1), (1, 1), (2024, 5), (2030, 1)], ids=str)
def test_a_month_that_cannot_be_reported_is_a_plain_404(app, tree, plan, year, month):
    app.set_user(tree.secretary)
    url = reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, year, month])
    page = app.get(url, status=404)
    assert "Không có báo cáo cho tháng này" in page.text


def test_a_month_before_the_unit_was_founded_is_a_404(app, tree, plan):
    tree.binh_tri_dong_b.founded_on = "2024-03-15"
    tree.binh_tri_dong_b.save()
    app.set_user(tree.secretary)
    app.get(reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 2]), status=404)
    app.get(reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 3]), status=200)


@pytest.mark.parametrize("value", ["0001-01", "1899-12", "1900-01", "0000-00", "9" * 30])
def test_any_month_asked_of_the_reports_page_answers(app, tree, plan, value):
    app.set_user(tree.secretary)
    assert app.get(reverse("reports:home"), {"thang": value}).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_the_form_costs_the_same_queries_whatever_the_number_of_lines(
    app, tree, plan, count, django_assert_num_queries
):
    save(type_lines(open_form(app, tree), LINES[:count]))
    app.set_user(tree.secretary)
    app.get(edit_url(tree))  # the session is warm
    with django_assert_num_queries(QUERIES_OF_THE_FORM):
        page = app.get(edit_url(tree))
    assert report_form(page)["cd-TOTAL_FORMS"].value == str(count)  # no empty line added


# What plans ask of the ward is kept since the warm opening (reports.live); what the ward
# has done so far is read: one query; the ward comes with the person; its files are not
# asked for, the report having said it holds none.
QUERIES_OF_THE_FORM = 12


def test_what_the_districts_plans_ask_is_read_once_for_all_its_wards(
    app, tree, plan, django_assert_num_queries
):
    """Bình Trị Đông B's secretary opens the form first: what Bình Tân's plans ask of its
    wards is then kept for every ward. An Lạc's first opening (no report yet) reads the
    session, the person, its report, the revision twice (its own part, the district's),
    its share-outs, what it did before, its schedule and extensions, the unread count,
    the kinds and hosts for a line: not the district's plans, roadmaps and targets."""
    app.set_user(tree.secretary)
    app.get(edit_url(tree))
    app.set_user(tree.other_secretary)
    an_lac = reverse("reports:edit", args=[tree.an_lac.pk, 2024, 3])
    app.get(reverse("reports:home"))  # the session is warm
    with django_assert_num_queries(12):
        page = app.get(an_lac)
    label = Metric.objects.get(code="new-doan-vien").name
    assert label in page.text and "m-" in page.text


def another_ward_submits(app, tree) -> None:
    """An Lạc submits its March report first: which units' answers count in March (none)
    is kept since (``figures.answering``), as in any month once one ward has sent its."""
    app.set_user(tree.other_secretary)
    page = app.get(reverse("reports:edit", args=[tree.an_lac.pk, 2024, 3]))
    report_form(page)["m-" + str(Metric.objects.get(code="new-doan-vien").pk)] = "3"
    save(page, "submit")
    assert MonthlyReport.objects.get(unit=tree.an_lac, month="2024-03-01").status == "submitted"


@pytest.mark.parametrize("count", [1, 3])
def test_a_submission_costs_the_same_queries_whatever_the_number_of_lines(
    app, tree, plan, count, django_assert_num_queries
):
    """The form posted back with "Nộp báo cáo": the person, the report (saying whether it
    holds lines and files: no files here), what plans ask (kept), its lines, the kinds of
    branch (once for every line), then, in one transaction, the report locked with its
    lines and counts, the report saved and its history, the figures (the metrics counting
    foundings, whether answers add anything: the revision, the figure rows) and the review
    event. What it now holds is not read back."""
    page = type_lines(open_form(app, tree), LINES[:count])
    report_form(page)["m-" + str(Metric.objects.get(code="new-doan-vien").pk)] = "4"
    save(page)
    another_ward_submits(app, tree)
    page = open_form(app, tree)
    with django_assert_num_queries(QUERIES_OF_A_SUBMISSION):
        report_form(page).submit("submit")
    report = MonthlyReport.objects.get(unit=tree.binh_tri_dong_b, month="2024-03-01")
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.founded_branches.count() == count
    # Counted from what was just written, as a recount from the reports finds it: the
    # ward's 4 đoàn viên and its lines' chi đoàn, pending review.
    pending = {
        code: own
        for code, own in Figure.objects.filter(
            unit=tree.binh_tri_dong_b, month=date(2024, 3, 1)
        ).values_list("metric__code", "own_pending")
    }
    assert pending["new-doan-vien"] == 4 and pending["new-chi-doan"] == count
    assert not figures.rebuild(fix=False).fixed


QUERIES_OF_A_SUBMISSION = 17


def test_a_report_that_founded_nothing_is_submitted_without_asking_for_lines_or_files(
    app, tree, plan, django_assert_num_queries
):
    """Most months found no branch and attach nothing: the report says so when it is read,
    and neither is asked for, before or under its lock: four queries fewer than with lines
    (their reading before and under the lock, the kinds of branch, the metrics counting
    foundings)."""
    page = open_form(app, tree)
    report_form(page)["m-" + str(Metric.objects.get(code="new-doan-vien").pk)] = "7"
    save(page)
    another_ward_submits(app, tree)
    page = open_form(app, tree)
    with django_assert_num_queries(QUERIES_OF_A_SUBMISSION - 4):
        report_form(page).submit("submit")
    report = MonthlyReport.objects.get(unit=tree.binh_tri_dong_b, month="2024-03-01")
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.values.get().value == 7
    assert (
        Figure.objects.get(
            unit=tree.binh_tri_dong_b, month=date(2024, 3, 1), metric__code="new-doan-vien"
        ).own_pending
        == 7
    )
    assert not figures.rebuild(fix=False).fixed


def test_a_count_typed_anew_at_submission_is_changed_in_place_with_its_history(
    app, tree, plan, django_assert_num_queries
):
    """The draft said 7 đoàn viên; the secretary makes it 9 and submits: the count is
    changed where it is (one UPDATE and its version in the history, the two queries more
    than submitting it unchanged), not deleted and written again; its history reads 7 as
    typed, then 9, both by the secretary; the figures count 9."""
    metric = Metric.objects.get(code="new-doan-vien")
    page = open_form(app, tree)
    report_form(page)["m-" + str(metric.pk)] = "7"
    save(page)
    another_ward_submits(app, tree)
    report = MonthlyReport.objects.get(unit=tree.binh_tri_dong_b, month="2024-03-01")
    first = report.values.get()
    page = open_form(app, tree)
    report_form(page)["m-" + str(metric.pk)] = "9"
    with django_assert_num_queries(QUERIES_OF_A_SUBMISSION - 4 + 2):
        report_form(page).submit("submit")
    assert report.values.get().pk == first.pk
    assert report.values.get().value == 9
    assert [
        (row.history_type, row.value, row.history_user)
        for row in ReportValue.history.filter(report_id=report.pk).order_by("history_id")
    ] == [("+", 7, tree.secretary), ("~", 9, tree.secretary)]
    assert (
        Figure.objects.get(
            unit=tree.binh_tri_dong_b, month=date(2024, 3, 1), metric=metric
        ).own_pending
        == 9
    )
    assert not figures.rebuild(fix=False).fixed
