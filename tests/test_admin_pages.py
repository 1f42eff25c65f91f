"""Every page of the admin (/quan-tri/), derived from its registry: each registered model's
list, its form for a new row, and every page of one row its admin defines (form, history,
deletion, a person's password...), with the site's own pages, the "view on site" shortcut
and the autocomplete. A model registered tomorrow is in these tests without a line here;
only its rows outside an administrator's reach must be added to ``outside`` (a test says so).

quantri.binhtan, the administrator of Bình Tân, gets a 404 for every page of every row that
is not theirs: Quận 12's and the city's rows, the people above them (a superuser who carries
Bình Tân as their unit, the city's administrator, a person granted a permission they lack)
and what those own, and every row of a model the admin shows superusers only. The same page
of one of their own rows opens, and the superuser opens every one of them, so a 404 here is
the administrator's, not a URL built wrong. A visitor not signed in is sent to the admin's
sign-in page from every admin URL.
"""

import re
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.urls import URLPattern, URLResolver, resolve, reverse

from api.models import ApiToken
from organizations.admin import ScopedAdmin
from organizations.models import UnitKind, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mat-khau-moi-cua-toi-2026"
ADMIN_LOGIN = "/quan-tri/login/"

# Models whose rows belong to no unit and that every administrator reads.
SHARED = {UnitKind: "the levels of the tree: one catalogue, read by every administrator"}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def app(django_app_factory):
    # No CSRF checks: a 403 or 404 below is the admin's answer, never a missing token.
    app = django_app_factory(csrf_checks=False)
    app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies
    return app


@pytest.fixture
def superuser(tree) -> User:
    person = UserFactory(username="sieuquantri", unit=tree.binh_tan, role=User.Role.ADMINISTRATOR)
    User.objects.filter(pk=person.pk).update(is_superuser=True, is_staff=True)
    person.refresh_from_db()
    return person


@pytest.fixture
def outside(tree, superuser) -> list:
    """One or more rows of every registered model that quantri.binhtan may not reach."""
    city_admin = UserFactory(username="quantri.thanhdoan", unit=tree.city, role="administrator")
    granted = UserFactory(username="canbo2.binhtan", unit=tree.binh_tan, role="staff")
    granted.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    attempt = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "203.0.113.7",
        "username": "canbo.quan12",
        "http_accept": "text/html",
        "path_info": "/dang-nhap/",
    }
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    return [
        tree.city,
        tree.quan_12,
        tree.thanh_loc,
        tree.q12_enterprise,
        tree.q12_staff,
        city_admin,
        superuser,
        granted,
        ApiToken.objects.issue(user=tree.q12_staff, name="Bảng tin Quận 12")[0],
        ApiToken.objects.issue(user=superuser, name="Sao lưu")[0],
        ApiToken.objects.issue(user=city_admin)[0],
        Group.objects.create(name="Ban Tổ chức"),
        DBTaskResult.objects.create(
            task_path="reports.tasks.build_export",
            args_kwargs={"args": ["quan-12"], "kwargs": {}},
            backend_name="default",
            run_after=datetime(2026, 12, 1, tzinfo=UTC),
            exception_class_path="",
            traceback="",
        ),
        AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=3),
        AccessLog.objects.create(**attempt),
        AccessFailureLog.objects.create(**attempt),
    ]


@pytest.fixture
def inside(tree) -> list:
    """Rows of quantri.binhtan's own subtree, which they manage."""
    return [
        tree.an_lac,
        tree.boarding_house,
        tree.other_secretary,
        ApiToken.objects.issue(user=tree.other_secretary, name="Sổ tay")[0],
    ]


def admin_of(model) -> admin.ModelAdmin:
    return admin.site._registry[model]


def info(model) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}"


def row_pages(model, row) -> list[str]:
    """Every page the model's admin defines for one row: each of its URL patterns that
    take the row's id, filled in with it."""
    base = reverse(f"{info(model)}_changelist")
    pages = []
    for pattern in admin_of(model).get_urls():
        route = str(pattern.pattern)
        if re.search(r"<\w+:(object_id|id)>|<(object_id|id)>", route):
            pages.append(base + re.sub(r"<[^>]+>", quote(str(row.pk)), route))
    return pages


def view_on_site(row) -> str:
    content_type = ContentType.objects.get_for_model(row, for_concrete_model=False)
    return reverse("admin:view_on_site", args=[content_type.pk, row.pk])


def snapshot(row) -> str:
    """The row as stored (bar when a person last signed in: the superuser does, here)."""
    fields = [field.name for field in type(row)._meta.fields if field.name != "last_login"]
    return serializers.serialize("json", type(row)._base_manager.filter(pk=row.pk), fields=fields)


def forms_to_post(page) -> list:
    """The forms a page posts (its own; not the header's sign-out), filled in as a
    person would: a new password where one is asked for."""
    forms = [form for key, form in page.forms.items() if isinstance(key, int)]
    forms = [form for form in forms if form.method.upper() == "POST" and form.id != "logout-form"]
    for form in forms:
        for name in ("password1", "password2"):
            if name in form.fields:
                form[name] = NEW_PASSWORD
    return forms


def status(response) -> int:
    """The final answer, after the admin's own redirects (a row's bare address leads to
    its form)."""
    while response.status_code in (301, 302) and response.location.startswith(
        ("/", "https://testserver/")
    ):
        response = response.follow(expect_errors=True)
    return response.status_code


def referring_fields(model) -> list:
    """The fields of any model that point to ``model`` (what the admin's autocomplete
    answers for)."""
    return [
        field
        for source in apps.get_models()
        for field in source._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is model
    ]


def test_every_registered_model_has_a_row_outside_the_administrators_reach(outside, inside):
    missing = [
        model._meta.label
        for model in REGISTERED
        if model not in SHARED and not any(type(row) is model for row in outside)
    ]
    assert missing == [], "add a row of each to the ``outside`` fixture"
    scoped = [model for model in REGISTERED if isinstance(admin_of(model), ScopedAdmin)]
    assert [m._meta.label for m in scoped if not any(type(r) is m for r in inside)] == []


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_of_a_row_outside_the_administrators_reach_is_a_404(
    model, app, tree, superuser, outside
):
    if model in SHARED:
        pytest.skip(SHARED[model])
    rows = [row for row in outside if type(row) is model]
    admin_answers = []
    for row in rows:
        before = snapshot(row)
        for url in row_pages(model, row):
            as_superuser = app.get(url, user=superuser, expect_errors=True)
            assert status(as_superuser) != 404, url  # the page exists
            admin_answers.append(
                (url, "GET", status(app.get(url, user=tree.admin, expect_errors=True)))
            )
            if as_superuser.status_code != 200:
                continue
            for form in forms_to_post(as_superuser):
                posted = app.post(url, form.submit_fields(), user=tree.admin, expect_errors=True)
                admin_answers.append((url, "POST", posted.status_code))
        # Not followed: where it leads is not the question, whether it answers is.
        shortcut = app.get(view_on_site(row), user=tree.admin, expect_errors=True)
        admin_answers.append((view_on_site(row), "GET", shortcut.status_code))
        assert snapshot(row) == before
    assert {answer for answer in admin_answers if answer[2] != 404} == set()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_the_admins_lists_searches_and_bulk_deletions_leave_out_rows_outside_the_reach(
    model, app, tree, superuser, outside
):
    if model in SHARED:
        pytest.skip(SHARED[model])
    rows = [row for row in outside if type(row) is model]
    changelist = reverse(f"{info(model)}_changelist")
    listed = app.get(changelist, user=superuser).text
    their_list = app.get(changelist, user=tree.admin, expect_errors=True)
    for row in rows:
        change = reverse(f"{info(model)}_change", args=[quote(row.pk)])
        assert f'href="{change}"' in listed  # the superuser sees it listed
        assert their_list.status_code == 404 or f'href="{change}"' not in their_list.text
        before = snapshot(row)
        bulk = {"action": "delete_selected", "_selected_action": row.pk, "post": "yes"}
        app.post(changelist, bulk, user=tree.admin, expect_errors=True)
        assert snapshot(row) == before
        for field in referring_fields(model):
            query = {
                "app_label": field.model._meta.app_label,
                "model_name": field.model._meta.model_name,
                "field_name": field.name,
                "term": "",
            }
            found = app.get(
                reverse("admin:autocomplete"), query, user=tree.admin, expect_errors=True
            )
            if found.status_code == 200:
                assert str(row.pk) not in {result["id"] for result in found.json["results"]}
            else:
                assert found.status_code in (403, 404)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_the_same_pages_of_the_administrators_own_rows_open(model, app, tree, inside):
    if not isinstance(admin_of(model), ScopedAdmin):
        pytest.skip("not a model of units")
    for row in [row for row in inside if type(row) is model]:
        for url in row_pages(model, row):
            assert status(app.get(url, user=tree.admin, expect_errors=True)) == 200, url
        if hasattr(model, "get_absolute_url"):
            shortcut = app.get(view_on_site(row), user=tree.admin, expect_errors=True)
            assert shortcut.status_code == 302


@pytest.mark.parametrize("model", sorted(SHARED, key=str), ids=lambda model: model._meta.label)
def test_a_shared_catalogue_is_read_only_for_an_administrator(model, app, tree, superuser):
    row = model._default_manager.first()
    before = snapshot(row)
    change = reverse(f"{info(model)}_change", args=[quote(row.pk)])
    assert app.get(change, user=tree.admin).status_code == 200
    form = forms_to_post(app.get(change, user=superuser))[0]
    assert (
        app.post(change, form.submit_fields(), user=tree.admin, expect_errors=True).status_code
        == 403
    )
    delete = reverse(f"{info(model)}_delete", args=[quote(row.pk)])
    assert app.get(delete, user=tree.admin, expect_errors=True).status_code == 403
    assert app.post(delete, {"post": "yes"}, user=tree.admin, expect_errors=True).status_code == 403
    assert snapshot(row) == before


def test_models_the_admin_shows_superusers_only_are_a_404_for_an_administrator(app, tree):
    for model in REGISTERED:
        model_admin = admin_of(model)
        if isinstance(model_admin, ScopedAdmin) or model in SHARED:
            continue
        for name in ("changelist", "add"):
            url = reverse(f"{info(model)}_{name}")
            assert app.get(url, user=tree.admin, expect_errors=True).status_code == 404, url
    app_labels = {model._meta.app_label for model in REGISTERED}
    for label in app_labels - {"organizations", "api"}:
        url = reverse("admin:app_list", args=[label])
        assert app.get(url, user=tree.admin, expect_errors=True).status_code == 404, url


# --- A visitor not signed in ------------------------------------------------------------


def admin_routes(patterns=None, prefix="") -> set[str]:
    """Every route of the admin's URL conf, as ``ResolverMatch.route`` names them."""
    routes = set()
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            routes |= admin_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.add(prefix + str(pattern.pattern).removeprefix("^"))
    return routes


def every_admin_url(outside, inside) -> list[str]:
    urls = [reverse(name) for name in ("admin:index", "admin:logout", "admin:jsi18n")]
    urls += [reverse("admin:password_change"), reverse("admin:password_change_done")]
    urls += [reverse("admin:autocomplete") + "?app_label=api&model_name=apitoken&field_name=user"]
    urls += [
        reverse("admin:app_list", args=[label]) for label in {m._meta.app_label for m in REGISTERED}
    ]
    urls += ["/quan-tri/khong-co-trang-nay/", "/quan-tri/khong-co-dau-gach-cheo"]
    for model in REGISTERED:
        urls += [reverse(f"{info(model)}_changelist"), reverse(f"{info(model)}_add")]
        row = next((row for row in [*inside, *outside] if type(row) is model), None)
        row = row or model._default_manager.first()
        urls += [*row_pages(model, row), view_on_site(row)]
    return urls


def test_every_admin_url_is_in_the_visitors_walk(outside, inside):
    urls = [ADMIN_LOGIN, *every_admin_url(outside, inside)]
    walked = {resolve(url.split("?")[0]).route.removeprefix("quan-tri/") for url in urls}
    assert admin_routes() - walked == set()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitor_not_signed_in_is_sent_to_the_admins_sign_in_page_from_every_admin_url(
    method, client, outside, inside
):
    for url in every_admin_url(outside, inside):
        response = getattr(client, method)(url, follow=True)
        assert response.status_code == 200, url
        assert response.redirect_chain, url
        assert response.request["PATH_INFO"] == ADMIN_LOGIN, url
        assert b'name="password"' in response.content


def test_the_admins_sign_in_page_itself_opens_for_a_visitor(client):
    assert client.get(ADMIN_LOGIN).status_code == 200
