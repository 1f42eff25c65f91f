"""Reads that feed the organisation pages: querysets, never loops that query."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Host, Unit
from .text import fold, normalize

# Which units a list shows (?trang-thai=): the current ones (by default), only those
# dissolved or merged (đã giải thể / sáp nhập), or all of them.
CURRENT, DISSOLVED, ALL = "", "giai-the", "tat-ca"


def _not_dissolved_by(today: date, prefix: str = "") -> Q:
    """Units (or, with a prefix, their related units) not dissolved or merged by ``today``."""
    return Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gt": today})


def unit_list(
    *,
    user,
    query: str = "",
    kind_id: int | None = None,
    status: str = CURRENT,
    today: date | None = None,
) -> QuerySet[Unit]:
    """The user's subtree in tree order, optionally narrowed by a search and a kind.
    Units dissolved or merged by ``today`` are left out unless ``status`` asks for them
    (DISSOLVED: only them; ALL: every unit); the current list counts current children.

    The search ignores diacritics and case: "binh tri dong" finds "Bình Trị Đông".
    """
    today = today or timezone.localdate()
    units = Unit.objects.for_user(user).select_related("kind", "host", "successor")
    query = normalize(query)  # NFC like the names, and no NUL (PostgreSQL refuses it)
    if query:
        units = units.filter(search_name__contains=fold(query))
    if kind_id:
        units = units.filter(kind_id=kind_id)
    if status == DISSOLVED:
        units = units.dissolved_by(today)
    elif status != ALL:
        units = units.current_on(today)
    counted = {"filter": _not_dissolved_by(today, "children__")} if status == CURRENT else {}
    return units.annotate(children_count=Count("children", distinct=True, **counted)).order_by(
        "path"
    )


def unit_choices(*, user, current: Unit | None = None, today: date | None = None):
    """The units a form offers the user (a plan's issuing unit, a host's unit): their
    subtree's units, branches aside, in tree order; those dissolved or merged by ``today``
    (or below one that was) only when the user's own unit is gone too, or as the value a
    form already holds (``current``)."""
    today = today or timezone.localdate()
    units = Unit.objects.for_user(user).filter(kind__is_branch=False)
    own = user.unit
    if own is None or own.dissolved_on is None or own.dissolved_on > today:
        kept = units.current_on(today).values("pk")
        units = units.filter(Q(pk__in=kept) | Q(pk=current.pk if current else None))
    return units.order_by("path")


def ancestors_by_unit(units) -> dict[int, list[Unit]]:
    """For each unit of a page, the units above it (root first), fetched in one query."""
    ids = {pk for unit in units for pk in unit.ancestor_ids}
    known = {u.pk: u for u in Unit.objects.filter(pk__in=ids).only("pk", "name", "path")}
    return {unit.pk: [known[pk] for pk in unit.ancestor_ids if pk in known] for unit in units}


def unit_children(
    *, unit: Unit, today: date | None = None, dissolved: bool = False
) -> QuerySet[Unit]:
    """The units directly below ``unit``, with how many units and hosts each holds. Those
    dissolved or merged by ``today`` only when ``dissolved`` is asked, or when ``unit``
    itself is gone (its page then shows what it was made of)."""
    today = today or timezone.localdate()
    children = unit.children.select_related("kind", "host", "successor")
    grandchildren = Unit.objects.filter(parent=OuterRef("pk"))
    if not (dissolved or (unit.dissolved_on and unit.dissolved_on <= today)):
        children = children.filter(_not_dissolved_by(today))
        grandchildren = grandchildren.filter(_not_dissolved_by(today))
    # Counted each in its own subquery: joined together, every unit below a child would
    # be paired with every host of it before the counts are taken.
    return children.annotate(
        children_count=_count(grandchildren, "parent"),
        hosts_count=_count(Host.objects.filter(unit=OuterRef("pk")), "unit"),
    ).order_by("kind__order", "name")


def _count(rows: QuerySet, by: str) -> Coalesce:
    """How many of ``rows`` (filtered on an outer unit) there are, as a subquery."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def dissolved_children_count(*, unit: Unit, today: date | None = None) -> int:
    """How many units directly below ``unit`` were dissolved or merged by ``today``."""
    return unit.children.dissolved_by(today or timezone.localdate()).count()


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


def unit_summary(*, unit: Unit, today: date | None = None) -> dict[str, int]:
    """Headline counts of a subtree (excluding the unit itself), in one query each. The
    units dissolved or merged by ``today`` are not counted, as the unit list leaves them
    out, unless ``unit`` is gone itself: its page then counts what it was made of."""
    today = today or timezone.localdate()
    below = Unit.objects.within(unit).exclude(pk=unit.pk)
    if not (unit.dissolved_on and unit.dissolved_on <= today):
        below = below.current_on(today)
    counts = below.aggregate(
        units=Count("pk"),
        branches=Count("pk", filter=Q(kind__is_branch=True)),
    )
    counts["hosts"] = Host.objects.within(unit).count()
    return counts
