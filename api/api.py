"""The read-only JSON API: the figures the pages show, scoped exactly like them.

Every object comes through ``for_user`` of the person the request authenticates (by the
app's session or a personal token), so another unit's object is a 404 here as on the pages.
Each endpoint costs a fixed number of queries, whatever the number of units and months.
"""

from datetime import date, timedelta
from itertools import batched

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query
from ninja.errors import AuthenticationError, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, django_auth

from organizations.models import Unit
from plans import selectors as plan_selectors
from plans.models import Plan
from plans.views import PAGE_SIZE
from reports import live, progress
from reports.deadlines import reporting_units
from reports.filters import ProgressFilterForm
from reports.schedule import next_month, previous_month
from reports.selectors import month_rows, recent_months
from results import selectors as result_selectors
from results.models import ResultRequest
from targets.levels import plan_level_labels
from targets.models import Metric
from targets.selectors import roadmap_of

from .models import ApiToken
from .schemas import (
    ActivityOut,
    ErrorOut,
    MetricOut,
    PlanDetailOut,
    PlanOut,
    PlanProgressOut,
    ProgressFilters,
    ResultRequestDetailOut,
    ResultRequestOut,
    TimelinessOut,
)

MAX_MONTHS = 24  # of one timeliness request: two years of every ward stays a small answer
MAX_ID = 2**63 - 1  # a database's largest id: beyond it SQLite cannot even compare
MAX_PAGE = 1_000_000  # far past any list's end, and a number of rows a database can skip
NO_NUL = r"^[^\x00]*$"  # as the pages' forms: PostgreSQL cannot search for a NUL character
# A month of the years a plan may cover (Plan.year, 1945–2100). Beyond them a due moment
# may be no date at all (year 0, year 10000) or carry a clock offset that JSON's date-time
# cannot write (Sài Gòn before 1911: +07:06:30).
MONTH = r"^(194[5-9]|19[5-9][0-9]|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"


#: how precisely a token's last use is recorded
TOKEN_USE_PRECISION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """A personal token (``manage.py apitoken``) sent as ``Authorization: Bearer <key>``."""

    def authenticate(self, request, token: str):
        api_token = ApiToken.objects.holding(token)
        if api_token is None:
            return None
        # A read writes nothing, but once a minute at most: when the token was last used
        # is worth knowing to the minute, not at the cost of a write on every request.
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= TOKEN_USE_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user


class Api(NinjaAPI):
    """Operation ids are the view names (plan_list…): client generators name methods so."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__


api = Api(
    title="Lộ trình API",
    version="1",
    description=(
        "Plans, targets, progress and report timeliness, read-only, as the pages show them "
        "to the signed-in person. Authenticate with the app's session or with a personal "
        "token: `Authorization: Bearer <key>`."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
)
ERRORS = {401: ErrorOut, 404: ErrorOut}
INVALID = {422: ErrorOut}  # a parameter the endpoint cannot read


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Sign in, or send a personal token: Authorization: Bearer <key>.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def query_error(field: str, message: str, code: str = "invalid") -> dict:
    """One error of a 422, shaped like ninja's own for a bad query parameter."""
    return {
        "loc": ["query"] if field == NON_FIELD_ERRORS else ["query", field],
        "msg": message,
        "type": code,
    }


class Pages(PageNumberPagination):
    """ninja's page numbers, up to MAX_PAGE."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)


def _plan(request, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.for_user(request.auth).select_related("issuing_unit", "issuing_unit__kind"),
        pk=plan_id,
    )


@api.get("/plans", response={200: list[PlanOut], 401: ErrorOut, **INVALID})
@paginate(Pages, page_size=PAGE_SIZE)
def plan_list(
    request,
    year: int | None = None,
    q: str = Query("", pattern=NO_NUL),
    status: Plan.Status | None = None,
):
    """The plans the person sees, newest first; `q` searches number and title, with or
    without diacritics."""
    return plan_selectors.plan_list(user=request.auth, query=q, year=year, status=status or "")


@api.get("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS, **INVALID})
def plan_detail(request, plan_id: int):
    """A plan with its roadmap in force: targets and allocations to units."""
    plan = _plan(request, plan_id)
    roadmap = roadmap_of(plan.roadmap_versions.current())
    labels = plan_level_labels(plan)
    for target in roadmap.targets:
        target.level_label = labels[target.level]
    return {"plan": plan, "roadmap": roadmap}


@api.get("/plans/{plan_id}/progress", response={200: PlanProgressOut, **ERRORS, **INVALID})
def plan_progress(request, plan_id: int, filters: Query[ProgressFilters]):
    """What was done against the roadmap, target by target, then unit by unit (allocated
    targets, what each did, its reporting record), with the progress page's parameters:
    a window of months (`ky`…), a unit's subtree (`don-vi`), reports not yet accepted."""
    plan = _plan(request, plan_id)
    today = timezone.localdate()
    form = ProgressFilterForm(
        filters.model_dump(by_alias=True, exclude_none=True),
        plan=plan,
        user=request.auth,
        today=today,
    )
    if not form.is_valid():
        raise ValidationError(
            [
                query_error(field, error["message"], error["code"])
                for field, errors in form.errors.get_json_data().items()
                for error in errors
            ]
        )
    # Computed once for each revision of the data and kept, as JSON (reports.live).
    content = live.kept(
        "api-progress",
        (plan.pk, live.access_of(request.auth), form.saved()),
        lambda: _progress_json(request, plan, form),
    )
    return HttpResponse(content, content_type=api.get_content_type())


def _progress_json(request, plan: Plan, form: ProgressFilterForm) -> bytes:
    """The progress API's answer, as the schema writes it."""
    figures = form.figures(children_by="total")
    metrics, units = progress.ward_table(
        plan=plan, today=figures.as_of, figures=figures, with_months=False
    )
    result = {
        "plan": plan,
        "window": figures.window,
        "scope": figures.scope,
        "as_of": figures.as_of,
        "include_submitted": figures.include_submitted,
        "targets": progress.plan_progress(plan=plan, today=figures.as_of, figures=figures),
        "metrics": metrics,
        "units": [
            {
                "unit": row.unit,
                "cells": [
                    {
                        "metric": metric.code,
                        "target": c.target,
                        "target_exact": c.target_exact,
                        "deadline": c.deadline,
                        "done": c.done,
                        "percent": c.percent,
                    }
                    for metric, c in zip(metrics, row.cells, strict=True)
                ],
                "percent": row.percent,
                "on_time": row.on_time,
                "late": row.late,
                "missing": row.missing,
            }
            for row in units
        ],
    }
    context = {"request": request, "response_status": 200}
    data = PlanProgressOut.model_validate(result, context=context).model_dump(context=context)
    return api.renderer.render(request, data, response_status=200)


def _month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


@api.get("/units/{unit_id}/timeliness", response={200: TimelinessOut, **ERRORS, **INVALID})
def unit_timeliness(
    request,
    unit_id: int,
    start: str | None = Query(None, alias="from", pattern=MONTH),
    end: str | None = Query(None, alias="to", pattern=MONTH),
):
    """Whether each monthly report came in on time, from `from` to `to` (YYYY-MM; by
    default the six months before this one): the unit's own, then each unit reporting to
    it."""
    unit = get_object_or_404(Unit.objects.for_user(request.auth), pk=unit_id)
    today = timezone.localdate()
    last = _month(end) if end else previous_month(today.replace(day=1))
    first = _month(start) if start else recent_months(today, until=last)[-1]
    if first > last:
        raise ValidationError([query_error("from", _("The first month comes after the last one."))])
    months = [first]
    while months[-1] < last and len(months) <= MAX_MONTHS:
        months.append(next_month(months[-1]))
    if len(months) > MAX_MONTHS:
        message = _("At most %(count)d months at a time.") % {"count": MAX_MONTHS}
        raise ValidationError([query_error("to", message)])
    # The top of the tree reports to nobody: only the units below it have a record. Of
    # those, the units that owe a report of one of the months (a ward dissolved before
    # them has none; its own months read "not_owed").
    units = [unit] if unit.parent_id else []
    units += list(reporting_units(unit, months))
    rows = month_rows(units=units, months=months, now=timezone.now())
    return {
        "unit": unit,
        "start": f"{first:%Y-%m}",
        "end": f"{last:%Y-%m}",
        "units": [
            {"unit": each, "months": unit_rows}
            for each, unit_rows in zip(units, batched(rows, len(months)), strict=True)
        ],
    }


@api.get("/metrics", response={200: list[MetricOut], 401: ErrorOut})
def metric_list(request):
    """The metrics the person sees: the shipped catalogue, their subtree's and those of
    the units above."""
    return Metric.objects.for_user(request.auth).select_related("owner_unit")


def urls():
    """The API's URL patterns. The pages send anonymous visitors to the login page; the API
    answers them itself (401 JSON), and its schema and docs are open to all."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace


@api.get("/plans/{plan_id}/activities", response={200: list[ActivityOut], **ERRORS, **INVALID})
def plan_activities(request, plan_id: int):
    """The plan's activities: the issuing unit's own first, then its base units'."""
    plan = _plan(request, plan_id)
    activities = []
    for heading, group in plan_selectors.activity_groups(plan, plan_level_labels(plan)):
        for activity in group:
            activity.level_label = heading
            activities.append(activity)
    return activities


def _result_requests(request):
    requests = ResultRequest.objects.for_user(request.auth)
    return requests.select_related("plan__issuing_unit").prefetch_related("metrics", "units")


@api.get("/result-requests", response={200: list[ResultRequestOut], 401: ErrorOut, **INVALID})
@paginate(Pages, page_size=PAGE_SIZE)
def result_request_list(request, plan: int | None = Query(None, ge=1, le=MAX_ID)):
    """The result requests the person sees (their unit's or those below it, and those sent
    to their unit), latest deadline first; `plan` keeps one plan's."""
    requests = _result_requests(request).order_by("-due_at", "-pk")
    return requests.filter(plan_id=plan) if plan else requests


@api.get(
    "/result-requests/{request_id}",
    response={200: ResultRequestDetailOut, **ERRORS, **INVALID},
)
def result_request_detail(request, request_id: int):
    """A result request and the units asked, each with its state (by the first
    submission, as on the pages), its answer's status and moments, and its counts. A unit
    asked sees its own line only."""
    result_request = get_object_or_404(_result_requests(request), pk=request_id)
    rows = result_selectors.answers_table(result_request, now=timezone.now()).rows
    if not result_request.is_office_of(request.auth):
        rows = [row for row in rows if row.unit.pk == request.auth.unit_id]
    result_request.rows = rows
    return result_request
