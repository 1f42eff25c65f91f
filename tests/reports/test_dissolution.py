"""Reports of units that end, or begin, within the months asked: the Bình Tân example.

Quận Đoàn Bình Tân and its wards Bình Trị Đông B and An Lạc are dissolved on 01/07/2025
(the wards merged into Đoàn phường Bình Tân, founded that day); Quận 12 and Thạnh Lộc go
on. A unit dissolved on 1 July still owes its June report (due 10/07/2025) and owes none
from July; a unit founded on 15/03 owes March, not February."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.models import Unit
from plans.models import Plan
from reports import dashboards
from reports.models import Extension, MonthlyReport
from reports.reminders import reminders_due
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.conftest import DISSOLVED_ON
from tests.factories import PlanFactory, UnitFactory, UserFactory, monthly_report

pytestmark = pytest.mark.django_db
JUNE, JULY = date(2025, 6, 1), date(2025, 7, 1)
MID_AUGUST = "2025-08-15 09:00 +07:00"


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def month_table(client, month: str) -> str:
    return body(client.get(reverse("reports:home"), {"thang": month}))


def test_a_ward_dissolved_on_1_july_is_missing_for_june_and_not_listed_for_july(login, ended):
    client = login(ended.tree.staff)  # canbo.binhtan keeps their account
    with time_machine.travel(MID_AUGUST, tick=False):
        june, july = month_table(client, "2025-06"), month_table(client, "2025-07")
    assert "Đoàn phường An Lạc" in june and "Đoàn phường Bình Trị Đông B" in june
    assert "Chưa nộp (quá hạn)" in june
    assert "Đoàn phường An Lạc" not in july and "Đoàn phường Bình Trị Đông B" not in july


def test_the_city_month_table_lists_the_new_ward_from_july_only(login, ended):
    client = login(ended.city_staff)
    with time_machine.travel(MID_AUGUST, tick=False):
        june, july = month_table(client, "2025-06"), month_table(client, "2025-07")
    assert "Quận Đoàn Bình Tân" in june and "Đoàn phường Bình Tân<" not in june
    assert "Quận Đoàn Bình Tân" not in july and "Đoàn phường Bình Tân" in july
    assert "Quận Đoàn 12" in june and "Quận Đoàn 12" in july


def test_a_june_report_sent_by_a_ward_dissolved_since_stays_in_the_inbox_to_review(login, ended):
    tree = ended.tree
    with time_machine.travel("2025-07-05 09:00 +07:00", tick=False):
        monthly_report(tree.an_lac, JUNE, tree.other_secretary)
    report = MonthlyReport.objects.get(unit=tree.an_lac, month=JUNE)
    client = login(tree.staff)
    with time_machine.travel(MID_AUGUST, tick=False):
        inbox = body(client.get(reverse("reports:inbox")))
        detail = body(client.get(report.get_absolute_url()))
        client.post(reverse("reports:action", args=[report.pk, "accept"]))
    assert report.get_absolute_url() in inbox
    assert reverse("reports:action", args=[report.pk, "accept"]) in detail
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.ACCEPTED


def test_the_citys_inbox_keeps_a_dissolved_wards_report_behind_a_filter(login, ended):
    """The city's staff read the current wards' reports first; the June report of An Lạc,
    dissolved since, is counted, one click away, and can be accepted from there."""
    tree = ended.tree
    with time_machine.travel("2025-07-05 09:00 +07:00", tick=False):
        monthly_report(tree.an_lac, JUNE, tree.other_secretary)
        monthly_report(tree.thanh_loc, JUNE, tree.other_secretary)
    an_lac = MonthlyReport.objects.get(unit=tree.an_lac, month=JUNE)
    thanh_loc = MonthlyReport.objects.get(unit=tree.thanh_loc, month=JUNE)
    client = login(ended.city_staff)
    with time_machine.travel(MID_AUGUST, tick=False):
        current = body(client.get(reverse("reports:inbox")))
        every = body(client.get(reverse("reports:inbox"), {"giai-the": "1", "q": "an lac"}))
        home = body(client.get(reverse("home")))
    assert thanh_loc.get_absolute_url() in current and an_lac.get_absolute_url() not in current
    assert "1 báo cáo chờ bạn duyệt" in current
    assert "Còn 1 báo cáo của đơn vị đã giải thể / sáp nhập cũng đang chờ." in current
    assert an_lac.get_absolute_url() in every and thanh_loc.get_absolute_url() not in every
    assert 'name="giai-the" value="1"' in every  # a search keeps the filter
    assert an_lac.get_absolute_url() not in home and thanh_loc.get_absolute_url() in home


def test_the_top_union_owes_no_report_of_its_own(login, ended):
    """Thành Đoàn TP. Hồ Chí Minh reports to no one here: no overdue banner on its staff's
    home page, no months of its own on the reports page, and its month opens no form."""
    client = login(ended.city_staff)
    with time_machine.travel(MID_AUGUST, tick=False):
        home = body(client.get(reverse("home")))
        reports = body(client.get(reverse("reports:home")))
        form = client.get(reverse("reports:edit", args=[ended.tree.city.pk, 2025, 7]))
    assert "Viết báo cáo ngay" not in home
    assert "Báo cáo của Thành Đoàn TP. Hồ Chí Minh" not in reports
    assert form.status_code == 404
    assert "không báo cáo lên cấp nào" in form.content.decode()
    assert not MonthlyReport.objects.filter(unit=ended.tree.city).exists()


def overdue(user, now: str) -> dict[str, list[date]]:
    with time_machine.travel(now, tick=False):
        panel = dashboards.staff_panel(user=user, now=timezone.now())
    return {unit.name: months for unit, months in panel.missing}


def test_the_staff_panel_lists_a_dissolved_ward_overdue_for_june_and_never_for_july(ended):
    assert overdue(ended.tree.staff, MID_AUGUST) == {
        "Đoàn phường An Lạc": [JUNE],
        "Đoàn phường Bình Trị Đông B": [JUNE],
    }
    assert overdue(ended.tree.staff, "2025-09-15 09:00 +07:00") == {}
    city = overdue(ended.city_staff, "2025-09-15 09:00 +07:00")
    # Quận Đoàn Bình Tân, gone since 1 July, is late for nothing.
    assert city == {
        "Quận Đoàn 12": [JULY, date(2025, 8, 1)],
        "Đoàn phường Bình Tân": [JULY, date(2025, 8, 1)],
    }


def reminded(now: str) -> set[tuple[str, date]]:
    with time_machine.travel(now, tick=False):
        moment = datetime.fromisoformat(now.replace(" +07:00", "+07:00"))
        return {(r.unit.name, r.month) for r in reminders_due(now=moment)}


def test_a_dissolved_ward_is_reminded_of_june_and_never_of_july(ended, settings):
    settings.REPORT_REMINDER_DAYS_BEFORE = 3
    early_july = reminded("2025-07-08 09:00 +07:00")
    assert ("Đoàn phường An Lạc", JUNE) in early_july
    assert ("Đoàn phường Bình Tân", JUNE) not in early_july  # founded on 1 July
    early_august = reminded("2025-08-08 09:00 +07:00")
    assert {name for name, month in early_august if month == JULY} == {
        "Đoàn phường Bình Tân",
        "Đoàn phường Thạnh Lộc",
        "Quận Đoàn 12",
    }
    late_august = reminded("2025-08-11 09:00 +07:00")  # the overdue ones of July
    assert {name for name, month in late_august if month == JULY} == {
        "Đoàn phường Bình Tân",
        "Đoàn phường Thạnh Lộc",
        "Quận Đoàn 12",
    }


def test_a_dissolved_wards_secretary_corrects_june_but_july_is_the_404_page(django_app, ended):
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    tree = ended.tree
    django_app.set_user(tree.other_secretary)
    with time_machine.travel(MID_AUGUST, tick=False):
        form = django_app.get(reverse("reports:edit", args=[tree.an_lac.pk, 2025, 6])).forms[
            "report-form"
        ]
        form["difficulties"] = "Phường sáp nhập, bàn giao hồ sơ chi đoàn."
        form.submit("save").maybe_follow()
        july = django_app.get(reverse("reports:edit", args=[tree.an_lac.pk, 2025, 7]), status=404)
    with time_machine.travel("2026-12-01 09:00 +07:00", tick=False):
        months = django_app.get(reverse("reports:home"))
        home = django_app.get(reverse("home"))
    report = MonthlyReport.objects.get(unit=tree.an_lac, month=JUNE)
    assert report.difficulties == "Phường sáp nhập, bàn giao hồ sơ chi đoàn."
    assert "Đơn vị đã giải thể / sáp nhập ngày 01/07/2025." in july.text
    # Its months open on June 2025, the last it owed; last month reads "not owed".
    assert "Tháng 06/2025" in months.text and "Tháng 07/2025" not in months.text
    assert reverse("reports:edit", args=[tree.an_lac.pk, 2025, 6]) in months.text
    assert "Không phải báo cáo" in home.text
    assert reverse("reports:edit", args=[tree.an_lac.pk, 2026, 11]) not in home.text


def test_a_draft_of_a_month_no_longer_owed_cannot_be_submitted(login, ended):
    tree = ended.tree
    # Drafted before the dissolution was recorded.
    draft = MonthlyReport.objects.create(unit=tree.an_lac, month=JULY)
    client = login(tree.other_secretary)
    with time_machine.travel(MID_AUGUST, tick=False):
        page = client.post(
            reverse("reports:action", args=[draft.pk, "submit"]), follow=True
        ).content.decode()
    draft.refresh_from_db()
    assert draft.status == MonthlyReport.Status.DRAFT
    assert "Đoàn phường An Lạc không phải báo cáo tháng 07/2025" in page


def test_an_extension_is_given_for_june_and_refused_for_july(login, ended):
    client = login(ended.tree.staff)
    url = reverse("reports:extension_create")
    form = {
        "unit": ended.tree.an_lac.pk,
        "due_on": "20/08/2025",
        "due_time": "16:00",
        "reason": "Bàn giao hồ sơ khi sáp nhập",
    }
    with time_machine.travel(MID_AUGUST, tick=False):
        refused = client.post(url, form | {"month": "01/07/2025"})
        given = client.post(url, form | {"month": "01/06/2025"})
    assert "Đoàn phường An Lạc không phải báo cáo tháng 07/2025" in body(refused)
    assert "Bàn giao hồ sơ khi sáp nhập" in refused.content.decode()  # what was typed stays
    assert given.status_code == 302
    assert list(Extension.objects.values_list("month", flat=True)) == [JUNE]


@pytest.fixture
def plan_2025(tree):
    """Bình Tân's plan of 2025: 7 chi đoàn by the wards in Q I."""
    plan = PlanFactory(
        issuing_unit=tree.binh_tan,
        year=2025,
        title="Kế hoạch năm 2025",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    chi_doan = Metric.objects.get(code="new-chi-doan")
    roadmap_save(
        plan=plan,
        user=None,
        cells=[TargetCell(chi_doan, "children", Period.quarter(2025, 1), Decimal(7))],
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED)
    return plan


def test_the_heat_map_greys_the_months_after_the_dissolution_and_counts_them_nowhere(
    login, ended, plan_2025
):
    tree = ended.tree
    with time_machine.travel("2025-03-05 09:00 +07:00", tick=False):
        monthly_report(tree.an_lac, date(2025, 2, 1), tree.other_secretary)
    with time_machine.travel("2026-12-01 09:00 +07:00", tick=False):
        response = login(tree.leader).get(reverse("plans:progress", args=[plan_2025.pk]))
    page = body(response)
    an_lac = next(r for r in response.context["wards"] if r.unit == tree.an_lac)
    # February on time; January and March to June missing; July to December not owed.
    assert (an_lac.on_time, an_lac.late, an_lac.missing) == (1, 0, 5)
    assert 'fill="#9aa3ad"><title>Đoàn phường An Lạc, 07/2025: Không phải báo cáo' in page
    assert "Đoàn phường An Lạc, 06/2025: Chưa nộp (quá hạn)" in page
    assert ">Không phải báo cáo</text>" in page  # in the legend


def test_the_workbook_greys_the_months_after_the_dissolution(login, ended, plan_2025):
    with time_machine.travel("2026-12-01 09:00 +07:00", tick=False):
        response = login(ended.tree.leader).get(
            reverse("plans:progress_export", args=[plan_2025.pk, "xlsx"])
        )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Đúng hạn"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Đoàn phường An Lạc")
    june, july = row[1 + 2 * 5], row[1 + 2 * 6]  # each month: its state, then its day sent
    assert (june.value, july.value) == ("Chưa nộp (quá hạn)", "Không phải báo cáo")
    assert july.fill.fgColor.rgb.endswith("E7E9EC")


def test_the_2024_plans_progress_still_lists_the_dissolved_wards_and_their_figures(login, ended):
    tree = ended.tree
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(
                Metric.objects.get(code="new-doan-vien"),
                "children",
                Period.quarter(2024, 2),
                Decimal(100),
            )
        ],
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED)
    with time_machine.travel("2024-05-05 09:00 +07:00", tick=False):
        monthly_report(
            tree.binh_tri_dong_b, date(2024, 4, 1), tree.secretary, doan_vien=12, staff=tree.staff
        )
    with time_machine.travel("2026-12-01 09:00 +07:00", tick=False):
        response = login(tree.leader).get(reverse("plans:progress", args=[plan.pk]))
    page = body(response)
    assert "Đoàn phường Bình Trị Đông B" in page and "Đoàn phường An Lạc" in page
    ward = next(r for r in response.context["wards"] if r.unit == tree.binh_tri_dong_b)
    assert [cell.done for cell in ward.cells] == [Decimal(12)]
    assert (ward.on_time, ward.missing) == (1, 11)  # 2024 was owed, every month of it


def test_a_unit_founded_on_15_march_owes_march_and_not_february(login, tree, settings):
    settings.REPORT_REMINDER_DAYS_BEFORE = 3
    UnitFactory(parent=tree.binh_tan, name="Đoàn phường Tân Tạo A", founded_on=date(2025, 3, 15))
    client = login(tree.staff)
    with time_machine.travel("2025-04-15 09:00 +07:00", tick=False):
        february, march = month_table(client, "2025-02"), month_table(client, "2025-03")
    assert "Tân Tạo A" not in february
    assert "Tân Tạo A" in march
    reminders = reminded("2025-04-11 09:00 +07:00")
    assert ("Đoàn phường Tân Tạo A", date(2025, 3, 1)) in reminders
    assert ("Đoàn phường Tân Tạo A", date(2025, 2, 1)) not in reminders


def test_a_units_months_before_its_founding_read_not_owed_in_the_api(client, tree):
    ward = UnitFactory(
        parent=tree.binh_tan, name="Đoàn phường Tân Tạo A", founded_on=date(2025, 3, 15)
    )
    person = UserFactory(username="bithu.tan-tao-a", unit=ward)
    client.force_login(person)
    with time_machine.travel("2025-04-15 09:00 +07:00", tick=False):
        answer = client.get(
            f"/api/units/{ward.pk}/timeliness", {"from": "2025-02", "to": "2025-03"}
        )
    assert answer.status_code == 200, answer.content
    months = answer.json()["units"][0]["months"]
    assert [(m["month"], m["state"]) for m in months] == [
        ("2025-02", "not_owed"),
        ("2025-03", "missing"),
    ]


@pytest.mark.parametrize("url_name", ["home", "reports:home", "reports:inbox"])
def test_pages_cost_the_same_queries_with_2_or_12_dissolved_wards(
    login, ended, url_name, django_assert_max_num_queries
):
    tree = ended.tree
    client = login(tree.staff)
    url = reverse(url_name)

    def counted() -> int:
        with time_machine.travel(MID_AUGUST, tick=False):
            client.get(url, {"thang": "2025-06"})  # the session is warm
            with django_assert_max_num_queries(60) as queries:
                assert client.get(url, {"thang": "2025-06"}).status_code == 200
        return len(queries.captured_queries)

    two = counted()
    for n in range(10):
        UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Cũ {n}", founded_on=date(2020, 1, 1))
    Unit.objects.filter(parent=tree.binh_tan).update(dissolved_on=DISSOLVED_ON)
    assert counted() == two
