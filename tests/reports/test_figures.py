"""The figure table kept in step: every page and the API read what units did from it, so
whatever changes a report's state or the registry must change it in the same transaction,
and ``rebuildfigures`` must find nothing to fix.

Bình Trị Đông B reports March 2024 on 05/04/2024 through its page: 12 new đoàn viên and
two chi đoàn founded; Bình Tân's staff return, accept and reopen it on theirs. The JSON
progress API says, at each step, what the wards of Bình Tân did (done, against the plan
of ``tests/reports/conftest.py``), accepted only or with reports not yet accepted."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from organizations.models import User
from reports import figures
from reports.models import Figure
from results.models import ResultRequest
from targets.models import Metric
from tests.factories import PlanFactory, UserFactory, monthly_report
from tests.reports.test_report_form import LINES, open_form, report_form, review, save, type_lines

pytestmark = pytest.mark.django_db
APRIL_5 = "2024-04-05 09:00 +07:00"
WITH_SUBMITTED = {"ke-ca-chua-duyet": "1"}


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    with time_machine.travel(APRIL_5, tick=False):
        yield django_app


def done(app, tree, plan, **params) -> dict[str, float]:
    """What the wards of Bình Tân did, as the progress API tells Bình Tân's leadership."""
    app.set_user(tree.leader)
    body = app.get(f"/api/plans/{plan.pk}/progress", params).json
    rows = [r for r in body["targets"] if r["level"] == "children"]
    return {r["metric"]["code"]: r["done"] for r in rows}


def in_step() -> bool:
    return figures.rebuild(fix=False).fixed == 0


def type_doan_vien(page, number: str):
    form = report_form(page)
    form[f"m-{Metric.objects.get(code='new-doan-vien').pk}"] = number
    return form


def enter_branch(app, tree, name: str) -> None:
    """Bình Tân's staff enter a chi đoàn founded on 15/02/2024 under An Lạc, on its page."""
    app.set_user(tree.staff)
    form = app.get(reverse("organizations:unit_create", args=[tree.an_lac.pk])).forms["unit-form"]
    form["kind"].select(text="Chi đoàn")
    form["name"] = name
    form["founded_on"] = "15/02/2024"
    form.submit().follow()


def test_every_state_a_report_goes_through_reaches_the_figures_at_once(app, tree, plan):
    page = type_lines(open_form(app, tree), LINES[:2])
    type_doan_vien(page, "12")
    save(page, "submit")
    assert done(app, tree, plan) == {"new-chi-doan": 0, "new-doan-vien": 0}
    assert done(app, tree, plan, **WITH_SUBMITTED) == {"new-chi-doan": 2, "new-doan-vien": 12}
    assert in_step()

    review(app, tree, "return", comment="Kiểm tra số đoàn viên")
    assert done(app, tree, plan, **WITH_SUBMITTED) == {"new-chi-doan": 0, "new-doan-vien": 0}
    assert in_step()

    save(open_form(app, tree), "submit")
    review(app, tree, "accept")
    assert done(app, tree, plan) == {"new-chi-doan": 2, "new-doan-vien": 12}
    assert done(app, tree, plan, **WITH_SUBMITTED) == {"new-chi-doan": 2, "new-doan-vien": 12}
    assert in_step()

    # Reopened, its đoàn viên are no longer counted; its two chi đoàn stay in the registry.
    review(app, tree, "reopen", reason="Sai số đoàn viên kết nạp")
    assert done(app, tree, plan, **WITH_SUBMITTED) == {"new-chi-doan": 2, "new-doan-vien": 0}
    assert in_step()

    page = open_form(app, tree)
    type_doan_vien(page, "15")
    save(page, "submit")
    review(app, tree, "accept")
    assert done(app, tree, plan) == {"new-chi-doan": 2, "new-doan-vien": 15}
    assert in_step()
    # The district and the city above it read the ward's 15, and the ward its own.
    doan_vien = Metric.objects.get(code="new-doan-vien")
    march = Figure.objects.filter(metric=doan_vien, month__year=2024, month__month=3)
    by_unit = {f.unit_id: (f.own_accepted, f.all_accepted) for f in march}
    assert by_unit == {
        tree.binh_tri_dong_b.pk: (15, 15),
        tree.binh_tan.pk: (0, 15),
        tree.city.pk: (0, 15),
    }


def test_a_saved_line_the_page_did_not_send_back_is_kept_and_counted_on_submission(app, tree, plan):
    """A submission counts what the report holds once saved, without reading it back: a
    line the posted page left out stays (``report_save``), so it counts too."""
    save(type_lines(open_form(app, tree), LINES[:2]))
    form = report_form(open_form(app, tree))
    form["cd-TOTAL_FORMS"] = form["cd-INITIAL_FORMS"] = "1"  # the second line not sent
    form.submit("submit").follow()
    assert done(app, tree, plan, **WITH_SUBMITTED) == {"new-chi-doan": 2, "new-doan-vien": 0}
    assert in_step()


def test_branches_entered_changed_and_moved_in_the_registry_count_where_they_are(app, tree, plan):
    """Bình Tân's staff enter a chi đoàn founded on 15/02/2024 under An Lạc, then correct
    its founding date to 2025 (outside the plan); an administrator then moves Bình Trị
    Đông B, with its accepted April (12 đoàn viên), from Bình Tân to Quận 12."""
    enter_branch(app, tree, "Chi đoàn Chợ An Lạc")
    assert done(app, tree, plan)["new-chi-doan"] == 1
    assert in_step()

    app.set_user(tree.staff)
    branch = tree.an_lac.children.get(name="Chi đoàn Chợ An Lạc")
    form = app.get(reverse("organizations:unit_update", args=[branch.pk])).forms["unit-form"]
    form["founded_on"] = "15/02/2025"
    form.submit().follow()
    assert done(app, tree, plan)["new-chi-doan"] == 0
    assert in_step()

    monthly_report(
        tree.binh_tri_dong_b,
        plan.starts_on.replace(month=3),
        tree.secretary,
        doan_vien=12,
        staff=tree.staff,
    )
    assert done(app, tree, plan)["new-doan-vien"] == 12
    superuser = UserFactory(username="quantri.thanhdoan", unit=tree.city, role="administrator")
    User.objects.filter(pk=superuser.pk).update(is_superuser=True, is_staff=True)
    app.set_user(superuser)
    form = app.get(
        reverse("admin:organizations_unit_change", args=[tree.binh_tri_dong_b.pk])
    ).forms["unit_form"]
    form["parent"] = str(tree.quan_12.pk)
    form.submit("_save").follow()
    assert done(app, tree, plan)["new-doan-vien"] == 0
    moved = Figure.objects.get(
        unit=tree.quan_12, metric__code="new-doan-vien", month=plan.starts_on.replace(month=3)
    )
    assert moved.all_accepted == 12
    assert in_step()


def test_rebuildfigures_lists_and_fixes_what_is_wrong_and_check_only_fails(tree, plan, capsys):
    monthly_report(
        tree.binh_tri_dong_b,
        plan.starts_on.replace(month=3),
        tree.secretary,
        doan_vien=12,
        staff=tree.staff,
    )
    call_command("rebuildfigures", "--check")
    assert "nothing to fix" in capsys.readouterr().out

    Figure.objects.filter(unit=tree.binh_tan).update(all_accepted=99)
    Figure.objects.create(
        unit=tree.an_lac,
        metric=Metric.objects.get(code="new-doan-vien"),
        month=plan.starts_on,
        own_accepted=4,
        all_accepted=4,
    )
    Figure.objects.filter(unit=tree.city).delete()
    with pytest.raises(CommandError, match="1 missing, 1 wrong, 1 stray"):
        call_command("rebuildfigures", "--check")
    assert Figure.objects.get(unit=tree.binh_tan).all_accepted == 99  # --check fixes nothing

    call_command("rebuildfigures")
    assert "1 missing, 1 wrong, 1 stray; fixed" in capsys.readouterr().out
    assert Figure.objects.get(unit=tree.binh_tan).all_accepted == 12
    assert Figure.objects.get(unit=tree.city).all_accepted == 12
    assert not Figure.objects.filter(unit=tree.an_lac).exists()
    call_command("rebuildfigures", "--check")


def test_a_metric_added_to_count_founded_branches_counts_those_already_founded(app, tree):
    """Bình Tân's staff add "Chi đoàn thành lập tại doanh nghiệp" counting chi đoàn founded
    (the registry has one under An Lạc, founded 15/02/2024), then change it to count chi
    hội, of which there are none."""
    enter_branch(app, tree, "Chi đoàn Công ty Phúc Long")

    form = app.get(reverse("targets:metric_create")).forms["metric-form"]
    form["name"] = "Chi đoàn thành lập tại doanh nghiệp"
    form["unit_of_measure"] = "chi đoàn"
    form["source"] = "foundings"
    form["founded_organisation"] = "doan"
    form.submit().follow()
    metric = Metric.objects.get(name="Chi đoàn thành lập tại doanh nghiệp")
    february = Figure.objects.get(unit=tree.binh_tan, metric=metric)
    assert (february.month.month, february.own_accepted, february.all_accepted) == (2, 0, 1)
    assert in_step()

    form = app.get(reverse("targets:metric_update", args=[metric.pk])).forms["metric-form"]
    form["founded_organisation"] = "hoi"
    form.submit().follow()
    assert not Figure.objects.filter(metric=metric).exists()
    assert in_step()


def send_result_request(app, tree) -> ResultRequest:
    """Bình Tân's staff ask every ward for its Ngày Đoàn viên results, due 16:00 on
    24/03/2024, with the new đoàn viên admitted that day."""
    app.set_user(tree.staff)
    plan = PlanFactory(issuing_unit=tree.binh_tan, title="Tổ chức Ngày Đoàn viên năm 2024")
    form = app.get(reverse("results:create", args=[plan.pk])).forms["request-form"]
    form["title"] = "Báo cáo kết quả tổ chức “Ngày đoàn viên” năm 2024"
    form["due_on"] = "24/03/2024"
    form["due_time"] = "16:00"
    form["metrics"] = [str(Metric.objects.get(code="new-doan-vien").pk)]
    form.submit().follow()
    return ResultRequest.objects.get()


def answer_and_accept(app, tree, request, plan, members: str, reported: float = 0) -> None:
    """The ward answers ``request`` with ``members`` new đoàn viên; not counted until the
    district accepts it (the ward's submitted report counting ``reported`` meanwhile)."""
    app.set_user(tree.secretary)
    form = app.get(reverse("results:answer", args=[request.pk])).forms["answer-form"]
    form["participants"] = "120"
    form[f"m-{Metric.objects.get(code='new-doan-vien').pk}"] = members
    form.submit("submit").follow()
    assert done(app, tree, plan, **WITH_SUBMITTED)["new-doan-vien"] == reported
    app.set_user(tree.staff)
    page = app.get(reverse("results:unit_answer", args=[request.pk, tree.binh_tri_dong_b.pk]))
    next(f for f in page.forms.values() if f.action.endswith("/accept/")).submit().follow()


def test_an_answer_accepted_after_a_submission_counts_at_the_next_one(app, tree, plan):
    """The Ngày Đoàn viên request is sent; Bình Trị Đông B submits March's report (5 new
    đoàn viên) before answering it: which units' answers count in March (none) is then
    kept. Its answer (12) is accepted, the report returned and sent again with 8: the
    progress reads the answer's 12, not the report's 8, and the figures recount the same
    from the reports and answers."""
    request = send_result_request(app, tree)
    page = open_form(app, tree)
    type_doan_vien(page, "5")
    save(page, "submit")
    assert done(app, tree, plan, **WITH_SUBMITTED)["new-doan-vien"] == 5
    assert tree.binh_tri_dong_b.pk not in figures.answering(date(2024, 3, 1))
    answer_and_accept(app, tree, request, plan, "12", reported=5)
    assert tree.binh_tri_dong_b.pk in figures.answering(date(2024, 3, 1))
    review(app, tree, "return", comment="Bổ sung số liệu")
    page = open_form(app, tree)
    type_doan_vien(page, "8")
    save(page, "submit")
    assert done(app, tree, plan, **WITH_SUBMITTED)["new-doan-vien"] == 12
    assert in_step()


def test_an_accepted_result_answers_counts_reach_the_progress_once(app, tree, plan):
    """Bình Trị Đông B answers the Ngày Đoàn viên request with 12 new đoàn viên admitted on
    24/03; its March report, sent later, says 15, those 12 among them. The plan's progress
    reads 12 once the answer is accepted, then 15 (never 27); a report saying fewer than the
    answer leaves the answer's 12; a request no longer asking the count takes it away."""
    request = send_result_request(app, tree)
    answer_and_accept(app, tree, request, plan, "12")
    assert done(app, tree, plan)["new-doan-vien"] == 12
    assert in_step()

    page = open_form(app, tree)
    type_doan_vien(page, "15")
    save(page, "submit")
    assert done(app, tree, plan)["new-doan-vien"] == 12  # the report is not accepted yet
    assert done(app, tree, plan, **WITH_SUBMITTED)["new-doan-vien"] == 15
    assert in_step()
    review(app, tree, "accept")
    assert done(app, tree, plan)["new-doan-vien"] == 15
    assert in_step()
    doan_vien = Metric.objects.get(code="new-doan-vien")
    march = Figure.objects.filter(metric=doan_vien, month__year=2024, month__month=3)
    assert {f.unit_id: (f.own_accepted, f.all_accepted) for f in march} == {
        tree.binh_tri_dong_b.pk: (15, 15),
        tree.binh_tan.pk: (0, 15),
        tree.city.pk: (0, 15),
    }

    review(app, tree, "reopen", reason="Sai số đoàn viên kết nạp")
    assert done(app, tree, plan, **WITH_SUBMITTED)["new-doan-vien"] == 12  # the answer's
    assert in_step()
    page = open_form(app, tree)
    type_doan_vien(page, "10")
    save(page, "submit")
    review(app, tree, "accept")
    assert done(app, tree, plan)["new-doan-vien"] == 12
    assert in_step()

    app.set_user(tree.staff)
    form = app.get(reverse("results:update", args=[request.pk])).forms["request-form"]
    form["metrics"] = []
    form.submit().follow()
    assert done(app, tree, plan)["new-doan-vien"] == 10  # the report's alone
    assert in_step()
