"""Every page, asked for by the people who may and may not see it.

Each URL of the app has a row: what its owner, another ward's secretary, another district's
staff and an anonymous visitor get. Another unit's object is a 404; a page a role may read
but not change is a 403; anonymous visitors go to the login page, except on the JSON API, which
answers them 401 itself. A URL added without a row fails ``test_every_url_has_an_access_row``.
"""

from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from notifications.models import Notification
from plans.models import Plan, PlanImport
from reports import period
from reports import services as report_services
from reports.models import Attachment, ExportJob
from targets.models import Metric
from tests.factories import PlanFactory, share_out

pytestmark = pytest.mark.django_db

# Pages anyone may open, or that only sign people in and out; the API's schema and docs
# (its root only points to them, with a 404).
PUBLIC = {"login", "logout", "favicon.ico", "api:openapi-json", "api:openapi-view", "api:api-root"}
# A person's calendar feed: its secret key is its only credential (a phone's calendar
# signs in with nothing else); tests/results/test_calendar.py checks it.
PUBLIC |= {"calendar:feed"}

# name: (arguments, method, owner, {who: status})
ROWS = {
    "home": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "password_change": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "password_change_done": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "organizations:unit_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "organizations:unit_detail": ({"pk": "ward"}, "get", "staff", {"ward": 404, "district": 404}),
    "organizations:unit_create": (
        {"parent_pk": "ward"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "organizations:unit_update": ({"pk": "ward"}, "get", "staff", {"ward": 404, "district": 404}),
    "organizations:unit_departments": (
        {"pk": "ward"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "organizations:host_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "organizations:host_create": ({}, "get", "staff", {"ward": 403, "district": 200}),
    "organizations:host_detail": ({"pk": "host"}, "get", "staff", {"ward": 404, "district": 404}),
    "organizations:host_update": ({"pk": "host"}, "get", "staff", {"ward": 404, "district": 404}),
    "organizations:host_delete": ({"pk": "host"}, "get", "staff", {"ward": 404, "district": 404}),
    "plans:list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "results:list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "calendar:page": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "calendar:key": ({}, "post", "staff", {"ward": 302, "district": 302}),
    "results:create": ({"plan_pk": "plan"}, "get", "staff", {"ward": 403, "district": 404}),
    "results:detail": ({"pk": "result_request"}, "get", "staff", {"ward": 404, "district": 404}),
    "results:update": ({"pk": "result_request"}, "get", "staff", {"ward": 404, "district": 404}),
    "results:answer": (
        {"pk": "result_request"},
        "get",
        "secretary",
        {"ward": 404, "district": 404},
    ),
    "results:unit_answer": (
        {"pk": "result_request", "unit_pk": "ward"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "results:review": (
        {"answer_pk": "answer", "action": "accept"},
        "post",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "results:file": ({"pk": "answer_file"}, "get", "staff", {"ward": 404, "district": 404}),
    "results:export": ({"pk": "result_request"}, "get", "staff", {"ward": 404, "district": 404}),
    "results:pdf": ({"pk": "result_request"}, "get", "staff", {"ward": 404, "district": 404}),
    "results:docx": ({"pk": "result_request"}, "get", "staff", {"ward": 404, "district": 404}),
    "results:extension": (
        {"pk": "result_request", "unit_pk": "ward"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "api:plan_activities": ({"plan_id": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "api:result_request_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "api:result_request_detail": (
        {"request_id": "result_request"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "plans:create": ({}, "get", "staff", {"ward": 403, "district": 200}),
    "plans:import": ({}, "get", "staff", {"ward": 403, "district": 200}),
    "plans:import_review": (
        {"pk": "imported_plan"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "plans:import_discard": (
        {"pk": "imported_plan"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "plans:detail": ({"pk": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "plans:update": ({"pk": "plan"}, "get", "staff", {"ward": 403, "district": 404}),
    "plans:progress": ({"pk": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "plans:pdf": ({"pk": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "plans:docx": ({"pk": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "plans:progress_export": (
        {"pk": "plan", "fmt": "xlsx"},
        "get",
        "staff",
        {"ward": 200, "district": 404},
    ),
    "plans:parts": (
        {"pk": "plan", "section": "tien-do"},
        "get",
        "staff",
        {"ward": 403, "district": 404},
    ),
    "plans:transition": (
        {"pk": "plan", "action": "close"},
        "get",
        "staff",
        {"ward": 403, "district": 404},
    ),
    "targets:roadmap_edit": ({"pk": "plan"}, "get", "staff", {"ward": 403, "district": 404}),
    "targets:allocation_create": ({"pk": "plan"}, "get", "staff", {"ward": 403, "district": 404}),
    "targets:allocation_edit": (
        {"pk": "plan", "set_pk": "allocation_set"},
        "get",
        "staff",
        {"ward": 403, "district": 404},
    ),
    "targets:allocation_delete": (
        {"pk": "plan", "set_pk": "allocation_set"},
        "get",
        "staff",
        {"ward": 403, "district": 404},
    ),
    "targets:metric_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "targets:metric_create": ({}, "get", "staff", {"ward": 403, "district": 200}),
    "targets:metric_update": ({"pk": "metric"}, "get", "staff", {"ward": 403, "district": 404}),
    "reports:home": ({}, "get", "secretary", {"ward": 200, "district": 200}),
    "reports:inbox": ({}, "get", "staff", {"ward": 403, "district": 200}),
    # With nothing ticked: the page that says so, for any reviewer.
    "reports:accept_many": ({}, "get", "staff", {"ward": 403, "district": 200}),
    "reports:extension_create": ({}, "get", "staff", {"ward": 403, "district": 200}),
    "reports:edit": (
        {"unit_pk": "ward", "year": 2024, "month": 2},
        "get",
        "secretary",
        {"ward": 404, "district": 404},
    ),
    "reports:detail": ({"pk": "report"}, "get", "secretary", {"ward": 404, "district": 404}),
    "reports:pdf": ({"pk": "report"}, "get", "secretary", {"ward": 404, "district": 404}),
    "reports:docx": ({"pk": "report"}, "get", "secretary", {"ward": 404, "district": 404}),
    "reports:action": (
        {"pk": "report", "action": "accept"},
        "post",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "reports:attachment_upload": (
        {"pk": "report"},
        "post",
        "secretary",
        {"ward": 404, "district": 404},
    ),
    "reports:attachment_download": (
        {"pk": "attachment"},
        "get",
        "secretary",
        {"ward": 404, "district": 404},
    ),
    "reports:export_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "reports:period_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    # Its form is on the list (a POST starts a report of the asker's own unit).
    "reports:period_create": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "reports:period_detail": (
        {"pk": "period_report"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "reports:period_issue": (
        {"pk": "period_report"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "reports:period_pdf": ({"pk": "period_report"}, "get", "staff", {"ward": 404, "district": 404}),
    "reports:period_docx": (
        {"pk": "period_report"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "reports:export_detail": ({"pk": "export"}, "get", "staff", {"ward": 404, "district": 404}),
    "reports:export_download": (
        {"pk": "export"},
        "get",
        "staff",
        {"ward": 404, "district": 404},
    ),
    "notifications:list": ({}, "get", "secretary", {"ward": 200, "district": 200}),
    "notifications:open": (
        {"pk": "notification"},
        "post",
        "secretary",
        {"ward": 404, "district": 404},
    ),
    # Marks the asker's own notifications read, whoever asks.
    "notifications:read_all": ({}, "post", "secretary", {"ward": 302, "district": 302}),
    "api:plan_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
    "api:plan_detail": ({"plan_id": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "api:plan_progress": ({"plan_id": "plan"}, "get", "staff", {"ward": 200, "district": 404}),
    "api:unit_timeliness": ({"unit_id": "ward"}, "get", "staff", {"ward": 404, "district": 404}),
    "api:metric_list": ({}, "get", "staff", {"ward": 200, "district": 200}),
}
API = {name for name in ROWS if name.startswith("api:")}
OK = {"get": 200, "post": 302}


@pytest.fixture
def objects(tree, settings, tmp_path):
    """One object of each kind, all belonging to Bình Trị Đông B or to Bình Tân."""
    settings.MEDIA_ROOT = tmp_path
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    metric = Metric.objects.get(code="new-doan-vien")
    allocation_set = share_out(plan, {(tree.binh_tri_dong_b.pk, metric.pk): 10})
    plan.status = Plan.Status.ISSUED
    plan.save()
    report = report_services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 3, 1))
    report_services.report_submit(report=report, user=tree.secretary)
    attachment = Attachment.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"),
        original_name="bien-ban.pdf",
        size=8,
    )
    return {
        "ward": tree.binh_tri_dong_b.pk,
        "host": tree.enterprise.pk,
        "plan": plan.pk,
        "imported_plan": PlanImport.objects.create(
            plan=PlanFactory(issuing_unit=tree.binh_tan), file_name="ke-hoach.docx"
        ).plan_id,
        "allocation_set": allocation_set.pk,
        "metric": Metric.objects.create(
            code="cong-trinh",
            name="Công trình thanh niên",
            unit_of_measure="công trình",
            source="reported",
            owner_unit=tree.binh_tan,
        ).pk,
        "report": report.pk,
        "attachment": attachment.pk,
        "notification": Notification.objects.create(
            recipient=tree.secretary,
            kind="report-returned",
            key="report:1:2:report-returned",
            title="Báo cáo tháng 03/2024 bị trả lại – Đoàn phường Bình Trị Đông B",
            link=report.get_absolute_url(),
        ).pk,
        "export": ExportJob.objects.create(
            requested_by=tree.staff,
            plan=plan,
            format="xlsx",
            as_of=date(2024, 4, 1),
            status=ExportJob.Status.DONE,
            content=b"PK",
            filename="KH-1-2024_tien-do_ca-ke-hoach.xlsx",
        ).pk,
        "period_report": period.period_report_create(
            unit=tree.binh_tan, first=date(2024, 1, 1), last=date(2024, 6, 1), user=tree.staff
        ).pk,
        **result_objects(tree, plan),
    }


def result_objects(tree, plan) -> dict:
    """A results request of the plan sent to Bình Trị Đông B, answered with a photo."""
    from results import services as result_services

    request = result_services.request_create(
        plan=plan,
        user=tree.staff,
        units=[tree.binh_tri_dong_b],
        title="Báo cáo kết quả Ngày Đoàn viên",
        due_at=datetime(2024, 3, 24, 9, 0, tzinfo=UTC),
    )
    answer = result_services.answer_open(request=request, unit=tree.binh_tri_dong_b)
    result_services.answer_save(answer=answer, user=tree.secretary, participants=12, submit=True)
    photo = answer.files.create(
        file=ContentFile(b"\xff\xd8\xff", name="anh.jpg"), original_name="anh.jpg", size=3
    )
    return {"result_request": request.pk, "answer": answer.pk, "answer_file": photo.pk}


def url_of(name, arguments, objects) -> str:
    kwargs = {
        key: objects.get(value, value) if isinstance(value, str) else value
        for key, value in arguments.items()
    }
    return reverse(name, kwargs=kwargs)


def users(tree) -> dict:
    return {
        "staff": tree.staff,
        "secretary": tree.secretary,
        "ward": tree.other_secretary,
        "district": tree.q12_staff,
    }


def all_url_names(*, admin: bool = False) -> set[str]:
    """Every named URL of the URL conf ("namespace:name"); the admin's only if asked."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace == "admin" and not admin:
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                name = pattern.name or str(pattern.pattern)
                names.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_an_access_row():
    assert all_url_names() - PUBLIC == set(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_the_owner_opens_the_page(name, client, tree, objects):
    arguments, method, owner, _others = ROWS[name]
    client.force_login(users(tree)[owner])
    response = getattr(client, method)(url_of(name, arguments, objects))
    assert response.status_code == OK[method]


@pytest.mark.parametrize("name", sorted(ROWS))
@pytest.mark.parametrize("who", ["ward", "district"])
def test_others_get_404_for_what_is_not_theirs_and_403_for_what_they_only_read(
    name, who, client, tree, objects
):
    arguments, method, _owner, expected = ROWS[name]
    client.force_login(users(tree)[who])
    response = getattr(client, method)(url_of(name, arguments, objects))
    assert response.status_code == expected[who]


@pytest.mark.parametrize("name", sorted(set(ROWS) - API))
def test_anonymous_visitors_are_sent_to_the_login_page(name, client, objects):
    arguments, method, _owner, _expected = ROWS[name]
    response = getattr(client, method)(url_of(name, arguments, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(API))
def test_anonymous_api_requests_get_401_json(name, client, objects):
    arguments, method, _owner, _expected = ROWS[name]
    response = getattr(client, method)(url_of(name, arguments, objects))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
