"""Writes to result requests and their answers. Each runs in one transaction, takes the
answer's row lock before it reads its state, and tells people (``notices``) inside it."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Unit
from reports import figures

from . import notices
from .models import (
    Answer,
    AnswerEvent,
    AnswerFile,
    AnswerValue,
    RequestExtension,
    ResultRequest,
)
from .photos import PHOTO_EXTENSIONS, prepared_photo

MAX_FILES_PER_ANSWER = 20


@transaction.atomic
def request_create(*, plan, user, units, metrics=(), **fields) -> ResultRequest:
    """A new request, sent at once: the units asked are told."""
    request = ResultRequest(plan=plan, created_by=user, **fields)
    request.full_clean()
    request.save()
    request.units.set(units)
    request.metrics.set(metrics)
    notices.request_sent(request, by=user)
    return request


@transaction.atomic
def request_update(*, request: ResultRequest, units, metrics=(), **fields) -> ResultRequest:
    """Changes a request; the counts of its accepted answers follow it to the month it now
    counts in and to the metrics it now asks."""
    for name, value in fields.items():
        setattr(request, name, value)
    request.full_clean()
    months = {request.counts_month, request.month_counted()}  # as saved, as it will be
    accepted = AnswerValue.objects.filter(
        answer__request=request, answer__status=Answer.Status.ACCEPTED
    ).values_list("answer__unit_id", "metric_id")
    cells = {(unit_id, metric_id, month) for unit_id, metric_id in accepted for month in months}
    with figures.answers_changing(cells):
        request.save()
        request.units.set(units)
        request.metrics.set(metrics)
    return request


def answer_open(*, request: ResultRequest, unit: Unit) -> Answer:
    """The unit's answer, a new draft the first time."""
    answer, _created = Answer.objects.get_or_create(request=request, unit=unit)
    return answer


def _locked(answer: Answer) -> Answer:
    return (
        Answer.objects.select_for_update(of=("self",)).select_related("request").get(pk=answer.pk)
    )


@transaction.atomic
def answer_save(
    *,
    answer: Answer,
    user,
    participants=None,
    links: str = "",
    text: str = "",
    values: dict | None = None,
    files=(),
    remove=(),
    submit: bool = False,
    now: datetime | None = None,
) -> Answer:
    """Saves what the unit typed, adds its files (photos resized, their EXIF removed) and
    deletes those ticked; with ``submit``, sends it (the first submission's moment is what
    on time or late is judged by). An answer already sent and not returned cannot change."""
    now = now or timezone.now()
    current = _locked(answer)
    if not current.is_editable_by_unit:
        raise ValidationError(_("This answer was sent and can no longer be changed."))
    current.participants = participants
    current.links = links
    current.text = text
    if submit:
        current.status = Answer.Status.SUBMITTED
        current.first_submitted_at = current.first_submitted_at or now
        current.submitted_at = now
    current.save()
    if values is not None:
        _values_save(current, values)
    if remove:
        for stored in current.files.filter(pk__in=remove):
            stored.file.delete(save=False)
            stored.delete()
    _files_add(current, user, files, now)
    if submit:
        AnswerEvent.objects.create(
            answer=current, action=AnswerEvent.Action.SUBMIT, by=user, at=now
        )
    return current


@transaction.atomic
def answer_files_keep(*, answer: Answer, user, files, now=None) -> None:
    """Keeps the files chosen with a form that came back for a mistake elsewhere, with the
    draft, so that nobody chooses their photos twice."""
    current = _locked(answer)
    if not current.is_editable_by_unit:
        raise ValidationError(_("This answer was sent and can no longer be changed."))
    _files_add(current, user, files, now or timezone.now())


def _values_save(answer: Answer, values: dict) -> None:
    kept = {v.metric_id: v for v in answer.values.all()}
    for metric_id, value in values.items():
        old = kept.pop(metric_id, None)
        if value is None:
            if old:
                old.delete()
        elif old is None:
            AnswerValue.objects.create(answer=answer, metric_id=metric_id, value=Decimal(value))
        elif old.value != value:
            old.value = value
            old.save(update_fields=["value"])
    for old in kept.values():
        old.delete()


def _files_add(answer: Answer, user, files, now) -> None:
    """Stores the files (photos prepared); more than an answer holds undoes the whole
    save (the caller's transaction)."""
    if not files:
        return
    if answer.files.count() + len(files) > MAX_FILES_PER_ANSWER:
        raise ValidationError(
            _("An answer holds at most %(n)s files.") % {"n": MAX_FILES_PER_ANSWER}
        )
    for upload in files:
        name = upload.name[:255]
        is_photo = any(name.lower().endswith(ext) for ext in PHOTO_EXTENSIONS)
        width = height = None
        content = upload
        if is_photo:
            content, width, height = prepared_photo(upload)
        stored = AnswerFile(
            answer=answer,
            original_name=name,
            size=content.size,
            is_photo=is_photo,
            width=width,
            height=height,
            uploaded_by=user,
            uploaded_at=now,
        )
        stored.file.save(content.name, content, save=False)
        stored.save()


@transaction.atomic
def extension_grant(*, request: ResultRequest, unit: Unit, due_at, reason: str, user):
    """More time for ``unit`` (granted again, the new moment wins); the unit is told."""
    if not request.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("This unit was not asked for its results."))
    if not reason.strip():
        raise ValidationError(_("Say why more time is given."))
    extension, _created = RequestExtension.objects.update_or_create(
        request=request,
        unit=unit,
        defaults={"due_at": due_at, "reason": reason, "granted_by": user},
    )
    notices.extension_granted(extension)
    return extension


@transaction.atomic
def answer_review(*, answer: Answer, user, action: str, comment: str = "", now=None) -> Answer:
    """Accepts a submitted answer, or returns it with a comment saying what to correct;
    the unit is told either way."""
    now = now or timezone.now()
    current = _locked(answer)
    if current.status != Answer.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted answer can be accepted or returned."))
    if action == "return" and not comment.strip():
        raise ValidationError(_("Say what should be corrected before returning the answer."))
    current.status = Answer.Status.ACCEPTED if action == "accept" else Answer.Status.RETURNED
    current.review_comment = comment
    # Accepted, its counts join the unit's figures of the month (``reports.figures``).
    month = current.request.counts_month
    cells = (
        {
            (current.unit_id, metric_id, month)
            for metric_id in current.values.values_list("metric_id", flat=True)
        }
        if action == "accept"
        else set()
    )
    with figures.answers_changing(cells):
        current.save()
    event = AnswerEvent.objects.create(
        answer=current,
        action=AnswerEvent.Action.ACCEPT if action == "accept" else AnswerEvent.Action.RETURN,
        comment=comment,
        by=user,
        at=now,
    )
    notices.answer_reviewed(current, event)
    return current
