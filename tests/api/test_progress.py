"""Progress against the roadmap: the figures of the plan's progress page, as JSON."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import monthly_report

pytestmark = pytest.mark.django_db
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_JUNE = "2024-06-30 12:00 +07:00"


@pytest.fixture
def activity(tree, plan):
    """Bình Trị Đông B: a chi đoàn founded 31/03 (reported on time) and 12 đoàn viên in
    April (reported late), both accepted. An Lạc: a chi đoàn founded 01/04 and 5 đoàn
    viên, reported on time for April, not yet accepted."""
    ward, an_lac = tree.binh_tri_dong_b, tree.an_lac
    at = datetime(2024, 4, 5, 9, tzinfo=SAIGON)
    monthly_report(
        ward,
        date(2024, 3, 1),
        tree.secretary,
        founded_on=date(2024, 3, 31),
        staff=tree.staff,
        now=at,
    )
    at = datetime(2024, 5, 13, 8, tzinfo=SAIGON)
    monthly_report(ward, date(2024, 4, 1), tree.secretary, doan_vien=12, staff=tree.staff, now=at)
    at = datetime(2024, 5, 9, 8, tzinfo=SAIGON)
    monthly_report(
        an_lac,
        date(2024, 4, 1),
        tree.other_secretary,
        founded_on=date(2024, 4, 1),
        doan_vien=5,
        now=at,
    )


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def get(client, plan, **params):
    with time_machine.travel(END_OF_JUNE, tick=False):
        return client.get(f"/api/plans/{plan.pk}/progress", params)


def row(body, code, level) -> dict:
    return next(r for r in body["targets"] if r["metric"]["code"] == code and r["level"] == level)


def cells(body, unit) -> dict:
    line = next(u for u in body["units"] if u["unit"]["id"] == unit.pk)
    return {c["metric"]: (c["target"], c["done"], c["percent"]) for c in line["cells"]}


def test_each_target_at_the_end_of_june(login, tree, plan, activity):
    body = get(login(tree.leader), plan).json()
    assert body["as_of"] == "2024-06-30"
    assert body["scope"]["name"] == "Quận Đoàn Bình Tân"
    assert body["window"]["whole_plan"] is True
    chi_doan = row(body, "new-chi-doan", "children")
    # 16 in the year (7 + 9); by 30/06 all 16 were due; 1 done (An Lạc's waits for review)
    assert (chi_doan["target"], chi_doan["expected_now"], chi_doan["done"]) == (16, 16, 1)
    assert chi_doan["percent"] == 6.3  # 1 / 16 = 6.25 %, rounded half up
    assert chi_doan["status"] == "at_risk"
    assert chi_doan["forecast"] == 2.0  # 1 in 182 of 366 days: 2.01 by 31/12
    assert chi_doan["quarters"] == [
        {"label": "Quý I/2024", "planned": 7, "planned_exact": 7, "actual": 1},
        {"label": "Quý II/2024", "planned": 16, "planned_exact": 16, "actual": 1},
        {"label": "Quý III/2024", "planned": 16, "planned_exact": 16, "actual": None},
        {"label": "Quý IV/2024", "planned": 16, "planned_exact": 16, "actual": None},
    ]
    doan_vien = row(body, "new-doan-vien", "children")
    assert (doan_vien["target"], doan_vien["done"], doan_vien["percent"]) == (100, 12, 12)
    assert row(body, "new-chi-doan", "own")["done"] == 0


def test_each_ward_with_its_allocation_and_its_reporting_record(login, tree, plan, activity):
    body = get(login(tree.leader), plan).json()
    assert [m["code"] for m in body["metrics"]] == ["new-chi-doan", "new-doan-vien"]
    assert cells(body, tree.binh_tri_dong_b) == {
        "new-chi-doan": (2, 1, 50),
        "new-doan-vien": (10, 12, 120),
    }
    assert cells(body, tree.an_lac) == {"new-chi-doan": (2, 0, 0), "new-doan-vien": (10, 0, 0)}
    ward = next(u for u in body["units"] if u["unit"]["id"] == tree.binh_tri_dong_b.pk)
    # January to June: March on time, April late, June not yet due, the rest missing
    assert (ward["on_time"], ward["late"], ward["missing"]) == (1, 1, 3)
    assert ward["percent"] == 75  # half of its chi đoàn, all of its đoàn viên


def test_reports_not_yet_accepted_count_when_asked(login, tree, plan, activity):
    body = get(login(tree.leader), plan, **{"ke-ca-chua-duyet": "1"}).json()
    assert body["include_submitted"] is True
    assert row(body, "new-doan-vien", "children")["done"] == 17
    assert row(body, "new-chi-doan", "children")["done"] == 2
    assert cells(body, tree.an_lac) == {"new-chi-doan": (2, 1, 50), "new-doan-vien": (10, 5, 50)}


def test_a_quarter_counts_only_its_months(login, tree, plan, activity):
    body = get(login(tree.leader), plan, ky="quy", quy="2024-2").json()
    assert body["window"] == {
        "start": "2024-04-01",
        "end": "2024-06-30",
        "label": "Quý II/2024",
        "whole_plan": False,
    }
    chi_doan = row(body, "new-chi-doan", "children")
    assert (chi_doan["target"], chi_doan["done"]) == (9, 0)  # the March chi đoàn is Quý I's
    assert row(body, "new-doan-vien", "children")["done"] == 12


def test_a_unit_below_counts_its_own_subtree(login, tree, plan, activity):
    body = get(login(tree.leader), plan, **{"don-vi": tree.binh_tri_dong_b.pk}).json()
    assert body["scope"]["id"] == tree.binh_tri_dong_b.pk
    assert row(body, "new-doan-vien", "unit")["done"] == 12


def test_a_ward_secretary_sees_their_own_ward_by_default(login, tree, plan, activity):
    body = get(login(tree.other_secretary), plan).json()
    assert body["scope"]["name"] == "Đoàn phường An Lạc"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ky": "quy"}, "quy"),
        ({"ky": "thang", "thang": "2024-13"}, "thang"),
        ({"ky": "tuy-chon", "tu": "2024-06", "den": "2024-01"}, "den"),
        ({"ky": "hom-qua"}, "ky"),
    ],
)
def test_bad_parameters_are_a_422_naming_the_field(login, tree, plan, params, field):
    response = get(login(tree.leader), plan, **params)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_another_districts_unit_cannot_be_counted(login, tree, plan):
    response = get(login(tree.leader), plan, **{"don-vi": tree.thanh_loc.pk})
    assert response.status_code == 422


def test_another_districts_plan_is_a_404(login, tree, plan):
    assert get(login(tree.q12_staff), plan).status_code == 404


@pytest.mark.parametrize("params", [{}, {"ky": "quy", "quy": "2024-2", "ke-ca-chua-duyet": "1"}])
def test_the_api_gives_the_figures_of_the_progress_page(login, tree, plan, activity, params):
    client = login(tree.leader)
    body = get(client, plan, **params).json()
    with time_machine.travel(END_OF_JUNE, tick=False):
        page = client.get(reverse("plans:progress", args=[plan.pk]), params).context
    assert [
        (r["metric"]["code"], r["level"], r["target"], r["done"], r["percent"], r["status"])
        for r in body["targets"]
    ] == [
        (r.metric.code, r.level, number(r.target), number(r.done), number(r.percent), r.status)
        for r in page["rows"]
    ]
    assert {u["unit"]["id"]: [c["done"] for c in u["cells"]] for u in body["units"]} == {
        w.unit.pk: [number(c.done) for c in w.cells] for w in page["wards"]
    }


def test_progress_costs_the_same_queries_for_10_or_50_wards(
    login, tree, plan, activity, grow, django_assert_num_queries
):
    client = login(tree.leader)
    grow(10)
    with django_assert_num_queries(15):
        assert get(client, plan).status_code == 200
    grow(50)  # new wards: a new revision, the answer is computed again
    with django_assert_num_queries(15):
        assert len(get(client, plan).json()["units"]) == 50
    # Asked again with nothing written since: the answer kept, the same.
    with django_assert_num_queries(4):
        assert len(get(client, plan).json()["units"]) == 50
