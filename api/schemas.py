"""What the API answers, field by field. English keys; names, titles and labels as the
people of the units wrote them. Figures are JSON numbers."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema


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
    planned: float | None
    actual: float | None


class TargetProgressOut(Schema):
    metric: MetricRef
    level: str
    target: float | None
    done: float
    percent: float | None
    status: str
    forecast: float | None
    expected_now: float | None
    quarters: list[QuarterOut]

    @staticmethod
    def resolve_quarters(row) -> list[dict]:
        if not row.planned:  # a coverage row is read at one date: it has no quarters
            return []
        return [
            {"label": quarter.label, "planned": planned, "actual": actual}
            for quarter, planned, actual in zip(row.quarters, row.planned, row.actual, strict=True)
        ]


class CellOut(Schema):
    metric: str
    target: float | None
    done: float
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
