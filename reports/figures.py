"""The figure table (``Figure``) kept in step: every write that changes what a unit did
(a report submitted, returned, accepted or reopened; a branch added to the registry,
changed, moved or deleted) adds its difference to the unit's row and to every unit above
it, in the same transaction, with one statement. Progress pages then read a handful of rows
per unit instead of adding up every report of the subtree.

A contribution (``Counted``) is keyed by the path of the unit it belongs to, the metric,
the month and whether it is pending (submitted, not reviewed) or accepted. ``rebuild``
recomputes the whole table from the reports and the registry and says what it fixed.

Result requests (``results``) may ask for counts of the same metrics: "kết nạp đoàn viên
mới trong Ngày Đoàn viên". An accepted answer's count joins its unit's figure of the month
its request counts in, once: the month's report already counts what was done at the event,
so a unit's own figure is the larger of what its report says and what its accepted answers
add up to (``beyond``), never both added."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value, When
from django.db.models.functions import Substr, TruncMonth

from organizations.models import PATH_STEP, Unit
from results.models import Answer, AnswerValue
from targets.models import Metric

from . import live
from .models import Figure, FoundedBranch, MonthlyReport, ReportValue

ACCEPTED, SUBMITTED = MonthlyReport.Status.ACCEPTED, MonthlyReport.Status.SUBMITTED
COLUMNS = ("own_accepted", "all_accepted", "own_pending", "all_pending")
BATCH = 500

# (path of the unit, metric id, month, pending) → amount
Counted = Counter


def _ids(path: str) -> list[int]:
    """The units from the root down to the one of ``path``."""
    return [int(step) for step in path.split("/") if step]


def _month(day) -> date:
    return (day.date() if hasattr(day, "date") else day).replace(day=1)


def counted(*, own: bool, include_submitted: bool):
    """The figure a page reads from a row: the unit's own or its subtree's, accepted, and
    pending too when reports not yet accepted count."""
    mine = "own" if own else "all"
    if not include_submitted:
        return F(f"{mine}_accepted")
    return ExpressionWrapper(
        F(f"{mine}_accepted") + F(f"{mine}_pending"),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def founding_metrics() -> dict[str, list[int]]:
    """Organisation (Đoàn, Hội) → the metrics counting its founded branches."""
    metrics = defaultdict(list)
    for organisation, pk in Metric.objects.filter(source=Metric.Source.FOUNDINGS).values_list(
        "founded_organisation", "pk"
    ):
        metrics[organisation].append(pk)
    return metrics


@dataclass(frozen=True)
class Contents:
    """What a report holds, as the service that has just written it knows it: its counts
    (metric id → value) and its founding lines not yet in the registry (organisation,
    founding date), so that ``of_report`` need not read them back."""

    values: dict[int, Decimal]
    lines: list[tuple[str, date]]


def of_report(
    report: MonthlyReport, *, unit_path: str | None = None, contents: Contents | None = None
) -> Counted:
    """What ``report`` counts as it now stands: its figures when submitted (pending) or
    accepted, and, while submitted, the founding lines not yet in the registry (read from
    the database, or ``contents`` when the caller has just written them)."""
    counted = Counted()
    if report.status not in (ACCEPTED, SUBMITTED):
        return counted
    path = unit_path or Unit.objects.values_list("path", flat=True).get(pk=report.unit_id)
    pending = report.status == SUBMITTED
    month = _month(report.month)
    if contents is not None:
        values = contents.values.items()
    else:
        values = ReportValue.objects.filter(report=report).values_list("metric_id", "value")
    for metric_id, value in values:
        counted[(path, metric_id, month, pending)] += value
    if pending:
        if contents is not None:
            lines = contents.lines
        else:
            lines = FoundedBranch.objects.filter(report=report, unit__isnull=True).values_list(
                "kind__organisation", "founded_on"
            )
        metrics = founding_metrics() if lines else {}
        for organisation, founded_on in lines:
            for metric_id in metrics.get(organisation, ()):
                counted[(path, metric_id, _month(founded_on), True)] += 1
    return counted


def of_branches(units, *, metrics: dict | None = None) -> Counted:
    """What units of the registry count: a branch with a founding date counts one for each
    metric of its organisation, in its founding month, under the unit it was founded in.
    ``units`` come with their kind and parent."""
    counted = Counted()
    for unit in units:
        kind = unit.kind
        if not (kind.is_branch and unit.founded_on and unit.parent_id):
            continue
        if metrics is None:
            metrics = founding_metrics()
        for metric_id in metrics.get(kind.organisation, ()):
            counted[(unit.parent.path, metric_id, _month(unit.founded_on), False)] += 1
    return counted


def _rows(counted: Counted) -> dict[tuple, list[Decimal]]:
    """Contributions spread over the rows they change: (unit id, month, metric id) →
    the four columns' differences."""
    rows: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for (path, metric_id, month, pending), amount in counted.items():
        if not amount:
            continue
        ids = _ids(path)
        own, every = (2, 3) if pending else (0, 1)
        for unit_id in ids:
            rows[(unit_id, month, metric_id)][every] += amount
        rows[(ids[-1], month, metric_id)][own] += amount
    return {key: value for key, value in rows.items() if any(value)}


def _upsert(rows: dict[tuple, list[Decimal]], *, replace: bool = False) -> None:
    """Adds ``rows`` to the table (or, with ``replace``, sets them), in batches, in a fixed
    order so that two transactions changing the same rows wait for each other instead of
    deadlocking. The same statement on PostgreSQL and SQLite."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    columns = ", ".join(COLUMNS)
    if replace:
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS)
    else:
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    ordered = iter(sorted(rows.items()))
    with connection.cursor() as cursor:
        while batch := list(islice(ordered, BATCH)):
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            params = []
            for (unit_id, month, metric_id), amounts in batch:
                params += [unit_id, month, metric_id, *amounts]
            cursor.execute(
                f"INSERT INTO {table} (unit_id, month, metric_id, {columns}) VALUES {values} "
                f"ON CONFLICT (unit_id, month, metric_id) DO UPDATE SET {updates}",
                params,
            )


def add(counted: Counted, *, minus: Counted | None = None) -> None:
    """Adds what is now counted, less what was (``minus``), to every row it changes;
    where accepted answers count the same cells, only what goes beyond them."""
    change = Counted(counted)
    if minus:
        change.subtract(minus)
    change.update(_reports_beyond_answers(counted, minus or Counted()))
    _apply(change)


def _apply(change: Counted) -> None:
    rows = _rows(change)
    if rows:
        _upsert(rows)


def beyond(accepted: Decimal, pending: Decimal, answered: Decimal) -> tuple[Decimal, Decimal]:
    """What a unit's accepted answers add to its own figure of a metric and month beyond
    its report (``accepted`` if accepted, ``pending`` if submitted): the larger of the two
    counts, once. (To the accepted column, to the pending one.)"""
    extra = max(Decimal(0), answered - accepted)
    return extra, max(Decimal(0), answered - accepted - pending) - extra


def answered(units=None, metrics=None, months=None) -> dict[tuple[int, int, date], Decimal]:
    """(unit id, metric id, month) → the counts of the units' accepted answers of those
    metrics in those months (by the month their request counts in; every one, for what
    is not given). Counts of metrics the request no longer asks, or that are not typed
    (founded branches come from the registry), do not count."""
    values = _counting_answers()
    if units is not None:
        values = values.filter(answer__unit_id__in=units)
    if metrics is not None:
        values = values.filter(metric_id__in=metrics)
    if months is not None:
        values = values.filter(answer__request__counts_month__in=months)
    rows = values.values_list(
        "answer__unit_id", "metric_id", "answer__request__counts_month"
    ).annotate(total=Sum("value"))
    return {(unit_id, metric_id, month): total for unit_id, metric_id, month, total in rows}


def _counting_answers():
    """The values of accepted answers that count (``answered``)."""
    return AnswerValue.objects.filter(
        answer__status=Answer.Status.ACCEPTED,
        answer__request__metrics=F("metric_id"),
        metric__source=Metric.Source.REPORTED,
    )


def answering(month: date) -> frozenset[int]:
    """The units with accepted answers counting in ``month``: few, most months none. Kept
    (``reports.live``) while only reports change, as in a burst of submissions."""

    def compute():
        units = _counting_answers().filter(answer__request__counts_month=month)
        return frozenset(units.values_list("answer__unit_id", flat=True).distinct())

    return live.kept("answering", (month,), compute, watching=live.PLANS)


def _cells_answered(counted: Counted) -> dict[tuple, Decimal]:
    """(path, metric id, month) → accepted answers' counts, of the cells of ``counted``;
    asked for only where the units answered in those months."""
    if not counted:
        return {}
    months = {month for _path, _metric, month, _pending in counted}
    answered_in = frozenset().union(*(answering(month) for month in months))
    paths = {path for path, _metric, _month, _pending in counted}
    by_id = {unit_id: path for path in paths if (unit_id := _ids(path)[-1]) in answered_in}
    if not by_id:
        return {}
    found = answered(
        by_id,
        {metric_id for _path, metric_id, _month, _pending in counted},
        months,
    )
    return {(by_id[unit], metric, month): n for (unit, metric, month), n in found.items()}


def _reports_beyond_answers(now: Counted, before: Counted) -> Counted:
    """How what answers add beyond reports changes when the reports' counts of a unit's
    cells go from ``before`` to ``now`` (each cell has one report: its month's)."""
    change = Counted()
    for cell, n in _cells_answered(now + before).items():
        old = beyond(before[(*cell, False)], before[(*cell, True)], n)
        new = beyond(now[(*cell, False)], now[(*cell, True)], n)
        change[(*cell, False)] += new[0] - old[0]
        change[(*cell, True)] += new[1] - old[1]
    return change


def _answers_beyond_reports(cells: set[tuple[int, int, date]]) -> Counted:
    """What accepted answers now add beyond the reports to ``cells`` (unit id, metric id,
    month): three queries, whatever the number of cells."""
    if not cells:
        return Counted()
    units = {unit_id for unit_id, _metric, _month in cells}
    metrics = {metric_id for _unit, metric_id, _month in cells}
    months = {month for _unit, _metric, month in cells}
    found = {cell: n for cell, n in answered(units, metrics, months).items() if cell in cells}
    if not found:
        return Counted()
    reported = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for unit_id, metric_id, month, status, value in ReportValue.objects.filter(
        report__unit_id__in=units,
        report__month__in=months,
        report__status__in=(ACCEPTED, SUBMITTED),
        metric_id__in=metrics,
    ).values_list("report__unit_id", "metric_id", "report__month", "report__status", "value"):
        reported[(unit_id, metric_id, _month(month))][status == SUBMITTED] += value
    paths = dict(Unit.objects.filter(pk__in=units).values_list("pk", "path"))
    counted = Counted()
    for (unit_id, metric_id, month), n in found.items():
        extra, pending = beyond(*reported[(unit_id, metric_id, month)], n)
        counted[(paths[unit_id], metric_id, month, False)] += extra
        counted[(paths[unit_id], metric_id, month, True)] += pending
    return counted


class answers_changing:
    """``with answers_changing(cells): …``: what accepted answers add to ``cells`` (unit
    id, metric id, month) is read before and after the block, and the difference reaches
    the figures, in the block's transaction."""

    def __init__(self, cells):
        self.cells = set(cells)

    def __enter__(self):
        self.before = _answers_beyond_reports(self.cells)
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            change = _answers_beyond_reports(self.cells)
            change.subtract(self.before)
            _apply(change)
        return False


def moved(unit: Unit, *, old_path: str, new_path: str) -> None:
    """``unit``'s subtree now lies at ``new_path``: what it counts leaves the units that
    were above it and reaches those now above it."""
    old_above, new_above = _ids(old_path)[:-1], _ids(new_path)[:-1]
    rows: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for figure in Figure.objects.filter(unit=unit):
        for above, sign in ((old_above, -1), (new_above, 1)):
            for unit_id in above:
                row = rows[(unit_id, figure.month, figure.metric_id)]
                row[1] += sign * figure.all_accepted
                row[3] += sign * figure.all_pending
    rows = {key: value for key, value in rows.items() if any(value)}
    if rows:
        _upsert(rows)


def counted_reports(reports) -> Counted:
    """What many reports count (the demo's and ``seed_scale``'s, written in bulk), grouped
    in the database."""
    counted = Counted()
    typed = (
        ReportValue.objects.filter(report__in=reports, report__status__in=(ACCEPTED, SUBMITTED))
        .values("report__unit__path", "metric_id", "report__month", "report__status")
        .annotate(total=Sum("value"))
    )
    for row in typed.iterator(chunk_size=5000):
        key = (row["report__unit__path"], row["metric_id"], _month(row["report__month"]))
        counted[(*key, row["report__status"] == SUBMITTED)] += row["total"]
    metrics = founding_metrics()
    lines = (
        FoundedBranch.objects.filter(report__in=reports, report__status=SUBMITTED, unit=None)
        .annotate(month=TruncMonth("founded_on"))
        .values("report__unit__path", "kind__organisation", "month")
        .annotate(n=Count("pk"))
    )
    for row in lines:
        for metric_id in metrics.get(row["kind__organisation"], ()):
            counted[(row["report__unit__path"], metric_id, _month(row["month"]), True)] += row["n"]
    return counted


@dataclass
class Rebuilt:
    checked: int = 0  # rows the reports and the registry give
    added: int = 0  # rows that were missing
    changed: int = 0  # rows whose figures were wrong
    removed: int = 0  # rows that should not have been there

    @property
    def fixed(self) -> int:
        return self.added + self.changed + self.removed


def expected(
    metric_ids: list[int] | None = None, *, answers: bool = True
) -> dict[tuple, list[Decimal]]:
    """The whole table (or the rows of ``metric_ids``) as the reports and the registry
    give it, aggregated in the database level by level: each unit's own rows, then every
    unit's subtree read off the first characters of the paths below it."""
    deepest = Unit.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    by_path = dict(Unit.objects.values_list("path", "pk"))
    rows: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    money = DecimalField(max_digits=16, decimal_places=2)
    metrics = founding_metrics()
    values = ReportValue.objects.all()
    if metric_ids is not None:
        values = values.filter(metric_id__in=metric_ids)
        metrics = {
            organisation: [pk for pk in pks if pk in metric_ids]
            for organisation, pks in metrics.items()
        }
    for depth in range(deepest + 1):
        cut = (depth + 1) * (PATH_STEP + 1)

        def above(lookup, cut=cut):
            return Substr(lookup, 1, cut)

        own = Q(report__unit__depth=depth)
        accepted, pending = Q(report__status=ACCEPTED), Q(report__status=SUBMITTED)

        def total(condition):
            return Sum(Case(When(condition, then=F("value")), default=Value(0), output_field=money))

        typed = (
            values.filter(report__status__in=(ACCEPTED, SUBMITTED), report__unit__depth__gte=depth)
            .annotate(above=above("report__unit__path"))
            .values("above", "metric_id", "report__month")
            .annotate(
                own_accepted=total(own & accepted),
                all_accepted=total(accepted),
                own_pending=total(own & pending),
                all_pending=total(pending),
            )
        )
        for row in typed.iterator(chunk_size=5000):
            cell = rows[(by_path[row["above"]], _month(row["report__month"]), row["metric_id"])]
            for i, column in enumerate(COLUMNS):
                cell[i] += row[column] or 0
        founded = (
            Unit.objects.filter(
                kind__is_branch=True,
                founded_on__isnull=False,
                parent__isnull=False,
                parent__depth__gte=depth,
            )
            .annotate(above=above("parent__path"), month=TruncMonth("founded_on"))
            .values("above", "kind__organisation", "month")
            .annotate(own=Count("pk", filter=Q(parent__depth=depth)), every=Count("pk"))
        )
        lines = (
            FoundedBranch.objects.filter(
                report__status=SUBMITTED, unit=None, report__unit__depth__gte=depth
            )
            .annotate(above=above("report__unit__path"), month=TruncMonth("founded_on"))
            .values("above", "kind__organisation", "month")
            .annotate(own=Count("pk", filter=Q(report__unit__depth=depth)), every=Count("pk"))
        )
        for source, (own_column, every_column) in ((founded, (0, 1)), (lines, (2, 3))):
            for row in source:
                for metric_id in metrics.get(row["kind__organisation"], ()):
                    cell = rows[(by_path[row["above"]], _month(row["month"]), metric_id)]
                    cell[own_column] += row["own"]
                    cell[every_column] += row["every"]
    path_of = {pk: path for path, pk in by_path.items()}
    for (unit_id, metric_id, month), n in (answered(metrics=metric_ids) if answers else {}).items():
        own = rows[(unit_id, month, metric_id)]
        extra, pending = beyond(own[0], own[2], n)
        own[0] += extra
        own[2] += pending
        for above_id in _ids(path_of[unit_id]):
            cell = rows[(above_id, month, metric_id)]
            cell[1] += extra
            cell[3] += pending
    return {key: value for key, value in rows.items() if any(value)}


@transaction.atomic
def rebuild(
    *, fix: bool = True, metric_ids: list[int] | None = None, answers: bool = True
) -> Rebuilt:
    """Compares the table (or the rows of ``metric_ids``) with what the reports and the
    registry give, and (``fix``) sets it right: missing rows added, wrong ones corrected,
    stray ones removed."""
    wanted = expected(metric_ids, answers=answers)
    result = Rebuilt(checked=len(wanted))
    stored = {}
    rows = Figure.objects.all()
    if metric_ids is not None:
        rows = rows.filter(metric_id__in=metric_ids)
    for row in rows.values_list("pk", "unit_id", "month", "metric_id", *COLUMNS).iterator(
        chunk_size=5000
    ):
        stored[(row[1], row[2], row[3])] = (
            row[0],
            [Decimal(v).quantize(Decimal("0.01")) for v in row[4:]],
        )
    wrong: dict[tuple, list[Decimal]] = {}
    for key, amounts in wanted.items():
        amounts = [Decimal(a).quantize(Decimal("0.01")) for a in amounts]
        if key not in stored:
            result.added += 1
            wrong[key] = amounts
        elif stored[key][1] != amounts:
            result.changed += 1
            wrong[key] = amounts
    stray = [pk for key, (pk, amounts) in stored.items() if key not in wanted and any(amounts)]
    result.removed = len(stray)
    if fix:
        if wrong:
            _upsert(wrong, replace=True)
        for start in range(0, len(stray), BATCH):
            Figure.objects.filter(pk__in=stray[start : start + BATCH]).delete()
    return result


def founding_metric_ids() -> set[int]:
    return {pk for pks in founding_metrics().values() for pk in pks}
