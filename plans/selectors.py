"""Reads that feed the plan pages."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from organizations.text import fold
from targets.levels import plan_level_labels
from targets.selectors import (
    Roadmap,
    allocation_table,
    plan_findings,
    plan_periods,
    roadmap_of,
    roadmap_rows,
)

from . import importing
from .models import Activity, Plan


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
        "activity_groups": activity_groups(plan, labels),
        "result_requests": list(plan.result_requests.order_by("due_at", "pk")),
        "recipients": list(plan.recipients.all()),
    }


def activity_groups(plan: Plan, labels: dict[str, str]) -> list[tuple[str, list]]:
    """The plan's activities under the seed's own headings, named from the unit kinds
    ("Hoạt động cấp Quận", then "Hoạt động cấp cơ sở"); a level without activities has no
    heading. One query."""
    activities = list(plan.activities.select_related("owner_department", "owner_unit"))
    groups = []
    for level in (Activity.Level.OWN, Activity.Level.CHILDREN):
        shown = [a for a in activities if a.level == level]
        if shown:
            label = labels[level]  # "Cấp Quận": "Hoạt động cấp Quận"
            heading = _("Activities at %(level)s") % {"level": label[:1].lower() + label[1:]}
            groups.append((heading, shown))
    return groups


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def document_sections(plan: Plan, page: dict) -> dict:
    """The numbers of the plan document's sections (I, II, ...), in the seeds' order:
    purposes and requirements, content, one section per level of activities ("II. HOẠT
    ĐỘNG CẤP QUẬN", "III. HOẠT ĐỘNG CẤP CƠ SỞ"), the roadmap, the organisation of
    implementation. A section the plan has nothing for is left out, and the next takes
    its number; a plan of activities without a roadmap prints no empty roadmap."""
    present = []
    if plan.purposes or plan.requirements:
        present.append("purposes")
    if plan.content:
        present.append("content")
    present += [f"activities-{i}" for i, _group in enumerate(page["activity_groups"])]
    if page["rows"] or page["allocation_tables"] or not page["activity_groups"]:
        present.append("roadmap")
    if page["committee"] or page["assignments"] or page["milestones"] or plan.organisation:
        present.append("organisation")
    numbers = dict(zip(present, ROMAN, strict=False))
    numbers["activities"] = [
        (numbers[f"activities-{i}"], heading, activities)
        for i, (heading, activities) in enumerate(page["activity_groups"])
    ]
    return numbers


def import_review(plan: Plan, plan_import) -> dict:
    """What the review page of a plan read from Word shows (``plans.importing``): the
    proposed roadmap as the plan page lays one out, each row with the places it was read
    from, and the sentences themselves, each once."""
    labels = plan_level_labels(plan)
    targets = importing.proposed_targets(plan_import)
    periods = plan_periods(plan)
    rows = roadmap_rows(Roadmap(None, targets), periods, labels=labels)
    for row in rows:
        row.refs = list(dict.fromkeys(cell.source_ref for cell in row.cells if cell))
    sentences = []
    for proposed in plan_import.proposed_targets:
        for sentence in proposed["sentences"]:
            if (proposed["ref"], sentence) not in sentences:
                sentences.append((proposed["ref"], sentence))
    sets = importing.proposed_sets(plan_import)
    return {
        "word_import": plan_import,
        "counts": [(label, plan_import.counts.get(key, 0)) for key, label in importing.PARTS],
        "periods": periods,
        "rows": rows,
        "sentences": sentences,
        "proposed_sets": [
            (proposed, len({a.unit_id for a in proposed.allocations})) for proposed in sets
        ],
        "findings": importing.proposal_findings(plan_import),
    }
