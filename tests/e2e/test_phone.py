"""Every page of every role, on a 375 × 812 phone: nothing makes the page wider than the
screen (``document.documentElement.scrollWidth`` ≤ 375), so nobody has to scroll sideways
to read a page. Long links wrap, wide tables and the roadmap grid scroll inside their own
box, charts shrink to fit their card.

The pages come from the URL conf, as in ``tests/test_access.py``: each URL name has a row
here (with the demo's objects to open it with and the roles that open it) or is named as
not a page (a file, a JSON answer, a POST-only action, a redirect). A URL added without
either fails ``test_every_url_is_opened_on_a_phone_or_said_not_to_be_a_page``. The admin's
pages are derived from its registry: every page of every model the administrator may see.
"""

from datetime import date

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from notifications.models import Notification
from organizations.models import Host, Unit, User
from plans import importing
from plans.demo import TITLE_000
from plans.demo_001 import TITLE_001
from plans.forms import PART_FORMSETS
from plans.models import Plan
from reports.models import Attachment, ExportJob, MonthlyReport
from results.models import ResultRequest
from targets.models import AllocationSet, Metric
from tests.fixtures.seed_word import seed_docx
from tests.test_access import all_url_names

from .conftest import PHONE, PHONE_DEVICE, Person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

STAFF, LEADER, ADMIN, SECRETARY, ANONYMOUS = "staff", "leader", "admin", "secretary", "anonymous"
USERNAMES = {
    STAFF: "canbo.binhtan",
    LEADER: "lanhdao.binhtan",
    ADMIN: "quantri.binhtan",
    SECRETARY: "bithu.an-lac",
    ANONYMOUS: None,
}
SIGNED_IN = {STAFF, LEADER, ADMIN, SECRETARY}
WRITERS = {STAFF, ADMIN}
DISTRICT = {STAFF, LEADER, ADMIN}

# An evidence link as people paste them: one long word, no place to break.
LONG_LINK = (
    "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    "?usp=sharing&resourcekey=0-AbCdEfGhIjKlMnOpQrStUv"
)
LONG_FILE_NAME = "bien-ban-thanh-lap-chi-doan-cong-ty-tnhh-giay-da-sao-viet-an-lac-thang-3.pdf"


def visit(query: str = "", roles=SIGNED_IN, shows=(), **arguments) -> tuple:
    """One visit of a page: its URL arguments (names of demo objects, or values), a query
    string, the roles that open it (each must get a 200) and what the page must show for
    the visit to prove anything (CSS selectors: the wide thing it is there for)."""
    return arguments, query, set(roles), shows


# name: visits. Arguments name the objects of ``demo_objects``.
PAGES = {
    "login": [visit(roles={ANONYMOUS})],
    "home": [visit()],
    "password_change": [visit()],
    "password_change_done": [visit()],
    "organizations:unit_list": [visit()],
    "organizations:unit_detail": [visit(pk="ward"), visit(pk="district", roles=DISTRICT)],
    "organizations:unit_create": [visit(parent_pk="ward", roles=WRITERS)],
    "organizations:unit_update": [visit(pk="ward", roles=WRITERS)],
    "organizations:unit_departments": [visit(pk="district", roles=WRITERS)],
    "organizations:host_list": [visit()],
    "organizations:host_create": [visit(roles=WRITERS)],
    "organizations:host_detail": [visit(pk="host")],
    "organizations:host_update": [visit(pk="host", roles=WRITERS)],
    "organizations:host_delete": [visit(pk="host", roles=WRITERS)],
    "plans:list": [visit()],
    "results:list": [visit()],
    "calendar:page": [visit(query="thang=2024-03")],
    "results:create": [visit(plan_pk="plan_001", roles=WRITERS)],
    "results:detail": [visit(pk="result_request", roles=DISTRICT)],
    "results:update": [visit(pk="result_request", roles=WRITERS)],
    "results:answer": [visit(pk="result_request", roles={SECRETARY})],
    "results:unit_answer": [visit(pk="result_request", unit_pk="ward", roles=DISTRICT)],
    "results:extension": [visit(pk="result_request", unit_pk="ward", roles={STAFF})],
    "plans:create": [visit(roles=WRITERS)],
    "plans:import": [visit(roles=WRITERS)],
    "plans:import_review": [visit(pk="imported_plan", roles=WRITERS, shows=("table.roadmap",))],
    "plans:import_discard": [visit(pk="imported_plan", roles=WRITERS)],
    "plans:detail": [visit(pk="plan"), visit(pk="plan_001")],
    "plans:update": [visit(pk="plan", roles=WRITERS)],
    "plans:parts": [visit(pk="plan", section=section, roles=WRITERS) for section in PART_FORMSETS]
    + [visit(pk="plan_001", section="hoat-dong", roles=WRITERS)],
    "plans:transition": [visit(pk="plan", action="close", roles=WRITERS)],
    # The whole plan (ranking and heat map of the wards), a quarter, one ward's months.
    "plans:progress": [
        visit(pk="plan", roles=DISTRICT, shows=("svg.chart", "#ranking-title", "#heat-title")),
        visit(pk="plan", roles={SECRETARY}, shows=("svg.chart",)),
        visit("ky=quy&quy=2024-2", pk="plan", shows=("table.progress",)),
        visit("don-vi={ward}", pk="plan", roles=DISTRICT, shows=("#months-title",)),
    ],
    "targets:roadmap_edit": [visit(pk="plan", roles=WRITERS, shows=("table.grid input",))],
    "targets:allocation_create": [visit(pk="plan", roles=WRITERS)],
    "targets:allocation_edit": [visit(pk="plan", set_pk="allocation_set", roles=WRITERS)],
    "targets:allocation_delete": [visit(pk="plan", set_pk="allocation_set", roles=WRITERS)],
    "targets:metric_list": [visit()],
    "targets:metric_create": [visit(roles=WRITERS)],
    "targets:metric_update": [visit(pk="metric", roles=WRITERS)],
    "reports:home": [
        visit(),
        visit("thang=2024-06"),
        visit("thang=2024-06&q=an&tre=on&sap-xep=tre", roles=DISTRICT),
    ],
    "reports:inbox": [visit(roles={STAFF}), visit("q=an+lac&tre=on&sap-xep=tre", roles={STAFF})],
    "reports:accept_many": [visit(roles={STAFF})],
    "reports:extension_create": [visit(roles={STAFF})],
    "reports:edit": [
        visit(unit_pk="ward", year=2024, month=7, roles={SECRETARY}),
        visit(unit_pk="district", year=2024, month=7, roles={STAFF}),
    ],
    "reports:detail": [visit(pk="report", shows=(f'a[href="{LONG_LINK}"]',))],
    "reports:export_list": [visit()],
    "reports:period_list": [visit()],
    "reports:period_create": [visit()],
    "reports:period_detail": [visit(pk="period_report", roles=DISTRICT, shows=("table",))],
    "reports:period_issue": [visit(pk="period_report", roles=WRITERS)],
    "reports:export_detail": [visit(pk="export")],
    "notifications:list": [visit()],
    "api:openapi-view": [visit(roles=SIGNED_IN | {ANONYMOUS}, shows=(".responses-wrapper",))],
    # The admin's own sign-in page, for a visitor who has not signed in yet.
    "admin:login": [visit(roles={ANONYMOUS})],
}

# What the URL conf holds that is not a page to read on a phone.
NOT_PAGES = {
    "logout": "a POST that signs out",
    "favicon.ico": "a redirect to the logo",
    "plans:pdf": "a PDF file",
    "plans:progress_export": "an Excel or PDF file",
    "reports:pdf": "a PDF file",
    "reports:docx": "a Word file",
    "reports:period_pdf": "a PDF file",
    "reports:period_docx": "a Word file",
    "plans:docx": "a Word file",
    "reports:action": "a POST (accept, return, reopen)",
    "reports:attachment_upload": "a POST of a file",
    "reports:attachment_download": "the uploaded file",
    "reports:export_download": "the prepared file",
    "results:review": "a POST (accept, return)",
    "results:file": "a photo or file of an answer",
    "results:export": "an Excel file",
    "results:pdf": "a PDF file",
    "results:docx": "a Word file",
    "calendar:key": "a POST that makes the feed's address",
    "calendar:feed": "an iCalendar file",
    "notifications:open": "a POST that marks it read and follows its link",
    "notifications:read_all": "a POST",
    "api:api-root": "a 404 pointing to the docs",
    "api:openapi-json": "the JSON schema",
    "api:plan_list": "JSON",
    "api:plan_detail": "JSON",
    "api:plan_progress": "JSON",
    "api:unit_timeliness": "JSON",
    "api:metric_list": "JSON",
    "api:plan_activities": "JSON",
    "api:result_request_list": "JSON",
    "api:result_request_detail": "JSON",
    "admin:logout": "a POST that signs out",
    "admin:jsi18n": "a script",
    "admin:autocomplete": "JSON",
    "admin:view_on_site": "a redirect to the object's page",
    "admin:<path:object_id>/": "a redirect to the object's form",
    "admin:(?P<url>.*)$": "the admin's 404",
}

# The admin pages of the site itself; those of each app and registered model come from the
# registry, with the administrator's own objects (a user's password form among them).
ADMIN_SITE_PAGES = {"admin:index", "admin:password_change", "admin:password_change_done"}
ADMIN_DERIVED_PAGES = {"admin:app_list", "admin:auth_user_password_change"}
ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "history", "delete")


def url_names() -> set[str]:
    """Every named URL of the URL conf, the admin's included."""
    return all_url_names(admin=True)


def admin_model_url_names() -> set[str]:
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
        for model in admin.site._registry
        for view in ADMIN_MODEL_VIEWS
    }


def test_every_url_is_opened_on_a_phone_or_said_not_to_be_a_page():
    rows = set(PAGES) | set(NOT_PAGES) | ADMIN_SITE_PAGES | ADMIN_DERIVED_PAGES
    assert url_names() - rows - admin_model_url_names() == set()
    assert rows - url_names() == set()  # no row left for a URL that is gone


def admin_pages(user: User) -> list[str]:
    """Every admin page the administrator reaches: the index, each app they see, and for
    each model they may see, its list, its form for a new one, and one of their own
    objects' form, history and deletion page (as far as they may)."""
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    pages = [reverse(name) for name in sorted(ADMIN_SITE_PAGES)]
    pages += [
        reverse("admin:app_list", kwargs={"app_label": app["app_label"]})
        for app in admin.site.get_app_list(request)
    ]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{info}_add"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is None:
            continue
        pages += [reverse(f"{info}_change", args=[first.pk])]
        pages += [reverse(f"{info}_history", args=[first.pk])]
        if model_admin.has_delete_permission(request, first):
            pages.append(reverse(f"{info}_delete", args=[first.pk]))
        if hasattr(model_admin, "user_change_password"):
            pages.append(reverse("admin:auth_user_password_change", args=[first.pk]))
    return pages


@pytest.fixture
def demo_objects(demo, settings, tmp_path) -> dict:
    """The demo's objects each page is opened with. An Lạc's March 2024 report (returned,
    corrected, accepted) gets the long evidence link and file name people really type;
    each person has one finished Excel file to look at and one unread notification."""
    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.get(issuing_unit__name="Quận Đoàn Bình Tân", title=TITLE_000)
    district = Unit.objects.get(name="Quận Đoàn Bình Tân")
    ward = Unit.objects.get(name="Đoàn phường An Lạc", parent__name="Quận Đoàn Bình Tân")
    report = MonthlyReport.objects.get(unit=ward, month=date(2024, 3, 1))
    report.evidence_links = f"{LONG_LINK}\nhttps://www.facebook.com/doanphuonganlac"
    report.save(update_fields=["evidence_links"])
    Attachment.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"),
        original_name=LONG_FILE_NAME,
        size=8,
    )
    exports = {}
    for role, username in USERNAMES.items():
        if username:
            person = User.objects.get(username=username)
            Notification.objects.create(
                recipient=person,
                kind="report-returned",
                key=f"phone-{report.pk}",
                title="Báo cáo tháng 03/2024 của Đoàn phường An Lạc bị trả lại",
                body=f"Số đoàn viên chưa khớp danh sách; xem {LONG_LINK}",
                link=reverse("reports:detail", args=[report.pk]),
                email_status=Notification.Email.NONE,
            )
            exports[role] = ExportJob.objects.create(
                requested_by=person,
                plan=plan,
                format="xlsx",
                as_of=date(2024, 7, 1),
                status=ExportJob.Status.DONE,
                content=b"PK",
                filename="KH-2024_tien-do_ca-ke-hoach.xlsx",
            ).pk
    imported = importing.import_plan(
        data=seed_docx(0), unit=district, user=None, file_name="ke-hoach-ngoai-nha-nuoc.docx"
    )
    return {
        "imported_plan": imported.pk,
        "period_report": district.period_reports.get().pk,
        "plan": plan.pk,
        "district": district.pk,
        "plan_001": Plan.objects.get(title=TITLE_001).pk,
        "result_request": ResultRequest.objects.get().pk,
        "ward": ward.pk,
        "host": Host.objects.filter(unit=ward).order_by("pk").first().pk,
        "report": report.pk,
        "allocation_set": AllocationSet.objects.filter(version__plan=plan).order_by("pk")[0].pk,
        "metric": Metric.objects.create(
            code="cong-trinh-thanh-nien",
            name="Công trình thanh niên cấp quận",
            unit_of_measure="công trình",
            source="reported",
            owner_unit=district,
        ).pk,
        "exports": exports,
    }


def paths_of(role: str, objects: dict) -> list[tuple[str, tuple]]:
    """The pages this role opens, each with what it must show."""
    found = {**objects, "export": objects["exports"].get(role)}
    paths = []
    for name, visits in PAGES.items():
        for arguments, query, roles, shows in visits:
            if role not in roles:
                continue
            kwargs = {k: found.get(v, v) if isinstance(v, str) else v for k, v in arguments.items()}
            path = reverse(name, kwargs=kwargs)
            paths.append((f"{path}?{query.format(**found)}" if query else path, shows))
    if role == ADMIN:
        administrator = User.objects.get(username=USERNAMES[ADMIN])
        # The admin's password pages are the app's own (templates/registration/).
        paths += [(path, ("#content, main",)) for path in admin_pages(administrator)]
    return paths


# What sticks out: the outermost elements past the right edge (their children are not
# listed), and the charts that do not fit their card (cut off inside their own box).
MEASURE = """(limit) => {
  const wide = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > limit + 0.5);
  const outer = wide.filter((e) => !wide.includes(e.parentElement));
  const classes = (e) => typeof e.className === "string" && e.className.trim()
    ? "." + e.className.trim().split(/\\s+/).join(".") : "";
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + classes(e)
    + " " + Math.round(e.getBoundingClientRect().right) + "px";
  const contentRight = (box) => box.getBoundingClientRect().left + box.clientLeft
    + box.clientWidth - parseFloat(getComputedStyle(box).paddingRight);
  const charts = [...document.querySelectorAll("svg.chart")].filter(
    (svg) => svg.getBoundingClientRect().right > contentRight(svg.parentElement) + 0.5);
  return {
    width: document.documentElement.scrollWidth,
    wide: outer.slice(0, 3).map(name),
    charts: charts.map(name),
  };
}"""


def open_and_measure(person: Person, path: str, shows: tuple) -> str | None:
    """What is too wide on ``path`` for this person, or None when it fits."""
    page = person.page
    response = page.goto(person.base_url + path)
    if response.status != 200:
        return f"{path}: answered {response.status}"
    if path == reverse("api:openapi-view"):
        # Swagger UI draws the docs after loading; open every endpoint, as a reader does.
        page.wait_for_selector(".swagger-ui .opblock")
        for summary in page.locator(".opblock-summary-control").all():
            summary.click()
        page.wait_for_selector(".swagger-ui .responses-wrapper")
    if missing := [selector for selector in shows if not page.locator(selector).count()]:
        return f"{path}: shows nothing of {missing}"
    found = page.evaluate(MEASURE, PHONE["width"])
    if found["width"] <= PHONE["width"] and not found["charts"]:
        return None
    person.shot(f"phone-too-wide-{person.username or ANONYMOUS}-{path}")
    return (
        f"{path}: {found['width']} px wide, past the edge: {found['wide']}; "
        f"charts cut off: {found['charts']}"
    )


def test_no_page_of_any_role_is_wider_than_a_phone(browser, live_server, demo_objects):
    too_wide = {}
    for role, username in USERNAMES.items():
        person = Person(browser, live_server.url, username, device=PHONE_DEVICE)
        try:
            problems = [
                open_and_measure(person, path, shows)
                for path, shows in paths_of(role, demo_objects)
            ]
        finally:
            person.context.close()
        if found := [p for p in problems if p]:
            too_wide[role] = found
    assert too_wide == {}, "\n".join(
        f"{role}: {problem}" for role, problems in too_wide.items() for problem in problems
    )
