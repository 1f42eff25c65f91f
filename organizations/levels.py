"""How pages name a level of the tree and the units of it, from the unit kinds (data, not
words fixed in the code): Đoàn phường, Đoàn xã and Đoàn đặc khu are all "Cấp cơ sở", and
together "phường, xã, đặc khu". Each helper falls back to the generic words when a kind
says nothing. No queries: the kinds are given."""

from collections.abc import Iterable

from .models import UnitKind


def _in_order(kinds: Iterable[UnitKind]) -> list[UnitKind]:
    return sorted(set(kinds), key=lambda k: (k.order, k.name))


def shared_level_name(kinds: Iterable[UnitKind]) -> str:
    """The level name units of these kinds share ("Cấp cơ sở" for wards, communes and
    special zones alike), or their names side by side when they differ ("Cấp Quận / Cấp
    Huyện"); "" when there is no kind, or one of them has no level name."""
    kinds = _in_order(kinds)
    if not kinds or any(not k.level_name for k in kinds):
        return ""
    return " / ".join(dict.fromkeys(k.level_name for k in kinds))


def units_noun(kinds: Iterable[UnitKind]) -> str:
    """What units of these kinds are called together: "phường", "phường, xã, đặc khu",
    "chi đoàn, chi hội"; "" when there is no kind, or one of them has no noun."""
    kinds = _in_order(kinds)
    if not kinds or any(not k.unit_noun for k in kinds):
        return ""
    return ", ".join(dict.fromkeys(k.unit_noun for k in kinds))
