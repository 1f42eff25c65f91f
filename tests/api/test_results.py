"""A plan's activities and its result requests through the API, scoped like the pages."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from plans.models import Activity
from results import services as result_services
from targets.models import Metric

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def asked(tree, plan):
    """Seed 001's day on Bình Tân's plan: a district activity over a week, the base units'
    day, and a request due at 16:00 on 24/03/2024 that Bình Trị Đông B answered at 15:59:59
    (120 participants, 8 new members) and An Lạc at 16:00:01."""
    Activity.objects.create(
        plan=plan,
        order=1,
        title="Thăm hỏi Cựu Thanh niên xung phong",
        starts_on=date(2024, 3, 18),
        ends_on=date(2024, 3, 24),
        participants=10,
        participants_who="cựu Thanh niên xung phong",
    )
    day = Activity.objects.create(
        plan=plan,
        order=2,
        level=Activity.Level.CHILDREN,
        title="Các cơ sở Đoàn tổ chức đồng loạt Ngày đoàn viên",
        starts_on=date(2024, 3, 24),
    )
    members = Metric.objects.get(code="new-doan-vien")
    request = result_services.request_create(
        plan=plan,
        user=tree.staff,
        units=[tree.binh_tri_dong_b, tree.an_lac],
        metrics=[members],
        activity=day,
        title="Báo cáo kết quả Ngày đoàn viên",
        due_at=datetime(2024, 3, 24, 16, 0, tzinfo=HCM),
    )
    for unit, user, moment, people, count in (
        (
            tree.binh_tri_dong_b,
            tree.secretary,
            datetime(2024, 3, 24, 15, 59, 59, tzinfo=HCM),
            120,
            8,
        ),
        (tree.an_lac, tree.other_secretary, datetime(2024, 3, 24, 16, 0, 1, tzinfo=HCM), 85, 5),
    ):
        answer = result_services.answer_open(request=request, unit=unit)
        result_services.answer_save(
            answer=answer,
            user=user,
            participants=people,
            values={members.pk: count},
            submit=True,
            now=moment,
        )
    return request


def test_a_plans_activities_come_with_their_days_and_level(client, tree, plan, asked):
    client.force_login(tree.secretary)
    body = client.get(f"/api/plans/{plan.pk}/activities").json()
    assert [(a["level"], a["when"], a["participants"]) for a in body] == [
        ("own", "18/03/2024 đến 24/03/2024", 10),
        ("children", "24/03/2024", None),
    ]
    assert body[1]["level_label"] == "Hoạt động cấp cơ sở"


def test_the_office_reads_every_units_state_and_counts(client, tree, plan, asked):
    client.force_login(tree.staff)
    listed = client.get("/api/result-requests", {"plan": plan.pk}).json()
    assert [r["id"] for r in listed["items"]] == [asked.pk]
    assert listed["items"][0]["units_asked"] == 2
    with time_machine.travel("2024-03-25 08:00 +07:00", tick=False):
        body = client.get(f"/api/result-requests/{asked.pk}").json()
    assert body["due_at"] == "2024-03-24T16:00:00+07:00"
    assert body["asks"] == ["participants", "links", "photos", "text"]
    units = {u["unit"]["name"]: u for u in body["units"]}
    assert units["Đoàn phường Bình Trị Đông B"]["state"] == "on_time"
    assert units["Đoàn phường Bình Trị Đông B"]["submitted_at"] == "2024-03-24T15:59:59+07:00"
    assert units["Đoàn phường An Lạc"]["state"] == "late"
    assert units["Đoàn phường An Lạc"]["counts"] == [{"metric": "new-doan-vien", "value": 5.0}]


def test_a_ward_sees_its_own_line_only_and_another_districts_staff_nothing(
    client, tree, plan, asked
):
    client.force_login(tree.other_secretary)
    body = client.get(f"/api/result-requests/{asked.pk}").json()
    assert [u["unit"]["name"] for u in body["units"]] == ["Đoàn phường An Lạc"]
    client.force_login(tree.q12_staff)
    assert client.get(f"/api/result-requests/{asked.pk}").status_code == 404
    assert client.get("/api/result-requests").json()["items"] == []
    assert client.get(f"/api/plans/{plan.pk}/activities").status_code == 404
