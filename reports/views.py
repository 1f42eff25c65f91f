from contextlib import nullcontext
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from config.prepared import Prepared
from documents import header
from documents.text import standing_committee
from documents.word import CONTENT_TYPE as WORD
from organizations.access import require
from organizations.forms import moment_of, typed_field
from organizations.models import Unit
from organizations.text import fold, normalize, vietnamese_slug
from plans.views import plan_for_viewing
from targets.models import Metric

from . import charts, dashboards, exports, live, progress, review, selectors, services, word
from .deadlines import due_moment_of, reporting_units
from .filters import ProgressFilterForm
from .forms import (
    MAX_BRANCH_LINES,
    AttachmentForm,
    BranchFormSet,
    ExtensionForm,
    ReopenForm,
    ReportFilesForm,
    ReportForm,
    ReturnForm,
    with_one_more_line,
)
from .models import (
    Attachment,
    ExportJob,
    MonthlyReport,
    ReportSeen,
    ReviewEvent,
    with_holdings,
)
from .tasks import export_job_request, export_jobs_give_up_stuck


def _today() -> date:
    return timezone.localdate()


def _can_review(user, report: MonthlyReport) -> bool:
    """Staff review the reports of the units below their own, never their own unit's."""
    return (
        user.can_review_reports
        and report.unit_id != user.unit_id
        and (user.is_superuser or report.unit.is_within(user.unit))
    )


def _chosen_month(request) -> date | None:
    """The month asked for with ?thang=2024-03 (what <input type="month"> sends), if any
    and if it has begun; otherwise None, meaning the last month."""
    year, _, month = request.GET.get("thang", "").partition("-")
    try:
        chosen = date(int(year), int(month), 1)
    except (ValueError, OverflowError):  # no such month, or a year past any C integer
        return None
    if chosen.year <= selectors.FIRST_REPORTABLE_MONTH.year:
        return None  # the six months listed up to it would reach back before 1900
    return chosen if chosen <= _today().replace(day=1) else None


def report_home(request):
    """The reporting unit's months up to the one chosen (the last month by default); for
    those who oversee the units below (staff, leadership), every unit's report of that
    month, searched, filtered, sorted and a page at a time (``review``), and with
    ?don-vi=<id> one unit's last twelve months."""
    user = request.user
    now = timezone.now()
    # A unit gone since opens on the last month it owed: its history, not empty months.
    until = _chosen_month(request) or selectors.last_owed_month(user.unit, _today())
    months = selectors.recent_months(_today(), until=until)
    context = {
        "months": [],
        "waiting": 0,
        "month_to_report": months[0],
        "returned": dashboards.returned_reports(user=user),
    }
    if user.unit_id and user.can_report and user.unit.parent_id:
        # A unit at the top of its tree reports to no one here: no months of its own.
        context["months"] = selectors.month_rows(units=[user.unit], months=months, now=now)
    if review.oversees(user):

        def table():
            waiting = selectors.inbox(user=user).count() if user.can_review_reports else 0
            rows = review.month_table(user=user, month=months[0], now=now)
            shown = review.review_table(
                rows, request.GET, now=now, with_states=True, default_sort=review.BY_NAME
            )
            html = render_to_string(
                "reports/includes/month_table.html",
                {"table": shown, "month_to_report": months[0]},
                request=request,
            )
            return waiting, html

        # Every unit's report of the month, the same for everyone of the unit, as this
        # query shows it: kept (reports.live).
        context["waiting"], context["table_html"] = live.kept(
            "month-table", (live.page_of(request), months[0]), table
        )
        shown = _unit_below(request)
        if shown is not None:
            context["unit_months"] = selectors.month_rows(
                units=[shown],
                months=selectors.recent_months(
                    _today(),
                    count=dashboards.BEHIND_MONTHS,
                    until=_chosen_month(request) or selectors.last_owed_month(shown, _today()),
                ),
                now=now,
            )
    return render(request, "reports/home.html", context)


def _unit_below(request) -> Unit | None:
    """The unit asked for with ?don-vi=<id>, when it is one below the user's that reports
    (a branch does not); otherwise None."""
    pk = request.GET.get("don-vi", "")
    if not (pk.isdigit() and len(pk) < 19):  # beyond the database's integers
        return None
    return (
        Unit.objects.for_user(request.user)
        .filter(pk=int(pk), kind__is_branch=False)
        .exclude(pk=request.user.unit_id)
        .first()
    )


def _month_or_404(year: int, month: int) -> date:
    try:
        return date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404 from None


def _line_initial(line) -> dict:
    return {
        "id": line.pk,
        "name": line.name,
        "kind": line.kind_id,
        "host": line.host_id,
        "founded_on": line.founded_on,
        "members": line.members,
        "new_host_name": line.new_host_name,
        "new_host_kind": line.new_host_kind,
    }


def _initial_lines(data, lines) -> list[dict]:
    """What each line of the formset was when its page was rendered: the saved line whose
    id the page sent back in that place (or nothing, for a new line), so that lines saved
    meanwhile elsewhere are not mistaken for the lines this page holds."""
    if data is None:
        return [_line_initial(line) for line in lines]
    by_id = {str(line.pk): _line_initial(line) for line in lines}
    try:
        total = min(max(int(data.get("cd-TOTAL_FORMS", 0)), 0), MAX_BRANCH_LINES)
    except ValueError:
        total = 0
    return [by_id.get(data.get(f"cd-{i}-id", ""), {}) for i in range(total)]


def _branch_lines(branches) -> list[services.BranchLine]:
    return [
        services.BranchLine(
            id=f.cleaned_data.get("id"),
            name=f.cleaned_data["name"],
            kind=f.cleaned_data["kind"],
            founded_on=f.cleaned_data["founded_on"],
            members=f.cleaned_data["members"],
            host=f.cleaned_data.get("host"),
            new_host_name=f.cleaned_data.get("new_host_name", ""),
            new_host_kind=f.cleaned_data.get("new_host_kind", ""),
        )
        for f in branches.lines_to_keep()
    ]


def _stale_message(report) -> str:
    return _since_opened(
        report.history,
        _("%(name)s saved this report at %(at)s, after you opened this page."),
        _("This report was saved at %(at)s, after you opened this page."),
        _(
            "What you typed is still below; founding lines saved meanwhile are kept. "
            "Check it, then save again to keep your version, or open the report again "
            "to see the saved one."
        ),
    )


def _closed_message(report) -> str:
    return _since_opened(
        report.history.filter(status=MonthlyReport.Status.SUBMITTED),
        _("%(name)s submitted this report at %(at)s, after you opened this page."),
        _("This report was submitted at %(at)s, after you opened this page."),
        _(
            "It can no longer be edited, so what you typed was not saved. It is still "
            "below: copy what you need, and ask the unit above to return the report if "
            "it must change."
        ),
    )


def _since_opened(records, by_someone: str, by_nobody: str, then: str) -> str:
    """Who changed the report since the page was opened and when (the newest of
    ``records``, its history), then what the page does about it."""
    record = records.select_related("history_user").first()
    at = f"{timezone.localtime(record.history_date):%H:%M %d/%m/%Y}" if record else ""
    if record and record.history_user:
        said = by_someone % {"name": record.history_user.display_name, "at": at}
    else:
        said = by_nobody % {"at": at}
    return f"{said} {then}"


def _month_not_reportable(request, unit, month):
    return render(
        request,
        "reports/month_not_reportable.html",
        {"unit": unit, "month": month, "not_owed": not unit.owes_report_of(month)},
        status=404,
    )


# A unit's report of a month (one at most), whether it holds founding lines and files: read
# by every opening and post of the form, its SQL compiled once (config.prepared); taken
# without the model's ordering, which joins the units.
_REPORT_OF_MONTH = Prepared(
    lambda unit, month: with_holdings(
        MonthlyReport.objects.filter(unit=unit, month=month).order_by()
    ),
    int,
    date,
)


@require_http_methods(["GET", "POST"])
def report_edit(request, unit_pk: int, year: int, month: int):
    """The form of one unit's month: counts, founded branches, notes and attachments;
    saved as a draft or submitted. Whatever is posted comes back on the page until saved:
    a line is added without saving, and deleting saved lines or files asks first."""
    if unit_pk == request.user.unit_id:  # one's own unit: loaded with the person, and its kind
        unit = request.user.unit
    else:  # another's: not found, or, in one's subtree, not one's to report for
        unit = get_object_or_404(Unit.objects.for_user(request.user), pk=unit_pk)
    require(request.user.can_report and unit.pk == request.user.unit_id)
    month = _month_or_404(year, month)
    if not selectors.month_is_reportable(unit=unit, month=month, today=_today()):
        return _month_not_reportable(request, unit, month)
    report = _REPORT_OF_MONTH.first(unit.pk, month)
    if report:
        report.unit = unit  # read with the person: a save need not read it again
    data = request.POST if request.method == "POST" else None
    # Submitted since the page was opened (by the deputy, from another tab): a post is shown
    # back with what it holds, saved nowhere, rather than dropped for the report's page.
    closed = report is not None and not report.is_editable_by_unit
    if closed and data is None:
        messages.info(request, _("This report has been submitted; it can no longer be edited."))
        return redirect(report)
    # What was done before the month is shown beside each count: read when the page is.
    asked = selectors.metrics_asked(unit=unit, month=month, done=data is None)
    initial = {"version": report.version if report else 1}
    lines, registered, attachments, kept_counts = [], [], [], []
    if report:
        initial |= {
            name: getattr(report, name) for name in ReportForm.base_fields if name != "version"
        }
        if data is None:  # a post shows what it holds
            held = list(report.values.all())
            initial |= {f"m-{v.metric_id}": v.value for v in held}
            # Counts no plan asks this month any more (a plan closed or revised since they
            # were typed) are not on the form: a save keeps them, the page says so.
            shown = {item.metric.pk for item in asked}
            if others := {v.metric_id: v.value for v in held if v.metric_id not in shown}:
                kept_counts = [
                    (metric, others[metric.pk])
                    for metric in Metric.objects.filter(pk__in=others).order_by("name")
                ]
        if report.holds_lines:
            for line in report.founded_branches.select_related("kind", "host"):
                (lines if line.unit_id is None else registered).append(line)
        attachments = list(report.attachments.all()) if report.holds_files else []
    adding = data is not None and "add-line" in data
    keeping = data is not None and "keep-lines" in data
    if adding:
        data = with_one_more_line(data)
    elif keeping:  # "keep them": every tick for deletion is taken back
        data = data.copy()
        data.pop("remove", None)
        for key in [k for k in data if k.startswith("cd-") and k.endswith("-DELETE")]:
            data.pop(key)
    stale = data is not None and report is not None and data.get("version") != str(report.version)
    if stale:
        # Saved elsewhere since this page was opened: nothing is saved now, what was typed
        # comes back as it was, and saving again after a look keeps it (lines saved
        # elsewhere stay: a line goes only when it is ticked for deletion).
        data = data.copy()
        data["version"] = str(report.version)
    form = ReportForm(data, initial=initial, asked=asked)
    branches = BranchFormSet(
        data,
        initial=_initial_lines(data, lines),
        prefix="cd",
        form_kwargs={"unit": unit, "month": month, "shared": {}},
    )
    if data is None and lines:
        branches.extra = 0  # lines are there already: "Add" gives another when needed
    files = ReportFilesForm(data, request.FILES or None, attachments=attachments)
    context = {
        "unit": unit,
        "month": month,
        "report": report,
        "form": form,
        "branches": branches,
        "registered": registered,
        "files": files,
        "attachments": attachments,
        "show_errors": data is not None and not (adding or keeping),
        "max_lines": MAX_BRANCH_LINES,
        "kept_counts": kept_counts,
    }

    def page():  # what a save that goes through does not show is read only here
        context["due_at"] = due_moment_of(unit, month)
        if data is not None:
            form.asked = selectors.with_done(form.asked, unit=unit, month=month)
        return render(request, "reports/report_form.html", context)

    if data is None:
        return page()
    if closed:
        form.add_error(None, _closed_message(report))
        context["closed"] = True
        return page()
    if stale:
        form.add_error(None, _stale_message(report))
        context["stale"] = True
        return page()
    # Files chosen are kept with the draft at once, whatever else the page holds, so that
    # they need not be chosen again when another part of the form has to be corrected.
    if not files.is_valid():
        context["show_errors"] = True
        return page()
    if chosen := files.cleaned_data["files"]:
        try:
            report = report or services.report_open(unit=unit, month=month)
            added = services.attachments_add(report=report, user=request.user, files=chosen)
        except ValidationError as error:
            files.add_error("files", error)
            context["show_errors"] = True
            return page()
        context["report"] = report
        context["attachments"] = attachments = [*attachments, *added]
        context["files"] = files = ReportFilesForm(data, attachments=attachments)
        files.is_valid()
        messages.success(
            request,
            _("Attached to the draft: %(names)s.")
            % {"names": ", ".join(a.original_name for a in added)},
        )
    if adding or keeping:
        return page()
    if not (form.is_valid() and branches.is_valid()):
        return page()
    submitting = "submit" in data or data.get("confirm-delete") == "submit"
    delete_lines = branches.lines_to_delete()
    delete_files = files.cleaned_data["remove"]
    if (delete_lines or delete_files) and "confirm-delete" not in data:
        context["to_delete"] = {
            "lines": [line for line in lines if line.pk in delete_lines],
            "files": [a for a in attachments if a.pk in delete_files],
            "count": len(delete_lines) + len(delete_files),
            "action": "submit" if submitting else "save",
        }
        return page()
    try:
        # A first save opens the draft with it, in one transaction; report_save is one.
        with transaction.atomic() if report is None else nullcontext():
            report = report or services.report_open(unit=unit, month=month)
            report = services.report_save(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                texts=form.texts(),
                values=form.values(),
                branches=_branch_lines(branches),
                delete_lines=delete_lines,
                delete_attachments=delete_files,
                submit=submitting,
            )
    except services.StaleReport:
        # Saved elsewhere while this post waited for the report (its lock, or its first
        # opening by another person): shown as a page that was stale when it was posted,
        # with who saved it, what was typed, and the version to save over it after a look.
        return report_edit(request, unit_pk, year, month.month)
    except ValidationError as error:
        form.add_error(None, error)
        return page()
    if report.status == MonthlyReport.Status.SUBMITTED:
        messages.success(request, _("The report was submitted to the unit above."))
        return redirect(report)
    messages.success(request, _("The draft was saved."))
    return redirect("reports:edit", unit.pk, month.year, month.month)


def report_detail(request, pk: int):
    report = get_object_or_404(
        MonthlyReport.objects.for_user(request.user).select_related("unit", "unit__parent"),
        pk=pk,
    )
    can_review = _can_review(request.user, report)
    if can_review and report.status == MonthlyReport.Status.SUBMITTED:
        # Read as it stands: from now on it may be accepted with others from the inbox.
        services.report_seen(report=report, user=request.user)
    due_at = due_moment_of(report.unit, report.month)
    history = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    changes = []
    for older, newer in pairwise(history):
        delta = newer.diff_against(older, excluded_fields=["version"])
        if delta.changes:
            fields = [
                (field.verbose_name, _shown(field, c.old), _shown(field, c.new))
                for c in delta.changes
                for field in [MonthlyReport._meta.get_field(c.field)]
            ]
            changes.append((newer, fields))
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "values": report.values.select_related("metric").order_by("metric__order"),
            "branches": report.founded_branches.select_related("kind", "host", "unit"),
            "attachments": report.attachments.all(),
            "events": report.events.select_related("by"),
            "changes": changes,
            "due_at": due_at,
            "is_owner": request.user.can_report and report.unit_id == request.user.unit_id,
            "can_review": can_review,
            "return_form": ReturnForm(),
            "reopen_form": ReopenForm(),
            "attachment_form": AttachmentForm(),
        },
    )


def _shown(field, value) -> str:
    """A value of the report's history as the page says it: a state by its name, a
    moment in Vietnam's time, a day as dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _report_document(request, pk: int) -> tuple[MonthlyReport, dict]:
    """One unit's report of one month, as its PDF and its Word file show it."""
    report = get_object_or_404(
        MonthlyReport.objects.for_user(request.user).select_related("unit", "unit__parent"),
        pk=pk,
    )
    submit = report.events.filter(action=ReviewEvent.Action.SUBMIT).select_related("by").last()
    parent = report.unit.parent
    return report, {
        "report": report,
        # Sent when it was last submitted, from its locality; a draft is not dated yet.
        "header": header.of_report(
            report.unit,
            day=timezone.localdate(report.submitted_at) if report.submitted_at else None,
            year=report.month.year,
        ),
        "recipients": [standing_committee(parent.name)] if parent else [],
        "values": list(report.values.select_related("metric").order_by("metric__order")),
        "branches": list(report.founded_branches.select_related("kind", "host")),
        "signer": submit.by if submit else None,
    }


def _report_file_name(report, extension: str) -> str:
    return f"bao-cao_{vietnamese_slug(report.unit.name)}_{report.month:%Y-%m}.{extension}"


def report_pdf(request, pk: int):
    """One unit's report of one month in the official layout, as a PDF."""
    report, context = _report_document(request, pk)
    content = exports.render_pdf("reports/pdf/report.html", context)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_report_file_name(report, "pdf")}"'
    return response


def report_docx(request, pk: int):
    """The same report as a Word file, in the same layout."""
    report, context = _report_document(request, pk)
    del context["report"]
    content = word.monthly_report_docx(report=report, **context)
    response = HttpResponse(content, content_type=WORD)
    response["Content-Disposition"] = f'attachment; filename="{_report_file_name(report, "docx")}"'
    return response


@require_POST
def report_action(request, pk: int, action: str):
    report = get_object_or_404(
        MonthlyReport.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    user = request.user
    try:
        if action == "submit":
            require(user.can_report and report.unit_id == user.unit_id)
            services.report_submit(report=report, user=user)
            messages.success(request, _("The report was submitted to the unit above."))
        elif action == "accept":
            require(_can_review(user, report))
            services.report_accept(report=report, user=user)
            messages.success(request, _("The report was accepted."))
        elif action == "return":
            require(_can_review(user, report))
            comment = typed_field(ReturnForm, request.POST, "comment")
            services.report_return(report=report, user=user, comment=comment)
            messages.success(request, _("The report was returned to the unit with your comment."))
        elif action == "reopen":
            require(_can_review(user, report))
            reason = typed_field(ReopenForm, request.POST, "reason")
            services.report_reopen(report=report, user=user, reason=reason)
            messages.success(request, _("The report was reopened for the unit to correct."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(report)


def report_inbox(request):
    """The reports waiting for the user's review, of every month or of the one chosen:
    searched, filtered, sorted, a page at a time; those the reviewer has opened as they
    stand can be ticked and accepted together."""
    require(request.user.can_review_reports and request.user.unit_id is not None)
    now = timezone.now()
    month = _chosen_month(request) if request.GET.get("thang") else None
    dissolved = request.GET.get("giai-the") == "1"

    def waiting():
        rows = review.inbox_rows(user=request.user, now=now, month=month, dissolved=dissolved)
        hidden = 0
        if not dissolved:
            today = timezone.localdate(now)
            every = selectors.inbox(user=request.user, dissolved=True, today=today)
            if month is not None:
                every = every.filter(month=month)
            hidden = every.count() - len(rows)
        return rows, hidden

    # The reports waiting are the same for everyone of the unit, and kept (reports.live);
    # the page below its heading is kept for this query and what this reviewer read of
    # them, which is read each time.
    seen = review.seen_versions(request.user)

    def body():
        access = live.access_of(request.user)
        rows, hidden = live.kept("inbox", (access, month, dissolved), waiting)
        review.mark_seen(rows, seen)
        context = {
            "table": review.review_table(
                rows, request.GET, now=now, with_states=False, default_sort=review.BY_SUBMISSION
            ),
            "month": month,
            "dissolved": dissolved,
            "hidden": hidden,
            "dissolved_url": review.query_with(
                request.GET, **{"giai-the": "" if dissolved else "1"}
            ),
            "back": _inbox_query(request.GET),
        }
        return render_to_string("reports/includes/inbox_body.html", context, request=request)

    html = live.kept("inbox-page", (live.page_of(request), sorted(seen.items())), body)
    return render(request, "reports/inbox.html", {"body": html, "month": month})


#: at most so many reports accepted at once: a page of the inbox, with room to spare
MOST_ACCEPTED_AT_ONCE = 4 * review.PAGE_SIZE
INBOX_PARAMETERS = ("q", "thang", "tre", "tra-lai", "giai-the", "sap-xep", "page")


def _inbox_query(data) -> str:
    """The inbox's own parameters of a query string: where to go back to, and no more."""
    query = data.copy()
    for name in list(query):
        if name not in INBOX_PARAMETERS:
            del query[name]
    return query.urlencode()[:2000]


def _ticked(data) -> list[int]:
    """The ids of the reports ticked (``bao-cao``), once each, in order."""
    ids = [
        v for v in data.getlist("bao-cao")[:MOST_ACCEPTED_AT_ONCE] if v.isdigit() and len(v) < 19
    ]
    return list(dict.fromkeys(int(v) for v in ids))


@require_http_methods(["GET", "POST"])
def report_accept_many(request):
    """Several reports accepted at once (duyệt nhiều báo cáo): the reports ticked in the
    inbox, each opened by the reviewer as it now stands, are listed to be confirmed (GET);
    confirmed, each is accepted in turn (POST), and a report that changed since it was
    read, or was reviewed by someone else meanwhile, is left as it is and named."""
    user = request.user
    require(user.can_review_reports and user.unit_id is not None)
    data = request.POST if request.method == "POST" else request.GET
    back = QueryDict(data.get("quay-lai", "")[:2000])
    inbox_url = f"{reverse('reports:inbox')}?{_inbox_query(back)}".rstrip("?")
    ticked = _ticked(data)
    if request.method == "POST":
        return _accept_ticked(request, ticked, inbox_url)
    now = timezone.now()
    rows = review.inbox_rows(user=user, now=now, dissolved=True)
    waiting = review.mark_seen(rows, review.seen_versions(user))
    rows = {row.report.pk: row for row in waiting}
    ticked_rows = [rows[pk] for pk in ticked if pk in rows]
    return render(
        request,
        "reports/accept_many.html",
        {
            "ready": [r for r in ticked_rows if r.is_read_as_it_stands],
            "unread": [r for r in ticked_rows if not r.is_read_as_it_stands],
            "gone": len(ticked) - len(ticked_rows),
            "back": _inbox_query(back),
            "inbox_url": inbox_url,
        },
    )


def _accept_ticked(request, ticked: list[int], inbox_url: str):
    user = request.user
    versions = {}
    for pk in ticked:
        version = request.POST.get(f"v-{pk}", "")
        if version.isdigit() and len(version) < 10:
            versions[pk] = int(version)
    reports = MonthlyReport.objects.for_user(user).select_related("unit").in_bulk(versions)
    seen = dict(
        ReportSeen.objects.filter(user=user, report_id__in=reports).values_list(
            "report_id", "version"
        )
    )
    accepted, skipped = 0, []
    for pk, version in versions.items():
        report = reports.get(pk)
        if report is None or not _can_review(user, report):
            continue  # not theirs to review: said nowhere, as if it did not exist
        if seen.get(pk) != version:  # resubmitted since the reviewer read it
            skipped.append(report)
            continue
        try:
            services.report_accept(report=report, user=user, version=version)
        except ValidationError:  # changed, or reviewed by someone else, meanwhile
            skipped.append(report)
        else:
            accepted += 1
    if accepted:
        messages.success(
            request,
            ngettext("%(n)d report was accepted.", "%(n)d reports were accepted.", accepted)
            % {"n": accepted},
        )
    if skipped:
        names = ", ".join(f"{r.unit.name} ({r.month:%m/%Y})" for r in skipped[:10])
        if len(skipped) > 10:
            names += " " + _("and %(n)d more") % {"n": len(skipped) - 10}
        messages.warning(
            request,
            ngettext(
                "%(n)d report was not accepted: it changed, or was reviewed by someone else, "
                "after you opened it. Open it again to review it: %(names)s.",
                "%(n)d reports were not accepted: they changed, or were reviewed by someone "
                "else, after you opened them. Open each again to review it: %(names)s.",
                len(skipped),
            )
            % {"n": len(skipped), "names": names},
        )
    if not accepted and not skipped:
        messages.warning(request, _("Nothing was accepted: tick the reports to accept first."))
    return redirect(inbox_url)


@require_http_methods(["GET", "POST"])
def extension_create(request):
    require(request.user.can_review_reports and request.user.unit_id is not None)
    units = reporting_units(request.user.unit)
    form = ExtensionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        due_at = moment_of(data["due_on"], data["due_time"])
        try:
            services.extension_grant(
                unit=data["unit"],
                month=data["month"],
                due_at=due_at,
                reason=data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(unit)s may submit its report of %(month)s until %(due)s.")
                % {
                    "unit": data["unit"].name,
                    "month": f"{data['month']:%m/%Y}",
                    "due": f"{due_at:%H:%M %d/%m/%Y}",
                },
            )
            return redirect("reports:inbox")
    return render(request, "reports/extension_form.html", {"form": form})


@require_POST
def attachment_upload(request, pk: int):
    report = get_object_or_404(MonthlyReport.objects.for_user(request.user), pk=pk)
    require(request.user.can_report and report.unit_id == request.user.unit_id)
    if not report.is_editable_by_unit:
        messages.error(request, _("This report has been submitted; it can no longer be edited."))
        return redirect(report)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachments_add(report=report, user=request.user, files=[upload])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": upload.name})
    else:
        messages.error(request, " ".join(form.errors["file"]))
    return redirect(report)


def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        Attachment.objects.filter(report__in=MonthlyReport.objects.for_user(request.user)),
        pk=pk,
    )
    # Served as a download, never displayed or run by the browser.
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# How the unit table may be sorted (?sap-xep=...): by name, by overall share, by lateness,
# or by one metric's share ("m<metric id>"); a leading "-" reverses.
SORTS = {"ten": "name", "ty-le": "percent", "tre-han": "missing"}


def _sorted_units(rows, metrics, key: str):
    descending = key.startswith("-")
    name = key.lstrip("-")
    last = Decimal(-1)  # rows without a figure go last
    if name == "ten":  # by the name as a search reads it: the same order on any database
        rows = sorted(rows, key=lambda r: (r.unit.search_name, r.unit.pk))
    elif name == "ty-le":
        rows = sorted(rows, key=lambda r: r.percent if r.percent is not None else last)
    elif name == "tre-han":
        rows = sorted(rows, key=lambda r: (r.missing, r.late))
    elif name.startswith("m") and name[1:].isdigit():
        index = next((i for i, m in enumerate(metrics) if m.pk == int(name[1:])), None)
        if index is None:
            return rows, ""
        rows = sorted(
            rows,
            key=lambda r: r.cells[index].percent if r.cells[index].percent is not None else last,
        )
    else:
        return rows, ""
    if descending:
        rows = rows[::-1]
    return rows, key


def _progress_filters(request, plan) -> ProgressFilterForm:
    """The filters of a progress page or file."""
    today = timezone.localdate()
    filters = ProgressFilterForm(request.GET or None, plan=plan, user=request.user, today=today)
    if not filters.is_bound:
        filters.initial = {"ky": filters.PLAN, "don-vi": filters.default_scope}
    return filters


def plan_progress_export(request, pk: int, fmt: str):
    """The progress page as an Excel workbook or a PDF results report, for the same
    filters (and so the same unit: a ward's secretary gets their ward's). A file counting
    many units is handed to the task worker, and the requester to its progress page."""
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    plan = plan_for_viewing(request, pk)
    filters = _progress_filters(request, plan)
    if filters.is_bound and not filters.is_valid():
        messages.error(request, _("Correct the filters before downloading."))
        # Back to the page with the same filters, unless they are too long to send back.
        query = request.GET.urlencode()
        page = reverse("plans:progress", args=[plan.pk])
        return redirect(f"{page}?{query}" if len(query) <= 2000 else page)
    if exports.needs_background(filters.scope):  # decided before any figure is read
        as_of = min(filters.today, filters.window.end)
        return redirect(_queued_export(request, plan, fmt, filters, as_of))
    figures = filters.figures()
    content, filename = exports.progress_file(plan=plan, figures=figures, fmt=fmt)
    return _file_response(content, filename)


def _file_response(content: bytes, filename: str) -> HttpResponse:
    extension = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _queued_export(request, plan, fmt: str, filters: ProgressFilterForm, as_of: date):
    """The requester's job for this file: the one already being built for the same
    filters (only those that count: the rest of the query string is dropped), or a new
    one handed to the worker."""
    job, created = export_job_request(
        user=request.user, plan=plan, fmt=fmt, filters=filters.saved(), as_of=as_of
    )
    if created:
        messages.info(
            request, _("The file is large: it is being built, and this page follows its progress.")
        )
    else:
        messages.info(request, _("This file is already being built."))
    return job


def export_list(request):
    """The files a person has asked to be built, newest first."""
    export_jobs_give_up_stuck()  # so that none reads "being built" forever
    jobs = ExportJob.objects.for_user(request.user).select_related("plan").defer("content")
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    return render(
        request, "reports/export_list.html", {"page": page, "keep_days": settings.EXPORT_KEEP_DAYS}
    )


def export_detail(request, pk):
    """A background file's progress; the page reloads itself until the file is ready,
    or says the build stopped (its worker died) and offers to build it again."""
    export_jobs_give_up_stuck()
    job = get_object_or_404(
        ExportJob.objects.for_user(request.user).select_related("plan").defer("content"), pk=pk
    )
    waited = timezone.now() - job.requested_at
    return render(
        request,
        "reports/export_detail.html",
        {
            "job": job,
            "stalled": job.status == ExportJob.Status.QUEUED
            and waited > timedelta(seconds=settings.EXPORT_STALLED_AFTER_SECONDS),
            "query": job.progress_query,
        },
    )


def export_download(request, pk):
    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)
    if job.status != ExportJob.Status.DONE:
        messages.warning(request, _("The file is not ready yet."))
        return redirect(job)
    return _file_response(bytes(job.content), job.filename)


# The unit table of a progress page: so many units a page, whatever the tree's size.
PROGRESS_PAGE_SIZE = 25
# What the page's filters read besides the unit table's own search, filter and page: kept
# in the table's links and forms.
PROGRESS_FILTERS = ("ky", "quy", "thang", "tu", "den", "ke-ca-chua-duyet")


def _progress_query(request, *names: str) -> str:
    """The page's query string with only the filters and the given names of it."""
    query = request.GET.copy()
    for name in list(query):
        if name not in (*PROGRESS_FILTERS, *names):
            del query[name]
    return query.urlencode()


def _unit_table(request, units: list, metrics, figures) -> dict:
    """The unit table of a progress page: searched by name (diacritics ignored), narrowed
    to the units slow to report when asked, sorted, one page of it; the ranking (the
    first and last ten, and the units searched for) and the heat map of that page."""
    search = normalize(request.GET.get("q", ""))[:100]
    needle = fold(search)
    lagging_only = request.GET.get("cham") == "1"
    units, sort = _sorted_units(units, metrics, request.GET.get("sap-xep", ""))
    shown = [
        row
        for row in units
        if (not needle or needle in row.unit.search_name) and (not lagging_only or row.is_lagging)
    ]
    page = Paginator(shown, PROGRESS_PAGE_SIZE).get_page(request.GET.get("page"))
    progress.add_months(page.object_list, figures)  # its heat map: one page's months
    matched = {row.unit.pk for row in shown} if needle else set()
    return {
        "wards": list(page.object_list),
        "page": page,
        "units_count": len(units),
        "search": search,
        "lagging_only": lagging_only,
        "is_narrowed": bool(needle or lagging_only),
        "sort": sort,
        "ranking": charts.ranking_chart(units, matched=matched),
        "heat_map": charts.timeliness_heat_map(list(page.object_list)),
    }


def _scope_trail(request, plan, scope: Unit) -> list[Unit]:
    """The units from the plan's issuing unit down to the one counted, that the person
    may see: where the figures sit, each a link back up (one query)."""
    issuer = plan.issuing_unit
    if scope.pk == issuer.pk:
        return []
    above = Unit.objects.for_user(request.user).ancestors_of(scope).only("pk", "name", "path")
    return [unit for unit in above if unit.is_within(issuer)]


def plan_progress_page(request, pk: int):
    """Actual against roadmap for one plan, in a window of months and within one unit's
    subtree: every target with its chart, then the units below, a page at a time, with
    their ranking and timeliness; for a unit below the issuing one, its months and founded
    branches. Below its heading, the page is computed once for each revision of the data
    and kept (``reports.live``)."""
    plan = plan_for_viewing(request, pk)
    filters = _progress_filters(request, plan)
    body = live.kept(
        "progress",
        (plan.pk, live.page_of(request)),
        lambda: render_to_string(
            "reports/includes/progress_body.html",
            _progress_body(request, plan, filters),
            request=request,
        ),
    )
    window = filters.window
    context = {
        "plan": plan,
        "scope": filters.scope,
        "window": window,
        "as_of": min(filters.today, window.end),
        "trail": _scope_trail(request, plan, filters.scope),
        "period_query": _progress_query(request),
        "body": body,
    }
    return render(request, "reports/progress.html", context)


def _progress_body(request, plan, filters) -> dict:
    figures = filters.figures(children_by="total")
    rows = progress.plan_progress(plan=plan, today=figures.as_of, figures=figures)
    metrics, units = progress.ward_table(
        plan=plan, today=figures.as_of, figures=figures, with_months=False
    )
    for metric in metrics:
        metric.sort_key = f"m{metric.pk}"
    table = _unit_table(request, units, metrics, figures)
    context = {
        "plan": plan,
        "filters": filters,
        "figures": figures,
        "levels": figures.level_labels,
        "rows": rows,
        "charts": [
            (
                row,
                charts.cumulative_chart(
                    row, starts_on=plan.starts_on, ends_on=plan.ends_on, as_of=figures.as_of
                ),
            )
            for row in rows
        ],
        "metrics": metrics,
        **table,
        # Sorting keeps the search and the filter, and starts again at the first page;
        # opening a unit keeps only the period.
        "query": _progress_query(request, "q", "cham"),
        "period_query": _progress_query(request),
        "clear_query": _progress_query(request, "sap-xep", "don-vi"),
        "table_keeps": [
            (name, value)
            for name in (*PROGRESS_FILTERS, "don-vi", "sap-xep")
            for value in request.GET.getlist(name)[:1]
        ],
        "include_submitted": figures.include_submitted,
        "as_of": figures.as_of,
        "behind_from": int(progress.BEHIND_FROM * 100),
        "mine": request.user.unit_id,
    }
    if not figures.is_whole_plan:
        context["unit_months"] = progress.unit_months(figures, metrics)
        context["foundings"] = progress.founded_branches(figures)
    return context
