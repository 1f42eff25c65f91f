"""Every form of the app, fed what nobody should type: 10 000 characters, numbers beyond
any range, a script tag, a NUL byte (which PostgreSQL refuses in text), dates in year 1 or
9999, forged ids. Each is refused with a Vietnamese message on the page it was typed in,
nothing of it saved, or, when the input is in fact valid, saved and shown back as text.
Never a 500: the test client raises what a 500 would hide.

And Vietnamese typed in either Unicode form (NFC "Hòa", NFD "Ho" + U+0300 + "a") is the same
text: found by the same search, refused as the same duplicate, stored once, precomposed.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.forms import BaseFormSet
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from organizations.models import Host, Unit, UnitKind
from plans.models import Plan
from reports import services as report_services
from reports.models import Attachment, MonthlyReport
from targets.models import Metric
from tests.factories import (
    HostFactory,
    PlanFactory,
    UnitFactory,
    rolled_back,
    share_out,
    small_roadmap,
)

pytestmark = pytest.mark.django_db

OVERSIZE = "Phú Hòa " * 1250  # 10 000 characters, past every max_length
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NUL = "Phú\x00Hòa"
NUMBERS = ["-1", str(10**30), "1e400", "NaN", "Infinity", "\x00"]
IDS = [str(10**30), "²", "\x00", SCRIPT]  # "²".isdigit() is true; int("²") is not
DATES = ["31/02/2024", "\x00", "01/01/0001", "31/12/9999"]
FORM_COUNTS = [str(10**30), "NaN", "\x00"]  # a formset's TOTAL_FORMS, forged

NFC = "Đoàn phường Phú Hòa"
NFD = unicodedata.normalize("NFD", NFC)  # "Đoa\u0300n phu\u031bo\u031b\u0300ng Phu\u0301 Ho\u0300a"


# What the database holds, and what a page says


def database() -> dict:
    """Every row of the app's own tables (histories included)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for label in ("organizations", "notifications", "plans", "targets", "reports")
        for model in apps.get_app_config(label).get_models()
    }


def is_vietnamese(message: str) -> bool:
    """A Vietnamese sentence has a letter beyond ASCII; an untranslated English one has none."""
    return any(not c.isascii() and c.isalpha() for c in message)


def error_messages(response) -> list[str]:
    """The messages of every form and formset the page shows."""
    found = []
    for name in ("form", "formset", "branches"):
        form = response.context.get(name) if response.context else None
        if isinstance(form, BaseFormSet):
            found += form.non_form_errors()
            found += [m for member in form.forms for ms in member.errors.values() for m in ms]
        elif form is not None:
            found += [m for ms in form.errors.values() for m in ms]
    return found


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_refused_on_the_page(response, before):
    """Shown again (200) with Vietnamese messages, each on the page; nothing saved."""
    assert response.status_code == 200
    messages = error_messages(response)
    assert messages, "the form came back without saying what is wrong"
    body = response.content.decode()
    for message in messages:
        assert is_vietnamese(message), message
        assert escape(message) in body, message
    assert SCRIPT not in body
    assert database() == before


# The data the forms work on


@pytest.fixture
def objects(tree, settings, tmp_path):
    """A draft and an issued Bình Tân plan of 2024, each sharing out đoàn viên; a metric
    of Bình Tân; Bình Trị Đông B's reports: January accepted, March submitted, April a
    draft."""
    settings.MEDIA_ROOT = tmp_path
    doan_vien = Metric.objects.get(code="new-doan-vien")

    def plan_with_allocation(status):
        plan = PlanFactory(issuing_unit=tree.binh_tan, number=f"{status}-KH/QĐTN")
        allocation_set = share_out(plan, {(tree.binh_tri_dong_b.pk, doan_vien.pk): 10})
        Plan.objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
        return plan, allocation_set

    def report(month, *, submit=False, accept=False):
        report = report_services.report_open(unit=tree.binh_tri_dong_b, month=month)
        if submit:
            report_services.report_submit(report=report, user=tree.secretary)
        if accept:
            report_services.report_accept(report=report, user=tree.staff)
        return report

    draft, _draft_set = plan_with_allocation(Plan.Status.DRAFT)
    issued, issued_set = plan_with_allocation(Plan.Status.ISSUED)
    return {
        "draft": draft,
        "issued": issued,
        "issued_set": issued_set,
        "doan_vien": doan_vien,
        "metric": Metric.objects.create(
            code="cong-trinh",
            name="Công trình thanh niên",
            unit_of_measure="công trình",
            source="reported",
            owner_unit=tree.binh_tan,
        ),
        "accepted": report(date(2024, 1, 1), submit=True, accept=True),
        "submitted": report(date(2024, 3, 1), submit=True),
        "draft_report": report(date(2024, 4, 1)),
    }


def chi_doan() -> UnitKind:
    return UnitKind.objects.get(name="Chi đoàn")


# Every form: a valid submission, and what each field holds


@dataclass
class Form:
    user: str | None
    url: object  # (tree, objects) -> str
    data: object  # (tree, objects) -> a valid submission (for login: a wrong password)
    text: dict  # field -> whether 10 000 characters are in fact valid (a text column)
    numbers: tuple = ()
    ids: tuple = ()
    dates: tuple = ()
    formset: str = ""  # the prefix of its lines, whose TOTAL_FORMS may be forged
    breaker: tuple = ()  # (field, value) that keeps the form from saving
    saved: tuple = ()  # (field, value): forged values the form ignores, saving the rest
    shown: tuple = ()  # text fields shown again when the form comes back


def unit_data(tree, objects):
    return {"kind": chi_doan().pk, "name": "Chi đoàn Khu phố 3", "is_active": "on"}


def host_data(tree, objects):
    return {
        "unit": tree.binh_tri_dong_b.pk,
        "kind": "enterprise",
        "name": "Công ty TNHH Thép Hòa Phát",
        "address": "12 Tên Lửa",
        "workers": "250",
        "note": "",
    }


def plan_data(tree, objects):
    return {
        "issuing_unit": tree.binh_tan.pk,
        "number": "20-KH/QĐTN",
        "year": "2025",
        "issuing_body": "BCH QUẬN ĐOÀN BÌNH TÂN",
        "title": "Ngày Đoàn viên năm 2025",
        "starts_on": "01/01/2025",
        "ends_on": "31/12/2025",
        "purposes": "",
    }


def lines(section: str, **row):
    def data(tree, objects):
        management = {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0"}
        return {f"{section}-{k}": v for k, v in management.items()} | {
            f"{section}-0-{k}": v for k, v in row.items()
        }

    return data


def roadmap_data(tree, objects):
    doan_vien, chi_doan_metric = objects["doan_vien"], Metric.objects.get(code="new-chi-doan")
    return {
        "metrics": [doan_vien.pk, chi_doan_metric.pk],
        f"ref-{doan_vien.pk}": "Mục II.1",
        f"t-{doan_vien.pk}-children-2024-Q1": "35",
        f"t-{chi_doan_metric.pk}-total-2024": "7",
    }


def allocation_data(tree, objects):
    doan_vien = objects["doan_vien"]
    return {
        "metrics": [doan_vien.pk],
        "source_ref": "Mục III.2.2",
        "period": "2024-Q3",
        "is_minimum": "on",
        "note": "",
        f"a-{tree.binh_tri_dong_b.pk}-{doan_vien.pk}": "2",
        "reason": "Điều chỉnh quý III",
    }


def metric_data(tree, objects):
    return {
        "name": "Lớp bồi dưỡng lý luận",
        "unit_of_measure": "lớp",
        "source": "reported",
        "description": "",
        "decimal_places": "0",
        "order": "100",
        "is_active": "on",
    }


def report_data(tree, objects):
    return {
        "version": str(objects["draft_report"].version),
        f"m-{objects['doan_vien'].pk}": "12",
        "difficulties": "",
        "evidence_links": "https://facebook.com/doanphuong/posts/1",
        "cd-TOTAL_FORMS": "1",
        "cd-INITIAL_FORMS": "0",
        "cd-0-name": "Chi đoàn Công ty Hòa Bình",
        "cd-0-kind": chi_doan().pk,
        "cd-0-new_host_name": "Công ty Hòa Bình",
        "cd-0-new_host_kind": "enterprise",
        "cd-0-founded_on": "15/04/2024",
        "cd-0-members": "12",
    }


def extension_data(tree, objects):
    return {
        "unit": tree.binh_tri_dong_b.pk,
        "month": "01/03/2024",
        "due_on": "15/04/2024",
        "due_time": "16:00",
        "reason": "Mưa bão kéo dài",
    }


def plan_page(name, plan="draft", **kwargs):
    return lambda tree, objects: reverse(name, kwargs={"pk": objects[plan].pk, **kwargs})


FORMS = {
    "unit_create": Form(
        "staff",
        lambda tree, objects: reverse("organizations:unit_create", args=[tree.an_lac.pk]),
        unit_data,
        text={"name": False, "slug": False},
        ids=("kind", "host"),
        dates=("founded_on",),
        breaker=("founded_on", "31/02/2024"),
        shown=("name",),
    ),
    "unit_update": Form(
        "staff",
        lambda tree, objects: reverse("organizations:unit_update", args=[tree.branch.pk]),
        unit_data,
        text={"name": False},
        dates=("founded_on",),
    ),
    "host_create": Form(
        "staff",
        lambda tree, objects: reverse("organizations:host_create"),
        host_data,
        text={"name": False, "address": False, "note": True},
        numbers=("workers",),
        ids=("unit", "kind"),
        dates=("doan_since", "closed_on"),
        breaker=("workers", "-1"),
        shown=("name", "address", "note"),
    ),
    "host_update": Form(
        "staff",
        lambda tree, objects: reverse("organizations:host_update", args=[tree.enterprise.pk]),
        host_data,
        text={"name": False, "address": False},
        numbers=("workers",),
    ),
    "plan_create": Form(
        "staff",
        lambda tree, objects: reverse("plans:create"),
        plan_data,
        text={"number": False, "title": False, "purposes": True},
        numbers=("year",),
        ids=("issuing_unit",),
        dates=("starts_on", "ends_on"),
        breaker=("year", "-1"),
        shown=("number", "title", "purposes"),
    ),
    "plan_update": Form(
        "staff",
        plan_page("plans:update"),
        plan_data,
        text={"title": False},
        dates=("ends_on",),
    ),
    "legal_bases": Form(
        "staff",
        plan_page("plans:parts", section="can-cu"),
        lines("can-cu", order="1", number="12-NQ/TW", description="Nghị quyết"),
        text={"can-cu-0-number": False, "can-cu-0-description": False},
        numbers=("can-cu-0-order",),
        ids=("can-cu-0-id",),
        dates=("can-cu-0-issued_on",),
        formset="can-cu",
        breaker=("can-cu-0-order", "-1"),
        shown=("can-cu-0-description",),
    ),
    "committee": Form(
        "staff",
        plan_page("plans:parts", section="ban-to-chuc"),
        lines("ban-to-chuc", order="1", name="Nguyễn Thị Hòa", role="Trưởng ban"),
        text={"ban-to-chuc-0-name": False, "ban-to-chuc-0-position": False},
        numbers=("ban-to-chuc-0-order",),
    ),
    "assignments": Form(
        "staff",
        plan_page("plans:parts", section="phan-cong"),
        lines("phan-cong", order="1", task="Tham mưu", owner="Ban Tổ chức"),
        text={"phan-cong-0-task": False, "phan-cong-0-owner": False},
        dates=("phan-cong-0-deadline",),
        breaker=("phan-cong-0-deadline", "31/02/2024"),
        shown=("phan-cong-0-task",),
    ),
    "timeline": Form(
        "staff",
        plan_page("plans:parts", section="tien-do"),
        lines("tien-do", on="15/03/2024", at="16:00", step="Sơ kết quý I"),
        text={"tien-do-0-step": False},
        dates=("tien-do-0-on", "tien-do-0-at"),
    ),
    "recipients": Form(
        "staff",
        plan_page("plans:parts", section="noi-nhan"),
        lines("noi-nhan", order="1", name="Thành Đoàn"),
        text={"noi-nhan-0-name": False},
        numbers=("noi-nhan-0-order",),
    ),
    "roadmap": Form(
        "staff",
        plan_page("targets:roadmap_edit"),
        roadmap_data,
        text={"ref": False},
        numbers=("cell",),
        ids=("add_metric",),
        breaker=("cell", "-1"),
        saved=tuple(("metrics", value) for value in [*IDS, "-1"]),
        shown=("ref",),
    ),
    "roadmap_revision": Form(
        "staff",
        plan_page("targets:roadmap_edit", plan="issued"),
        lambda tree, objects: roadmap_data(tree, objects) | {"reason": "Điều chỉnh quý I"},
        text={"reason": False},
        breaker=("cell", "-1"),
        shown=("reason",),
    ),
    "allocation": Form(
        "staff",
        lambda tree, objects: reverse(
            "targets:allocation_edit",
            kwargs={"pk": objects["issued"].pk, "set_pk": objects["issued_set"].pk},
        ),
        allocation_data,
        text={"source_ref": False, "note": False, "reason": False},
        numbers=("cell",),
        ids=("period",),
        breaker=("cell", "-1"),
        saved=tuple(("metrics", value) for value in IDS),
        shown=("source_ref", "note"),
    ),
    "metric_create": Form(
        "staff",
        lambda tree, objects: reverse("targets:metric_create"),
        metric_data,
        text={"name": False, "unit_of_measure": False, "description": True},
        numbers=("order", "coverage_min_workers"),
        ids=("source",),
        breaker=("order", "-1"),
        shown=("name", "description"),
    ),
    "metric_update": Form(
        "staff",
        lambda tree, objects: reverse("targets:metric_update", args=[objects["metric"].pk]),
        metric_data,
        text={"name": False},
        numbers=("order",),
    ),
    "report": Form(
        "secretary",
        lambda tree, objects: reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 4]),
        report_data,
        text={"difficulties": False, "evidence_links": False, "cd-0-name": False},
        numbers=("version", "figure", "cd-0-members"),
        ids=("cd-0-kind", "cd-0-host", "cd-0-new_host_kind"),
        dates=("cd-0-founded_on",),
        formset="cd",
        breaker=("cd-0-members", "-1"),
        shown=("difficulties", "evidence_links", "cd-0-name"),
    ),
    "extension": Form(
        "staff",
        lambda tree, objects: reverse("reports:extension_create"),
        extension_data,
        text={"reason": False},
        ids=("unit",),
        dates=("month", "due_on", "due_time"),
        breaker=("due_time", "25:00"),
        shown=("reason",),
    ),
    "login": Form(
        None,
        lambda tree, objects: reverse("login"),
        lambda tree, objects: {"username": "bithu.binh-tri-dong-b", "password": "sai-mat-khau"},
        text={"username": False, "password": False},
        shown=("username",),
    ),
    "password_change": Form(
        "leader",
        lambda tree, objects: reverse("password_change"),
        lambda tree, objects: {
            "old_password": "demo-password",
            "new_password1": "mot-mat-khau-moi-2024",
            "new_password2": "mot-mat-khau-moi-2024",
        },
        text={"old_password": False, "new_password1": False},
    ),
}


def attempts(form: Form):
    """(field, value, saved, breaks): what to type where, whether the form should save it,
    and whether to also break the form so that what was typed is shown again."""
    for name, long_is_valid in form.text.items():
        yield name, OVERSIZE, long_is_valid, False
        yield name, NUL, False, False
    for name in form.shown:
        yield name, SCRIPT, False, True
    for name in form.numbers:
        for value in NUMBERS:
            yield name, value, False, False
    for name in form.ids:
        for value in IDS:
            yield name, value, False, False
    for name in form.dates:
        for value in DATES:
            yield name, value, False, False
    if form.formset:
        for value in FORM_COUNTS:
            yield f"{form.formset}-TOTAL_FORMS", value, False, False
    for name, value in form.saved:
        yield name, value, True, False


def submission(form: Form, tree, objects, name: str, value: str, breaks: bool) -> dict:
    data = form.data(tree, objects)
    if breaks and form.breaker:
        data[key_of(form.breaker[0], data, objects)] = form.breaker[1]
    key = key_of(name, data, objects)
    data[key] = [*data[key], value] if isinstance(data.get(key), list) else value
    return data


def key_of(name: str, data: dict, objects) -> str:
    """Grid cells, a metric's row and a report's figure are named after ids."""
    if name == "cell":
        return next(k for k in data if k.startswith(("t-", "a-")))
    if name == "ref":
        return next(k for k in data if k.startswith("ref-"))
    if name == "figure":
        return f"m-{objects['doan_vien'].pk}"
    return name


def shown_value(value: str) -> str:
    return {OVERSIZE: "10000 chars", NUL: "NUL", "\x00": "NUL", SCRIPT: "script"}.get(
        value, value[:12]
    )


@pytest.mark.parametrize("name", FORMS)
def test_every_field_refuses_hostile_input_in_vietnamese_and_saves_nothing(
    name, client, tree, objects, subtests
):
    form = FORMS[name]
    if form.user:
        client.force_login(getattr(tree, form.user))
    url = form.url(tree, objects)
    before = database()
    for field_name, value, saved, breaks in attempts(form):
        data = submission(form, tree, objects, field_name, value, breaks)
        with subtests.test(field=field_name, value=shown_value(value)), rolled_back():
            response = client.post(url, data)
            if saved:
                assert response.status_code == 302
                continue
            assert_refused_on_the_page(response, before)
            if breaks:  # what was typed is shown again, as text
                assert ESCAPED in response.content.decode()


# Pages that answer with a message rather than the form again


@pytest.mark.parametrize("value", [OVERSIZE, NUL], ids=["10000 chars", "NUL"])
@pytest.mark.parametrize("action", ["return", "reopen"])
def test_a_review_comment_too_long_or_with_nul_is_refused_and_the_report_unchanged(
    client, tree, objects, action, value
):
    report = objects["submitted" if action == "return" else "accepted"]
    field_name = "comment" if action == "return" else "reason"
    client.force_login(tree.staff)
    before = database()
    response = client.post(reverse("reports:action", args=[report.pk, action]), {field_name: value})
    assert response.status_code == 302
    [message] = flashed(response)
    assert is_vietnamese(message), message
    assert database() == before


@pytest.mark.parametrize("value", [OVERSIZE, NUL], ids=["10000 chars", "NUL"])
def test_deleting_an_allocation_of_an_issued_plan_refuses_a_hostile_reason(
    client, tree, objects, value
):
    url = reverse(
        "targets:allocation_delete",
        kwargs={"pk": objects["issued"].pk, "set_pk": objects["issued_set"].pk},
    )
    client.force_login(tree.staff)
    before = database()
    response = client.post(url, {"reason": value})
    assert response.status_code == 200
    message = response.context["error"]
    assert is_vietnamese(message), message
    assert escape(message) in response.content.decode()
    assert database() == before


# What is saved as typed is shown as text, never run


def test_a_script_returned_to_the_ward_as_a_comment_is_shown_as_text(client, tree, objects):
    client.force_login(tree.staff)
    report = objects["submitted"]
    client.post(reverse("reports:action", args=[report.pk, "return"]), {"comment": SCRIPT})
    client.force_login(tree.secretary)
    body = client.get(report.get_absolute_url()).content.decode()
    assert ESCAPED in body and SCRIPT not in body
    body = client.get(reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 3])).content
    assert ESCAPED in body.decode() and SCRIPT not in body.decode()


def test_names_saved_with_a_script_are_shown_as_text_on_every_page(client, tree, objects):
    client.force_login(tree.staff)
    client.post(
        reverse("organizations:unit_create", args=[tree.an_lac.pk]),
        unit_data(tree, objects) | {"name": SCRIPT},
    )
    client.post(
        reverse("organizations:host_create"),
        host_data(tree, objects) | {"name": SCRIPT, "address": SCRIPT, "note": SCRIPT},
    )
    client.post(reverse("targets:metric_create"), metric_data(tree, objects) | {"name": SCRIPT})
    unit = Unit.objects.get(name=SCRIPT)
    host = Host.objects.get(name=SCRIPT)
    pages = [
        unit.get_absolute_url(),
        tree.an_lac.get_absolute_url(),
        reverse("organizations:unit_list"),
        host.get_absolute_url(),
        reverse("organizations:host_list"),
        reverse("targets:metric_list"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert ESCAPED in body and SCRIPT not in body, url


def test_attachment_names_with_a_script_nul_or_10000_characters_are_kept_harmless(
    client, tree, objects
):
    client.force_login(tree.secretary)
    report = objects["draft_report"]
    url = reverse("reports:attachment_upload", args=[report.pk])
    for name in [f"{SCRIPT}.pdf", "bien\x00ban.pdf", "a" * 10_000 + ".pdf"]:
        response = client.post(url, {"file": SimpleUploadedFile(name, b"%PDF-1.4")})
        assert response.status_code == 302
    names = list(Attachment.objects.filter(report=report).values_list("original_name", flat=True))
    assert len(names) == 3
    assert all("\x00" not in n and len(n) <= 255 and n.endswith(".pdf") for n in names)
    body = client.get(report.get_absolute_url()).content.decode()
    assert SCRIPT not in body


def test_a_name_typed_as_a_spreadsheet_formula_is_exported_as_text(client, tree):
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    small_roadmap(plan)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED)
    formula = '=HYPERLINK("http://example.com/x","Bấm vào đây")'
    Unit.objects.filter(pk=tree.an_lac.pk).update(name=formula)
    client.force_login(tree.staff)
    response = client.get(reverse("plans:progress_export", args=[plan.pk, "xlsx"]))
    book = load_workbook(BytesIO(response.content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    typed = [cell for cell in cells if cell.value == formula]
    assert typed and all(cell.data_type == "s" for cell in typed)
    assert any(cell.data_type == "f" and cell.value.startswith("=SUM(") for cell in cells)


# Query strings and addresses: never a 500


def test_hostile_query_strings_and_addresses_get_a_page_or_a_404_never_a_500(
    client, tree, objects, subtests
):
    huge = str(10**30)
    pages = [
        *[
            (reverse(name), {"q": value})
            for name in ("organizations:unit_list", "organizations:host_list", "plans:list")
            for value in (NUL, OVERSIZE, SCRIPT)
        ],
        *[
            (reverse("organizations:unit_list"), {"kind": value})
            for value in (huge, "²", NUL, "-1")
        ],
        *[
            (reverse("organizations:host_list"), {"unit": value, "page": value})
            for value in (huge, "²", NUL)
        ],
        (reverse("organizations:host_create"), {"unit": huge}),
        (reverse("plans:list"), {"year": huge, "unit": huge, "page": huge}),
        *[(reverse("reports:inbox"), {"thang": value}) for value in (f"{huge}-01", "2024-99", NUL)],
        (reverse("reports:home"), {"thang": f"{huge}-01"}),
        (
            reverse("plans:progress", args=[objects["issued"].pk]),
            {"ky": "thang", "thang": NUL, "quy": huge, "don-vi": huge, "sap-xep": f"m{huge}"},
        ),
        (f"/don-vi/{huge}/", {}),
        (f"/ke-hoach/{huge}/", {}),
    ]
    ward = tree.binh_tri_dong_b.pk
    own_pages = [  # a ward's own months, as its secretary asks for them
        (reverse("reports:home"), {"thang": f"{huge}-01"}),
        (f"/bao-cao/don-vi/{ward}/{huge}/1/", {}),
        (f"/bao-cao/don-vi/{ward}/2024/{huge}/", {}),
    ]
    asked = [(tree.staff, *page) for page in pages] + [(tree.secretary, *p) for p in own_pages]
    for user, url, query in asked:
        client.force_login(user)
        with subtests.test(url=url, query={k: shown_value(v) for k, v in query.items()}):
            response = client.get(url, query)
            assert response.status_code in (200, 404)
            assert SCRIPT not in response.content.decode()


# One text in two Unicode forms


def test_a_ward_named_in_nfc_is_found_by_a_search_typed_in_nfd(client, tree):
    UnitFactory(parent=tree.binh_tan, name=NFC)
    HostFactory(unit=tree.binh_tri_dong_b, name="Nhà trọ Cô Ba", address="8 đường Phú Hòa")
    client.force_login(tree.staff)
    units = client.get(reverse("organizations:unit_list"), {"q": NFD}).content.decode()
    assert NFC in units
    hosts = client.get(
        reverse("organizations:host_list"), {"q": unicodedata.normalize("NFD", "đường Phú Hòa")}
    ).content.decode()
    assert "Nhà trọ Cô Ba" in hosts


def test_a_second_unit_whose_name_differs_only_by_unicode_form_is_refused(client, tree):
    UnitFactory(parent=tree.binh_tan, name=NFC)
    client.force_login(tree.staff)
    before = Unit.objects.count()
    response = client.post(
        reverse("organizations:unit_create", args=[tree.binh_tan.pk]),
        {"kind": tree.an_lac.kind.pk, "name": NFD, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Quận Đoàn Bình Tân đã có một đơn vị trùng tên này." in response.content.decode()
    assert Unit.objects.count() == before


def test_a_second_host_whose_name_differs_only_by_unicode_form_is_refused(client, tree):
    client.force_login(tree.staff)
    name = "Công ty TNHH Phú Hòa"
    HostFactory(unit=tree.binh_tri_dong_b, name=name)
    before = Host.objects.count()
    response = client.post(
        reverse("organizations:host_create"),
        {
            "unit": tree.binh_tri_dong_b.pk,
            "kind": "enterprise",
            "name": unicodedata.normalize("NFD", name),
        },
    )
    assert response.status_code == 200
    assert "Đơn vị này đã có một cơ sở trùng tên." in response.content.decode()
    assert Host.objects.count() == before


def test_a_second_plan_whose_number_differs_only_by_unicode_form_is_refused(client, tree):
    PlanFactory(issuing_unit=tree.binh_tan, number="105-KH/QĐBT-Hòa", year=2025)
    client.force_login(tree.staff)
    before = Plan.objects.count()
    data = plan_data(tree, None) | {"number": unicodedata.normalize("NFD", "105-KH/QĐBT-Hòa")}
    response = client.post(reverse("plans:create"), data)
    assert response.status_code == 200
    assert "Đơn vị đã có kế hoạch mang số này trong năm." in response.content.decode()
    assert Plan.objects.count() == before


def test_a_host_renamed_in_the_admin_to_an_nfd_twin_is_refused(client, tree):
    HostFactory(unit=tree.binh_tri_dong_b, name=NFC)
    client.force_login(tree.admin)
    response = client.post(
        reverse("admin:organizations_host_change", args=[tree.enterprise.pk]),
        {"unit": tree.binh_tri_dong_b.pk, "kind": "enterprise", "name": NFD},
    )
    assert response.status_code == 200
    assert "Đơn vị này đã có một cơ sở trùng tên." in response.content.decode()
    tree.enterprise.refresh_from_db()
    assert tree.enterprise.name == "Công ty TNHH May mặc Phú Lâm"


def nfd(data: dict) -> dict:
    return {
        k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in data.items()
    }


def test_names_and_texts_typed_in_nfd_are_stored_in_nfc(client, tree, objects):
    client.force_login(tree.staff)
    client.post(
        reverse("organizations:unit_create", args=[tree.binh_tan.pk]),
        {"kind": tree.an_lac.kind.pk, "name": NFD, "is_active": "on"},
    )
    client.post(
        reverse("organizations:host_create"),
        nfd(host_data(tree, objects) | {"note": "Chủ: bà Hòa\nĐã liên hệ"}),
    )
    client.post(
        reverse("plans:create"),
        nfd(plan_data(tree, objects) | {"purposes": "Phát triển\nđoàn viên"}),
    )
    client.post(reverse("targets:metric_create"), nfd(metric_data(tree, objects)))
    client.post(reverse("reports:extension_create"), nfd(extension_data(tree, objects)))
    client.force_login(tree.secretary)
    client.post(
        reverse("reports:edit", args=[tree.binh_tri_dong_b.pk, 2024, 4]),
        nfd(report_data(tree, objects) | {"difficulties": "Thiếu kinh phí\nở phường Phú Hòa"}),
    )
    assert Unit.objects.filter(name=NFC, parent=tree.binh_tan).exists()
    host = Host.objects.get(name="Công ty TNHH Thép Hòa Phát")
    assert (host.address, host.note) == ("12 Tên Lửa", "Chủ: bà Hòa\nĐã liên hệ")
    plan = Plan.objects.get(number="20-KH/QĐTN")
    assert (plan.title, plan.purposes) == ("Ngày Đoàn viên năm 2025", "Phát triển\nđoàn viên")
    metric = Metric.objects.get(name="Lớp bồi dưỡng lý luận", unit_of_measure="lớp")
    assert metric.code == "lop-boi-duong-ly-luan"  # the code an NFC name would get
    report = MonthlyReport.objects.get(pk=objects["draft_report"].pk)
    assert report.difficulties == "Thiếu kinh phí\nở phường Phú Hòa"
    assert report.founded_branches.get().new_host_name == "Công ty Hòa Bình"
    assert tree.binh_tri_dong_b.extensions.get().reason == "Mưa bão kéo dài"


def text_values():
    for model in apps.get_models():
        if model._meta.app_label not in ("organizations", "plans", "targets", "reports"):
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            yield from (value for value in row if value)


def test_the_demo_and_the_shipped_catalogue_are_written_in_nfc():
    call_command("loaddemo", accounts=True)
    values = list(text_values())
    assert len(values) > 1000
    assert [v for v in values if not unicodedata.is_normalized("NFC", v)] == []
