"""Template filters naming units by their kinds (``organizations.levels``)."""

from django import template

from organizations.levels import units_noun as _units_noun

register = template.Library()


@register.filter
def units_noun(units) -> str:
    """What these units are called together, from their kinds ("phường", "phường, xã,
    đặc khu", "chi đoàn, chi hội"); "" when a kind does not say. The units' kinds must be
    loaded with them (``select_related("kind")``)."""
    return _units_noun(unit.kind for unit in units)
