"""The metric catalogue, as each person sees it."""

import pytest

from targets.models import Metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_metric(tree):
    return Metric.objects.create(
        code="cong-trinh-thanh-nien",
        name="Công trình thanh niên",
        unit_of_measure="công trình",
        source=Metric.Source.REPORTED,
        owner_unit=tree.binh_tan,
    )


def codes(client) -> set[str]:
    return {m["code"] for m in client.get("/api/metrics").json()}


def test_a_ward_sees_the_shipped_catalogue_and_its_districts_metrics(login, tree, district_metric):
    shipped = set(Metric.objects.filter(owner_unit=None).values_list("code", flat=True))
    assert codes(login(tree.secretary)) == shipped | {"cong-trinh-thanh-nien"}


def test_a_count_says_it_takes_whole_numbers_and_a_share_one_decimal(login, tree):
    metrics = {m["code"]: m for m in login(tree.staff).get("/api/metrics").json()}
    assert metrics["new-doan-vien"]["decimal_places"] == 0
    assert metrics["coverage-doan-500"]["decimal_places"] == 1


def test_another_district_does_not_see_them(login, tree, district_metric):
    assert "cong-trinh-thanh-nien" not in codes(login(tree.q12_staff))


def test_a_metric_says_where_its_actual_comes_from_and_who_defined_it(login, tree, district_metric):
    metrics = login(tree.staff).get("/api/metrics").json()
    metric = next(m for m in metrics if m["code"] == "cong-trinh-thanh-nien")
    assert metric == {
        "id": district_metric.pk,
        "code": "cong-trinh-thanh-nien",
        "name": "Công trình thanh niên",
        "unit_of_measure": "công trình",
        "source": "reported",
        "description": "",
        "decimal_places": 0,
        "is_additive": True,
        "is_active": True,
        "owner_unit": {"id": tree.binh_tan.pk, "name": "Quận Đoàn Bình Tân"},
    }


def test_metrics_cost_the_same_queries_for_10_or_50_wards(
    login, tree, grow, district_metric, django_assert_num_queries
):
    client = login(tree.secretary)
    grow(10)
    with django_assert_num_queries(3):
        client.get("/api/metrics")
    grow(50)
    with django_assert_num_queries(3):
        client.get("/api/metrics")
