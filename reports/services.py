"""Writes to monthly reports. Every state change locks the report row, checks the state
it expects, and records who did it and when, so that two people acting at once cannot
both win and nothing is half-done."""

import copy
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from config.prepared import Prepared
from organizations import services as organization_services
from organizations.models import Host, Unit, UnitKind
from organizations.text import normalize

from . import figures, notices
from .models import (
    MAX_ATTACHMENTS_PER_REPORT,
    Attachment,
    Extension,
    FoundedBranch,
    MonthlyReport,
    ReportSeen,
    ReportValue,
    ReviewEvent,
    with_holdings,
)

EDITABLE = (MonthlyReport.Status.DRAFT, MonthlyReport.Status.RETURNED)


# A report saved by someone else since this person opened it; also what the form says of a
# version the page did not send (or sent garbled): a page to reload.
STALE = gettext_lazy(
    "Someone else saved this report while you were editing it. Your changes were "
    "not saved: reload the page to see the latest version, then make them again."
)


class StaleReport(ValidationError):
    """Someone else saved the report since this person opened it."""


@dataclass(frozen=True)
class BranchLine:
    """A founding line as typed in the form; ``id`` when it is a line saved before."""

    name: str
    kind: UnitKind
    founded_on: date
    members: int
    host: Host | None = None
    new_host_name: str = ""
    new_host_kind: str = ""
    id: int | None = None


def report_open(*, unit: Unit, month: date) -> MonthlyReport:
    """The unit's report of the month, created as a draft the first time it is opened."""
    month = month.replace(day=1)
    try:
        with transaction.atomic():
            report, _created = MonthlyReport.objects.get_or_create(unit=unit, month=month)
    except IntegrityError:  # two first openings at once: the other one created it
        report = MonthlyReport.objects.get(unit=unit, month=month)
    return report


def _locked(
    report: MonthlyReport, *, version: int | None = None, lines: bool = False
) -> MonthlyReport:
    # The unit comes along (its path for the figures), unlocked: only the report is locked;
    # the one the caller read in this request with the report is taken as it is. With
    # ``lines``, whether the report holds founding lines comes along (``holds_lines``; see
    # report_save for when it can be trusted).
    if (
        version is not None
        and report.version == version
        and MonthlyReport.unit.is_cached(report)
        and (not lines or hasattr(report, "holds_lines"))
    ):
        # Read by the caller, with its unit (and its holdings), at the version its page was
        # opened at: finding that version still there under the row's lock proves the row
        # is as read, since every write of a report moves its version on (report_save,
        # _move). One narrow statement instead of reading the whole row again. A copy is
        # taken, as a read would be: a save refused halfway leaves the caller's page as read.
        if _version_locked(report.pk) != version:
            raise StaleReport(STALE)
        return copy.copy(report)
    locking = MonthlyReport.objects.select_for_update(of=("self",))
    if lines:
        locking = with_holdings(locking, files=False)
    if MonthlyReport.unit.is_cached(report):
        current = locking.get(pk=report.pk)
        current.unit = report.unit
    else:
        current = locking.select_related("unit").get(pk=report.pk)
    if version is not None and current.version != version:
        raise StaleReport(STALE)
    return current


# The counts a report holds: read by every save, its SQL compiled once (config.prepared).
_VALUES_OF = Prepared(lambda report: ReportValue.objects.filter(report=report), int)


def _version_locked(pk: int) -> int | None:
    """The report's version, its row locked until the transaction ends (SQLite's
    transactions take the whole database at their start: no lock is asked there)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    table = MonthlyReport._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "version" FROM "{table}" WHERE "id" = %s{lock}', [pk])
        row = cursor.fetchone()
    return row[0] if row else None


@transaction.atomic
def report_save(
    *,
    report: MonthlyReport,
    user,
    version: int,
    texts: dict[str, str],
    values: dict,
    branches: list[BranchLine],
    delete_lines: Collection[int] = (),
    delete_attachments: Collection[int] = (),
    submit: bool = False,
    now: datetime | None = None,
) -> MonthlyReport:
    """Saves the draft: texts, typed counts (metric → number, or None for a count left
    blank, which goes; a metric not named is left as it is) and founding lines; with
    ``submit``, submits it in the same step (``report_submit``).

    A line with an id is the saved line it names, updated; a line without one is new. A
    saved line is deleted only when named in ``delete_lines``: a line the page did not
    send back stays as it was. Attachments named in ``delete_attachments`` go too."""
    current = _locked(report, version=version, lines=True)
    if current.status not in EDITABLE:
        raise ValidationError(_("This report has been submitted and can no longer be edited."))
    if submit:
        _check_owed(current)
    # Most reports found nothing: their lines are not read. ``holds_lines`` was read with the
    # snapshot the locking statement began with, which a save committed while it waited for
    # the lock is not in; but every save of the lines moves the version on, so that when the
    # version is the one the page was read at (checked above), nothing was saved meanwhile.
    unread = version is not None and not current.holds_lines
    saved = {
        line.pk: line
        for line in (
            []
            if unread
            else current.founded_branches.filter(unit__isnull=True).select_related("kind")
        )
    }
    named = [line.id for line in branches if line.id is not None]
    if len(set(named)) != len(named) or not set(named) | set(delete_lines) <= saved.keys():
        raise ValidationError(
            _(
                "A founding line of this report is no longer there. Nothing was saved: "
                "reload the page to see the report as it is now."
            )
        )
    for field, text in texts.items():
        setattr(current, field, text.strip())
    if not submit:  # a submission saves the report once, in its new state
        current.version += 1
        current._history_user = user
        current.save()
    # Only the counts that changed are written (and enter the history): a count typed
    # anew is changed in place, one left blank goes, one typed for the first time comes.
    # A count the page did not ask for (a plan revised since it was typed, a metric no
    # plan asks this month) is kept as it is, and still counted.
    saved_values = {v.metric_id: v for v in _VALUES_OF.all(current.pk)}
    typed = {metric.pk: (metric, value) for metric, value in values.items() if value is not None}
    cleared = {metric.pk for metric, value in values.items() if value is None}
    gone = [v.pk for metric_id, v in saved_values.items() if metric_id in cleared]
    untouched = {
        metric_id: v.value
        for metric_id, v in saved_values.items()
        if metric_id not in typed and metric_id not in cleared
    }
    if gone:
        ReportValue.objects.filter(pk__in=gone).delete()
    retyped = []
    for metric_id, v in saved_values.items():
        if metric_id in typed and typed[metric_id][1] != v.value:
            v.value = typed[metric_id][1]
            retyped.append(v)
    for v in retyped:  # a few at most: plain UPDATEs cost less to build than one bulk_update
        ReportValue.objects.filter(pk=v.pk).update(value=v.value)
    if retyped:
        ReportValue.history.bulk_history_create(retyped, update=True, default_user=user)
    new = [
        ReportValue(report=current, metric=metric, value=value)
        for metric_id, (metric, value) in typed.items()
        if metric_id not in saved_values
    ]
    if new:
        bulk_create_with_history(new, ReportValue, default_user=user)
    for line_id in delete_lines:
        line = saved[line_id]
        line._history_user = user
        line.delete()
    for line in branches:
        fields = {
            "name": normalize(line.name),
            "kind": line.kind,
            "host": line.host,
            "new_host_name": normalize(line.new_host_name),
            "new_host_kind": line.new_host_kind,
            "founded_on": line.founded_on,
            "members": line.members,
        }
        branch = saved[line.id] if line.id is not None else FoundedBranch(report=current)
        if branch.pk and _same_line(branch, fields):
            continue  # unchanged: no new history entry
        for name, value in fields.items():
            setattr(branch, name, value)
        branch._history_user = user
        branch.save()
    if delete_attachments:
        _delete_attachments(current, delete_attachments)
    if not submit:
        return current
    # What the report now holds, as just written: its figures need not read it back.
    kept_lines = [line for pk, line in saved.items() if pk not in delete_lines and pk not in named]
    contents = figures.Contents(
        values=untouched | {metric_id: value for metric_id, (_metric, value) in typed.items()},
        lines=[(line.kind.organisation, line.founded_on) for line in [*kept_lines, *branches]],
    )
    return _submit(current, user=user, now=now, contents=contents)


def _same_line(branch: FoundedBranch, fields: dict) -> bool:
    ids = {"kind": branch.kind_id, "host": branch.host_id}
    return all(
        (ids[name] == (value.pk if value else None))
        if name in ids
        else getattr(branch, name) == value
        for name, value in fields.items()
    )


def _delete_attachments(report: MonthlyReport, ids: Collection[int]) -> None:
    attachments = list(report.attachments.filter(pk__in=ids))
    if len(attachments) != len(set(ids)):
        raise ValidationError(
            _("An attachment of this report is no longer there: reload the page.")
        )
    names = [a.file.name for a in attachments]
    storage = attachments[0].file.storage
    report.attachments.filter(pk__in=ids).delete()
    # The files go once the deletion is committed; a rolled back save keeps them.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def attachments_add(*, report: MonthlyReport, user, files: list) -> list[Attachment]:
    """Keeps the chosen files with the report while the unit may still edit it, up to
    MAX_ATTACHMENTS_PER_REPORT (checked under the report's lock)."""
    current = _locked(report)
    if current.status not in EDITABLE:
        raise ValidationError(_("This report has been submitted; it can no longer be edited."))
    if current.attachments.count() + len(files) > MAX_ATTACHMENTS_PER_REPORT:
        raise ValidationError(
            _("A report holds at most %(n)s attachments. Delete some before adding others.")
            % {"n": MAX_ATTACHMENTS_PER_REPORT}
        )
    return [
        Attachment.objects.create(
            report=current,
            file=upload,
            original_name=normalize(upload.name)[:255],
            size=upload.size,
            uploaded_by=user,
        )
        for upload in files
    ]


def _move(
    current: MonthlyReport,
    *,
    user,
    status,
    action,
    at,
    comment: str = "",
    counted: figures.Counted | None = None,
    contents: figures.Contents | None = None,
):
    """Puts a locked report in its new state and records who did it, when, and why; the
    figure table follows (``counted``: what the report counted before, when its founding
    lines have just joined the registry; ``contents``: what it holds, when just written)."""
    path = current.unit.path
    if counted is None:
        counted = figures.of_report(current, unit_path=path)
    current.status = status
    current.version += 1
    current._history_user = user
    current.save()
    figures.add(figures.of_report(current, unit_path=path, contents=contents), minus=counted)
    ReviewEvent.objects.create(report=current, action=action, by=user, at=at, comment=comment)
    return current


@transaction.atomic
def report_submit(*, report: MonthlyReport, user, now: datetime | None = None) -> MonthlyReport:
    current = _locked(report)
    if current.status not in EDITABLE:
        raise ValidationError(_("This report has already been submitted."))
    _check_owed(current)
    return _submit(current, user=user, now=now)


def _check_owed(current: MonthlyReport) -> None:
    if not current.unit.owes_report_of(current.month):
        # A draft left from before the unit's dissolution was recorded: nothing is owed.
        raise ValidationError(
            _("%(unit)s owes no report of %(month)s: it did not exist at the end of that month.")
            % {"unit": current.unit.name, "month": f"{current.month:%m/%Y}"}
        )


def _submit(
    current: MonthlyReport,
    *,
    user,
    now: datetime | None,
    contents: figures.Contents | None = None,
) -> MonthlyReport:
    """Submits the locked report (checked: editable and owed)."""
    now = now or timezone.now()
    current.submitted_at = now
    # Timeliness counts the first submission, not a resubmission after a return.
    current.first_submitted_at = current.first_submitted_at or now
    return _move(
        current,
        user=user,
        status=MonthlyReport.Status.SUBMITTED,
        action=ReviewEvent.Action.SUBMIT,
        at=now,
        contents=contents,
    )


@transaction.atomic
def report_return(
    *, report: MonthlyReport, user, comment: str, now: datetime | None = None
) -> MonthlyReport:
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the unit should correct.")})
    current = _locked(report)
    if current.status != MonthlyReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    current.review_comment = comment
    now = now or timezone.now()
    current = _move(
        current,
        user=user,
        status=MonthlyReport.Status.RETURNED,
        action=ReviewEvent.Action.RETURN,
        at=now,
        comment=comment,
    )
    notices.report_returned(current, by=user, now=now)
    return current


@transaction.atomic
def report_accept(
    *, report: MonthlyReport, user, now: datetime | None = None, version: int | None = None
) -> MonthlyReport:
    """Accepts the report; each founding line becomes (or joins) a unit under the unit that
    reported it, at its host, so that the registry and the counts agree. Given ``version``
    (the one the reviewer read), a report changed since is refused (``StaleReport``)."""
    current = _locked(report, version=version)
    if current.status != MonthlyReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    counted = figures.of_report(current)
    lines = current.founded_branches.select_related("kind", "host").filter(unit__isnull=True)
    if lines:
        # Two of the unit's months accepted at once may carry the same branch: the second
        # waits here, then finds the unit the first one registered instead of adding another.
        Unit.objects.select_for_update(no_key=True).get(pk=current.unit_id)
    for line in lines:
        _register_branch(line, parent=current.unit)
    current.review_comment = ""
    now = now or timezone.now()
    current = _move(
        current,
        user=user,
        status=MonthlyReport.Status.ACCEPTED,
        action=ReviewEvent.Action.ACCEPT,
        at=now,
        counted=counted,
    )
    notices.report_accepted(current, by=user, now=now)
    return current


def report_seen(*, report: MonthlyReport, user, now: datetime | None = None) -> None:
    """Records that ``user`` read ``report`` as it now stands (its version), so that they
    may then accept it with others at once."""
    ReportSeen.objects.update_or_create(
        report=report,
        user=user,
        defaults={"version": report.version, "seen_at": now or timezone.now()},
    )


def _register_branch(line: FoundedBranch, *, parent: Unit) -> None:
    host = line.host
    if host is None:
        host, _created = Host.objects.get_or_create(
            unit=parent,
            name=line.new_host_name,
            defaults={"kind": line.new_host_kind or Host.Kind.ENTERPRISE},
        )
    # The same branch carried by two reports is one unit, counted once.
    unit = Unit.objects.filter(host=host, kind=line.kind).first()
    if unit is None:
        unit = organization_services.unit_create(
            parent=parent, kind=line.kind, name=line.name, host=host, founded_on=line.founded_on
        )
    since = "hoi_since" if line.kind.organisation == UnitKind.Organisation.HOI else "doan_since"
    if getattr(host, since) is None:
        setattr(host, since, line.founded_on)
        host.save(update_fields=[since])
    line.host = host
    line.unit = unit
    line.save(update_fields=["host", "unit"])


@transaction.atomic
def report_reopen(
    *, report: MonthlyReport, user, reason: str, now: datetime | None = None
) -> MonthlyReport:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the accepted report is reopened.")})
    current = _locked(report)
    if current.status != MonthlyReport.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted report can be reopened."))
    current.review_comment = reason
    now = now or timezone.now()
    current = _move(
        current,
        user=user,
        status=MonthlyReport.Status.RETURNED,
        action=ReviewEvent.Action.REOPEN,
        at=now,
        comment=reason,
    )
    notices.report_reopened(current, by=user, now=now)
    return current


@transaction.atomic
def extension_grant(
    *, unit: Unit, month: date, due_at: datetime, reason: str, user, now: datetime | None = None
) -> Extension:
    """Gives ``unit`` until ``due_at`` for its report of ``month`` (gia hạn), with the
    reason, and tells the people who write its reports. One extension per unit and month."""
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                unit=unit,
                month=month.replace(day=1),
                due_at=due_at,
                reason=reason.strip(),
                granted_by=user,
                granted_at=now or timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(
            {"month": _("This unit already has an extension for this month.")}
        ) from None
    notices.extension_granted(extension, by=user)
    return extension
