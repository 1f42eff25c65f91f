"""Reminders of result requests, as for monthly reports: the people who write the reports
of a unit asked that has sent nothing are told a few days before the deadline
(REPORT_REMINDER_DAYS_BEFORE) and once more after it, in the app and by e-mail. Run by the
daily ``sendreminders``; each person is told of each reminder once however often it runs
(a notification's key names the request, the unit and the kind)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import Notice, notify
from organizations.models import User
from reports.reminders import Kind, reminder_kind

from .models import Answer, ResultRequest

#: how long after its deadline a request still sends its overdue reminder (a job that
#: did not run for a few days catches up; a request of last year does not)
OVERDUE_WITHIN = timedelta(days=7)


def result_reminders_send(*, now: datetime | None = None) -> list[tuple]:
    """Sends the reminders owed at ``now``; returns (request, unit, kind) of those sent."""
    now = now or timezone.now()
    days_before = settings.REPORT_REMINDER_DAYS_BEFORE
    window = (now - OVERDUE_WITHIN, now + timedelta(days=days_before + 1))
    requests = (
        ResultRequest.objects.filter(Q(due_at__range=window) | Q(extensions__due_at__range=window))
        .distinct()
        .select_related("plan__issuing_unit")
        .prefetch_related("units")
        .order_by("due_at", "pk")
    )
    sent = []
    for request in requests:
        answered = set(
            Answer.objects.filter(request=request, first_submitted_at__isnull=False).values_list(
                "unit_id", flat=True
            )
        )
        extended = request.due_moments()
        owed = {}  # unit: (kind, key) of the reminder owed now, by its own deadline
        for unit in request.units.all():
            due = extended.get(unit.pk, request.due_at)
            kind = reminder_kind(due_at=due, now=now, days_before=days_before)
            if unit.pk in answered or kind is None or not (window[0] <= due <= window[1]):
                continue
            owed[unit] = (kind, f"result-request:{request.pk}:{unit.pk}:{kind}:{due:%Y%m%d%H%M}")
        keys = [key for _kind, key in owed.values()]
        told = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
        owed = {unit: owing for unit, owing in owed.items() if owing[1] not in told}
        writers = defaultdict(list)  # of every unit owing, in one query
        for person in User.objects.filter(unit__in=list(owed)).writing_reports():
            writers[person.unit_id].append(person)
        for unit, (kind, key) in owed.items():
            people = writers[unit.pk]
            if not people:
                continue
            with transaction.atomic():
                due = extended.get(unit.pk, request.due_at)
                notify(recipients=people, notice=_notice(request, kind, key, due), now=now)
            sent.append((request, unit, kind))
    return sent


def _notice(request: ResultRequest, kind: str, key: str, due_at) -> Notice:
    due = f"{timezone.localtime(due_at):%H:%M %d/%m/%Y}"
    words = {"title": request.title, "due": due}
    if kind == Kind.BEFORE:
        title = _("Results due soon: %(title)s, by %(due)s") % words
        body = _("Your unit has not sent its results yet. The deadline is %(due)s.") % words
    else:
        title = _("Results overdue: %(title)s, due %(due)s") % words
        body = _("Your unit has not sent its results; they were due %(due)s.") % words
    return Notice(
        kind=f"result-reminder-{kind}",
        key=key,
        title=title,
        body=body,
        link=request.get_absolute_url(),
    )
