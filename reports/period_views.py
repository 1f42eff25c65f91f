"""Period results reports: the list of a unit's reports and a new one, a report's page
(what it gathered, the narrative written from it, saved as a draft), issuing it, its PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents import header
from documents.word import CONTENT_TYPE as WORD
from organizations.access import require
from organizations.text import vietnamese_slug

from . import period, word
from .exports import render_pdf
from .forms import PeriodChoiceForm, PeriodReportForm
from .models import PeriodReport


def _writes(user) -> bool:
    """Who writes their own unit's results reports: its staff, a ward's secretary."""
    return bool(user.unit_id) and (user.can_manage or user.can_report)


def _report_for(request, pk: int) -> PeriodReport:
    return get_object_or_404(
        PeriodReport.objects.for_user(request.user).select_related("unit", "unit__parent"), pk=pk
    )


def _may_edit(user, report: PeriodReport) -> bool:
    return _writes(user) and report.unit_id == user.unit_id


def period_list(request, form: PeriodChoiceForm | None = None):
    """The reports the person sees, and for a unit's writers the form of a new one (as it
    was posted, with its errors, when it could not start one)."""
    reports = PeriodReport.objects.for_user(request.user).select_related("unit")
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    if form is None and _writes(request.user):
        today = timezone.localdate()
        form = PeriodChoiceForm(initial={"ky": PeriodChoiceForm.FIRST_HALF, "nam": today.year})
    return render(request, "reports/period_list.html", {"page": page, "form": form})


@require_http_methods(["GET", "POST"])
def period_create(request):
    if request.method == "GET":  # the form is on the list
        return period_list(request)
    require(_writes(request.user))
    form = PeriodChoiceForm(request.POST)
    if not form.is_valid():
        return period_list(request, form)
    first, last = form.cleaned_data["months"]
    report = period.period_report_create(
        unit=request.user.unit, first=first, last=last, user=request.user
    )
    messages.success(
        request,
        _(
            "The report was started from the figures and the base units' words. Write its "
            "sections, save, then issue it."
        ),
    )
    return redirect(report)


@require_http_methods(["GET", "POST"])
def period_detail(request, pk: int):
    """What the report gathered (live for a draft, as issued for an issued one), and for
    its unit's writers the form of its sections; a stale page keeps what was typed."""
    report = _report_for(request, pk)
    editable = report.is_draft and _may_edit(request.user, report)
    unsaved = {}
    if request.method == "POST":
        require(editable or _may_edit(request.user, report))
        if not editable:  # issued meanwhile: nothing saved, what was typed shown to copy
            messages.error(
                request,
                _(
                    "This report was issued while you were editing it: your changes were "
                    "not saved. They are shown below, to copy where they belong."
                ),
            )
            unsaved = {
                PeriodReport._meta.get_field(name).verbose_name: request.POST.get(name, "")
                for name in ("highlights", "shortcomings", "proposals", "directions")
                if request.POST.get(name, "").strip()
            }
    form = PeriodReportForm(request.POST or None, instance=report) if editable else None
    if form is not None and form.is_bound and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PeriodReportForm.Meta.fields}
        try:
            report = period.period_report_save(
                report=report, version=form.cleaned_data["version"], fields=fields
            )
        except ValidationError as error:
            form.add_error(None, error)
            if error.code == "stale":  # saving again after a look keeps this version
                form.data = form.data.copy()
                form.data["version"] = str(PeriodReport.objects.get(pk=pk).version)
        else:
            if "issue" in request.POST:
                return redirect("reports:period_issue", report.pk)
            messages.success(request, _("The draft was saved."))
            return redirect(report)
    gathered = report.issued_content or period.gather(
        unit=report.unit, start=report.starts_on, end=report.ends_on
    )
    return render(
        request,
        "reports/period_detail.html",
        {
            "report": report,
            "form": form,
            "gathered": gathered,
            "editable": editable,
            "unsaved": unsaved,
        },
    )


@require_http_methods(["GET", "POST"])
def period_issue(request, pk: int):
    report = _report_for(request, pk)
    require(_may_edit(request.user, report))
    if not report.is_draft:
        messages.info(request, _("This report has been issued: it is kept as it was sent."))
        return redirect(report)
    if request.method == "POST":
        try:
            report = period.period_report_issue(report=report, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The report was issued with number %(number)s of %(date)s.")
                % {"number": report.number, "date": f"{report.issued_on:%d/%m/%Y}"},
            )
        return redirect(report)
    return render(request, "reports/period_issue.html", {"report": report})


def _period_document(request, pk: int) -> tuple[PeriodReport, dict]:
    """What the report's PDF and Word file show: as issued, or live for a draft."""
    report = _report_for(request, pk)
    gathered = report.issued_content or period.gather(
        unit=report.unit, start=report.starts_on, end=report.ends_on
    )
    return report, {
        "report": report,
        "gathered": gathered,
        "header": header.of_report(
            report.unit, day=report.issued_on, year=report.ends_on.year, number=report.number
        ),
        "recipients": [line for line in report.recipients.splitlines() if line.strip()],
    }


def _file_name(report: PeriodReport, extension: str) -> str:
    stem = f"bao-cao-ket-qua_{vietnamese_slug(report.unit.name)}"
    return f"{stem}_{report.starts_on:%Y-%m}_{report.ends_on:%Y-%m}.{extension}"


def period_pdf(request, pk: int):
    report, context = _period_document(request, pk)
    response = HttpResponse(render_pdf("reports/pdf/period.html", context), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "pdf")}"'
    return response


def period_docx(request, pk: int):
    report, context = _period_document(request, pk)
    response = HttpResponse(word.period_report_docx(**context), WORD)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "docx")}"'
    return response
