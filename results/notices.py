"""What result requests tell people: a request sent to their unit, their answer returned
or accepted. The people told are those who write their unit's reports."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Notice, notify
from organizations.models import User

REQUEST_SENT = "result-request-sent"
ANSWER_RETURNED = "result-answer-returned"
ANSWER_ACCEPTED = "result-answer-accepted"
EXTENSION_GRANTED = "result-extension-granted"


def request_sent(request, *, by) -> int:
    due = f"{timezone.localtime(request.due_at):%H:%M %d/%m/%Y}"
    people = User.objects.filter(unit__in=request.units.all()).writing_reports()
    if by is not None:
        people = people.exclude(pk=by.pk)
    notice = Notice(
        kind=REQUEST_SENT,
        key=f"result-request:{request.pk}:sent",
        title=_("%(title)s, by %(due)s") % {"title": request.title, "due": due},
        body=_("%(unit)s asks for your results by %(due)s.")
        % {
            "unit": request.plan.issuing_unit.name,
            "due": due,
        },
        link=request.get_absolute_url(),
    )
    return notify(recipients=people, notice=notice, now=request.created_at)


def answer_reviewed(answer, event) -> int:
    returned = event.action == event.Action.RETURN
    people = User.objects.filter(unit_id=answer.unit_id).writing_reports()
    if event.by_id:
        people = people.exclude(pk=event.by_id)
    title = (
        _("Your answer was returned: %(title)s")
        if returned
        else _("Your answer was accepted: %(title)s")
    ) % {"title": answer.request.title}
    notice = Notice(
        kind=ANSWER_RETURNED if returned else ANSWER_ACCEPTED,
        key=f"result-answer:{answer.pk}:{event.pk}",
        title=title,
        body=event.comment,
        link=answer.request.get_absolute_url(),
    )
    return notify(recipients=people, notice=notice, now=event.at)


def extension_granted(extension) -> int:
    request = extension.request
    due = f"{timezone.localtime(extension.due_at):%H:%M %d/%m/%Y}"
    people = User.objects.filter(unit_id=extension.unit_id).writing_reports()
    notice = Notice(
        kind=EXTENSION_GRANTED,
        key=f"result-extension:{extension.pk}:{extension.due_at:%Y%m%d%H%M}",
        title=_("More time for your results: %(title)s, now by %(due)s")
        % {"title": request.title, "due": due},
        body=extension.reason,
        link=reverse("results:answer", args=[request.pk]),
    )
    return notify(recipients=people, notice=notice)
