"""Pages kept until what they show changes (``reports.live``): the progress page, the
progress API and the home page are computed once for each revision of the data, and the
revision changes with every write, whoever makes it; what the clock changes (a report
turning missing at its due moment) is not kept past that moment.

The plan is Bình Tân's of ``tests/reports/conftest.py``; Bình Trị Đông B reports March
2024 on 05/04/2024 through its page, and Bình Tân's staff review it on theirs."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse

from organizations.models import Unit
from reports import live
from reports.models import Extension, MonthlyReport, ReportSeen
from targets.models import Metric
from tests.reports.test_figures import type_doan_vien
from tests.reports.test_report_form import open_form, report_form, review, save

pytestmark = pytest.mark.django_db
APRIL_5 = "2024-04-05 09:00 +07:00"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    with time_machine.travel(APRIL_5, tick=False):
        yield django_app


def test_every_table_the_pages_read_has_the_revisions_trigger():
    watched = set(live.watched_tables())
    assert {"organizations_unit", "reports_monthlyreport", "reports_figure"} <= watched
    assert "targets_allocation" in watched and "plans_plan" in watched
    assert not watched & {"reports_reportseen", "reports_exportjob", "reports_revision"}
    assert watched <= live.triggered_tables()
    # What plans ask of a ward is kept while reports come in and people sign in.
    assert {"targets_target", "plans_plan", "organizations_unit"} <= set(
        live.watched_tables(live.PLANS)
    )
    assert {"reports_monthlyreport", "organizations_user"} <= set(live.watched_tables(live.REPORTS))


def test_any_write_changes_the_revision_and_a_read_does_not(tree):
    before = live.revision()
    list(Unit.objects.all())
    assert live.revision() == before
    # An update that bypasses the models' save, as the admin's bulk actions do.
    Unit.objects.filter(pk=tree.an_lac.pk).update(name="Phường An Lạc mới")
    after_update = live.revision()
    assert after_update != before
    # Raw SQL, outside the ORM altogether.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_unit SET name = %s WHERE id = %s", ["An Lạc", tree.an_lac.pk]
        )
    assert live.revision() != after_update
    # Who read which report is no page's data: writing it keeps what was computed.
    report = MonthlyReport.objects.create(unit=tree.an_lac, month=date(2024, 3, 1))
    moved = live.revision()
    ReportSeen.objects.create(
        report=report, user=tree.staff, version=report.version, seen_at=datetime.now(HCM)
    )
    assert live.revision() == moved


class Undone(Exception):
    pass


def test_a_revision_rolled_back_is_never_taken_again(tree):
    """A page kept inside a transaction that is then rolled back was kept under a number
    that no later write gives the revision again."""
    before = live.revision()
    with pytest.raises(Undone), transaction.atomic():
        Unit.objects.filter(pk=tree.an_lac.pk).update(name="Phường An Lạc tạm")
        inside = live.revision()
        raise Undone
    assert live.revision() == before
    Unit.objects.filter(pk=tree.an_lac.pk).update(name="Phường An Lạc mới")
    assert live.revision() not in (before, inside)


def children_done(page) -> dict[str, str]:
    """The progress page's targets of the wards: metric name → what is done."""
    html = page.text
    rows = re.findall(r'<tr data-level="children">(.*?)</tr>', html, flags=re.S)
    done = {}
    for row in rows:
        name = re.search(r"<td>(.*?)</td>", row).group(1)
        done[name] = re.search(r"<strong>([^<]*)</strong>", row).group(1)
    return done


def test_the_page_kept_shows_a_report_accepted_since_at_once(app, tree, plan):
    app.set_user(tree.leader)
    url = reverse("plans:progress", args=[plan.pk])
    first = children_done(app.get(url))
    assert first["Kết nạp đoàn viên mới"] == "0"
    assert children_done(app.get(url)) == first  # kept: nothing was written

    page = open_form(app, tree)
    type_doan_vien(page, "12")
    save(page, "submit")
    app.set_user(tree.leader)
    assert children_done(app.get(url))["Kết nạp đoàn viên mới"] == "0"  # not accepted yet
    pending = children_done(app.get(url, {"ke-ca-chua-duyet": "1"}))
    assert pending["Kết nạp đoàn viên mới"] == "12"

    review(app, tree, "accept")
    app.set_user(tree.leader)
    assert children_done(app.get(url))["Kết nạp đoàn viên mới"] == "12"
    # The API and the home page's headline, kept too, say the same at once.
    body = app.get(f"/api/plans/{plan.pk}/progress").json
    api_done = {r["metric"]["code"]: r["done"] for r in body["targets"] if r["level"] == "children"}
    assert api_done["new-doan-vien"] == 12


def achieved_before_april(app, tree) -> str:
    """What Bình Trị Đông B's April form says the ward had admitted before April."""
    app.set_user(tree.secretary)
    page = app.get(reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 4]))
    field = f"m-{Metric.objects.get(code='new-doan-vien').pk}"
    help_text = page.html.find("input", attrs={"name": field}).find_next_sibling("div")
    return re.search(r"đã thực hiện trước tháng này: (\S+)", help_text.get_text()).group(1)


def test_what_plans_ask_is_kept_while_reports_come_in_and_what_was_done_is_live(app, tree, plan):
    """The report form keeps what the plans ask of a ward while reports are written (a
    submission does not make the next ward's form read the plans again); what the ward has
    done so far is read each time, and a change to a plan is seen at once."""
    assert achieved_before_april(app, tree) == "0"
    asked = live.revision(live.PLANS)
    everything = live.revision()

    page = open_form(app, tree)  # March
    type_doan_vien(page, "12")
    save(page, "submit")
    review(app, tree, "accept")
    assert live.revision() != everything
    assert live.revision(live.PLANS) == asked  # reports written: the plans' part is kept
    assert achieved_before_april(app, tree) == "12"
    # A post that comes back with a message (a save reads it only then) still says it.
    april = report_form(app.get(reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 4])))
    field = f"m-{Metric.objects.get(code='new-doan-vien').pk}"
    april[field] = "mười"
    shown = april.submit("save")
    assert shown.status_code == 200 and shown.forms["report-form"][field].value == "mười"
    hint = shown.html.find("input", attrs={"name": field}).find_next_sibling("div").get_text()
    assert "đã thực hiện trước tháng này: 12" in hint

    Metric.objects.filter(code="new-doan-vien").update(name="Kết nạp đoàn viên (mới)")
    assert live.revision(live.PLANS) != asked
    app.set_user(tree.secretary)
    page = app.get(reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 4]))
    assert "Kết nạp đoàn viên (mới)" in page.text


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_home_page_kept_lists_a_report_submitted_since(app, tree, plan):
    app.set_user(tree.staff)
    before = without_tokens(app.get(reverse("home")).text)
    assert without_tokens(app.get(reverse("home")).text) == before  # kept: nothing written
    assert "Bình Trị Đông B · 03/2024" not in before
    page = open_form(app, tree)
    type_doan_vien(page, "12")
    save(page, "submit")
    app.set_user(tree.staff)
    assert "Bình Trị Đông B · 03/2024" in app.get(reverse("home")).text


def missing(client, plan, unit) -> int:
    body = client.get(f"/api/plans/{plan.pk}/progress").json()
    return next(row["missing"] for row in body["units"] if row["unit"]["id"] == unit.pk)


def test_a_report_turns_missing_at_its_due_moment_though_nothing_was_written(client, tree, plan):
    """An Lạc was given until 16:00 on 12/04/2024 for March and sent nothing."""
    Extension.objects.create(
        unit=tree.an_lac,
        month=date(2024, 3, 1),
        due_at=datetime(2024, 4, 12, 16, 0, tzinfo=HCM),
        granted_by=tree.staff,
    )
    client.force_login(tree.leader)
    with time_machine.travel(datetime(2024, 4, 12, 15, 59, tzinfo=HCM), tick=False):
        before = missing(client, plan, tree.an_lac)
        revision = live.revision()
    with time_machine.travel(datetime(2024, 4, 12, 16, 0, 1, tzinfo=HCM), tick=False):
        assert missing(client, plan, tree.an_lac) == before + 1
        assert live.revision() == revision


def test_a_page_holding_a_csrf_token_is_refused_not_kept():
    form = '<form method="post"><input name="csrfmiddlewaretoken" value="abc"></form>'
    with pytest.raises(ValueError, match="CSRF"):
        live.kept("test", (), lambda: form)
    assert live.kept("test", (1,), lambda: "<p>kept</p>") == "<p>kept</p>"
