"""Whether a (unit, month) report came in on time (đúng hạn), late (trễ hạn), is missing
(quá hạn chưa nộp) or is not yet due. The first submission counts, not a resubmission.

A month the unit does not owe (before the month it was founded in, or from the month it
was dissolved or merged in: see ``Unit.owes_report_of``) is "not owed" (không phải báo
cáo): never on time, late or missing, whatever is on file for it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

ON_TIME, LATE, MISSING, NOT_YET_DUE = "on_time", "late", "missing", "not_yet_due"
NOT_OWED = "not_owed"
LABELS = {
    ON_TIME: _("On time"),
    LATE: _("Late"),
    MISSING: _("Missing"),
    NOT_YET_DUE: _("Not yet due"),
    NOT_OWED: _("No report owed"),
}


@dataclass(frozen=True)
class Timeliness:
    state: str
    due_at: datetime
    late_by: timedelta | None = None

    @property
    def label(self):
        return LABELS[self.state]

    @property
    def is_owed(self) -> bool:
        """The unit owes this month's report (it existed at the month's end)."""
        return self.state != NOT_OWED


def timeliness(
    *, first_submitted_at: datetime | None, due_at: datetime, now: datetime, owed: bool = True
):
    if not owed:
        return Timeliness(NOT_OWED, due_at)
    if first_submitted_at is not None:
        if first_submitted_at <= due_at:
            return Timeliness(ON_TIME, due_at)
        return Timeliness(LATE, due_at, first_submitted_at - due_at)
    if now > due_at:
        return Timeliness(MISSING, due_at)
    return Timeliness(NOT_YET_DUE, due_at)
