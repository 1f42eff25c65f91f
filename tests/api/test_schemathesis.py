"""The API against the schema it publishes at /api/openapi.json, with requests generated
from that schema (schemathesis): whatever a program sends, it never gets a server error,
and every answer is one the schema documents (status code, content type, body)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from api.models import ApiToken
from config.wsgi import application
from reports.models import Extension, ReportSchedule
from targets.models import Metric
from tests.factories import monthly_report

pytestmark = pytest.mark.django_db
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
OPERATIONS = [
    "GET /api/plans",
    "GET /api/plans/{plan_id}",
    "GET /api/plans/{plan_id}/progress",
    "GET /api/units/{unit_id}/timeliness",
    "GET /api/metrics",
    "GET /api/plans/{plan_id}/activities",
    "GET /api/result-requests",
    "GET /api/result-requests/{request_id}",
]
# These two answer some requests that fit the schema with a 422: a month outside the plan,
# a quarter it does not have, a first month after the last, too many months at once.
CHECKED_BEYOND_THE_SCHEMA = {
    "GET /api/plans/{plan_id}/progress",
    "GET /api/units/{unit_id}/timeliness",
}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis' default
# While the plan is under way: its first half reported, the second half still to come.
TODAY = datetime(2024, 6, 20, 10, tzinfo=SAIGON)


def fuzz(max_examples: int) -> settings:
    """The same examples on every run (CI must not flake), no example database on disk."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def load_schema(label: str | None = None):
    """The schema as the app serves it, requests sent straight to the WSGI application.
    A request that fits the schema must be accepted (or be a 401/404), unless the
    operation ``label`` checks its parameters further and says so with a 422."""
    accepted = [*ACCEPTED, "422"] if label in CHECKED_BEYOND_THE_SCHEMA else ACCEPTED
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"database": "none"},
            "checks": {"positive_data_acceptance": {"expected-statuses": accepted}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=config)


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """The requests go to the WSGI application itself, not through Django's test client,
    so do as the test client does: leave the connection of the test's transaction open at
    the start and end of each request (PostgreSQL would close it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def activity(tree, plan):
    """Reports of the plan's first months: on time, late, not yet accepted; an extension
    and a district schedule due on the 31st, so the answers have rows of every kind."""
    ReportSchedule.objects.create(unit=tree.binh_tan, due_day=31)
    Extension.objects.create(
        unit=tree.an_lac,
        month=date(2024, 4, 1),
        due_at=datetime(2024, 5, 31, 17, tzinfo=SAIGON),
        reason="Bí thư đi học",
        granted_by=tree.staff,
    )
    ward = tree.binh_tri_dong_b
    monthly_report(
        ward,
        date(2024, 3, 1),
        tree.secretary,
        founded_on=date(2024, 3, 31),
        staff=tree.staff,
        now=datetime(2024, 4, 5, 9, tzinfo=SAIGON),
    )
    monthly_report(
        ward,
        date(2024, 4, 1),
        tree.secretary,
        doan_vien=12,
        staff=tree.staff,
        now=datetime(2024, 6, 13, 8, tzinfo=SAIGON),
    )
    monthly_report(
        tree.an_lac,
        date(2024, 4, 1),
        tree.other_secretary,
        founded_on=date(2024, 4, 1),
        doan_vien=5,
        now=datetime(2024, 5, 9, 8, tzinfo=SAIGON),
    )


@pytest.fixture
def result_request(tree, plan):
    """A request of the plan's results sent to both wards, due at 16:00 on 24/03/2024, one
    answered on time, with an activity of the plan it belongs to."""
    from plans.models import Activity
    from results import services as result_services

    day = Activity.objects.create(plan=plan, title="Ngày đoàn viên", starts_on=date(2024, 3, 24))
    request = result_services.request_create(
        plan=plan,
        user=tree.staff,
        units=[tree.binh_tri_dong_b, tree.an_lac],
        metrics=[Metric.objects.get(code="new-doan-vien")],
        activity=day,
        title="Báo cáo kết quả Ngày đoàn viên",
        due_at=datetime(2024, 3, 24, 16, tzinfo=SAIGON),
    )
    answer = result_services.answer_open(request=request, unit=tree.binh_tri_dong_b)
    result_services.answer_save(
        answer=answer,
        user=tree.secretary,
        participants=120,
        values={request.metrics.get().pk: 8},
        submit=True,
        now=datetime(2024, 3, 24, 15, tzinfo=SAIGON),
    )
    return request


def months() -> st.SearchStrategy[str]:
    return st.dates(date(2023, 10, 1), date(2025, 3, 31)).map(lambda d: f"{d:%Y-%m}")


def sensible_queries(unit_ids: list[int]) -> dict[str, st.SearchStrategy[dict]]:
    """Query strings a person would send, operation by operation: the progress page's own
    parameters, months around the plan, plans searched by words of their titles."""
    return {
        "GET /api/plans": st.fixed_dictionaries(
            {},
            optional={
                "year": st.integers(2023, 2025),
                "q": st.sampled_from(["kế hoạch", "KE HOACH", "105", "đoàn viên", "Phát"]),
                "status": st.sampled_from(["draft", "issued", "closed"]),
                "page": st.integers(1, 3),
            },
        ),
        "GET /api/plans/{plan_id}/progress": st.fixed_dictionaries(
            {},
            optional={
                "ky": st.sampled_from(["ca-ke-hoach", "nam", "quy", "thang", "tuy-chon"]),
                "quy": st.sampled_from(["2024-1", "2024-2", "2024-3", "2024-4"]),
                "thang": months(),
                "tu": months(),
                "den": months(),
                "don-vi": st.sampled_from(unit_ids),
                "ke-ca-chua-duyet": st.sampled_from(["1", ""]),
            },
        ),
        "GET /api/units/{unit_id}/timeliness": st.fixed_dictionaries(
            {}, optional={"from": months(), "to": months()}
        ),
    }


def path_ids(operation, *, plan_ids: list[int], unit_ids: list[int], request_ids=(0,)):
    """The operation's path ids taken from the database: an object the person sees, or
    one they do not."""
    real = {"plan_id": plan_ids, "unit_id": unit_ids, "request_id": list(request_ids)}
    names = [p.name for p in operation.path_parameters]
    return st.fixed_dictionaries({name: st.sampled_from(real[name]) for name in names})


def generated(operation, ids):
    """Requests as schemathesis makes them, valid and invalid, with made-up ids or with
    ids from the database."""
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
        ids.flatmap(lambda path: operation.as_strategy(path_parameters=path)),
        ids.flatmap(
            lambda path: operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=path)
        ),
    )


def sensible(operation, ids, unit_ids):
    """Requests a person would send: real ids, sensible query strings."""
    queries = sensible_queries(unit_ids).get(operation.label, st.just({}))
    return st.builds(
        lambda path, query: operation.Case(path_parameters=path, query=query), ids, queries
    )


def test_every_operation_of_the_schema_is_fuzzed():
    """An endpoint added to the API is not left out of the checks below."""
    labels = [result.ok().label for result in load_schema().get_all_operations()]
    assert sorted(labels) == sorted(OPERATIONS)


@pytest.mark.parametrize("who", ["staff", "secretary"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_generated_requests_get_documented_answers_and_never_a_server_error(
    label, who, tree, plan, activity, result_request
):
    """A program holding a district officer's or a ward secretary's token, sending
    anything the schema allows (and much it does not), or what a person would ask, gets
    an answer the schema describes: never a 5xx, a documented status code and content
    type, JSON that matches the documented body."""
    _token, key = ApiToken.objects.issue(user=getattr(tree, who), name="schemathesis")
    auth = {"Authorization": f"Bearer {key}"}
    operation = load_schema(label).find_operation_by_label(label)
    unit_ids = [tree.binh_tan.pk, tree.binh_tri_dong_b.pk, tree.an_lac.pk, tree.quan_12.pk]
    # their plan, and one that does not exist
    ids = path_ids(
        operation,
        plan_ids=[plan.pk, plan.pk + 1000],
        unit_ids=unit_ids,
        request_ids=[result_request.pk, result_request.pk + 1000],
    )

    @fuzz(max_examples=30)
    @given(case=generated(operation, ids))
    def answers_generated_requests_as_documented(case):
        case.call_and_validate(headers=auth)

    @fuzz(max_examples=15)
    @given(case=sensible(operation, ids, unit_ids))
    def answers_sensible_requests_as_documented(case):
        case.call_and_validate(headers=auth)

    with time_machine.travel(TODAY):
        answers_generated_requests_as_documented()
        answers_sensible_requests_as_documented()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"from": "1945-01", "to": "1945-12"}, 200),
        ({"to": "1945-02"}, 200),  # the six months before reach back into 1944
        ({"from": "2100-01", "to": "2100-12"}, 200),  # December is due in January 2101
        ({"from": "1579-06", "to": "1579-11"}, 422),  # before 1911 the clocks were +07:06:30
        ({"from": "0000-01", "to": "0000-02"}, 422),  # no year 0
        ({"from": "9999-11", "to": "9999-12"}, 422),  # due in year 10000
    ],
)
def test_the_months_at_the_ends_of_time_are_answered_as_documented(query, status, tree, plan):
    """Timeliness of the first and last months plans may cover comes with due moments
    JSON can write; months beyond them are refused with a documented 422, not a 5xx."""
    label = "GET /api/units/{unit_id}/timeliness"
    operation = load_schema(label).find_operation_by_label(label)
    _token, key = ApiToken.objects.issue(user=tree.staff, name="schemathesis")
    case = operation.Case(path_parameters={"unit_id": tree.an_lac.pk}, query=query)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"q": "kế hoạch\x00"}, 422),  # a NUL character, which PostgreSQL cannot search for
        ({"page": 10**30}, 422),  # more rows to skip than a database can count
        ({"page": 10**6}, 200),  # long past the last plan: an empty page
        ({"page_size": 10**30}, 200),  # at most a hundred plans a page anyway
        ({"year": 10**30}, 200),  # no plan of that year
        ({"year": -(10**30)}, 200),
    ],
)
def test_hostile_searches_of_plans_are_answered_as_documented(query, status, tree, plan):
    """Searches no person would type get an empty list or a documented 422, not a 5xx."""
    label = "GET /api/plans"
    operation = load_schema(label).find_operation_by_label(label)
    _token, key = ApiToken.objects.issue(user=tree.staff, name="schemathesis")
    case = operation.Case(query=query)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == status


@pytest.mark.parametrize("label", OPERATIONS)
def test_without_credentials_every_endpoint_answers_a_documented_401(label, tree, plan):
    """A program with no token or session, or a made-up one, is told to authenticate,
    as the schema documents, whatever else it sends."""
    operation = load_schema(label).find_operation_by_label(label)
    credentials = st.sampled_from(
        [
            {},
            {"Authorization": "Bearer made-up-key"},
            {"Authorization": "Basic eDp5"},
            {"Cookie": "sessionid=made-up-session"},
        ]
    )

    @fuzz(max_examples=10)
    @given(case=operation.as_strategy(GenerationMode.POSITIVE), headers=credentials)
    def is_refused(case, headers):
        response = case.call_and_validate(headers=headers)
        assert response.status_code == 401

    is_refused()
