"""The two-column header of every document the app prints: the issuing body's lines and
the number on the left, the place and date on the right."""

from dataclasses import dataclass
from datetime import date

from .text import PLAN, REPORT, official_date


@dataclass(frozen=True)
class Header:
    lines: list[str]  # the issuing body, the upper body's line first
    number: str  # "05-KH/ĐTN"; "…-BC/ĐTN" for a document not numbered yet
    place: str  # "Bình Tân"
    dated: str  # "ngày 15 tháng 3 năm 2024"

    @property
    def kind(self) -> str:
        return self.number.split("-", 1)[-1].split("/", 1)[0]


def of_unit(unit, *, kind: str, number: str = "", day: date | None = None, year=None) -> Header:
    """A document ``unit`` issues (its parent is read for the upper line)."""
    return Header(
        lines=unit.document_lines,
        number=number or f"…-{unit.number_symbol(kind)}",
        place=unit.place_name,
        dated=official_date(day, year=year),
    )


def of_plan(plan) -> Header:
    """A plan's header as typed on the plan (filled from its unit's when it was created);
    what was left empty comes from the issuing unit."""
    unit = plan.issuing_unit
    lines = [line for line in (plan.upper_body, plan.issuing_body) if line]
    return Header(
        lines=lines or unit.document_lines,
        number=plan.number or f"…-{unit.number_symbol(PLAN)}",
        place=plan.place or unit.place_name,
        dated=official_date(plan.issued_on, year=plan.year),
    )


def of_report(unit, *, day: date | None, year: int, number: str = "") -> Header:
    """A report (báo cáo) ``unit`` sends, dated ``day`` (none yet: "ngày … tháng … năm")."""
    return of_unit(unit, kind=REPORT, number=number, day=day, year=year)
