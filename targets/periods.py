"""Reporting periods (kỳ): a year, a quarter (Quý I–IV) or a month, named by their first day."""

import calendar
from dataclasses import dataclass
from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Kind:
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    ORDER = {YEAR: 0, QUARTER: 1, MONTH: 2}  # coarse to fine


@dataclass(frozen=True, order=True)
class Period:
    start: date
    kind: str

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), Kind.YEAR)

    @classmethod
    def quarter(cls, year: int, number: int) -> "Period":
        return cls(date(year, 3 * number - 2, 1), Kind.QUARTER)

    @classmethod
    def month(cls, year: int, number: int) -> "Period":
        return cls(date(year, number, 1), Kind.MONTH)

    @property
    def end(self) -> date:
        """The last day of the period."""
        last_month = {
            Kind.YEAR: 12,
            Kind.QUARTER: self.start.month + 2,
            Kind.MONTH: self.start.month,
        }[self.kind]
        return date(
            self.start.year, last_month, calendar.monthrange(self.start.year, last_month)[1]
        )

    @property
    def key(self) -> str:
        """A short stable name: "2024", "2024-Q2", "2024-M05" (form field names, URLs)."""
        if self.kind == Kind.YEAR:
            return str(self.start.year)
        if self.kind == Kind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return f"{self.start.year}-M{self.start.month:02d}"

    @classmethod
    def from_key(cls, key: str) -> "Period":
        year, _, rest = key.partition("-")
        if not rest:
            return cls.year(int(year))
        if rest.startswith("Q") and rest[1:] in {"1", "2", "3", "4"}:
            return cls.quarter(int(year), int(rest[1:]))
        if rest.startswith("M") and 1 <= int(rest[1:]) <= 12:
            return cls.month(int(year), int(rest[1:]))
        raise ValueError(key)

    @property
    def label(self) -> str:
        """As the plans write it: "Năm 2024", "Quý II/2024", "Tháng 05/2024"."""
        if self.kind == Kind.YEAR:
            return f"Năm {self.start.year}"
        if self.kind == Kind.QUARTER:
            return f"Quý {ROMAN[(self.start.month + 2) // 3]}/{self.start.year}"
        return f"Tháng {self.start.month:02d}/{self.start.year}"

    @property
    def short_label(self) -> str:
        if self.kind == Kind.QUARTER:
            return f"Quý {ROMAN[(self.start.month + 2) // 3]}"
        if self.kind == Kind.MONTH:
            return f"T{self.start.month}"
        return f"Năm {self.start.year}"

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end and self != other

    def __str__(self) -> str:
        return self.label


def quarters_between(starts_on: date, ends_on: date) -> list[Period]:
    """The quarters that overlap a plan's period, in order."""
    quarters = []
    year, number = starts_on.year, (starts_on.month + 2) // 3
    while True:
        quarter = Period.quarter(year, number)
        if quarter.start > ends_on:
            return quarters
        quarters.append(quarter)
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)


def years_between(starts_on: date, ends_on: date) -> list[Period]:
    return [Period.year(year) for year in range(starts_on.year, ends_on.year + 1)]
