"""Reads that feed the organisation pages: querysets, never loops that query."""

from django.db.models import Count, Q, QuerySet

from .models import Host, Unit
from .text import fold, normalize


def unit_list(*, user, query: str = "", kind_id: int | None = None) -> QuerySet[Unit]:
    """The user's subtree in tree order, optionally narrowed by a search and a kind.

    The search ignores diacritics and case: "binh tri dong" finds "Bình Trị Đông".
    """
    units = Unit.objects.for_user(user).select_related("kind", "host")
    query = normalize(query)  # NFC like the names, and no NUL (PostgreSQL refuses it)
    if query:
        units = units.filter(search_name__contains=fold(query))
    if kind_id:
        units = units.filter(kind_id=kind_id)
    return units.annotate(children_count=Count("children", distinct=True)).order_by("path")


def ancestors_by_unit(units) -> dict[int, list[Unit]]:
    """For each unit of a page, the units above it (root first), fetched in one query."""
    ids = {pk for unit in units for pk in unit.ancestor_ids}
    known = {u.pk: u for u in Unit.objects.filter(pk__in=ids).only("pk", "name", "path")}
    return {unit.pk: [known[pk] for pk in unit.ancestor_ids if pk in known] for unit in units}


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    """The units directly below ``unit``, with how many units and hosts each holds."""
    return (
        unit.children.select_related("kind", "host")
        .annotate(
            children_count=Count("children", distinct=True),
            hosts_count=Count("hosts", distinct=True),
        )
        .order_by("kind__order", "name")
    )


def host_list(
    *,
    user,
    query: str = "",
    kind: str = "",
    unit: Unit | None = None,
    has_doan: bool | None = None,
) -> QuerySet[Host]:
    """The registry of hosts in the user's subtree, with the branches living at each."""
    hosts = Host.objects.for_user(user).select_related("unit")
    if unit is not None:
        hosts = hosts.within(unit)
    query = normalize(query)  # NFC like the addresses, and no NUL (PostgreSQL refuses it)
    if query:
        needle = fold(query)
        hosts = hosts.filter(Q(search_name__contains=needle) | Q(address__icontains=query))
    if kind:
        hosts = hosts.filter(kind=kind)
    if has_doan is not None:
        hosts = hosts.filter(doan_since__isnull=not has_doan)
    return hosts.annotate(branches_count=Count("units")).order_by("name", "pk")


def unit_summary(*, unit: Unit) -> dict[str, int]:
    """Headline counts of a subtree (excluding the unit itself), in one query each."""
    below = Unit.objects.within(unit).exclude(pk=unit.pk)
    counts = below.aggregate(
        units=Count("pk"),
        branches=Count("pk", filter=Q(kind__is_branch=True)),
    )
    counts["hosts"] = Host.objects.within(unit).count()
    return counts
