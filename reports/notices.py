"""What the monthly reports tell people (thông báo): a unit's report returned, accepted or
reopened, more time granted. The people told are those who write the unit's reports (its
Bí thư, or the staff of a district reporting its own results); each is told in the app and
by e-mail (``notifications``).

Each function is called by the service that makes the change, inside its transaction, once
the change is made."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Notice, notify
from organizations.models import User

from .models import Extension, MonthlyReport

REPORT_RETURNED = "report-returned"
REPORT_ACCEPTED = "report-accepted"
REPORT_REOPENED = "report-reopened"
EXTENSION_GRANTED = "extension-granted"


def _writers(unit_id: int, *, besides) -> list[User]:
    people = User.objects.filter(unit_id=unit_id).writing_reports()
    # The reviewer is never told of their own act.
    return list(people.exclude(pk=besides.pk) if besides else people)


def _who(user) -> str:
    """ "Nguyễn Văn An (Quận Đoàn Bình Tân)": the person who acted, and for which unit."""
    if user is None:
        return _("The unit above")
    return f"{user.display_name} ({user.unit.name})" if user.unit_id else user.display_name


def _moment(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def _notice_of_report(report: MonthlyReport, *, by, kind: str, title, body) -> Notice:
    """What to tell of what ``by`` did to ``report``: ``title`` and ``body`` are said with
    the month, the unit, who acted and the reviewer's comment."""
    words = {
        "month": f"{report.month:%m/%Y}",
        "unit": report.unit.name,
        "who": _who(by),
        "comment": report.review_comment,
    }
    return Notice(
        kind=kind,
        # The report's version moves at every change: one notice per change of state.
        key=f"report:{report.pk}:{report.version}:{kind}",
        title=f"{title % words} – {report.unit.name}",
        body=body % words,
        link=report.get_absolute_url(),
    )


def _tell_of_report(report: MonthlyReport, notice: Notice, *, by, now: datetime) -> None:
    """Tells the unit's report writers, but not ``by`` themselves."""
    recipients = _writers(report.unit_id, besides=by)
    if recipients:
        notify(recipients=recipients, notice=notice, now=now)


def returned_notice(report: MonthlyReport, *, by) -> Notice:
    return _notice_of_report(
        report,
        by=by,
        kind=REPORT_RETURNED,
        title=_("Report of %(month)s returned"),
        body=_(
            "%(who)s returned the report of %(month)s of %(unit)s with this comment:\n"
            "“%(comment)s”\nPlease correct it and submit it again."
        ),
    )


def accepted_notice(report: MonthlyReport, *, by) -> Notice:
    return _notice_of_report(
        report,
        by=by,
        kind=REPORT_ACCEPTED,
        title=_("Report of %(month)s accepted"),
        body=_("%(who)s accepted the report of %(month)s of %(unit)s."),
    )


def reopened_notice(report: MonthlyReport, *, by) -> Notice:
    return _notice_of_report(
        report,
        by=by,
        kind=REPORT_REOPENED,
        title=_("Report of %(month)s reopened"),
        body=_(
            "%(who)s reopened the accepted report of %(month)s of %(unit)s for this reason:\n"
            "“%(comment)s”\nPlease correct it and submit it again."
        ),
    )


def report_returned(report: MonthlyReport, *, by, now: datetime) -> None:
    _tell_of_report(report, returned_notice(report, by=by), by=by, now=now)


def report_accepted(report: MonthlyReport, *, by, now: datetime) -> None:
    _tell_of_report(report, accepted_notice(report, by=by), by=by, now=now)


def report_reopened(report: MonthlyReport, *, by, now: datetime) -> None:
    _tell_of_report(report, reopened_notice(report, by=by), by=by, now=now)


def extension_granted(extension: Extension, *, by) -> None:
    recipients = _writers(extension.unit_id, besides=by)
    if not recipients:
        return
    words = {
        "month": f"{extension.month:%m/%Y}",
        "unit": extension.unit.name,
        "who": _who(by),
        "due": _moment(extension.due_at),
        "reason": extension.reason,
    }
    month = extension.month
    notice = Notice(
        kind=EXTENSION_GRANTED,
        key=f"extension:{extension.pk}",
        title=_("Report of %(month)s: more time, until %(due)s") % words + f" – {words['unit']}",
        body=_(
            "%(who)s gave %(unit)s more time for its report of %(month)s: it is now due "
            "%(due)s.\nReason: %(reason)s"
        )
        % words,
        link=reverse("reports:edit", args=[extension.unit_id, month.year, month.month]),
    )
    notify(recipients=recipients, notice=notice, now=extension.granted_at)
