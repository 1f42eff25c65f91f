from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents import header
from documents.reading import NotAWordFile
from documents.word import CONTENT_TYPE as WORD
from organizations.access import require
from organizations.models import Unit
from reports.exports import plan_file_stem, render_pdf

from . import importing, selectors, services, word
from .forms import PART_FORMSETS, PlanFilterForm, PlanForm, PlanImportForm, TransitionForm
from .models import Plan, PlanImport

PAGE_SIZE = 25


def plan_for_viewing(request, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.for_user(request.user).select_related("issuing_unit", "issuing_unit__kind"),
        pk=pk,
    )


def plan_for_editing(request, pk: int) -> Plan:
    """404 when the plan is not the user's to see; 403 when it is theirs only to read."""
    plan = plan_for_viewing(request, pk)
    require(plan.can_be_edited_by(request.user))
    return plan


def plan_list(request):
    units = Unit.objects.for_user(request.user).filter(plans__isnull=False).distinct()
    filters = PlanFilterForm(request.GET or None, units=units.order_by("path"))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    plans = selectors.plan_list(
        user=request.user,
        query=criteria.get("q", ""),
        year=criteria.get("year"),
        status=criteria.get("status", ""),
        unit=criteria.get("unit"),
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_list.html",
        {"filters": filters, "page": page, "is_filtered": any(criteria.values())},
    )


def plan_detail(request, pk: int):
    plan = plan_for_viewing(request, pk)
    context = selectors.plan_page(
        plan=plan, user=request.user, compare=request.GET.get("so-sanh") == "1"
    )
    context["plan"] = plan
    context["can_edit"] = plan.can_be_edited_by(request.user)
    if context["can_edit"]:
        context["word_import"] = PlanImport.objects.filter(plan=plan).first()
    return render(request, "plans/plan_detail.html", context)


def _plan_document(request, pk: int):
    plan = plan_for_viewing(request, pk)
    context = selectors.plan_page(plan=plan, user=request.user)
    context["sections"] = selectors.document_sections(plan, context)
    return plan, context


def plan_pdf(request, pk: int):
    """The plan in the official layout, with its roadmap and allocations, as a PDF."""
    plan, context = _plan_document(request, pk)
    content = render_pdf(
        "plans/pdf/plan.html",
        {
            **context,
            "plan": plan,
            "header": header.of_plan(plan),
            "recipients": [r.name for r in context["recipients"]],
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan_file_stem(plan)}.pdf"'
    return response


def plan_docx(request, pk: int):
    """The same plan as a Word file, in the same layout."""
    plan, context = _plan_document(request, pk)
    content = word.plan_docx(
        plan=plan, page=context, sections=context["sections"], header=header.of_plan(plan)
    )
    response = HttpResponse(content, content_type=WORD)
    response["Content-Disposition"] = f'attachment; filename="{plan_file_stem(plan)}.docx"'
    return response


@require_http_methods(["GET", "POST"])
def plan_create(request):
    require(request.user.can_manage)
    initial = {"issuing_unit": request.user.unit_id}
    if unit := request.user.unit:  # its document lines, for the staff to check or change
        *upper, body = unit.document_lines
        initial |= {
            "upper_body": upper[0] if upper else "",
            "issuing_body": body,
            "place": unit.place_name,
        }
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:  # its number given meanwhile
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The plan was created. Next, enter its roadmap of targets.")
            )
            return redirect("targets:roadmap_edit", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def plan_update(request, pk: int):
    plan = plan_for_editing(request, pk)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "issuing_unit"}
        try:
            services.plan_update(plan=plan, user=request.user, **fields)
        except ValidationError as error:  # its number given meanwhile
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def plan_parts(request, pk: int, section: str):
    plan = plan_for_editing(request, pk)
    if section not in PART_FORMSETS:
        return redirect(plan)
    title, formset_class = PART_FORMSETS[section]
    formset = formset_class(
        request.POST or None,
        instance=plan,
        prefix=section,
        form_kwargs={"plan": plan, "shared": {}},
    )
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("%(part)s saved.") % {"part": title})
        return redirect(reverse("plans:detail", args=[plan.pk]) + f"#{section}")
    return render(
        request,
        "plans/plan_parts.html",
        {"plan": plan, "formset": formset, "title": title, "section": section},
    )


TRANSITION_TEXT = {
    "issue": (
        _("Issue this plan?"),
        _(
            "Issued plans are what wards report against. Later changes to the roadmap "
            "become revisions, and the original stays visible."
        ),
        _("Yes, issue it"),
        _("The plan was issued."),
    ),
    "close": (
        _("Close this plan?"),
        _("A closed plan can no longer be changed. It stays readable, with its figures."),
        _("Yes, close it"),
        _("The plan was closed."),
    ),
    "reopen": (
        _("Reopen this plan?"),
        _("The plan becomes issued again and its roadmap can be revised."),
        _("Yes, reopen it"),
        _("The plan was reopened."),
    ),
}


@require_http_methods(["GET", "POST"])
def plan_transition(request, pk: int, action: str):
    plan = plan_for_viewing(request, pk)
    require(plan.is_managed_by(request.user))
    if action not in TRANSITION_TEXT:
        return redirect(plan)
    question, explanation, button, done = TRANSITION_TEXT[action]
    if request.method == "POST" and TransitionForm({"action": action}).is_valid():
        numbered = bool(plan.number)
        try:
            plan = services.plan_transition(plan=plan, action=action, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if action == "issue" and not numbered:
                done = _("The plan was issued with number %(number)s of %(date)s.") % {
                    "number": plan.number,
                    "date": f"{plan.issued_on:%d/%m/%Y}",
                }
            messages.success(request, done)
        return redirect(plan)
    numbering = ""
    if action == "issue":
        numbering = (
            _("It keeps its number %(number)s.") % {"number": plan.number}
            if plan.number
            else _(
                "It takes the next number of %(unit)s's register of plans (…-%(symbol)s)"
                " and, if it has none, today's date."
            )
            % {"unit": plan.issuing_unit.name, "symbol": plan.issuing_unit.number_symbol("KH")}
        )
    return render(
        request,
        "plans/plan_transition.html",
        {
            "plan": plan,
            "question": question,
            "explanation": explanation,
            "numbering": numbering,
            "button": button,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_import(request):
    """Nhập từ Word: a plan's .docx read into a draft plan of a unit of the user's."""
    require(request.user.can_manage)
    form = PlanImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"issuing_unit": request.user.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importing.import_plan(
                data=upload.read(),
                unit=form.cleaned_data["issuing_unit"],
                user=request.user,
                file_name=upload.name,
            )
        except NotAWordFile:
            form.add_error(
                "file",
                _(
                    "This file cannot be read as a Word document (.docx). Open it in Word, "
                    "save it again as .docx, then choose it."
                ),
            )
        except importing.NotAPlan:
            form.add_error(
                "file",
                _(
                    "No “KẾ HOẠCH” title was found in this file: is it a plan? A report or "
                    "another document cannot be read as one."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "%(file)s was read into a draft plan. Check what was read and what was "
                    "not, then confirm its roadmap in the grid."
                )
                % {"file": upload.name},
            )
            return redirect("plans:import_review", plan.pk)
    return render(request, "plans/plan_import.html", {"form": form})


@require_http_methods(["GET", "POST"])
def plan_import_review(request, pk: int):
    """What the Word file gave: the parts read, the lines not read, the roadmap and the
    share-outs proposed from its sentences (each beside its sentence) and the checks run
    on them; a proposal can be set aside here."""
    plan = plan_for_editing(request, pk)
    plan_import = get_object_or_404(PlanImport, plan=plan)
    if request.method == "POST":
        skipped = _set_aside(plan, request.POST.get("bo-qua", ""))
        if skipped:
            messages.success(request, skipped)
        return redirect("plans:import_review", plan.pk)
    return render(
        request,
        "plans/plan_import_review.html",
        {"plan": plan, **selectors.import_review(plan, plan_import)},
    )


def _set_aside(plan: Plan, choice: str) -> str:
    if choice == "lo-trinh":
        importing.mark_roadmap_confirmed(plan)
        return _("The proposed roadmap was set aside: enter the roadmap in the grid.")
    if choice.isascii() and choice.isdigit() and len(choice) < 4:
        importing.mark_share_saved(plan, int(choice))
        return _("The proposed share-out was set aside.")
    return ""


@require_http_methods(["GET", "POST"])
def plan_import_discard(request, pk: int):
    """Deletes a draft read from a Word file, after asking."""
    plan = plan_for_editing(request, pk)
    get_object_or_404(PlanImport, plan=plan)
    if not plan.is_draft:
        return redirect(plan)
    if request.method == "POST":
        services.plan_discard(plan=plan)
        messages.success(request, _("The draft read from the Word file was deleted."))
        return redirect("plans:list")
    return render(request, "plans/plan_import_discard.html", {"plan": plan})
