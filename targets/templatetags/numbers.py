from django import template

from targets.checks import number

register = template.Library()


@register.filter
def num(value) -> str:
    """27 → "27", 35.50 → "35,5"; empty stays empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # what someone typed, shown back as typed
        return value
    return number(value)


@register.filter
def duration(delta) -> str:
    """A lateness as people say it: "2 ngày 3 giờ", "45 phút"."""
    if not delta:
        return ""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} ngày" if days else "", f"{hours} giờ" if hours else ""]
    if not days:
        parts.append(f"{minutes} phút" if minutes or not hours else "")
    return " ".join(p for p in parts if p)
