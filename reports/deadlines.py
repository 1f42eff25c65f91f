"""Due moments of many units' reports at once, with the unit above's schedule and any
extension, in a fixed number of queries."""

from datetime import date, datetime

from organizations.models import Unit, month_end

from . import live
from .models import DEFAULT_SCHEDULE, Extension, ReportSchedule


def due_moments_by_month(units: list[Unit], months: list[date]) -> dict[tuple, datetime]:
    """For each (unit, month), when that report is due: two queries, any number of units
    and months.

    A unit reports to the unit above it, on that unit's schedule (the 10th of the next
    month, end of day, when it has none); an extension for that unit and month wins.
    """
    months = [m.replace(day=1) for m in months]
    parents = {u.parent_id for u in units if u.parent_id}
    schedules = {
        s.unit_id: s for s in ReportSchedule.objects.filter(unit_id__in=parents, plan__isnull=True)
    }
    extensions = {
        (e.unit_id, e.month): e.due_at
        for e in Extension.objects.filter(unit__in=[u.pk for u in units], month__in=months)
    }
    # The units below one parent share its schedule: each moment is worked out once.
    scheduled = {
        (parent, month): schedules.get(parent, DEFAULT_SCHEDULE).due_at(month)
        for parent in parents | {None}
        for month in months
    }
    # A page kept by the live cache changes when one of these moments passes.
    live.changes_at(scheduled.values())
    live.changes_at(extensions.values())
    return {
        (unit.pk, month): extensions.get((unit.pk, month)) or scheduled[(unit.parent_id, month)]
        for unit in units
        for month in months
    }


def due_moments(units: list[Unit], month: date) -> dict[int, datetime]:
    """For each unit, when its report of ``month`` is due (two queries)."""
    month = month.replace(day=1)
    return {pk: due for (pk, _m), due in due_moments_by_month(units, [month]).items()}


def due_moment_of(unit: Unit, month: date) -> datetime:
    return due_moments([unit], month)[unit.pk]


def reporting_units(unit: Unit, months: list[date] | None = None):
    """The units that report to ``unit``: its direct units, branches aside. Given
    ``months``, only those that owe a report of one of them (founded by the end of the last,
    not dissolved or merged by the end of the first): the current list of a month leaves
    out units dissolved before it and units founded after it."""
    units = unit.children.filter(kind__is_branch=False, is_active=True)
    if months:
        units = units.existing_during(month_end(min(months)), month_end(max(months)))
    return units.order_by("name")
