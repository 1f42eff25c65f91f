"""Whether monthly reports came in on time, unit by unit and month by month."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from organizations.models import User
from reports import services as report_services
from reports.models import Extension
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = "2024-05-20 12:00 +07:00"


def submit(unit, month: date, at: datetime, user) -> None:
    report = report_services.report_open(unit=unit, month=month)
    report_services.report_submit(report=report, user=user, now=at)


@pytest.fixture
def record(tree):
    """Bình Trị Đông B: February on time, March ten hours late, April missing.
    An Lạc: nothing, but until 31/05 for April."""
    ward = tree.binh_tri_dong_b
    submit(ward, date(2024, 2, 1), datetime(2024, 3, 8, 9, tzinfo=SAIGON), tree.secretary)
    submit(ward, date(2024, 3, 1), datetime(2024, 4, 11, 10, tzinfo=SAIGON), tree.secretary)
    Extension.objects.create(
        unit=tree.an_lac,
        month=date(2024, 4, 1),
        due_at=datetime(2024, 5, 31, 17, tzinfo=SAIGON),
        reason="Bí thư đi học",
        granted_by=tree.staff,
    )


def timeliness(client, unit, **params):
    with time_machine.travel(NOW, tick=False):
        return client.get(f"/api/units/{unit.pk}/timeliness", params)


def months_of(body, name) -> list[dict]:
    return next(row["months"] for row in body["units"] if row["unit"]["name"] == name)


def test_each_month_says_whether_the_report_came_in_on_time(login, tree, record):
    ward = tree.binh_tri_dong_b
    body = timeliness(login(tree.secretary), ward, **{"from": "2024-02", "to": "2024-05"}).json()
    february, march, april, may = months_of(body, ward.name)
    assert february == {
        "month": "2024-02",
        "state": "on_time",
        "due_at": "2024-03-10T23:59:59.999+07:00",
        "first_submitted_at": "2024-03-08T09:00:00+07:00",
        "late_by": None,
        "report_status": "submitted",
    }
    assert (march["state"], march["late_by"]) == ("late", 10 * 3600)
    assert (april["state"], april["report_status"]) == ("missing", None)
    assert may["state"] == "not_yet_due"


def test_a_district_gets_its_own_months_then_each_of_its_wards(login, tree, record):
    body = timeliness(login(tree.staff), tree.binh_tan, **{"from": "2024-03", "to": "2024-04"})
    body = body.json()
    assert (body["start"], body["end"]) == ("2024-03", "2024-04")
    assert [row["unit"]["name"] for row in body["units"]] == [
        "Quận Đoàn Bình Tân",
        "Đoàn phường An Lạc",
        "Đoàn phường Bình Trị Đông B",
    ]
    march, april = months_of(body, "Đoàn phường An Lạc")
    assert (march["state"], april["state"]) == ("missing", "not_yet_due")
    assert april["due_at"] == "2024-05-31T17:00:00+07:00"


def test_the_top_of_the_tree_reports_to_nobody(login, tree):
    city_leader = UserFactory(unit=tree.city, role=User.Role.LEADERSHIP)
    body = timeliness(login(city_leader), tree.city).json()
    assert [row["unit"]["name"] for row in body["units"]] == [
        "Quận Đoàn 12",
        "Quận Đoàn Bình Tân",
    ]


def test_by_default_it_covers_the_six_months_before_this_one(login, tree):
    body = timeliness(login(tree.staff), tree.binh_tan).json()
    assert (body["start"], body["end"]) == ("2023-11", "2024-04")
    assert len(body["units"][0]["months"]) == 6


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2022-01", "to": "2024-01"},  # 25 months
        {"from": "2024-05", "to": "2024-02"},
        {"from": "2024-13"},
        {"to": "tháng 3"},
    ],
)
def test_a_bad_range_is_a_422(login, tree, params):
    response = timeliness(login(tree.staff), tree.binh_tan, **params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_24_months_are_allowed(login, tree):
    response = timeliness(login(tree.staff), tree.binh_tan, **{"from": "2022-05", "to": "2024-04"})
    assert response.status_code == 200


def test_another_wards_record_is_a_404(login, tree):
    assert timeliness(login(tree.other_secretary), tree.binh_tri_dong_b).status_code == 404
    assert timeliness(login(tree.q12_staff), tree.binh_tri_dong_b).status_code == 404


def test_timeliness_costs_the_same_queries_for_10_or_50_wards(
    login, tree, grow, django_assert_num_queries
):
    client = login(tree.staff)
    params = {"from": "2023-01", "to": "2024-12"}
    grow(10)
    with django_assert_num_queries(7):
        assert timeliness(client, tree.binh_tan, **params).status_code == 200
    grow(50)
    with django_assert_num_queries(7):
        assert len(timeliness(client, tree.binh_tan, **params).json()["units"]) == 51
