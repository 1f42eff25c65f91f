"""Reads that feed the result request pages, in a fixed number of queries whatever the
number of units asked."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch

from organizations.models import Unit
from reports.timeliness import LATE, MISSING, NOT_YET_DUE, ON_TIME, Timeliness, timeliness

from .models import Answer, AnswerFile, RequestExtension, ResultRequest


@dataclass
class UnitAnswer:
    unit: Unit
    answer: Answer | None
    timeliness: Timeliness

    @property
    def values(self) -> dict[int, Decimal]:
        return {v.metric_id: v.value for v in self.answer.values.all()} if self.answer else {}

    @property
    def photos(self) -> list[AnswerFile]:
        return [f for f in self.answer.files.all() if f.is_photo] if self.answer else []

    @property
    def documents(self) -> list[AnswerFile]:
        return [f for f in self.answer.files.all() if not f.is_photo] if self.answer else []


def answers_of(request: ResultRequest, *, now: datetime) -> list[UnitAnswer]:
    """Each unit asked, in the tree's order, with its answer and whether it came in on
    time, late, is missing or not yet due (the first submission counts). A draft is not
    an answer: the office sees it as not sent. A unit given more time is judged by its own
    deadline. Five queries."""
    units = list(request.units.order_by("path"))
    extended = request.due_moments()
    answers = {
        a.unit_id: a
        for a in request.answers.prefetch_related(
            "values", Prefetch("files", queryset=AnswerFile.objects.order_by("uploaded_at", "pk"))
        )
    }
    rows = []
    for unit in units:
        answer = answers.get(unit.pk)
        sent = answer.first_submitted_at if answer else None
        rows.append(
            UnitAnswer(
                unit,
                answer if sent else None,
                timeliness(
                    first_submitted_at=sent, due_at=extended.get(unit.pk, request.due_at), now=now
                ),
            )
        )
    return rows


@dataclass
class AnswersTable:
    rows: list[UnitAnswer]  # each with ``counts``: (metric, value or None) in metric order
    metrics: list
    summary: "Overview"

    @property
    def totals(self) -> list[tuple]:
        return [(m, self.summary.totals.get(m.pk, Decimal(0))) for m in self.metrics]


def answers_table(request: ResultRequest, *, now: datetime) -> AnswersTable:
    """What the office's page, its Excel and PDF and the API show of a request: the units'
    answers, each with its counts of the metrics asked, and the totals. Six queries."""
    rows = answers_of(request, now=now)
    metrics = list(request.metrics.order_by("order", "name"))
    for row in rows:
        values = row.values
        row.counts = [(m, values.get(m.pk)) for m in metrics]
    return AnswersTable(rows, metrics, overview(rows))


@dataclass
class Overview:
    asked: int
    on_time: int
    late: int
    missing: int
    waiting: int  # not yet due, nothing sent
    accepted: int
    participants: int
    totals: dict[int, Decimal]  # metric: sum over accepted and submitted answers


def overview(rows: list[UnitAnswer]) -> Overview:
    counts = defaultdict(int)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    participants = accepted = 0
    for row in rows:
        counts[row.timeliness.state] += 1
        if row.answer:
            participants += row.answer.participants or 0
            accepted += row.answer.status == Answer.Status.ACCEPTED
            for metric_id, value in row.values.items():
                totals[metric_id] += value
    return Overview(
        asked=len(rows),
        on_time=counts[ON_TIME],
        late=counts[LATE],
        missing=counts[MISSING],
        waiting=counts[NOT_YET_DUE],
        accepted=accepted,
        participants=participants,
        totals=dict(totals),
    )


def open_requests_of(*, user, now: datetime, limit: int = 5) -> list[tuple]:
    """For a person who writes their unit's reports: the requests sent to the unit that it
    has not answered yet (nothing sent, or sent back), soonest first, with the answer if
    one was started and its state by the unit's own deadline. Three queries."""
    if not (user.can_report and user.unit_id):
        return []
    requests = list(
        ResultRequest.objects.filter(units=user.unit_id)
        .exclude(
            answers__unit=user.unit_id,
            answers__status__in=[Answer.Status.SUBMITTED, Answer.Status.ACCEPTED],
        )
        .select_related("plan__issuing_unit")
        .order_by("due_at")[:limit]
    )
    answers = {
        a.request_id: a for a in Answer.objects.filter(request__in=requests, unit=user.unit_id)
    }
    extended = dict(  # the unit's own deadlines, where it was given more time
        RequestExtension.objects.filter(request__in=requests, unit=user.unit_id).values_list(
            "request_id", "due_at"
        )
    )
    return [
        (
            r,
            answers.get(r.pk),
            timeliness(first_submitted_at=None, due_at=extended.get(r.pk, r.due_at), now=now),
        )
        for r in requests
    ]
