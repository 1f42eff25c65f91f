"""The geometry of the dashboards' charts. Templates under ``templates/charts/`` draw them
as inline SVG with presentation attributes only (no script, no inline style), so they show
under the strict Content-Security-Policy and print the same in the PDFs.

Each chart is drawn at about a phone's width (360 px), with the units' names above their
bars or cells rather than beside them: the page shrinks a chart to its box through its
viewBox, and at that size the type stays readable on a 375 px screen.

Everything here is arithmetic on figures already loaded: no queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from targets.checks import number
from targets.periods import Period
from targets.templatetags.numbers import duration

from .progress import TargetProgress, WardRow
from .timeliness import LABELS, LATE, MISSING, NOT_OWED, NOT_YET_DUE, ON_TIME

# Colours, as in static/css/app.css.
PLANNED, DONE, GRID, INK, MUTED = "#5b6b7c", "#0b5cad", "#d9e1ea", "#1d2733", "#5b6b7c"
BAND_COLOURS = {"done": "#1e7b3c", "half": "#c98a00", "low": "#b3261e", "none": "#a0acb8"}
STATE_COLOURS = {
    ON_TIME: "#1e7b3c",
    LATE: "#e0a100",
    MISSING: "#b3261e",
    NOT_YET_DUE: "#d9e1ea",
    NOT_OWED: "#9aa3ad",  # greyed: the unit did not exist then (not founded, or dissolved)
}


def svg(value: float) -> str:
    """A coordinate as SVG reads it: one decimal, a point, never the locale's comma.
    Formatted here once, not by a template filter on each of hundreds of cells."""
    return f"{value:.1f}"


class Placed:
    """A drawn thing's ``x`` and ``y`` as the SVG reads them (those it has)."""

    @property
    def sx(self) -> str:
        return svg(self.x)

    @property
    def sy(self) -> str:
        return svg(self.y)


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
class Point(Placed):
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

    @property
    def stoday_x(self) -> str:
        return svg(self.today_x) if self.today_x is not None else ""


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


# Of the ranking and the heat map: a unit's name on a line of its own, above its row.
NAME_HEIGHT = 15


@dataclass
class Bar(Placed):
    label: str
    percent: Decimal
    width: float
    y: float  # top of the unit's line: its name, then its bar
    colour: str
    url: str = ""
    rank: int = 0  # 1 for the unit furthest ahead
    matched: bool = False  # one of the units the person searched for

    @property
    def bar_y(self) -> float:
        return self.y + NAME_HEIGHT

    @property
    def sbar_y(self) -> str:
        return svg(self.bar_y)

    @property
    def swidth(self) -> str:
        return svg(self.width)


@dataclass
class Gap(Placed):
    """Units of the ranking left out between two bars: their number, on a line of its own."""

    y: float
    count: int


@dataclass
class RankingChart:
    """Units ranked by the share of their allocated targets done: each unit's rank, name
    and share on one line, its bar below, against a track that ends at 100 %. With many
    units, only the first and the last ``edge`` and the ones searched for are drawn, the
    others counted in the gaps between them."""

    width: int
    height: int
    bar_height: int
    full_x: float  # where 100 % lies
    bars: list[Bar] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    ranked: int = 0  # how many units have a share to rank

    @property
    def sfull_x(self) -> str:
        return svg(self.full_x)

    @property
    def over_full(self) -> bool:
        """Some unit did more than 100 %: the 100 % line is drawn across the bars."""
        return self.full_x < self.width

    @property
    def is_cut(self) -> bool:
        """Some ranked units are not drawn."""
        return bool(self.gaps)


# How many units the ranking draws at each end, and at most how many searched-for units.
RANKING_EDGE = 10
RANKING_MATCHES = 10


def ranking_chart(
    rows: list[WardRow],
    *,
    width: int = 360,
    matched: set | frozenset = frozenset(),
    edge: int = RANKING_EDGE,
) -> RankingChart | None:
    """The ranking of ``rows`` by share done: the ``edge`` units furthest ahead, the
    ``edge`` furthest behind, and (at most ``RANKING_MATCHES`` of) the units whose id is
    in ``matched`` wherever they rank; all of them when there are few. Its size does not
    grow with the number of units."""
    ranked = sorted(
        (r for r in rows if r.percent is not None), key=lambda r: (-r.percent, r.unit.name)
    )
    if not ranked:
        return None
    bar_height, gap = 12, 9
    pitch = NAME_HEIGHT + bar_height + gap
    gap_pitch = 18
    scale_top = max(Decimal(100), max(r.percent for r in ranked))
    drawn = set(range(min(edge, len(ranked)))) | set(range(max(len(ranked) - edge, 0), len(ranked)))
    found = [i for i, r in enumerate(ranked) if r.unit.pk in matched]
    drawn |= set(found[:RANKING_MATCHES])
    bars, gaps, y, previous = [], [], 0.0, -1
    for index in sorted(drawn):
        if index > previous + 1:
            gaps.append(Gap(y=y, count=index - previous - 1))
            y += gap_pitch
        row = ranked[index]
        band = "done" if row.percent >= 100 else "half" if row.percent >= 50 else "low"
        bars.append(
            Bar(
                label=row.unit.name,
                percent=row.percent,
                width=float(width * row.percent / scale_top),
                y=y,
                colour=BAND_COLOURS[band],
                rank=index + 1,
                matched=row.unit.pk in matched,
            )
        )
        y += pitch
        previous = index
    return RankingChart(
        width=width,
        height=int(y - gap),
        bar_height=bar_height,
        full_x=float(width * 100 / scale_top),
        bars=bars,
        gaps=gaps,
        ranked=len(ranked),
    )


@dataclass
class HeatCell(Placed):
    x: float
    y: float
    colour: str
    title: str


@dataclass
class HeatMap:
    width: int
    height: int  # of the whole drawing, legend included
    cell: int
    rows: list[tuple[str, str]]  # (y of the name's baseline, unit name)
    columns: list[tuple[str, str]]  # (x, month label)
    cells: list[HeatCell]
    legend: list[tuple[str, str, str, str]]  # (x, y, colour, label)


def timeliness_heat_map(rows: list[WardRow], *, width: int = 360) -> HeatMap | None:
    """Units × months of the window: on time, late, missing, not yet due, or greyed when
    not owed (before the unit was founded, from its dissolution). Each unit's name
    above its row of months; wider than ``width`` only for a window of more than 14 months."""
    if not rows or not rows[0].months:
        return None
    cell, gap, top = 22, 3, 18
    pitch = NAME_HEIGHT + cell + 7
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
                    x=c * (cell + gap),
                    y=top + r * pitch + NAME_HEIGHT,
                    colour=STATE_COLOURS[state],
                    title=title,
                )
            )
    width = max(width, len(months) * (cell + gap) - gap)
    grid_bottom = top + len(rows) * pitch
    states = [ON_TIME, LATE, MISSING, NOT_YET_DUE]
    if any(r.timeliness.state == NOT_OWED for row in rows for r in row.months):
        states.append(NOT_OWED)
    legend, legend_height = _legend(
        [(STATE_COLOURS[s], LABELS[s]) for s in states],
        width=width,
        top=grid_bottom + 4,
    )
    return HeatMap(
        width=width,
        height=grid_bottom + 4 + legend_height,
        cell=cell,
        rows=[(svg(top + r * pitch + 11), row.unit.name) for r, row in enumerate(rows)],
        # "1/24" where a year begins (and in the first column), the month alone elsewhere:
        # "10/24" is wider than a cell.
        columns=[
            (
                svg(c * (cell + gap) + cell / 2),
                f"{m.month}/{m:%y}" if c == 0 or m.month == 1 else str(m.month),
            )
            for c, m in enumerate(months)
        ],
        cells=cells,
        legend=[(svg(x), svg(y), colour, label) for x, y, colour, label in legend],
    )


def _legend(
    keys: list[tuple[str, str]], *, width: int, top: float
) -> tuple[list[tuple[float, float, str, str]], float]:
    """Each key's x, y, colour and label, spaced by the label's length (11 px type is about
    6.5 px a character), so that long Vietnamese labels do not run into the next key; a key
    that would pass ``width`` starts a new line. With the height of the lines."""
    line_height = 18
    placed, x, y = [], 0.0, top
    for colour, label in keys:
        needed = 16 + len(str(label)) * 6.5
        if x and x + needed > width:
            x, y = 0.0, y + line_height
        placed.append((x, y, colour, label))
        x += needed + 14
    return placed, y - top + line_height
