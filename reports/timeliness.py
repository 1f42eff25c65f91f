"""Whether a (unit, month) report came in on time (đúng hạn), late (trễ hạn), is missing
(quá hạn chưa nộp) or is not yet due. The first submission counts, not a resubmission."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

ON_TIME, LATE, MISSING, NOT_YET_DUE = "on_time", "late", "missing", "not_yet_due"
LABELS = {
    ON_TIME: _("On time"),
    LATE: _("Late"),
    MISSING: _("Missing"),
    NOT_YET_DUE: _("Not yet due"),
}


@dataclass(frozen=True)
class Timeliness:
    state: str
    due_at: datetime
    late_by: timedelta | None = None

    @property
    def label(self):
        return LABELS[self.state]


def timeliness(*, first_submitted_at: datetime | None, due_at: datetime, now: datetime):
    if first_submitted_at is not None:
        if first_submitted_at <= due_at:
            return Timeliness(ON_TIME, due_at)
        return Timeliness(LATE, due_at, first_submitted_at - due_at)
    if now > due_at:
        return Timeliness(MISSING, due_at)
    return Timeliness(NOT_YET_DUE, due_at)
