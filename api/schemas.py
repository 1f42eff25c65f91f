"""What the API answers, field by field. English keys; names, titles and labels as the
people of the units wrote them. Figures are JSON numbers."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Schema

from targets.checks import shown


class UnitRef(Schema):
    id: int
    name: str


class MetricRef(Schema):
    code: str
    name: str
    unit_of_measure: str


class MetricOut(MetricRef):
    id: int
    source: str
    description: str
    decimal_places: int = Field(description="0: whole numbers (a count); 1: one decimal.")
    is_additive: bool
    is_active: bool
    owner_unit: UnitRef | None


class PeriodOut(Schema):
    kind: str
    start: date
    end: date
    label: str


class PlanOut(Schema):
    id: int
    number: str
    year: int
    title: str
    status: str
    issuing_unit: UnitRef
    starts_on: date
    ends_on: date
    url: str

    @staticmethod
    def resolve_url(plan, context) -> str:
        return context["request"].build_absolute_uri(plan.get_absolute_url())


class TargetOut(Schema):
    metric: MetricRef
    level: str
    level_label: str = Field(
        description="How the level reads, from the units' kinds: Cấp Quận, Cấp cơ sở, Toàn quận."
    )
    period: PeriodOut
    value: float
    is_cumulative: bool
    source_ref: str


class AllocationOut(Schema):
    unit: UnitRef
    metric: MetricRef
    value: float


class AllocationSetOut(Schema):
    id: int
    source_ref: str
    period: PeriodOut
    is_minimum: bool
    note: str
    allocations: list[AllocationOut]

    @staticmethod
    def resolve_allocations(allocation_set) -> list:
        return list(allocation_set.allocations.all())


class RoadmapOut(Schema):
    version: int | None
    targets: list[TargetOut]
    allocation_sets: list[AllocationSetOut]

    @staticmethod
    def resolve_version(roadmap) -> int | None:
        return roadmap.version.number if roadmap.version else None


class PlanDetailOut(Schema):
    plan: PlanOut
    roadmap: RoadmapOut


class QuarterOut(Schema):
    label: str
    planned: float | None = Field(description="Cumulative by the quarter's end, as shown.")
    planned_exact: float | None = Field(description="The same before rounding.")
    actual: float | None


class TargetProgressOut(Schema):
    """Figures as the page shows them (targets with at most one decimal; the percentage
    is of the target as shown), the exact ones beside them."""

    metric: MetricRef
    level: str
    level_label: str = Field(
        description="How the level reads, from the units' kinds (Cấp Thành, Cấp cơ sở, Toàn "
        "thành phố), or the unit's name for a unit below the issuing one."
    )
    target: float | None = Field(description="As shown: at most one decimal.")
    target_exact: float | None = Field(
        description="Before rounding, e.g. a month's share of a quarter's target."
    )
    deadline: PeriodOut | None = Field(
        description="For a unit's allocation: the period by whose end it is due."
    )
    done: float
    percent: float | None
    status: str = Field(
        description="achieved, on_track, behind, at_risk; once the period is over "
        "achieved or not_achieved; due_later for an allocation due after a past window; "
        "no_eligible."
    )
    status_label: str
    final: bool = Field(description="The period is over: the status is the final result.")
    forecast: float | None = Field(description="None once the period is over.")
    expected_now: float | None = Field(description="Due by now, as shown.")
    expected_now_exact: float | None
    quarters: list[QuarterOut]

    @staticmethod
    def resolve_status_label(row) -> str:
        return str(row.status_label)

    @staticmethod
    def resolve_expected_now(row) -> Decimal | None:
        return shown(row.expected_now)

    @staticmethod
    def resolve_expected_now_exact(row) -> Decimal | None:
        return row.expected_now

    @staticmethod
    def resolve_quarters(row) -> list[dict]:
        if not row.planned:  # a coverage row is read at one date: it has no quarters
            return []
        return [
            {"label": quarter.label, "planned": planned, "planned_exact": exact, "actual": actual}
            for quarter, planned, exact, actual in zip(
                row.quarters, row.planned, row.planned_exact, row.actual, strict=True
            )
        ]


class CellOut(Schema):
    metric: str
    target: float | None = Field(description="As shown: at most one decimal.")
    target_exact: float | None
    deadline: PeriodOut | None = Field(
        description="The allocation's period: the target is due by its end."
    )
    done: float = Field(
        description="With an allocation: done since the plan's start; else in the window."
    )
    percent: float | None


class UnitProgressOut(Schema):
    unit: UnitRef
    cells: list[CellOut]
    percent: float | None
    on_time: int
    late: int
    missing: int


class WindowOut(Schema):
    start: date
    end: date
    label: str
    whole_plan: bool


class ProgressFilters(Schema):
    """The progress page's own query parameters, so that a link to the page and an API
    call with the same parameters count the same."""

    ky: str | None = Field(
        None, description="ca-ke-hoach (default), nam, quy, thang or tuy-chon (range)."
    )
    quy: str | None = Field(None, description="With ky=quy: a quarter, e.g. 2024-2.")
    thang: str | None = Field(None, description="With ky=thang: a month, e.g. 2024-03.")
    tu: str | None = Field(None, description="With ky=tuy-chon: the first month, 2024-01.")
    den: str | None = Field(None, description="With ky=tuy-chon: the last month, 2024-06.")
    don_vi: int | None = Field(
        None, alias="don-vi", description="Count this unit's subtree (a unit id)."
    )
    ke_ca_chua_duyet: str | None = Field(
        None, alias="ke-ca-chua-duyet", description="1: also count reports not yet accepted."
    )


class PlanProgressOut(Schema):
    plan: PlanOut
    window: WindowOut
    scope: UnitRef
    as_of: date
    include_submitted: bool
    targets: list[TargetProgressOut]
    metrics: list[MetricRef]
    units: list[UnitProgressOut]


class MonthOut(Schema):
    month: str
    state: str
    due_at: datetime
    first_submitted_at: datetime | None
    late_by: int | None
    report_status: str | None

    @staticmethod
    def resolve_month(row) -> str:
        return f"{row.month:%Y-%m}"

    @staticmethod
    def resolve_state(row) -> str:
        return row.timeliness.state

    @staticmethod
    def resolve_due_at(row) -> datetime:
        return timezone.localtime(row.timeliness.due_at)

    @staticmethod
    def resolve_first_submitted_at(row) -> datetime | None:
        first = row.report.first_submitted_at if row.report else None
        return timezone.localtime(first) if first else None

    @staticmethod
    def resolve_late_by(row) -> int | None:
        late_by = row.timeliness.late_by
        return int(late_by.total_seconds()) if late_by is not None else None

    @staticmethod
    def resolve_report_status(row) -> str | None:
        return row.report.status if row.report else None


class UnitTimelinessOut(Schema):
    unit: UnitRef
    months: list[MonthOut]


class TimelinessOut(Schema):
    unit: UnitRef
    start: str
    end: str
    units: list[UnitTimelinessOut]


class ErrorOut(Schema):
    detail: str | list[dict]


class PlanRef(Schema):
    id: int
    title: str


class ActivityOut(Schema):
    id: int
    title: str
    level: str = Field(description="own: the issuing unit's; children: its base units'.")
    level_label: str = Field(description="Hoạt động cấp Quận, Hoạt động cấp cơ sở…")
    starts_on: date
    ends_on: date | None = Field(description="For an activity over several days.")
    starts_at: str | None = Field(description="HH:MM, local time.")
    when: str = Field(description="As the plan prints it: 18/03/2024 đến 24/03/2024.")
    venue: str
    owner: str = Field(description="The department or unit in charge, and who helps.")
    participants: int | None = Field(description="Expected.")
    participants_who: str
    notes: str

    @staticmethod
    def resolve_starts_at(activity) -> str | None:
        return f"{activity.starts_at:%H:%M}" if activity.starts_at else None


class ResultRequestOut(Schema):
    id: int
    plan: PlanRef
    activity_id: int | None
    title: str
    due_at: datetime
    asks: list[str] = Field(
        description="What each answer holds: participants, links, photos, files, text, and "
        "counts of the metrics listed."
    )
    metrics: list[MetricRef]
    units_asked: int
    url: str

    @staticmethod
    def resolve_due_at(request) -> datetime:
        return timezone.localtime(request.due_at)

    @staticmethod
    def resolve_asks(request) -> list[str]:
        return [name for name in ASKS if getattr(request, f"asks_{name}")]

    @staticmethod
    def resolve_metrics(request) -> list:
        return list(request.metrics.all())

    @staticmethod
    def resolve_units_asked(request) -> int:
        return len(request.units.all())

    @staticmethod
    def resolve_url(request, context) -> str:
        return context["request"].build_absolute_uri(request.get_absolute_url())


ASKS = ("participants", "links", "photos", "files", "text")


class CountOut(Schema):
    metric: str = Field(description="The metric's code.")
    value: float


class UnitAnswerOut(Schema):
    unit: UnitRef
    state: str = Field(description="on_time, late, missing, not_yet_due: by the first submission.")
    status: str | None = Field(
        description="The answer's: submitted, returned, accepted; None while none was sent."
    )
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    participants: int | None
    counts: list[CountOut]

    @staticmethod
    def resolve_state(row) -> str:
        return row.timeliness.state

    @staticmethod
    def resolve_status(row) -> str | None:
        return row.answer.status if row.answer else None

    @staticmethod
    def resolve_first_submitted_at(row) -> datetime | None:
        return timezone.localtime(row.answer.first_submitted_at) if row.answer else None

    @staticmethod
    def resolve_submitted_at(row) -> datetime | None:
        return timezone.localtime(row.answer.submitted_at) if row.answer else None

    @staticmethod
    def resolve_participants(row) -> int | None:
        return row.answer.participants if row.answer else None

    @staticmethod
    def resolve_counts(row) -> list[dict]:
        return [
            {"metric": metric.code, "value": value}
            for metric, value in row.counts
            if value is not None
        ]


class ResultRequestDetailOut(ResultRequestOut):
    units: list[UnitAnswerOut]

    @staticmethod
    def resolve_units(request) -> list:
        return request.rows
