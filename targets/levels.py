"""How pages name a roadmap's levels (cấp): by the kinds of unit that hold them, not by
words fixed in the code. A plan of Quận Đoàn Bình Tân reads "Cấp Quận" and "Cấp cơ sở",
one of Thành Đoàn TP. Hồ Chí Minh over its wards "Cấp Thành" and "Cấp cơ sở", one of a
Tỉnh Đoàn "Cấp Tỉnh". A kind without a level name falls back to the generic words."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from organizations.levels import shared_level_name
from organizations.models import Unit, UnitKind

from .models import Target


def level_labels(issuer: Unit, child_kinds: Iterable[UnitKind]) -> dict[str, str]:
    """The label of each level of a roadmap issued by ``issuer`` whose child units are of
    ``child_kinds``: its own level by its kind ("Cấp Quận"), its child units' by theirs
    ("Cấp cơ sở"), the whole by its common noun ("Toàn quận"). No queries."""
    kind = issuer.kind
    children = shared_level_name(child_kinds)
    return {
        Target.Level.OWN: kind.level_name or str(Target.Level.OWN.label),
        Target.Level.CHILDREN: children or str(Target.Level.CHILDREN.label),
        Target.Level.TOTAL: (
            _("The whole %(noun)s") % {"noun": kind.unit_noun}
            if kind.unit_noun
            else str(Target.Level.TOTAL.label)
        ),
    }


def child_units_during(unit: Unit, start, end):
    """The units right below ``unit`` (branches aside) that existed at some point from
    ``start`` to ``end``: the ones a plan of that period counts."""
    return Unit.objects.filter(parent_id=unit.pk, kind__is_branch=False).existing_during(start, end)


def plan_level_labels(plan) -> dict[str, str]:
    """``level_labels`` of a plan, its child units being those that existed within its
    period. One query (the issuing unit's kind comes with the plan when selected)."""
    kinds = UnitKind.objects.filter(
        pk__in=child_units_during(plan.issuing_unit, plan.starts_on, plan.ends_on).values("kind_id")
    )
    return level_labels(plan.issuing_unit, kinds)
