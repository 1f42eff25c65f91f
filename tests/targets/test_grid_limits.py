"""The largest grids a plan allows save as typed, and a grid that would carry more fields
than one request may says so before anything is typed into it.

A 6-year plan (2024–2029) has 24 quarters and 6 years: with every metric of the shipped
catalogue (16), three levels of 30 cells and a "where in the plan" per metric, its roadmap
grid posts 16 × (1 + 3 × 30) = 1,456 fields, plus the 16 metrics shown, the CSRF token and
the metric picker: 1,474, over Django's default limit of 1,000."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Metric, Target
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies
    return django_app


@pytest.fixture
def six_year_plan(tree):
    """Every metric of the catalogue in the roadmap, one year target each."""
    plan = PlanFactory(
        issuing_unit=tree.binh_tan,
        year=2024,
        starts_on=date(2024, 1, 1),
        ends_on=date(2029, 12, 31),
    )
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(metric, "children", Period.year(2024), Decimal(10))
            for metric in Metric.objects.without_unit()
        ],
    )
    return plan


def grid_url(plan) -> str:
    return reverse("targets:roadmap_edit", args=[plan.pk])


def test_a_six_year_roadmap_with_every_metric_saves_every_typed_cell(app, tree, six_year_plan):
    app.set_user(tree.staff)
    form = app.get(grid_url(six_year_plan)).forms[1]
    assert len(form.submit_fields()) == 1474
    metrics = list(Metric.objects.without_unit())
    for metric in metrics:
        for year in range(2024, 2030):
            for quarter in (1, 2, 3, 4):
                form[f"t-{metric.pk}-children-{year}-Q{quarter}"] = "3"
    page = form.submit().maybe_follow()
    assert "Đã lưu lộ trình" in page.text
    quarters = Target.objects.filter(
        version__plan=six_year_plan, period_kind="quarter", level="children"
    )
    assert quarters.count() == len(metrics) * 24
    assert {t.value for t in quarters} == {Decimal(3)}


def test_adding_a_metric_that_would_overflow_a_save_is_refused_with_the_cells_kept(
    app, tree, six_year_plan, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1600  # room for 16 metrics, not 17
    own = Metric.objects.create(
        code="cong-trinh",
        name="Công trình thanh niên",
        unit_of_measure="công trình",
        source="reported",
        owner_unit=tree.binh_tan,
    )
    app.set_user(tree.staff)
    form = app.get(grid_url(six_year_plan)).forms[1]
    chi_doan = Metric.objects.get(code="new-chi-doan")
    form[f"t-{chi_doan.pk}-children-2025-Q2"] = "4"
    form["add_metric"] = str(own.pk)
    page = form.submit("add")
    assert "Chưa thêm chỉ tiêu này" in page.text
    assert f"t-{own.pk}-children-2024-Q1" not in page.forms[1].fields
    assert page.forms[1][f"t-{chi_doan.pk}-children-2025-Q2"].value == "4"


def test_a_grid_already_too_large_says_so_before_anything_is_typed(
    app, tree, six_year_plan, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    app.set_user(tree.staff)
    page = app.get(grid_url(six_year_plan))
    assert "vượt quá 1000 trường" in page.text


def test_a_post_over_the_limit_gets_a_vietnamese_page_and_saves_nothing(
    app, tree, six_year_plan, settings
):
    app.set_user(tree.staff)
    form = app.get(grid_url(six_year_plan)).forms[1]
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # lowered after the page was opened
    chi_doan = Metric.objects.get(code="new-chi-doan")
    form[f"t-{chi_doan.pk}-children-2025-Q2"] = "4"
    page = form.submit(status=400)
    assert "Không đọc được yêu cầu" in page.text
    assert "nhiều hơn 1000 trường" in page.text
    assert not Target.objects.filter(period_kind="quarter").exists()
