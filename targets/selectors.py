"""Reads of roadmaps: a version's targets and allocations in a fixed number of queries,
and the table the plan page shows."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch

from organizations.models import Unit

from .checks import Finding, check_plan
from .levels import plan_level_labels
from .models import Allocation, AllocationSet, Metric, RoadmapVersion, Target
from .periods import Period, quarters_between, years_between


class Roadmap:
    """One version of a plan's roadmap, loaded: its targets at once, its share-outs
    (allocation sets, each with its allocations) when first asked for. A headline of the
    whole plan reads the targets only; a city's share-outs hold an allocation per ward and
    metric, not worth loading for it."""

    def __init__(self, version: RoadmapVersion | None, targets: list[Target], sets=None):
        self.version, self.targets = version, targets
        self._sets = sets
        self.read_shares = None  # ``share_outs``, once read

    @cached_property
    def allocation_sets(self) -> list[AllocationSet]:
        """Four queries, however many units and metrics. A city's share-out holds an
        allocation per ward and metric: each allocation is given the one instance of its
        metric and of its unit (read with the few fields pages show) instead of copies
        of them."""
        if self._sets is not None:
            return self._sets
        if self.version is None:
            return []
        sets = list(
            self.version.allocation_sets.prefetch_related(
                Prefetch(
                    "allocations",
                    queryset=Allocation.objects.only(
                        "pk", "allocation_set_id", "metric_id", "unit_id", "value"
                    ).order_by("unit__name", "metric__order"),
                )
            )
        )
        allocations = [a for s in sets for a in s.allocations.all()]
        if not allocations:
            return sets
        units = Unit.objects.only(*UNIT_SHOWN).in_bulk({a.unit_id for a in allocations})
        metrics = Metric.objects.in_bulk({a.metric_id for a in allocations})
        for allocation in allocations:
            allocation.unit, allocation.metric = (
                units[allocation.unit_id],
                metrics[allocation.metric_id],
            )
        return sets

    def allocations_of(self, unit_id: int) -> list[Allocation]:
        """One unit's allocations, each with its metric and its set: read from the
        share-outs when they are loaded, else with one query of that unit's only (a
        ward's page, where the city's share-outs hold an allocation per ward)."""
        if self.version is None:
            return []
        if "allocation_sets" in self.__dict__ or self._sets is not None:
            mine = []
            for allocation_set in self.allocation_sets:
                for allocation in allocation_set.allocations.all():
                    if allocation.unit_id == unit_id:
                        allocation.allocation_set = allocation_set
                        mine.append(allocation)
            return mine
        return list(
            Allocation.objects.filter(allocation_set__version=self.version, unit_id=unit_id)
            .select_related("metric", "allocation_set")
            .order_by("metric__order")
        )


# What pages and checks read of an allocated unit.
UNIT_SHOWN = ("pk", "name", "path", "parent_id", "depth", "founded_on", "dissolved_on", "kind_id")


def roadmap_of(version: RoadmapVersion | None) -> Roadmap:
    """One query for the targets, however many metrics and periods; the share-outs are
    read when first used (``Roadmap.allocation_sets``)."""
    if version is None:
        return Roadmap(None, [], [])
    return Roadmap(version, list(version.targets.select_related("metric")))


@dataclass(frozen=True, slots=True)
class ShareUnit:
    """What the checks read of an allocated unit."""

    pk: int
    name: str
    path: str

    def is_within(self, other) -> bool:
        return self.path.startswith(other.path)


@dataclass(frozen=True, slots=True)
class Share:
    """An allocation as the checks read it: three values and the unit's name and path."""

    metric: Metric
    unit: ShareUnit
    value: Decimal

    @property
    def unit_id(self) -> int:
        return self.unit.pk

    @property
    def metric_id(self) -> int:
        return self.metric.pk


class _Shares(list):
    def all(self):  # read as a share-out's allocations are
        return self


def share_outs(roadmap: Roadmap) -> list:
    """The roadmap's share-outs to read (the checks, a unit table): the loaded ones when a
    page has them, else each set with its allocations read as values (three queries), not
    as model instances: a city's share-outs hold an allocation per ward and metric, and a
    home page checks several plans."""
    if roadmap.version is None or "allocation_sets" in roadmap.__dict__ or roadmap._sets:
        return roadmap.allocation_sets
    if roadmap.read_shares is not None:
        return roadmap.read_shares
    sets = {s.pk: s for s in roadmap.version.allocation_sets.all()}
    rows = list(
        Allocation.objects.filter(allocation_set__in=list(sets))
        .order_by("unit__name", "metric__order")
        .values_list(
            "allocation_set_id", "metric_id", "value", "unit_id", "unit__name", "unit__path"
        )
    )
    metrics = Metric.objects.in_bulk({row[1] for row in rows}) if rows else {}
    shares = {pk: _Shares() for pk in sets}
    units = {}
    for set_id, metric_id, value, unit_id, name, path in rows:
        if unit_id not in units:
            units[unit_id] = ShareUnit(unit_id, name, path)
        shares[set_id].append(Share(metrics[metric_id], units[unit_id], value))
    roadmap.read_shares = [_SharedSet(s, shares[pk]) for pk, s in sets.items()]
    return roadmap.read_shares


class _SharedSet:
    """A share-out with its allocations read as values (``share_outs``)."""

    def __init__(self, allocation_set, shares: _Shares):
        self._set, self.allocations = allocation_set, shares

    def __getattr__(self, name):
        return getattr(self._set, name)


def plan_findings(plan, roadmap: Roadmap, labels: dict[str, str] | None = None) -> list[Finding]:
    """The roadmap's findings, its levels named as the plan's pages name them (``labels``,
    else read: one query)."""
    return check_plan(
        plan,
        targets=roadmap.targets,
        allocation_sets=share_outs(roadmap),
        milestones=list(plan.milestones.all()),
        labels=labels or plan_level_labels(plan),
    )


def allocation_units(plan, allocation_set=None):
    """The issuing unit's direct units (not branches) that exist at some point of the
    allocation's period (the plan's, for a new allocation): a plan of 2026 is not offered
    the wards dissolved in 2025, nor one of 2024 the wards founded since. With any unit
    already allocated, whatever became of it, so that no figure is lost."""
    if allocation_set is not None:
        start, end = allocation_set.period.start, allocation_set.period.end
    else:
        start, end = plan.starts_on, plan.ends_on
    units = set(
        plan.issuing_unit.children.filter(kind__is_branch=False, is_active=True).existing_during(
            start, end
        )
    )
    if allocation_set is not None:
        units |= {a.unit for a in allocation_set.allocations.all()}
    return sorted(units, key=lambda u: u.name)


def plan_periods(plan) -> list[Period]:
    """The grid's columns: the quarters the plan covers, then its year(s)."""
    return [
        *quarters_between(plan.starts_on, plan.ends_on),
        *years_between(plan.starts_on, plan.ends_on),
    ]


@dataclass
class Row:
    metric: Metric
    level: str
    level_label: str
    cells: list[Target | None]
    original: list[Target | None] = field(default_factory=list)

    @property
    def is_cumulative(self) -> bool:
        return any(cell.is_cumulative for cell in self.cells if cell)


def roadmap_rows(
    roadmap: Roadmap,
    periods: list[Period],
    original: Roadmap | None = None,
    labels: dict[str, str] | None = None,
):
    """Metrics down, levels within each metric, periods across, for the plan page.
    With ``original``, each row also carries the original version's cells. ``labels``
    name the levels (``targets.levels.plan_level_labels``); the generic words without."""
    labels = labels or {}
    index = {(t.metric_id, t.level, t.period): t for t in roadmap.targets}
    old = {(t.metric_id, t.level, t.period): t for t in (original.targets if original else [])}
    metrics = {t.metric_id: t.metric for t in [*roadmap.targets, *old.values()]}
    rows = []
    for metric in sorted(metrics.values(), key=lambda m: (m.order, m.name)):
        for level, label in Target.Level.choices:
            cells = [index.get((metric.pk, level, p)) for p in periods]
            before = [old.get((metric.pk, level, p)) for p in periods]
            if any(cells) or any(before):
                label = labels.get(level, label)
                rows.append(Row(metric, level, label, cells, before if original else []))
    return rows


def allocation_table(allocation_set: AllocationSet):
    """Units down, metrics across, for one share-out."""
    allocations = list(allocation_set.allocations.all())
    metrics = sorted({a.metric for a in allocations}, key=lambda m: (m.order, m.name))
    units = sorted({a.unit for a in allocations}, key=lambda u: u.name)
    index = {(a.unit_id, a.metric_id): a.value for a in allocations}
    totals = [
        sum((index.get((u.pk, m.pk), Decimal(0)) for u in units), Decimal(0)) for m in metrics
    ]
    return {
        "metrics": metrics,
        "rows": [(unit, [index.get((unit.pk, m.pk)) for m in metrics]) for unit in units],
        "totals": totals,
    }
