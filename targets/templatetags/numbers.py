from django import template

from targets.checks import number

register = template.Library()


@register.filter
def num(value) -> str:
    """27 → "27", 35.50 → "35,5"; empty stays empty."""
    if value is None or value == "":
        return ""
    return number(value)
