"""Reads that feed the plan pages."""

from django.db.models import Count, Q, QuerySet

from organizations.text import fold
from targets.levels import plan_level_labels
from targets.selectors import (
    allocation_table,
    plan_findings,
    plan_periods,
    roadmap_of,
    roadmap_rows,
)

from .models import Plan


def plan_list(
    *, user, query: str = "", year: int | None = None, status: str = "", unit=None
) -> QuerySet[Plan]:
    plans = Plan.objects.for_user(user).select_related("issuing_unit")
    if query:
        plans = plans.filter(search_name__contains=fold(query))
    if year:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(status=status)
    if unit is not None:
        plans = plans.filter(issuing_unit=unit)
    return plans.annotate(
        versions=Count("roadmap_versions", distinct=True),
        allocated_to_me=Count(
            "roadmap_versions__allocation_sets__allocations",
            filter=Q(roadmap_versions__allocation_sets__allocations__unit=user.unit_id),
            distinct=True,
        ),
    ).order_by("-year", "-pk")


def plan_page(*, plan: Plan, user, compare: bool = False) -> dict:
    """Everything the plan page shows, in a fixed number of queries."""
    versions = list(plan.roadmap_versions.select_related("created_by").order_by("number"))
    current = versions[-1] if versions else None
    roadmap = roadmap_of(current)
    original = roadmap_of(versions[0]) if compare and len(versions) > 1 else None
    periods = plan_periods(plan)
    labels = plan_level_labels(plan)
    allocation_tables = [
        (allocation_set, allocation_table(allocation_set))
        for allocation_set in roadmap.allocation_sets
    ]
    return {
        "versions": versions,
        "current_version": current,
        "comparing": original is not None,
        "periods": periods,
        "rows": roadmap_rows(roadmap, periods, original, labels=labels),
        "allocation_tables": allocation_tables,
        "findings": plan_findings(plan, roadmap, labels),
        "my_allocations": [
            (allocation_set, allocation)
            for allocation_set in roadmap.allocation_sets
            for allocation in allocation_set.allocations.all()
            if allocation.unit_id == user.unit_id
        ],
        "legal_bases": list(plan.legal_bases.all()),
        "committee": list(plan.committee.all()),
        "assignments": list(plan.assignments.all()),
        "milestones": list(plan.milestones.all()),
        "recipients": list(plan.recipients.all()),
    }
