"""Writes to roadmaps. A draft plan's roadmap is edited in place; editing an issued plan's
roadmap is a revision (kế hoạch điều chỉnh): a new version, the previous one kept whole."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from organizations.text import vietnamese_slug

from .models import Allocation, AllocationSet, Metric, RoadmapVersion, Target
from .periods import Period


@dataclass(frozen=True)
class TargetCell:
    """One filled cell of the roadmap grid."""

    metric: Metric
    level: str
    period: Period
    value: Decimal
    is_cumulative: bool = False
    source_ref: str = ""


def _version_to_write(*, plan, user, reason: str) -> RoadmapVersion:
    """The version an edit goes into: the draft's own, or a new revision of an issued plan."""
    if plan.status == plan.Status.CLOSED:
        raise ValidationError(_("A closed plan's roadmap can no longer be changed."))
    current = plan.roadmap_versions.current()
    if current is None:
        return RoadmapVersion.objects.create(plan=plan, number=1, created_by=user)
    if plan.is_draft:
        return current
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the issued plan's roadmap is being revised.")})
    return _copy_version(current, user=user, reason=reason.strip())


def _copy_version(source: RoadmapVersion, *, user, reason: str) -> RoadmapVersion:
    number = (source.plan.roadmap_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RoadmapVersion.objects.create(
        plan=source.plan, number=number, reason=reason, created_by=user
    )
    Target.objects.bulk_create(
        Target(
            version=version,
            metric_id=t.metric_id,
            level=t.level,
            period_kind=t.period_kind,
            period_start=t.period_start,
            value=t.value,
            is_cumulative=t.is_cumulative,
            source_ref=t.source_ref,
        )
        for t in source.targets.all()
    )
    for old_set in source.allocation_sets.prefetch_related("allocations"):
        new_set = AllocationSet.objects.create(
            version=version,
            period_kind=old_set.period_kind,
            period_start=old_set.period_start,
            source_ref=old_set.source_ref,
            is_minimum=old_set.is_minimum,
            note=old_set.note,
        )
        Allocation.objects.bulk_create(
            Allocation(
                allocation_set=new_set, metric_id=a.metric_id, unit_id=a.unit_id, value=a.value
            )
            for a in old_set.allocations.all()
        )
    return version


@transaction.atomic
def roadmap_save(*, plan, user, cells: list[TargetCell], reason: str = "") -> RoadmapVersion:
    """Replaces the roadmap's targets with the grid's filled cells."""
    version = _version_to_write(plan=plan, user=user, reason=reason)
    version.targets.all().delete()
    Target.objects.bulk_create(
        Target(
            version=version,
            metric=cell.metric,
            level=cell.level,
            period_kind=cell.period.kind,
            period_start=cell.period.start,
            value=cell.value,
            is_cumulative=cell.is_cumulative,
            source_ref=cell.source_ref,
        )
        for cell in cells
    )
    return version


@transaction.atomic
def allocation_set_save(
    *,
    plan,
    user,
    allocation_set: AllocationSet | None,
    period: Period,
    source_ref: str,
    is_minimum: bool,
    note: str,
    values: dict[tuple[int, int], Decimal],
    reason: str = "",
) -> AllocationSet:
    """Creates or rewrites one share-out; ``values`` maps (unit id, metric id) to a number."""
    version = _version_to_write(plan=plan, user=user, reason=reason)
    if allocation_set is not None and allocation_set.version_id != version.pk:
        # A revision copied the set into the new version: edit the copy.
        allocation_set = version.allocation_sets.get(
            source_ref=allocation_set.source_ref,
            period_kind=allocation_set.period_kind,
            period_start=allocation_set.period_start,
        )
    if allocation_set is None:
        allocation_set = AllocationSet(version=version)
    allocation_set.period_kind = period.kind
    allocation_set.period_start = period.start
    allocation_set.source_ref = source_ref
    allocation_set.is_minimum = is_minimum
    allocation_set.note = note
    allocation_set.full_clean()
    allocation_set.save()
    allocation_set.allocations.all().delete()
    Allocation.objects.bulk_create(
        Allocation(allocation_set=allocation_set, unit_id=unit_id, metric_id=metric_id, value=v)
        for (unit_id, metric_id), v in values.items()
    )
    return allocation_set


@transaction.atomic
def allocation_set_delete(*, plan, user, allocation_set: AllocationSet, reason: str = "") -> None:
    version = _version_to_write(plan=plan, user=user, reason=reason)
    version.allocation_sets.filter(
        source_ref=allocation_set.source_ref,
        period_kind=allocation_set.period_kind,
        period_start=allocation_set.period_start,
    ).delete()


def metric_create(*, owner_unit, form) -> Metric:
    """A metric defined by a unit, with a code made from its name (unique)."""
    metric = form.save(commit=False)
    metric.owner_unit = owner_unit
    base = vietnamese_slug(metric.name)[:50] or "chi-tieu"
    code, suffix = base, 2
    while Metric.objects.filter(code=code).exists():
        code, suffix = f"{base}-{suffix}", suffix + 1
    metric.code = code
    metric.save()
    if metric.source == Metric.Source.FOUNDINGS:
        _recount(metric)  # the branches founded so far count for it
    return metric


@transaction.atomic
def metric_update(*, form) -> Metric:
    """Saves a metric changed in its form; one that now counts other branches (or none)
    has its figures recounted from the registry and the reports."""
    metric = form.save()
    if {"source", "founded_organisation"} & set(form.changed_data):
        _recount(metric)
    return metric


def _recount(metric: Metric) -> None:
    from reports import figures  # the figure table lives with the reports, built on this app

    figures.rebuild(metric_ids=[metric.pk])
