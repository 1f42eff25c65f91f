"""The Đoàn's way of writing a document's parts, for the templates of every PDF."""

from django import template

from documents import text

register = template.Library()


@register.filter
def official_date(day, year=None):
    """{{ plan.issued_on|official_date:plan.year }} → "ngày 15 tháng 3 năm 2024"."""
    return text.official_date(day, year=year)


@register.filter
def recipient_lines(names):
    """{% for line in names|recipient_lines %}: "- X;" … "- Lưu." (``names``: strings or
    objects whose ``str`` is the recipient)."""
    return text.recipient_lines(str(name) for name in names or ())


@register.filter
def month_title(month):
    """{{ report.month|month_title }} → "tháng 3 năm 2024"."""
    return text.period_title(month, text.month_end(month))


@register.filter
def number_symbol(unit, kind):
    """{{ unit|number_symbol:"KH" }} → "KH/ĐTN"."""
    return unit.number_symbol(kind)
