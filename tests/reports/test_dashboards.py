"""The progress page's filters, drill-down, sorting and charts, and the home page of each
role, with figures computed by hand from the plan and reports of ``conftest.py``."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from plans.models import Plan
from plans.selectors import plan_page
from reports import charts, progress
from reports.filters import ProgressFilterForm
from targets.checks import planned_between
from targets.models import Metric, Target
from targets.periods import Period
from targets.services import TargetCell, allocation_set_save, roadmap_save
from tests.factories import PlanFactory, UnitFactory, share_out
from tests.reports.conftest import Q1, Q2, row

pytestmark = pytest.mark.django_db
JUNE_30 = date(2024, 6, 30)


def figures_for(plan, user, params, today=JUNE_30):
    form = ProgressFilterForm(params, plan=plan, user=user, today=today)
    assert form.is_valid(), form.errors
    figures = form.figures()
    return progress.plan_progress(plan=plan, today=figures.as_of, figures=figures)


# Periods


def test_planned_between_takes_whole_quarters_whole_and_months_pro_rata():
    metric = Metric(code="x", name="x")
    targets = [
        Target(metric=metric, level="children", period_kind=q.kind, period_start=q.start, value=v)
        for q, v in ((Q1, Decimal(7)), (Q2, Decimal(9)))
    ]
    assert planned_between(targets, date(2024, 1, 1), date(2024, 6, 30)) == 16
    assert planned_between(targets, date(2024, 4, 1), date(2024, 6, 30)) == 9
    # March is 31 of Q I's 91 days, April 30 of Q II's 91: (7 × 31 + 9 × 30) / 91.
    assert planned_between(targets, date(2024, 3, 1), date(2024, 4, 30)) == Decimal(487) / 91


def test_a_quarter_counts_what_was_done_in_it_against_its_own_target(tree, plan, activity):
    first = figures_for(plan, tree.leader, {"ky": "quy", "quy": "2024-1"})
    second = figures_for(plan, tree.leader, {"ky": "quy", "quy": "2024-2"})
    # The chi đoàn founded on 31/03 counts in Q I; An Lạc's of 01/04 waits for review.
    assert (
        row(first, "new-chi-doan", "children").done,
        row(first, "new-chi-doan", "children").target,
    ) == (1, 7)
    assert (
        row(second, "new-chi-doan", "children").done,
        row(second, "new-chi-doan", "children").target,
    ) == (0, 9)
    assert row(second, "new-doan-vien", "children").done == 12
    counted = figures_for(
        plan, tree.leader, {"ky": "quy", "quy": "2024-2", "ke-ca-chua-duyet": "1"}
    )
    assert row(counted, "new-chi-doan", "children").done == 1
    assert row(counted, "new-doan-vien", "children").done == 17


def test_a_month_is_measured_against_its_quarters_whole_target(tree, plan, activity):
    april = row(
        figures_for(plan, tree.leader, {"ky": "thang", "thang": "2024-04"}),
        "new-doan-vien",
        "children",
    )
    # April has no target of its own: Q II's 100, of which 12 done by 30/04 (12 %). Seen on
    # 30/06 the month is over, but Q II's target is due at its end: not a failure.
    assert (april.target, april.done, april.percent) == (100, 12, 12)
    assert (april.deadline, april.status) == (Q2, progress.DUE_LATER)


def test_a_range_of_months_spans_quarters(tree, plan, activity):
    rows = figures_for(plan, tree.leader, {"ky": "tuy-chon", "tu": "2024-03", "den": "2024-04"})
    chi_doan = row(rows, "new-chi-doan", "children")
    # 31 of Q I's 91 days of 7 and 30 of Q II's 91 of 9: 5,35…, shown with one decimal.
    assert (chi_doan.target, chi_doan.done) == (Decimal("5.4"), 1)
    assert chi_doan.target_exact == Decimal(7 * 31 + 9 * 30) / 91


def test_year_to_date_expects_what_the_roadmap_asks_by_today(tree, plan, activity):
    rows = figures_for(plan, tree.leader, {"ky": "nam"}, today=date(2024, 4, 30))
    chi_doan = row(rows, "new-chi-doan", "children")
    # By 30/04: all of Q I (7) and 30/91 of Q II's 9: 9,97…, shown 10.
    assert chi_doan.target == 10
    assert chi_doan.target_exact.quantize(Decimal("0.01")) == Decimal("9.97")
    assert chi_doan.done == 1


# One unit's subtree


def test_a_ward_is_measured_against_what_is_allocated_to_it(tree, plan, activity, allocated):
    rows = figures_for(plan, tree.leader, {"don-vi": str(tree.binh_tri_dong_b.pk)})
    chi_doan = row(rows, "new-chi-doan", "unit")
    assert (chi_doan.target, chi_doan.done, chi_doan.percent) == (2, 1, Decimal("50.0"))
    assert row(rows, "new-doan-vien", "unit").done == 12  # no allocation: done, no target
    assert row(rows, "new-doan-vien", "unit").target is None


def test_the_whole_plan_splits_what_the_district_and_its_wards_did(tree, plan, activity):
    chi_doan = Metric.objects.get(code="new-chi-doan")
    roadmap_save(
        plan=plan,
        user=tree.staff,
        cells=[TargetCell(chi_doan, "total", Q2, Decimal(20), is_cumulative=True)],
        reason="Thêm chỉ tiêu chung",
    )
    total = row(figures_for(plan, tree.leader, {}), "new-chi-doan", "total")
    assert total.done == 1 and total.split == (0, 1)


def test_units_of_a_province_roll_up_their_wards(tree, activity):
    """A plan of the city counts Bình Tân's wards under Bình Tân."""
    city_plan = PlanFactory(issuing_unit=tree.city)
    doan_vien = Metric.objects.get(code="new-doan-vien")
    roadmap_save(
        plan=city_plan,
        user=None,
        cells=[TargetCell(doan_vien, "children", Q2, Decimal(50))],
    )
    city_plan.status = Plan.Status.ISSUED
    city_plan.save()
    figures = progress.plan_figures(plan=city_plan, today=JUNE_30, scope=tree.city)
    _metrics, units = progress.ward_table(plan=city_plan, today=JUNE_30, figures=figures)
    done = {r.unit.name: r.cells[0].done for r in units}
    assert done == {"Quận Đoàn Bình Tân": 12, "Quận Đoàn 12": 0}
    assert (
        row(
            progress.plan_progress(plan=city_plan, today=JUNE_30, figures=figures),
            "new-doan-vien",
            "children",
        ).done
        == 12
    )


def test_the_drill_down_lists_a_wards_months_and_founded_branches(
    client, tree, plan, activity, allocated
):
    client.force_login(tree.staff)
    url = reverse("plans:progress", args=[plan.pk])
    body = client.get(url, {"don-vi": tree.binh_tri_dong_b.pk, "ky": "quy", "quy": "2024-1"})
    html = body.content.decode()
    assert "Chi đoàn mới Đoàn phường Bình Trị Đông B 3103" in html
    assert "Công ty mới Đoàn phường Bình Trị Đông B 3103" in html  # its host
    assert "31/03/2024" in html
    # Q I's three months, each with the ward's own report state.
    assert [line.month for line in body.context["unit_months"]] == [
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]
    assert body.context["unit_months"][2].report.report is not None


def test_a_ward_secretary_sees_only_their_ward(client, tree, plan, activity):
    client.force_login(tree.secretary)
    url = reverse("plans:progress", args=[plan.pk])
    response = client.get(url)
    assert response.context["figures"].scope == tree.binh_tri_dong_b
    assert "Đoàn phường An Lạc" not in response.content.decode()
    asked = client.get(url, {"don-vi": tree.an_lac.pk})
    assert asked.context["figures"].scope == tree.binh_tri_dong_b
    assert "Đoàn phường An Lạc" not in asked.content.decode()
    assert asked.context["filters"].errors["don-vi"]


# Bad filters


@pytest.mark.parametrize(
    ("params", "message", "kept"),
    [
        ({"ky": "thang"}, "Chọn một tháng.", '<option value="thang" selected>'),
        ({"ky": "thang", "thang": "tháng ba"}, "Nhập tháng theo dạng 2024-03.", 'value="tháng ba"'),
        (
            {"ky": "thang", "thang": "2023-05"},
            "Kế hoạch thực hiện từ 01/01/2024 đến 31/12/2024",
            'value="2023-05"',
        ),
        (
            {"ky": "tuy-chon", "tu": "2024-05", "den": "2024-02"},
            "Tháng cuối đứng trước tháng đầu.",
            'value="2024-02"',
        ),
        (
            {"ky": "quy", "quy": "2031-9"},
            "Hãy chọn một lựa chọn hợp lệ",
            '<option value="quy" selected>',
        ),
    ],
)
def test_bad_filters_are_said_kept_and_the_whole_plan_is_shown(
    client, tree, plan, activity, params, message, kept
):
    client.force_login(tree.leader)
    response = client.get(reverse("plans:progress", args=[plan.pk]), params)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert kept in html
    assert response.context["figures"].window.whole_plan


# Sorting and charts


def test_the_unit_table_sorts_by_share_done(client, tree, plan, activity, allocated):
    client.force_login(tree.leader)
    url = reverse("plans:progress", args=[plan.pk])
    names = [r.unit.name for r in client.get(url, {"sap-xep": "-ty-le"}).context["wards"]]
    assert names == ["Đoàn phường Bình Trị Đông B", "Đoàn phường An Lạc"]
    names = [r.unit.name for r in client.get(url, {"sap-xep": "ten"}).context["wards"]]
    assert names == ["Đoàn phường An Lạc", "Đoàn phường Bình Trị Đông B"]


def test_charts_are_svg_with_plain_coordinates_and_no_inline_style(client, tree, plan, activity):
    client.force_login(tree.leader)
    response = client.get(reverse("plans:progress", args=[plan.pk]))
    html = response.content.decode()
    polylines = re.findall(r'<polyline points="([^"]*)"', html)
    assert polylines
    for points in polylines:
        assert re.fullmatch(r"\d+\.\d,\d+\.\d( \d+\.\d,\d+\.\d)*", points), points
    assert "style=" not in html and "<script>" not in html
    assert "style-src 'self'" in response["Content-Security-Policy"]


def test_the_cumulative_chart_climbs_to_what_was_done(tree, plan, activity):
    chi_doan = row(progress.plan_progress(plan=plan, today=JUNE_30), "new-chi-doan", "children")
    chart = charts.cumulative_chart(
        chi_doan, starts_on=plan.starts_on, ends_on=plan.ends_on, as_of=JUNE_30
    )
    # Roadmap 7 by Q I and 16 by Q II; the axis tops at 20, so 16 is 4/5 up.
    assert [p.label for p in chart.planned] == ["", "7", "16", "16", "16"]
    assert [t.label for t in chart.y_ticks] == ["0", "10", "20"]
    plot_height = chart.bottom - 12
    assert chart.planned[2].y == pytest.approx(12 + plot_height * 0.2)
    assert chart.planned[2].sy == f"{12 + plot_height * 0.2:.1f}"  # as the SVG reads it
    assert chart.done[-1].label == "1"


def test_the_heat_map_has_a_cell_per_ward_and_month(tree, plan, activity):
    figures = progress.plan_figures(plan=plan, today=JUNE_30)
    _metrics, units = progress.ward_table(plan=plan, today=JUNE_30, figures=figures)
    heat = charts.timeliness_heat_map(units)
    assert len(heat.cells) == 2 * 6
    titles = {c.title.split(":")[0] for c in heat.cells}
    assert "Đoàn phường An Lạc, 05/2024" in titles
    may = next(c for c in heat.cells if c.title.startswith("Đoàn phường An Lạc, 05/2024"))
    assert may.colour == charts.STATE_COLOURS["missing"]


# Home pages


@pytest.fixture
def inconsistent_plan(tree):
    """Quarters asking 5 while the year asks 3: a finding."""
    plan = PlanFactory(issuing_unit=tree.binh_tan, title="Kế hoạch chưa khớp")
    metric = Metric.objects.get(code="new-chi-hoi")
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(metric, "total", Q1, Decimal(5)),
            TargetCell(metric, "total", Period.year(2024), Decimal(3)),
        ],
    )
    return plan


def test_leadership_see_each_plan_with_its_headline_figures(client, tree, plan, activity):
    client.force_login(tree.leader)
    with time_machine.travel("2024-06-30 12:00 +07:00", tick=False):
        html = client.get(reverse("home")).content.decode()
    assert plan.title in html
    # Chi đoàn by the wards: 1 accepted against 16, 6,3 %.
    assert "1 / 16" in html and "(6,3 %)" in html


def test_staff_see_what_waits_for_them(client, tree, plan, activity, inconsistent_plan):
    client.force_login(tree.staff)
    with time_machine.travel("2024-06-12 12:00 +07:00", tick=False):
        response = client.get(reverse("home"))
    html = response.content.decode()
    panel = response.context["panel"]
    assert [(r.unit.name, r.month) for r in panel.waiting] == [
        ("Đoàn phường An Lạc", date(2024, 4, 1))
    ]
    # May was due on 10/06: neither ward sent it; April is An Lạc's and BTĐB's, sent.
    assert [(u.name, months) for u, months in panel.missing] == [
        ("Đoàn phường An Lạc", [date(2024, 5, 1)]),
        ("Đoàn phường Bình Trị Đông B", [date(2024, 5, 1)]),
    ]
    assert [p.title for p, _findings in panel.inconsistent] == ["Kế hoạch chưa khớp"]
    assert "Lộ trình chưa khớp" in html and "Kế hoạch chưa khớp" in html


def test_a_ward_secretary_sees_their_report_and_allocation(client, tree, plan, activity, allocated):
    client.force_login(tree.secretary)
    with time_machine.travel("2024-05-03 12:00 +07:00", tick=False):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["month_row"].month == date(2024, 4, 1)
    assert "Báo cáo tháng 04/2024 của bạn" in html and "Đã duyệt" in html
    headline = response.context["headlines"][0]
    assert headline.scope == tree.binh_tri_dong_b
    chi_doan = next(r for r in headline.rows if r.metric.code == "new-chi-doan")
    assert (chi_doan.done, chi_doan.target) == (1, 2)


# Cost


def _grow(tree, start, stop):
    for n in range(start, stop):
        UnitFactory(parent=tree.binh_tan, name=f"Phường {n}")


@pytest.mark.parametrize("user", ["leader", "staff", "secretary"])
def test_home_costs_the_same_queries_for_10_or_50_wards(
    client, tree, plan, activity, inconsistent_plan, user, django_assert_max_num_queries
):
    client.force_login(getattr(tree, user))
    _grow(tree, 0, 8)
    with django_assert_max_num_queries(60) as ten:
        client.get(reverse("home"))
    _grow(tree, 8, 48)
    with django_assert_max_num_queries(60) as fifty:
        client.get(reverse("home"))
    assert len(fifty.captured_queries) == len(ten.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"ky": "quy", "quy": "2024-2", "sap-xep": "-ty-le"},
        {"ky": "tuy-chon", "tu": "2024-01", "den": "2024-06"},
    ],
)
def test_filtered_progress_costs_the_same_queries_for_10_or_50_wards(
    client, tree, plan, activity, params, django_assert_max_num_queries
):
    client.force_login(tree.leader)
    url = reverse("plans:progress", args=[plan.pk])
    _grow(tree, 0, 8)
    with django_assert_max_num_queries(40) as ten:
        client.get(url, params)
    _grow(tree, 8, 48)
    with django_assert_max_num_queries(40) as fifty:
        client.get(url, params)
    assert len(fifty.captured_queries) == len(ten.captured_queries)


def test_a_wards_drill_down_costs_the_same_queries_for_6_or_12_months(
    client, tree, plan, activity, django_assert_max_num_queries
):
    client.force_login(tree.staff)
    url = reverse("plans:progress", args=[plan.pk])
    params = {"don-vi": tree.binh_tri_dong_b.pk}
    with (
        time_machine.travel("2024-06-30 12:00 +07:00", tick=False),
        django_assert_max_num_queries(40) as six,
    ):
        client.get(url, params)
    with (
        time_machine.travel("2026-01-15 12:00 +07:00", tick=False),
        django_assert_max_num_queries(40) as later,
    ):
        client.get(url, params)
    assert len(later.captured_queries) == len(six.captured_queries)


def test_in_a_quarter_a_ward_is_asked_its_whole_allocation_due_after_it(
    tree, plan, activity, allocated
):
    """2 chi đoàn by 30/06, not half of them in Q I: in Q I the ward founded 1 of the 2."""
    form = ProgressFilterForm(
        {"ky": "quy", "quy": "2024-1"}, plan=plan, user=tree.leader, today=JUNE_30
    )
    assert form.is_valid()
    figures = progress.plan_figures(plan=plan, today=JUNE_30, window=form.window)
    metrics, units = progress.ward_table(plan=plan, today=JUNE_30, figures=figures)
    column = [m.code for m in metrics].index("new-chi-doan")
    cell = next(r for r in units if r.unit == tree.binh_tri_dong_b).cells[column]
    assert (cell.target, cell.done, cell.percent, cell.deadline) == (2, 1, 50, Q2)


def test_staff_home_lists_the_share_out_findings_the_plan_page_gives(client, tree):
    """Bình Tân's plan asks its wards 9 chi đoàn in Q I; Mục II.4.3 asks Bình Trị Đông B
    and An Lạc at least 5 each by the end of Q I (10, more than 9), and a section for the
    year asks Bình Trị Đông B at least 3 (less than the 5 of Q I), and gives Quận 12's
    Hiệp Thành, outside Bình Tân, 1. The home page, which reads share-outs as values, lists
    the findings the plan page lists."""
    chi_doan = Metric.objects.get(code="new-chi-doan")
    plan = PlanFactory(issuing_unit=tree.binh_tan, title="Kế hoạch giao chỉ tiêu")
    roadmap_save(plan=plan, user=None, cells=[TargetCell(chi_doan, "children", Q1, Decimal(9))])
    wards = (tree.binh_tri_dong_b, tree.an_lac)
    share_out(plan, {(ward.pk, chi_doan.pk): 5 for ward in wards}, period=Q1)
    outsider = UnitFactory(parent=tree.quan_12, name="Đoàn phường Hiệp Thành")
    allocation_set_save(
        plan=plan,
        user=None,
        allocation_set=None,
        period=Period.year(2024),
        source_ref="Mục III",
        is_minimum=True,
        note="",
        values={(tree.binh_tri_dong_b.pk, chi_doan.pk): Decimal(3), (outsider.pk, chi_doan.pk): 1},
        reason="",
    )
    on_plan_page = [f.message for f in plan_page(plan=plan, user=tree.staff)["findings"]]
    assert len(on_plan_page) == 3, on_plan_page
    client.force_login(tree.staff)
    panel = client.get(reverse("home")).context["panel"]
    [(shown, findings)] = panel.inconsistent
    assert shown == plan
    assert [f.message for f in findings] == on_plan_page
