from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organizations.access import require
from organizations.forms import typed_field
from plans import importing
from plans.models import PlanImport
from plans.views import plan_for_editing

from . import services
from .forms import AllocationForm, MetricForm, RevisionReasonForm, RoadmapForm
from .models import AllocationSet, Metric
from .selectors import allocation_units, plan_periods, roadmap_of

DEFAULT_METRICS = ["new-chi-doan", "new-chi-hoi", "new-doan-vien"]


def _is_id(text: str) -> bool:
    """A primary key as a page posts it: ASCII digits ("²".isdigit() is true too), few
    enough to fit the database's integers."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _grid_metrics(request, current: list[Metric], default_codes=()) -> list[Metric]:
    """The metrics a grid shows: those posted back (plus one being added), else the
    version's own, else a sensible default."""
    available = Metric.objects.for_user(request.user).filter(is_active=True)
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("metrics") if _is_id(i)]
        adding = request.POST.get("add_metric", "")
        if "add" in request.POST and _is_id(adding):
            ids.append(adding)
        chosen = {m.pk: m for m in available.filter(pk__in=ids)}
        return sorted(chosen.values(), key=lambda m: (m.order, m.name))
    if current:
        return sorted(set(current), key=lambda m: (m.order, m.name))
    return list(available.filter(code__in=default_codes))


def _grid_form(request, build, metrics: list[Metric]):
    """The grid form for ``metrics``; a metric being added that would make the grid larger
    than one request may carry is left out, and the page says why."""
    form = build(metrics)
    if form.is_too_large and request.method == "POST" and "add" in request.POST:
        added = request.POST.get("add_metric", "")
        kept = [m for m in metrics if str(m.pk) != added]
        if len(kept) < len(metrics):
            form = build(kept)
            messages.error(
                request,
                _(
                    "This metric was not added: the grid would have %(count)s fields, more "
                    "than the %(limit)s one save can carry. Save this grid first, or ask the "
                    "administrator to raise DATA_UPLOAD_MAX_NUMBER_FIELDS."
                )
                % {
                    "count": build(metrics).posted_field_count(),
                    "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
                },
            )
    return form


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _word_import(plan):
    return PlanImport.objects.filter(plan=plan).first()


def _sentences(plan_import) -> dict[str, list[tuple[str, str]]]:
    """Per metric code, the places and sentences of the plan its proposed numbers came
    from, each once."""
    found: dict[str, list] = {}
    for row in plan_import.proposed_targets:
        for sentence in row["sentences"]:
            if (row["ref"], sentence) not in found.setdefault(row["metric"], []):
                found[row["metric"]].append((row["ref"], sentence))
    return found


@require_http_methods(["GET", "POST"])
def roadmap_edit(request, pk: int):
    plan = plan_for_editing(request, pk)
    roadmap = roadmap_of(plan.roadmap_versions.current())
    periods = plan_periods(plan)
    targets = roadmap.targets
    plan_import = _word_import(plan)
    proposing = plan_import is not None and plan_import.roadmap_pending
    if proposing:  # the grid starts from what the Word file's sentences say
        targets = importing.proposed_targets(plan_import)
    metrics = _grid_metrics(request, [t.metric for t in targets], DEFAULT_METRICS)
    form = _grid_form(
        request,
        lambda metrics: RoadmapForm(
            request.POST or None,
            initial=RoadmapForm.initial_from(targets),
            user=request.user,
            plan=plan,
            metrics=metrics,
            periods=periods,
        ),
        metrics,
    )
    if proposing:
        form.sentences = _sentences(plan_import)
    saving = request.method == "POST" and "add" not in request.POST
    if saving and form.is_valid():
        try:
            version = services.roadmap_save(
                plan=plan,
                user=request.user,
                cells=form.cells(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            if proposing:
                importing.mark_roadmap_confirmed(plan)
                messages.success(request, _("The roadmap read from the Word file was confirmed."))
                return redirect(reverse("plans:import_review", args=[plan.pk]) + "#lo-trinh")
            if version.number > 1 and version.reason:
                messages.success(
                    request,
                    _("The roadmap was revised: version %(number)s. The previous version is kept.")
                    % {"number": version.number},
                )
            else:
                messages.success(request, _("The roadmap was saved."))
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#lo-trinh")
    return render(
        request,
        "targets/roadmap_form.html",
        {"plan": plan, "form": form, "proposing": proposing},
    )


@require_http_methods(["GET", "POST"])
def allocation_edit(request, pk: int, set_pk: int | None = None):
    plan = plan_for_editing(request, pk)
    version = plan.roadmap_versions.current()
    allocation_set = None
    if set_pk is not None:
        allocation_set = get_object_or_404(
            AllocationSet.objects.filter(version=version).prefetch_related(
                "allocations__unit", "allocations__metric"
            ),
            pk=set_pk,
        )
    current = [a.metric for a in allocation_set.allocations.all()] if allocation_set else []
    units = allocation_units(plan, allocation_set)
    initial = AllocationForm.initial_from(allocation_set) if allocation_set else {}
    proposed = _proposed_set(plan, request.GET.get("de-xuat", "")) if set_pk is None else None
    if proposed is not None:  # a share-out the Word file proposes, for every unit
        current = proposed.metrics
        initial = AllocationForm.initial_from_proposal(proposed, units)
    metrics = _grid_metrics(request, current, DEFAULT_METRICS)
    form = _grid_form(
        request,
        lambda metrics: AllocationForm(
            request.POST or None,
            initial=initial,
            user=request.user,
            plan=plan,
            metrics=metrics,
            periods=plan_periods(plan),
            units=units,
        ),
        metrics,
    )
    saving = request.method == "POST" and "add" not in request.POST
    if saving and form.is_valid():
        try:
            services.allocation_set_save(
                plan=plan,
                user=request.user,
                allocation_set=allocation_set,
                period=form.chosen_period,
                source_ref=form.cleaned_data["source_ref"],
                is_minimum=form.cleaned_data["is_minimum"],
                note=form.cleaned_data["note"],
                values=form.values(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The allocation was saved."))
            if proposed is not None:
                importing.mark_share_saved(plan, proposed.index)
                return redirect(reverse("plans:import_review", args=[plan.pk]) + "#phan-bo")
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#phan-bo")
    return render(
        request,
        "targets/allocation_form.html",
        {"plan": plan, "form": form, "allocation_set": allocation_set, "proposed": proposed},
    )


def _proposed_set(plan, index: str):
    """The Word file's proposed share-out ``?de-xuat=<index>``, unless done already."""
    plan_import = _word_import(plan) if _is_id(index) else None
    if plan_import is None:
        return None
    sets = importing.proposed_sets(plan_import)
    chosen = int(index)
    return sets[chosen] if chosen < len(sets) and not sets[chosen].saved else None


@require_http_methods(["GET", "POST"])
def allocation_delete(request, pk: int, set_pk: int):
    plan = plan_for_editing(request, pk)
    version = plan.roadmap_versions.current()
    allocation_set = get_object_or_404(AllocationSet.objects.filter(version=version), pk=set_pk)
    error = ""
    if request.method == "POST":
        try:
            services.allocation_set_delete(
                plan=plan,
                user=request.user,
                allocation_set=allocation_set,
                reason=typed_field(RevisionReasonForm, request.POST, "reason"),
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The allocation was deleted."))
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#phan-bo")
    return render(
        request,
        "targets/allocation_confirm_delete.html",
        {"plan": plan, "allocation_set": allocation_set, "error": error},
    )


def metric_list(request):
    metrics = Metric.objects.for_user(request.user).select_related("owner_unit")
    return render(request, "targets/metric_list.html", {"metrics": metrics})


def _metric_for_editing(request, pk: int) -> Metric:
    metric = get_object_or_404(Metric.objects.for_user(request.user), pk=pk)
    owned = (
        metric.owner_unit is not None
        and request.user.unit_id is not None
        and (metric.owner_unit.is_within(request.user.unit))
    )
    require(request.user.can_manage and (owned or request.user.is_superuser))
    return metric


@require_http_methods(["GET", "POST"])
def metric_create(request):
    require(request.user.can_manage and request.user.unit_id is not None)
    form = MetricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        metric = services.metric_create(owner_unit=request.user.unit, form=form)
        messages.success(request, _("Metric “%(name)s” was added.") % {"name": metric.name})
        return redirect("targets:metric_list")
    return render(request, "targets/metric_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def metric_update(request, pk: int):
    metric = _metric_for_editing(request, pk)
    form = MetricForm(request.POST or None, instance=metric)
    if request.method == "POST" and form.is_valid():
        services.metric_update(form=form)
        messages.success(request, _("Metric “%(name)s” was saved.") % {"name": metric.name})
        return redirect("targets:metric_list")
    return render(request, "targets/metric_form.html", {"form": form, "metric": metric})
