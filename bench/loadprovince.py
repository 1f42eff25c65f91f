"""How long loading the country's official list and the demo takes, against targets.

`loadprovince --all` (34 provinces and cities, 3,321 wards, communes and special zones) into
an empty tree, then again as a dry run (it must find nothing to change); then `loaddemo
--accounts` into an empty database (the 2024 districts, the city's 168 wards with their
plan and a year of reports), then again (nothing changes). Each is rolled back afterwards.

    make bench                                   # with the progress bench, on SQLite
    .venv/bin/python bench/loadprovince.py       # this one alone
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotrinh_bench .venv/bin/python \\
        bench/loadprovince.py                    # on PostgreSQL (created if missing)
"""

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

# What an operator waits for at most (seconds), on the 2-core machine of the project.
TARGETS = {"loadprovince --all": 60.0, "loaddemo": 60.0}


def timed(*args, **options) -> tuple[float, str]:
    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    call_command(*args, stdout=out, **options)
    return time.perf_counter() - started, out.getvalue()


def ensure_database() -> None:
    """On PostgreSQL, creates the database named by DATABASE_URL if it is missing."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    connection.close()


def main() -> int:
    ensure_database()
    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection, transaction

    from organizations.models import Unit
    from reports.models import MonthlyReport

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    failed = False

    # Each in its own transaction, rolled back: the next starts from the shipped rows alone.
    with transaction.atomic():
        seconds, _out = timed("loadprovince", all=True)
        again, out_again = timed("loadprovince", all=True, dry_run=True)
        units = Unit.objects.count()
        transaction.set_rollback(True)
    print(f"loadprovince --all: {seconds:.1f} s for {units:,} units; again: {again:.1f} s")
    failed |= units != 34 + 3321 or "Nothing to change" not in out_again
    failed |= seconds > TARGETS["loadprovince --all"]

    with transaction.atomic():
        seconds, _out = timed("loaddemo", accounts=True)
        reports = MonthlyReport.objects.count()
        again, _out = timed("loaddemo", accounts=True)
        same = MonthlyReport.objects.count() == reports
        transaction.set_rollback(True)
    print(f"loaddemo: {seconds:.1f} s for {reports:,} reports; again: {again:.1f} s")
    failed |= not same or seconds > TARGETS["loaddemo"]

    print("targets (s): " + ", ".join(f"{k} ≤ {v}" for k, v in TARGETS.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
