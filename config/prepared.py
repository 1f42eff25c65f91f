"""Lookups of one fixed shape that nearly every request makes (the signed-in person, the
session, the report a form is about), their SQL compiled once per thread instead of at
every request.

Django builds a query's SQL anew each time it runs: for the person with their unit and its
kind, ~0.5 ms of a request's CPU here, as much as the database takes to answer; a
submission of the monthly report made five such lookups. ``Prepared`` compiles the
queryset once with stand-ins for its values, finds where they went among the query's
parameters, and then sends that SQL with the real values, building the objects as Django's
own iterator does (``select_related`` and annotations included). On PostgreSQL the
statement is also prepared on each connection (PREPARE), so that the server plans it once:
planning the person's three-table query took it five times as long as running it. A shape
where the stand-ins cannot be told apart is simply run by Django each time. (A pooler that
hands a connection to another client between transactions would lose the prepared
statements: README says how to connect.)
"""

import itertools
import re
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connections
from django.db.models.query import get_related_populators

# Values nothing real is ever equal to, one per position of a lookup's arguments.
_STAND_IN = {
    int: lambda i: -7_654_321_000 - i,
    str: lambda i: f"\x00stand-in {i}\x00",
    date: lambda i: date(1901, 2, 3) + timedelta(days=i),
    datetime: lambda i: datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC) + timedelta(days=i),
}


def _adapter(ops, kind):
    """How the database's parameters hold a value of ``kind`` (a date is a string on
    SQLite, itself on PostgreSQL)."""
    if kind is datetime:
        return ops.adapt_datetimefield_value
    if kind is date:
        return ops.adapt_datefield_value
    return lambda value: value


@dataclass
class _Plan:
    sql: str
    params: list
    slots: list[tuple[int, int]]  # (position among the parameters, argument)
    adapters: list
    compiler: object
    start: int
    end: int
    init_list: list[str]
    populators: list
    annotations: dict[str, int]
    fetch_mode: object
    statement: str | None = None  # PostgreSQL: the name it is prepared under
    execute: str = ""
    prepared_on: object = None  # the database connection it was last prepared on


def _prepare(connection, plan: _Plan) -> None:
    """Prepares the plan's statement on this database connection (PostgreSQL), once:
    the server then plans it once instead of at each run (for the person with their unit
    and its kind, 0.3 ms of the server's time where running it takes 0.06). Sent on the
    driver's own cursor, so that it is not counted among a request's queries: it is made
    once a connection, not once a request."""
    raw = connection.connection
    if plan.prepared_on is raw:
        return
    with raw.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [plan.statement])
        if cursor.fetchone() is None:
            cursor.execute(f"PREPARE {plan.statement} AS {_numbered(plan.sql)}")
    plan.prepared_on = raw


def _numbered(sql: str) -> str:
    """Django's SQL with its parameters numbered as PREPARE wants them ($1, $2…)."""
    count = iter(range(1, 1_000_000))
    return re.sub(r"%%|%s", lambda m: "%" if m.group() == "%%" else f"${next(count)}", sql)


_NAMES = itertools.count(1)  # each compiled shape's own statement name, in this process


class Prepared:
    """``build(*values)`` is the queryset for those values (ints, strings, dates or aware
    datetimes, each used once). ``first(*values)`` is what ``build(*values).first()``
    would give, as the queryset orders it."""

    def __init__(self, build, *kinds: type, using: str = "default"):
        self._build, self._kinds, self._using = build, kinds, using
        self._local = threading.local()

    def first(self, *values):
        """What ``build(*values).first()`` gives (in the queryset's own order)."""
        plan = self._plan(one=True)
        if plan is None:
            return self._build(*values).first()
        found = self._run(plan, values)
        return found[0] if found else None

    def all(self, *values) -> list:
        """What ``list(build(*values))`` gives."""
        plan = self._plan(one=False)
        if plan is None:
            return list(self._build(*values))
        return self._run(plan, values)

    def _run(self, plan: _Plan, values) -> list:
        params = list(plan.params)
        for position, argument in plan.slots:
            params[position] = plan.adapters[argument](values[argument])
        connection = connections[self._using]
        with connection.cursor() as cursor:
            if plan.statement:
                _prepare(connection, plan)
                cursor.execute(plan.execute, params)
            else:
                cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        return [self._instance(plan, row) for row in plan.compiler.results_iter(results=[rows])]

    def _instance(self, plan: _Plan, row):
        model = plan.compiler.klass_info["model"]
        obj = model.from_db(
            self._using, plan.init_list, row[plan.start : plan.end], fetch_mode=plan.fetch_mode
        )
        for populator in plan.populators:
            populator.populate(row, obj)
        for name, position in plan.annotations.items():
            setattr(obj, name, row[position])
        return obj

    def _plan(self, *, one: bool) -> _Plan | None:
        plans = self._local.__dict__.setdefault("plans", {})
        if one not in plans:
            plans[one] = self._compile(one=one)
        return plans[one]

    def _compile(self, *, one: bool) -> _Plan | None:
        stand_ins = [_STAND_IN[kind](i) for i, kind in enumerate(self._kinds)]
        queryset = self._build(*stand_ins)
        if one:
            queryset = queryset if queryset.ordered else queryset.order_by("pk")
            queryset = queryset[:1]
        connection = connections[self._using]
        fetch_mode = queryset._fetch_mode
        if queryset._known_related_objects or fetch_mode.track_peers:
            return None  # what ModelIterable does beyond this: left to it
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        adapters = [_adapter(connection.ops, kind) for kind in self._kinds]
        slots = []
        for argument, stand_in in enumerate(stand_ins):
            held = adapters[argument](stand_in)
            where = [i for i, param in enumerate(params) if param == held]
            if len(where) != 1:
                return None
            slots.append((where[0], argument))
        info = compiler.klass_info
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        statement = None
        if connection.vendor == "postgresql":
            statement = f"lotrinh_prepared_{next(_NAMES)}"
        return _Plan(
            sql=sql,
            params=list(params),
            slots=slots,
            adapters=adapters,
            compiler=compiler,
            start=start,
            end=end,
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            populators=get_related_populators(info, compiler.select, self._using, fetch_mode),
            annotations=compiler.annotation_col_map or {},
            fetch_mode=fetch_mode,
            statement=statement,
            execute=f"EXECUTE {statement}({', '.join(['%s'] * len(params))})",
        )
