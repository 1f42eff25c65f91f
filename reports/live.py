"""Pages computed once and kept until something they show changes: live, and cheap to
read again.

A page's heavy part (the progress page's tables and charts, a home page's panels, the
progress API's JSON) is kept in Django's cache under the **revision** it was computed at.
The revision is a set of numbers that database triggers change in the transaction of every
write to the tables pages read (units, people, plans, roadmaps, reports, figures...),
whatever makes the write: a service, the admin, a bulk update, a migration, raw SQL (a
write changes one number, of its group and, on PostgreSQL, of its connection's slot, so
that writers do not queue behind one row's lock). A page reads
the revision first, then its data: a write committed before the page read the revision is
in what it computed, and a write committed after changes the revision, so the next page
computes again. Nothing is ever shown from before the last committed write.

What depends on the clock rather than on the data (a report turning late at its due
moment, today's date) is kept only until the first moment it would change: every due
moment a computation looks at is noted (``changes_at``), and nothing is kept past the
next midnight, local time.
"""

import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone, translation

#: The apps whose tables pages read: a write to any of them changes the revision.
WATCHED_APPS = ("organizations", "plans", "targets", "results", "reports")
#: Their tables no page computation reads: who read which report version, reminders
#: sent, background files; the revision's own. Writing them keeps what is cached.
UNWATCHED_MODELS = {"reportseen", "remindersent", "exportjob", "revision"}
TABLE = "reports_revision"

#: The revision is kept in rows of two groups: what the units, plans and roadmaps are,
#: with the requests for results and their answers (``PLANS``: the apps organizations,
#: plans, targets and results, people aside), and the rest (the reports, and the people,
#: whose sign-ins write their row). A computation that reads only the first, such as what
#: a plan asks of a ward or which units' answers count in a month, is kept while reports
#: come in and people sign in (``kept(..., watching=PLANS)``).
PLANS, REPORTS = "plans", "reports"
_FIRST_ROW = {REPORTS: 1, PLANS: 101}
#: On PostgreSQL each group has this many rows and a write changes the row of its
#: connection's slot: two transactions writing at once do not wait for each other on one
#: row (a row's lock is held until commit); on SQLite, where writes take turns anyway,
#: each group has one row.
SLOTS = 64


def watched_tables(group: str | None = None) -> list[str]:
    """The tables whose writes change the revision (of ``group``, or of either): every
    model table of the watched apps (many-to-many tables included) but the unwatched ones
    and the history tables, which are written beside the tables they record."""
    tables = set()
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            name = model._meta.model_name
            if name in UNWATCHED_MODELS or name.startswith("historical"):
                continue
            if group is None or _group_of(model) == group:
                tables.add(model._meta.db_table)
    return sorted(tables)


def _group_of(model) -> str:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    people = model is user or (
        model._meta.auto_created and user in (f.related_model for f in model._meta.fields)
    )
    return REPORTS if model._meta.app_label == "reports" or people else PLANS


# A new number at random, not the last one plus one: a transaction rolled back after a
# page was kept under its number gives that number back, and a later write would take it
# again; a random 64-bit number is never taken twice in practice.
_PG_RANDOM = "(random() * 9.2e18)::bigint"
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION live_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (id, number)
    VALUES (TG_ARGV[0]::bigint + pg_backend_pid() % {SLOTS}, {_PG_RANDOM})
    ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number;
    RETURN NULL;
END $$
"""
_PG_TRIGGER = (
    'CREATE OR REPLACE TRIGGER live_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{t}"'
    " FOR EACH STATEMENT EXECUTE FUNCTION live_revision_bump('{row}')"
)
_SQLITE_TRIGGER = (
    'CREATE TRIGGER "live_{t}_{op}" AFTER {op} ON "{t}" BEGIN'
    f" INSERT INTO {TABLE} (id, number) VALUES ({{row}}, random())"
    " ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number; END"
)


def install_triggers(using: str = "default") -> list[str]:
    """Makes the triggers on every watched table (again: a table SQLite rebuilt in a
    migration lost its own); returns the tables. Run after every ``migrate``."""
    connection = connections[using]
    present = set(connection.introspection.table_names())
    if TABLE not in present:
        return []
    rows = {t: _FIRST_ROW[group] for group in _FIRST_ROW for t in watched_tables(group)}
    tables = [t for t in sorted(rows) if t in present]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                cursor.execute(_PG_TRIGGER.format(t=table, row=rows[table]))
        elif connection.vendor == "sqlite":
            for table in tables:
                for op in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "live_{table}_{op}"')
                    cursor.execute(_SQLITE_TRIGGER.format(t=table, op=op, row=rows[table]))
        else:  # pragma: no cover - the app runs on SQLite and PostgreSQL only
            raise NotImplementedError(connection.vendor)
    return tables


def drop_triggers(using: str = "default") -> None:
    """Takes every revision trigger away (the revision's migration, undone)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in triggered_tables(using):
                cursor.execute(f'DROP TRIGGER IF EXISTS live_revision ON "{table}"')
            cursor.execute("DROP FUNCTION IF EXISTS live_revision_bump()")
            return
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'live_%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def triggered_tables(using: str = "default") -> set[str]:
    """The tables that have the revision's trigger (for the test that none is missing)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers"
                " WHERE trigger_name = 'live_revision'"
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        found: dict[str, int] = {}
        for table, name in cursor.fetchall():
            if name.startswith(f"live_{table}_"):
                found[table] = found.get(table, 0) + 1
        return {table for table, count in found.items() if count == 3}


def revision(group: str | None = None, using: str = "default") -> str:
    """The revision now, of ``group`` (``PLANS``, ``REPORTS``) or of every watched table
    (one query): the numbers of its rows, read in one statement."""
    low, high = (1, 2 * _FIRST_ROW[PLANS]) if group is None else _group_rows(group)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT id, number FROM {TABLE} WHERE id BETWEEN %s AND %s ORDER BY id", [low, high]
        )
        rows = cursor.fetchall()
    return ".".join(f"{number:x}" for _id, number in rows)


def _group_rows(group: str) -> tuple[int, int]:
    first = _FIRST_ROW[group]
    return first, first + SLOTS - 1


@dataclass
class _Horizon:
    now: datetime
    until: datetime


_horizon: ContextVar[_Horizon | None] = ContextVar("live_horizon", default=None)


def changes_at(moments: Iterable[datetime]) -> None:
    """Tells the computation being kept that what it shows changes at these moments (due
    moments: a report not in by then turns missing); it is kept until the first of them
    still to come. Outside a kept computation, nothing."""
    horizon = _horizon.get()
    if horizon is None:
        return
    now, until = horizon.now, horizon.until
    for moment in moments:
        if now < moment < until:
            until = moment
    horizon.until = until


def next_midnight(now: datetime) -> datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime(tomorrow.year, tomorrow.month, tomorrow.day))


@dataclass
class _Kept:
    value: object
    until: datetime


def kept(name: str, parts: tuple, compute: Callable[[], object], *, watching: str | None = None):
    """What ``compute()`` returns, computed again only when the revision changed, the
    language changed, or a moment it noted passed. ``parts`` name everything else the
    result depends on (the plan, the person's unit and powers, the query string): two
    calls with the same name and parts must mean the same page. ``watching=PLANS``: the
    computation reads only the tables of units, plans, roadmaps and results, and is kept
    while reports change."""
    number = revision(watching)  # first: see the module's docstring
    now = timezone.now()
    digest = hashlib.sha256(repr((number, parts)).encode()).hexdigest()[:32]
    key = f"live:{name}:{translation.get_language()}:{digest}"
    entry = cache.get(key)
    if isinstance(entry, _Kept) and now < entry.until:
        changes_at([entry.until])  # a kept computation within another: the outer one's too
        return entry.value
    horizon = _Horizon(now=now, until=next_midnight(now))
    token = _horizon.set(horizon)
    try:
        value = compute()
    finally:
        _horizon.reset(token)
    changes_at([horizon.until])
    _refuse_per_request(value)
    seconds = (horizon.until - now).total_seconds()
    if seconds >= 1:
        cache.set(key, _Kept(value, horizon.until), timeout=int(seconds))
    return value


#: what only one response may carry: kept and shown to another, a form would be refused
#: (CSRF) and a script blocked (CSP)
_PER_REQUEST = ("csrfmiddlewaretoken", 'nonce="')


def _refuse_per_request(value) -> None:
    """A page kept must hold nothing of the request it was computed for."""
    texts = value if isinstance(value, tuple | list) else (value,)
    for text in texts:
        if isinstance(text, str) and any(mark in text for mark in _PER_REQUEST):
            raise ValueError("A kept page holds a CSRF token or a CSP nonce: render it outside.")


def access_of(user) -> tuple:
    """What decides what a person sees and may do, for ``kept``'s parts: their unit, role
    and whether they are a superuser (``for_user`` reads nothing else)."""
    return (user.unit_id, getattr(user, "role", ""), user.is_superuser, user.is_active)


def page_of(request) -> tuple:
    """``kept``'s parts for a page as this person asks for it: their access and the whole
    query string (its filters, search, sort and page), in a fixed order."""
    return (access_of(request.user), sorted(request.GET.lists()))
