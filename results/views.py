import re
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from documents import header
from documents.text import standing_committee
from documents.word import CONTENT_TYPE as WORD
from organizations.access import require
from organizations.models import Unit
from plans.models import Plan
from reports.exports import render_pdf
from reports.schedule import next_month, previous_month
from reports.timeliness import MISSING, timeliness

from . import calendar, exports, selectors, services, word
from .forms import AnswerForm, ExtensionForm, RequestForm, ReviewForm
from .models import Answer, AnswerFile, CalendarFeed, ResultRequest

PAGE_SIZE = 25


def _request_for(request, pk: int) -> ResultRequest:
    return get_object_or_404(
        ResultRequest.objects.for_user(request.user).select_related(
            "plan__issuing_unit", "activity"
        ),
        pk=pk,
    )


def request_list(request):
    """The requests the user's unit sent (with how many answered) and those sent to it."""
    user, now = request.user, timezone.now()
    requests = (
        ResultRequest.objects.for_user(user)
        .select_related("plan__issuing_unit")
        .order_by("-due_at", "-pk")
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "results/request_list.html",
        {"page": page, "open": selectors.open_requests_of(user=user, now=now), "now": now},
    )


@require_http_methods(["GET", "POST"])
def request_create(request, plan_pk: int):
    plan = get_object_or_404(
        Plan.objects.for_user(request.user).select_related("issuing_unit"), pk=plan_pk
    )
    require(plan.is_managed_by(request.user))
    form = RequestForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.request_create(
            plan=plan,
            user=request.user,
            units=data["units"],
            metrics=data["metrics"],
            **_request_fields(data),
        )
        messages.success(
            request,
            _("The request was sent to %(n)s units.") % {"n": len(data["units"])},
        )
        return redirect(created)
    return render(request, "results/request_form.html", {"form": form, "plan": plan})


def _request_fields(data) -> dict:
    names = ("title", "activity", "instructions", "due_at")
    asks = [name for name in data if name.startswith("asks_")]
    return {name: data[name] for name in (*names, *asks)}


@require_http_methods(["GET", "POST"])
def request_update(request, pk: int):
    result_request = _request_for(request, pk)
    require(result_request.is_managed_by(request.user))
    plan = result_request.plan
    form = RequestForm(request.POST or None, plan=plan, instance=result_request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.request_update(
            request=result_request,
            units=data["units"],
            metrics=data["metrics"],
            **_request_fields(data),
        )
        messages.success(request, _("The request was saved."))
        return redirect(result_request)
    return render(
        request,
        "results/request_form.html",
        {"form": form, "plan": plan, "result_request": result_request},
    )


def request_detail(request, pk: int):
    """The office's view: who answered, on time or late, who is missing, at a glance; the
    totals, the links and the photos by unit. A unit asked is taken to its own answer."""
    result_request = _request_for(request, pk)
    if not result_request.is_office_of(request.user):
        return redirect("results:answer", result_request.pk)
    now = timezone.now()
    table = selectors.answers_table(result_request, now=now)
    return render(
        request,
        "results/request_detail.html",
        {
            "result_request": result_request,
            "rows": table.rows,
            "metrics": table.metrics,
            "totals": table.totals,
            "summary": table.summary,
            "can_edit": result_request.is_managed_by(request.user),
            "can_review": request.user.can_review_reports,
            "now": now,
        },
    )


@require_http_methods(["GET", "POST"])
def answer_edit(request, pk: int):
    """The unit's answer, on one phone-sized form: save a draft, or submit it."""
    result_request = _request_for(request, pk)
    user = request.user
    if not (user.unit_id and result_request.units.filter(pk=user.unit_id).exists()):
        raise Http404
    answer = Answer.objects.filter(request=result_request, unit_id=user.unit_id).first()
    may_write = user.can_report and (answer is None or answer.is_editable_by_unit)
    if request.method == "POST":
        require(user.can_report)
    metrics = list(result_request.metrics.order_by("order", "name"))
    stored = list(answer.files.all()) if answer else []
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        instance=answer,
        request=result_request,
        metrics=metrics,
        stored_files=stored,
    )
    if request.method == "POST" and may_write and form.is_valid():
        submitting = "submit" in request.POST
        answer = answer or services.answer_open(request=result_request, unit=user.unit)
        data = form.cleaned_data
        try:
            services.answer_save(
                answer=answer,
                user=user,
                participants=data.get("participants"),
                links=data.get("links", ""),
                text=data.get("text", ""),
                values=form.values,
                files=data.get("files") or [],
                remove=data.get("remove") or [],
                submit=submitting,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submitting:
                messages.success(request, _("Your answer was sent."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect("results:answer", result_request.pk)
    elif request.method == "POST" and may_write and "files" not in form.errors:
        # A mistake elsewhere on the form: the photos chosen are kept with the draft.
        chosen = form.cleaned_data.get("files") or []
        if chosen:
            answer = answer or services.answer_open(request=result_request, unit=user.unit)
            try:
                services.answer_files_keep(answer=answer, user=user, files=chosen)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                stored = list(answer.files.all())
                form.fields["remove"].choices = [(f.pk, f.original_name) for f in stored]
                messages.info(request, _("The files you chose were kept with the draft."))
    due_at = result_request.due_at_for(user.unit_id)
    unsaved = []
    if request.method == "POST" and not may_write:
        # A page left open while someone else of the unit sent the answer: what this
        # person typed is shown back beside what was sent, to copy from, not lost.
        messages.error(request, _("This answer was sent and can no longer be changed."))
        unsaved = [
            (field.label, request.POST.get(name, "").strip())
            for name, field in form.fields.items()
            if name not in ("files", "remove") and request.POST.get(name, "").strip()
        ]
    now = timezone.now()
    return render(
        request,
        "results/answer_form.html",
        {
            "result_request": result_request,
            "answer": answer,
            "form": form,
            "may_write": may_write,
            "unsaved": unsaved,
            "stored": stored,
            "events": list(answer.events.select_related("by")) if answer else [],
            "due_at": due_at,
            "timeliness": timeliness(
                first_submitted_at=answer.first_submitted_at if answer else None,
                due_at=due_at,
                now=now,
            ),
        },
    )


def unit_answer(request, pk: int, unit_pk: int):
    """One unit's answer as the office reviews it."""
    result_request = _request_for(request, pk)
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=unit_pk)
    if not result_request.is_office_of(request.user):
        if unit.pk == request.user.unit_id:
            return redirect("results:answer", result_request.pk)
        raise Http404
    answer = get_object_or_404(
        Answer.objects.exclude(status=Answer.Status.DRAFT).prefetch_related("values", "files"),
        request=result_request,
        unit=unit,
    )
    metrics = list(result_request.metrics.order_by("order", "name"))
    values = {v.metric_id: v.value for v in answer.values.all()}
    return render(
        request,
        "results/unit_answer.html",
        {
            "result_request": result_request,
            "answer": answer,
            "unit": unit,
            "counts": [(m, values.get(m.pk)) for m in metrics],
            "events": list(answer.events.select_related("by")),
            "review_form": ReviewForm(),
            "can_review": request.user.can_review_reports,
            "timeliness": timeliness(
                first_submitted_at=answer.first_submitted_at,
                due_at=result_request.due_at_for(unit.pk),
                now=timezone.now(),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def extension_grant(request, pk: int, unit_pk: int):
    """More time for one unit asked, with a reason; the unit is told."""
    result_request = _request_for(request, pk)
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=unit_pk)
    if (
        not result_request.is_office_of(request.user)
        or not result_request.units.filter(pk=unit.pk).exists()
    ):
        raise Http404
    require(request.user.can_review_reports)
    form = ExtensionForm(request.POST or None, request=result_request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.extension_grant(
            request=result_request,
            unit=unit,
            due_at=data["due_at"],
            reason=data["reason"],
            user=request.user,
        )
        messages.success(
            request,
            _("%(unit)s may now answer until %(due)s.")
            % {"unit": unit.name, "due": f"{timezone.localtime(data['due_at']):%H:%M %d/%m/%Y}"},
        )
        return redirect(result_request)
    return render(
        request,
        "results/extension_form.html",
        {"form": form, "result_request": result_request, "unit": unit},
    )


@require_POST
def answer_review(request, answer_pk: int, action: str):
    answer = get_object_or_404(
        Answer.objects.select_related("request__plan__issuing_unit", "unit").filter(
            request__in=ResultRequest.objects.for_user(request.user)
        ),
        pk=answer_pk,
    )
    if not answer.request.is_office_of(request.user) or action not in ("accept", "return"):
        raise Http404
    require(request.user.can_review_reports)
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    back = reverse("results:unit_answer", args=[answer.request_id, answer.unit_id])
    try:
        services.answer_review(answer=answer, user=request.user, action=action, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if action == "accept":
        messages.success(request, _("The answer of %(unit)s was accepted.") % {"unit": answer.unit})
    else:
        messages.success(request, _("The answer of %(unit)s was returned.") % {"unit": answer.unit})
    return redirect(answer.request)


def request_export(request, pk: int):
    """The answers as an Excel workbook, for the office."""
    result_request = _request_for(request, pk)
    if not result_request.is_office_of(request.user):
        raise Http404
    table = selectors.answers_table(result_request, now=timezone.now())
    content = exports.answers_workbook(result_request, table.rows, table.metrics)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{exports.file_stem(result_request)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _summary(request, pk: int) -> tuple:
    """The results summary, as its PDF and its Word file show it."""
    result_request = _request_for(request, pk)
    if not result_request.is_office_of(request.user):
        raise Http404
    table = selectors.answers_table(result_request, now=timezone.now())
    return result_request, {
        "result_request": result_request,
        "plan": result_request.plan,
        "header": header.of_report(
            result_request.plan.issuing_unit, day=timezone.localdate(), year=None
        ),
        "recipients": [
            standing_committee(result_request.plan.issuing_unit.name),
            "Các đơn vị được yêu cầu",
        ],
        "subtitle": exports.subtitle(result_request),
        "due": timezone.localtime(result_request.due_at),
        "rows": table.rows,
        "metrics": table.metrics,
        "summary": table.summary,
        "totals": table.totals,
        "missing": [row for row in table.rows if row.timeliness.state == MISSING],
    }


def request_pdf(request, pk: int):
    """The results summary in the official layout ("Báo cáo kết quả tổ chức …"), for the
    office to sign: who answered on time, late or not at all, the totals, unit by unit."""
    result_request, context = _summary(request, pk)
    response = HttpResponse(render_pdf("results/pdf/summary.html", context), "application/pdf")
    filename = f"{exports.file_stem(result_request)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def request_docx(request, pk: int):
    """The same summary as a Word file."""
    result_request, context = _summary(request, pk)
    response = HttpResponse(word.summary_docx(context), WORD)
    filename = f"{exports.file_stem(result_request)}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def answer_file(request, pk: int):
    """A photo or file of an answer, for the unit that gave it and the office that asked."""
    stored = get_object_or_404(AnswerFile.objects.select_related("answer__request__plan"), pk=pk)
    user = request.user
    own = user.unit_id and stored.answer.unit.is_within(user.unit)
    if not (own or stored.answer.request.is_office_of(request.user)):
        raise Http404
    if stored.answer.status == Answer.Status.DRAFT and not own:
        raise Http404  # a draft's files are the unit's until it sends them
    inline = stored.is_photo and request.GET.get("xem") == "1"
    response = FileResponse(
        stored.file.open("rb"), as_attachment=not inline, filename=stored.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


MONTH = re.compile(r"^(19[5-9][0-9]|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")
#: what the feed holds: the last three months and the year ahead
FEED_BEFORE, FEED_AFTER = timedelta(days=92), timedelta(days=366)


def calendar_page(request):
    """The month's activities and deadlines, day by day (?thang=2024-03)."""
    today = timezone.localdate()
    asked = request.GET.get("thang", "")
    first = date(int(asked[:4]), int(asked[5:7]), 1) if MONTH.match(asked) else today.replace(day=1)
    last = next_month(first) - timedelta(days=1)
    found = calendar.events(user=request.user, start=first, end=last)
    days = {}
    for event in found:
        # An event over several days shows on its first day of the month, with its range.
        days.setdefault(max(event.day, first), []).append(event)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "results/calendar.html",
        {
            "month": first,
            "previous": previous_month(first),
            "next": next_month(first),
            "days": sorted(days.items()),
            "today": today,
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
        },
    )


@require_POST
def calendar_key(request):
    """Makes the person's feed address, or a new one: the old one stops working."""
    CalendarFeed.objects.update_or_create(
        user=request.user, defaults={"key": CalendarFeed.new_key(), "created_at": timezone.now()}
    )
    messages.success(
        request,
        _("Your calendar address is ready; any address made before no longer works."),
    )
    return redirect(reverse("calendar:page") + "#lich-dien-thoai")


@login_not_required
def calendar_feed(request, key: str):
    """The person's events as iCalendar, for their phone's calendar: the key is the only
    credential (the address is secret; a new key revokes it)."""
    feed = CalendarFeed.objects.filter(key=key, user__is_active=True).select_related("user")
    feed = feed.first()
    if feed is None:
        raise Http404
    today = timezone.localdate()
    found = calendar.events(user=feed.user, start=today - FEED_BEFORE, end=today + FEED_AFTER)
    content = calendar.ical(
        found,
        site_url=request.build_absolute_uri("/"),
        name=_("Lộ trình: activities and deadlines"),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lotrinh.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
