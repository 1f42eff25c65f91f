"""The geometry of the dashboards' charts. Templates under ``templates/charts/`` draw them
as inline SVG with presentation attributes only (no script, no inline style), so they show
under the strict Content-Security-Policy and print the same in the PDFs.

Everything here is arithmetic on figures already loaded: no queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from targets.checks import number
from targets.periods import Period
from targets.templatetags.numbers import duration

from .progress import TargetProgress, WardRow
from .timeliness import LABELS, LATE, MISSING, NOT_YET_DUE, ON_TIME

# Colours, as in static/css/app.css.
PLANNED, DONE, GRID, INK, MUTED = "#5b6b7c", "#0b5cad", "#d9e1ea", "#1d2733", "#5b6b7c"
BAND_COLOURS = {"done": "#1e7b3c", "half": "#c98a00", "low": "#b3261e", "none": "#a0acb8"}
STATE_COLOURS = {
    ON_TIME: "#1e7b3c",
    LATE: "#e0a100",
    MISSING: "#b3261e",
    NOT_YET_DUE: "#d9e1ea",
}


def _nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (an axis' top)."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


@dataclass
class Point:
    x: float
    y: float
    label: str = ""


@dataclass
class CumulativeChart:
    """Cumulative roadmap (by the end of each quarter) against cumulative done (by the end
    of each month), from the plan's start."""

    title: str
    width: int
    height: int
    left: int
    bottom: int
    planned: list[Point]
    done: list[Point]
    y_ticks: list[Point]
    x_labels: list[Point]
    today_x: float | None
    summary: str

    @property
    def planned_points(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.planned)

    @property
    def done_points(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.done)

    @property
    def last_done(self) -> Point | None:
        return self.done[-1] if self.done else None


def cumulative_chart(
    row: TargetProgress, *, starts_on: date, ends_on: date, as_of: date, width: int = 340
) -> CumulativeChart | None:
    """None for rows with nothing to draw over time (coverage shares, rows with no
    roadmap by quarter)."""
    if not row.planned or all(p is None for p in row.planned):
        return None
    height, left, right, top, bottom = 170, 40, 12, 12, 26
    span = (ends_on - starts_on).days + 1

    def x(day: date) -> float:
        return left + (width - left - right) * ((day - starts_on).days + 1) / span

    months = sorted(m for m in row.monthly if isinstance(m, date))
    running, done = Decimal(0), []
    for month in months:
        running += row.monthly[month]
        done.append((min(Period.month(month.year, month.month).end, as_of), running))
    planned = [(q.end, p) for q, p in zip(row.quarters, row.planned, strict=True) if p is not None]
    highest = max([p for _d, p in planned] + [v for _d, v in done] + [Decimal(0)])
    top_value = _nice_ceiling(highest)

    def y(value: Decimal) -> float:
        return top + (height - top - bottom) * float(1 - value / top_value)

    start = Point(left, y(Decimal(0)))
    done_points = [start] + [Point(x(d), y(v), number(v)) for d, v in done]
    if done and done[-1][0] < as_of:  # flat since the last month with figures
        done_points.append(Point(x(as_of), done_points[-1].y, done_points[-1].label))
    return CumulativeChart(
        title=row.metric.name,
        width=width,
        height=height,
        left=left,
        bottom=height - bottom,
        planned=[start] + [Point(x(d), y(p), number(p)) for d, p in planned],
        done=done_points if as_of >= starts_on else [],
        y_ticks=[Point(left, y(v), number(v)) for v in (Decimal(0), top_value / 2, top_value)],
        x_labels=[
            Point((x(q.start) + x(q.end)) / 2, height - 8, q.short_label) for q in row.quarters
        ],
        today_x=x(as_of) if starts_on <= as_of < ends_on else None,
        summary=f"{number(row.done)} / {number(row.target) if row.target is not None else '–'}",
    )


@dataclass
class Bar:
    label: str
    percent: Decimal
    width: float
    y: float
    colour: str
    url: str = ""


@dataclass
class RankingChart:
    """Units ranked by the share of their allocated targets done."""

    width: int
    height: int
    label_width: int
    bar_height: int
    full_x: float  # where 100 % lies
    bars: list[Bar] = field(default_factory=list)


def ranking_chart(rows: list[WardRow], *, width: int = 640) -> RankingChart | None:
    ranked = sorted(
        (r for r in rows if r.percent is not None), key=lambda r: (-r.percent, r.unit.name)
    )
    if not ranked:
        return None
    label_width, bar_height, gap, right = 190, 18, 6, 48
    scale_top = max(Decimal(100), max(r.percent for r in ranked))
    usable = width - label_width - right
    bars = []
    for index, row in enumerate(ranked):
        band = "done" if row.percent >= 100 else "half" if row.percent >= 50 else "low"
        bars.append(
            Bar(
                label=row.unit.name,
                percent=row.percent,
                width=float(usable * row.percent / scale_top),
                y=index * (bar_height + gap),
                colour=BAND_COLOURS[band],
            )
        )
    return RankingChart(
        width=width,
        height=len(bars) * (bar_height + gap),
        label_width=label_width,
        bar_height=bar_height,
        full_x=label_width + float(usable * 100 / scale_top),
        bars=bars,
    )


@dataclass
class HeatCell:
    x: float
    y: float
    colour: str
    title: str


@dataclass
class HeatMap:
    width: int
    height: int
    label_width: int
    cell: int
    rows: list[tuple[float, str]]  # (y, unit name)
    columns: list[tuple[float, str]]  # (x, month label)
    cells: list[HeatCell]
    legend: list[tuple[float, str, str]]  # (x, colour, label)


def timeliness_heat_map(rows: list[WardRow]) -> HeatMap | None:
    """Units × months of the window: on time, late, missing, not yet due."""
    if not rows or not rows[0].months:
        return None
    label_width, cell, gap, top = 190, 22, 3, 20
    months = [m.month for m in rows[0].months]
    cells = []
    for r, row in enumerate(rows):
        for c, month_row in enumerate(row.months):
            state = month_row.timeliness.state
            title = f"{row.unit.name}, {month_row.month:%m/%Y}: {LABELS[state]}"
            if month_row.timeliness.late_by:
                title += f" ({duration(month_row.timeliness.late_by)})"
            cells.append(
                HeatCell(
                    x=label_width + c * (cell + gap),
                    y=top + r * (cell + gap),
                    colour=STATE_COLOURS[state],
                    title=title,
                )
            )
    return HeatMap(
        width=max(label_width + len(months) * (cell + gap), 450),
        height=top + len(rows) * (cell + gap),
        label_width=label_width,
        cell=cell,
        rows=[(top + r * (cell + gap) + cell * 0.7, row.unit.name) for r, row in enumerate(rows)],
        # "1/24" where a year begins (and in the first column), the month alone elsewhere:
        # "10/24" is wider than a cell.
        columns=[
            (
                label_width + c * (cell + gap) + cell / 2,
                f"{m.month}/{m:%y}" if c == 0 or m.month == 1 else str(m.month),
            )
            for c, m in enumerate(months)
        ],
        cells=cells,
        legend=_legend(
            [(STATE_COLOURS[s], LABELS[s]) for s in (ON_TIME, LATE, MISSING, NOT_YET_DUE)]
        ),
    )


def _legend(keys: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    """Each key's x, colour and label, spaced by the label's length (11 px type is about
    6.5 px a character), so that long Vietnamese labels do not run into the next key."""
    placed, x = [], 0.0
    for colour, label in keys:
        placed.append((x, colour, label))
        x += 16 + len(str(label)) * 6.5 + 14
    return placed
