from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reports import dashboards, live
from reports import selectors as report_selectors
from results import selectors as result_selectors

from . import selectors, services
from .access import require
from .forms import UNIT_FIELDS, DepartmentFormSet, HostForm, UnitForm
from .models import Host, Unit, UnitKind
from .text import fold, normalize

PAGE_SIZE = 50
#: the units listed at once on a unit's page (a city stands over 168)
CHILDREN_PAGE_SIZE = 25
HOME_CHILDREN = 10


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _int_or_none(value: str | None) -> int | None:
    """An id from the query string, or None when it is none (or beyond the database's
    integers: SQLite cannot even compare with them)."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**63 else None


def home(request):
    """What a person's unit is at: their own report and what was sent back to them, at
    once; below, the panels of their unit (reports of the month, waiting for review,
    units behind, plans, the units below), computed once for each revision of the data
    and kept (``reports.live``)."""
    user = request.user
    context = {}
    if user.unit_id:
        now = timezone.now()
        own = report_selectors.own_recent_rows(user=user, now=now)  # last month first
        context = {
            "unit": user.unit,
            "returned": dashboards.returned_reports(user=user),
            "report_banner": report_selectors.report_banner(rows=own, now=now),
            "open_requests": result_selectors.open_requests_of(user=user, now=now),
        }
        if own and not user.can_review_reports:
            context["month_row"] = own[0]
        kept = live.kept("home", (live.access_of(user),), lambda: _home_panels(request, context))
        context["summary"], context["body"] = kept
    return render(request, "organizations/home.html", context)


def _home_panels(request, context: dict) -> tuple[dict, str]:
    user, now = request.user, timezone.now()
    panels = {
        **context,
        "headlines": dashboards.plan_headlines(user=user, today=timezone.localdate(now)),
        "overview": dashboards.review_overview(user=user, now=now),
    }
    if user.can_review_reports:
        panels["panel"] = dashboards.staff_panel(user=user, now=now)
    if user.role != user.Role.SECRETARY:
        # The first few, then a link to the unit's page: a city has 168 of them.
        children = list(selectors.unit_children(unit=user.unit)[: HOME_CHILDREN + 1])
        panels["children"] = children[:HOME_CHILDREN]
        panels["more_children"] = len(children) > HOME_CHILDREN
    body = render_to_string("organizations/includes/home_body.html", panels, request=request)
    return selectors.unit_summary(unit=user.unit), body


UNIT_STATUSES = [
    (selectors.CURRENT, gettext_lazy("Current units")),
    (selectors.DISSOLVED, gettext_lazy("Dissolved or merged")),
    (selectors.ALL, gettext_lazy("All, dissolved ones included")),
]


def unit_list(request):
    query = normalize(request.GET.get("q", ""))
    kind_id = _int_or_none(request.GET.get("kind"))
    status = request.GET.get("trang-thai", "")
    if status not in dict(UNIT_STATUSES):
        status = selectors.CURRENT
    units = selectors.unit_list(user=request.user, query=query, kind_id=kind_id, status=status)
    page = _page(request, units)
    page.object_list = list(page.object_list)
    is_filtered = bool(query or kind_id or status)
    base_depth = request.user.unit.depth if request.user.unit_id else 0
    trails = selectors.ancestors_by_unit(page.object_list) if is_filtered else {}
    for unit in page.object_list:
        # Indentation in the tree, or where a search result sits in it.
        unit.level = min(unit.depth - base_depth, 8)
        unit.trail = trails.get(unit.pk, [])
    return render(
        request,
        "organizations/unit_list.html",
        {
            "page": page,
            "query": query,
            "kind_id": kind_id,
            "kinds": UnitKind.objects.all(),
            "status": status,
            "statuses": UNIT_STATUSES,
            "is_filtered": is_filtered,
            "today": timezone.localdate(),
        },
    )


def unit_detail(request, pk: int):
    user = request.user
    unit = get_object_or_404(
        Unit.objects.for_user(user).select_related("kind", "host", "successor__parent"), pk=pk
    )
    today = timezone.localdate()
    is_gone = unit.dissolved_on is not None and unit.dissolved_on <= today
    # Units dissolved below a current unit are left out of its table unless asked for.
    show_dissolved = request.GET.get("giai-the") == "1"
    successor = unit.successor
    # A city's page lists its 168 wards a page at a time, with a search by name.
    query = normalize(request.GET.get("q", ""))[:100]
    children = selectors.unit_children(unit=unit, today=today, dissolved=show_dissolved)
    if query:
        children = children.filter(search_name__contains=fold(query))
    children_page = Paginator(children, CHILDREN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "is_gone": is_gone,
            # Linked when the person may open it; named in any case.
            "successor_visible": successor is not None
            and (user.is_superuser or bool(user.unit_id and successor.is_within(user.unit))),
            "predecessors": unit.predecessors.for_user(user)
            .select_related("parent")
            .order_by("dissolved_on", "name"),
            "show_dissolved": show_dissolved,
            "dissolved_children": 0
            if is_gone or show_dissolved
            else selectors.dissolved_children_count(unit=unit, today=today),
            "breadcrumbs": Unit.objects.ancestors_of(unit).for_user(user),
            "children": children_page.object_list,
            "children_page": children_page,
            "children_query": query,
            "summary": selectors.unit_summary(unit=unit),
            "hosts": unit.hosts.order_by("name")[:PAGE_SIZE],
            "departments": list(unit.departments.all()),
            "members": unit.members.filter(is_active=True).order_by("role", "username"),
        },
    )


@require_http_methods(["GET", "POST"])
def unit_create(request, parent_pk: int):
    parent = get_object_or_404(Unit.objects.for_user(request.user), pk=parent_pk)
    require(request.user.can_manage)
    form = UnitForm(request.POST or None, user=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        unit = services.unit_create(parent=parent, **form.cleaned_data)
        messages.success(request, _("Unit “%(name)s” was created.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "organizations/unit_form.html", {"form": form, "parent": parent})


@require_http_methods(["GET", "POST"])
def unit_update(request, pk: int):
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=pk)
    require(request.user.can_manage)
    form = UnitForm(request.POST or None, instance=unit, user=request.user, parent=unit.parent)
    if request.method == "POST" and form.is_valid():
        services.unit_update(unit=form.save(commit=False), fields=UNIT_FIELDS)
        messages.success(request, _("Unit “%(name)s” was saved.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "organizations/unit_form.html", {"form": form, "unit": unit})


@require_http_methods(["GET", "POST"])
def unit_departments(request, pk: int):
    """The departments of a unit's office (mảng, ban, văn phòng): who its plans' activities
    are given to."""
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=pk)
    require(request.user.can_manage)
    formset = DepartmentFormSet(request.POST or None, instance=unit, prefix="mang")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("The departments of %(unit)s were saved.") % {"unit": unit})
        return redirect(unit.get_absolute_url() + "#mang")
    return render(
        request, "organizations/unit_departments.html", {"unit": unit, "formset": formset}
    )


def host_list(request):
    query = normalize(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    if kind not in Host.Kind.values:
        kind = ""
    doan = request.GET.get("doan", "")
    has_doan = {"yes": True, "no": False}.get(doan)
    unit_id = _int_or_none(request.GET.get("unit"))
    scoped_units = Unit.objects.for_user(request.user).filter(kind__is_branch=False)
    unit = scoped_units.filter(pk=unit_id).first() if unit_id else None
    hosts = selectors.host_list(
        user=request.user, query=query, kind=kind, unit=unit, has_doan=has_doan
    )
    return render(
        request,
        "organizations/host_list.html",
        {
            "page": _page(request, hosts),
            "query": query,
            "kind": kind,
            "kinds": Host.Kind.choices,
            "doan": doan if has_doan is not None else "",
            "unit_filter": unit,
            "units": scoped_units.only("pk", "name", "depth").order_by("path"),
            "is_filtered": bool(query or kind or unit or has_doan is not None),
        },
    )


def host_detail(request, pk: int):
    host = get_object_or_404(Host.objects.for_user(request.user).select_related("unit"), pk=pk)
    return render(
        request,
        "organizations/host_detail.html",
        {"host": host, "branches": host.units.select_related("kind", "parent").order_by("name")},
    )


@require_http_methods(["GET", "POST"])
def host_create(request):
    require(request.user.can_manage)
    initial = {}
    unit_id = _int_or_none(request.GET.get("unit"))
    if unit_id:
        initial["unit"] = unit_id
    form = HostForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        host = form.save()
        messages.success(request, _("“%(name)s” was added to the registry.") % {"name": host})
        return redirect(host)
    return render(request, "organizations/host_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def host_update(request, pk: int):
    host = get_object_or_404(Host.objects.for_user(request.user), pk=pk)
    require(request.user.can_manage)
    form = HostForm(request.POST or None, instance=host, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": host})
        return redirect(host)
    return render(request, "organizations/host_form.html", {"form": form, "host": host})


@require_http_methods(["GET", "POST"])
def host_delete(request, pk: int):
    host = get_object_or_404(Host.objects.for_user(request.user), pk=pk)
    require(request.user.can_manage)
    if request.method == "POST":
        try:
            host.delete()
        except ProtectedError:
            messages.error(
                request,
                _("“%(name)s” still has branches; move or close them before deleting it.")
                % {"name": host},
            )
            return redirect(host)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": host})
        return redirect("organizations:host_list")
    return render(request, "organizations/host_confirm_delete.html", {"host": host})
