"""Plans and their roadmaps, scoped like the plan pages."""

import pytest

from plans.models import Plan
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_the_list_gives_each_plans_header_and_page(login, tree, plan):
    item = login(tree.leader).get("/api/plans").json()["items"][0]
    assert item == {
        "id": plan.pk,
        "number": "105-KH/QĐBT",
        "year": 2024,
        "title": "Kế hoạch phát triển đoàn viên",
        "status": "issued",
        "issuing_unit": {"id": tree.binh_tan.pk, "name": "Quận Đoàn Bình Tân"},
        "starts_on": "2024-01-01",
        "ends_on": "2024-12-31",
        "url": f"http://testserver/ke-hoach/{plan.pk}/",
    }


def test_the_list_filters_by_year_and_searches_without_diacritics(login, tree, plan):
    PlanFactory(issuing_unit=tree.binh_tan, year=2025, title="Kế hoạch Tháng Thanh niên")
    client = login(tree.leader)
    assert client.get("/api/plans", {"year": 2025}).json()["count"] == 1
    titles = [p["title"] for p in client.get("/api/plans", {"q": "phat trien"}).json()["items"]]
    assert titles == ["Kế hoạch phát triển đoàn viên"]


def test_the_list_is_paginated(login, tree):
    for n in range(27):
        PlanFactory(issuing_unit=tree.binh_tan, title=f"Kế hoạch {n}")
    client = login(tree.leader)
    assert len(client.get("/api/plans").json()["items"]) == 25
    second = client.get("/api/plans", {"page": 2}).json()
    assert (len(second["items"]), second["count"]) == (2, 27)


def test_another_districts_plan_is_a_404(login, tree, plan):
    response = login(tree.q12_staff).get(f"/api/plans/{plan.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_ward_secretary_sees_the_districts_issued_plan_but_not_its_draft(login, tree, plan):
    draft = PlanFactory(issuing_unit=tree.binh_tan, title="Dự thảo kế hoạch")
    client = login(tree.secretary)
    assert [p["id"] for p in client.get("/api/plans").json()["items"]] == [plan.pk]
    assert client.get(f"/api/plans/{plan.pk}").status_code == 200
    assert client.get(f"/api/plans/{draft.pk}").status_code == 404


def test_a_plan_comes_with_its_roadmap_in_force(login, tree, plan):
    body = login(tree.leader).get(f"/api/plans/{plan.pk}").json()
    assert body["plan"]["id"] == plan.pk
    roadmap = body["roadmap"]
    assert roadmap["version"] == 1
    q2 = next(
        t
        for t in roadmap["targets"]
        if t["metric"]["code"] == "new-chi-doan" and t["period"]["start"] == "2024-04-01"
    )
    assert q2 == {
        "metric": {
            "code": "new-chi-doan",
            "name": q2["metric"]["name"],
            "unit_of_measure": "chi đoàn",
        },
        "level": "children",
        "level_label": "Cấp cơ sở",  # the wards' level, named by their kind
        "period": {
            "kind": "quarter",
            "start": "2024-04-01",
            "end": "2024-06-30",
            "label": "Quý II/2024",
        },
        "value": 9,
        "is_cumulative": False,
        "source_ref": "",
    }
    assert len(roadmap["targets"]) == 4
    (allocation_set,) = roadmap["allocation_sets"]
    assert allocation_set["source_ref"] == "Mục II.4.3"
    assert allocation_set["period"]["label"] == "Năm 2024"
    assert {
        (a["unit"]["name"], a["metric"]["code"], a["value"]) for a in allocation_set["allocations"]
    } == {
        ("Đoàn phường An Lạc", "new-chi-doan", 2),
        ("Đoàn phường An Lạc", "new-doan-vien", 10),
        ("Đoàn phường Bình Trị Đông B", "new-chi-doan", 2),
        ("Đoàn phường Bình Trị Đông B", "new-doan-vien", 10),
    }


@pytest.mark.parametrize(("url", "queries"), [("/api/plans", 4), ("/api/plans/{pk}", 10)])
def test_plans_cost_the_same_queries_for_10_or_50_wards(
    login, tree, plan, grow, url, queries, django_assert_num_queries
):
    client = login(tree.leader)
    url = url.format(pk=plan.pk)
    grow(10)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(50)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_list_keeps_its_statuses(login, tree, plan):
    PlanFactory(issuing_unit=tree.binh_tan, title="Dự thảo")
    body = login(tree.staff).get("/api/plans", {"status": Plan.Status.DRAFT}).json()
    assert [p["title"] for p in body["items"]] == ["Dự thảo"]
