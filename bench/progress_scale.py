"""How the progress page and its files grow with the size of the tree.

A city with DISTRICTS districts and WARDS wards in all, each ward's reports of January to
March 2024 accepted (đoàn viên admitted each month, a chi đoàn founded in March), and a
city plan with a small roadmap. For that tree it measures, as the city's leadership:
the progress page (time and SQL queries), the Excel workbook and the PDF report built as
the worker builds them. The targets below are what the office can live with; the page's
query count must not move with the number of wards (the tests pin that too).

    make bench                      # 20 and 200 wards on a temporary SQLite file
    .venv/bin/python bench/progress_scale.py --wards 20 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotrinh_bench .venv/bin/python \\
        bench/progress_scale.py      # on PostgreSQL (the database is created if missing)
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

# What a user waits for at most (seconds); files above the in-request limit are built by
# the worker, so their targets are a worker's, not a request's.
TARGETS = {"page": 2.0, "xlsx": 10.0, "pdf": 60.0}


def build(wards: int, districts: int):
    from organizations.models import UnitKind, User
    from plans.models import Plan
    from tests.factories import PlanFactory, UnitFactory, UserFactory, monthly_report, small_roadmap

    district_kind = UnitKind.objects.get_or_create(name="Quận Đoàn")[0]
    city = UnitFactory(kind=UnitKind.objects.get_or_create(name="Thành Đoàn")[0], name="Thành Đoàn")
    leader = UserFactory(unit=city, role=User.Role.LEADERSHIP, username="bench.leader")
    staff = UserFactory(unit=city, role=User.Role.STAFF, username="bench.staff")
    plan = PlanFactory(issuing_unit=city)
    small_roadmap(plan)
    plan.status = Plan.Status.ISSUED
    plan.save()
    parents = [
        UnitFactory(parent=city, kind=district_kind, name=f"Quận Đoàn {d + 1}")
        for d in range(districts)
    ]
    for w in range(wards):
        ward = UnitFactory(parent=parents[w % districts], name=f"Đoàn phường {w + 1:03d}")
        secretary = UserFactory(unit=ward, username=f"bithu.{w}")
        for month in (1, 2, 3):
            monthly_report(
                ward,
                date(2024, month, 1),
                secretary,
                doan_vien=3,
                founded_on=date(2024, 3, 20) if month == 3 else None,
                staff=staff,
            )
    return plan, leader


def measure(plan, leader) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from reports import exports
    from reports.filters import ProgressFilterForm

    client = Client()
    client.force_login(leader)
    url = reverse("plans:progress", args=[plan.pk])
    client.get(url)  # warm caches (templates, translations)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    result = {"page": time.perf_counter() - started, "queries": len(queries)}
    figures = ProgressFilterForm(None, plan=plan, user=leader, today=date(2024, 4, 15)).figures()
    for fmt in ("xlsx", "pdf"):
        started = time.perf_counter()
        content, _name = exports.progress_file(plan=plan, figures=figures, fmt=fmt)
        result[fmt] = time.perf_counter() - started
        result[f"{fmt}_kb"] = len(content) // 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wards", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--districts", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection, transaction

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    columns = [("wards", 6), ("page s", 7), ("queries", 8), ("xlsx s", 7), ("xlsx KB", 8)]
    columns += [("pdf s", 7), ("pdf KB", 7)]
    print(" ".join(f"{name:>{width}}" for name, width in columns))
    failed = False
    for wards in args.wards:
        # Each size in its own transaction, rolled back: the next starts from empty.
        with transaction.atomic():
            plan, leader = build(wards, min(args.districts, wards))
            r = measure(plan, leader)
            transaction.set_rollback(True)
        slow = [k for k, limit in TARGETS.items() if r[k] > limit]
        failed |= bool(slow)
        print(
            f"{wards:>6} {r['page']:>7.2f} {r['queries']:>8} {r['xlsx']:>7.2f} "
            f"{r['xlsx_kb']:>8} {r['pdf']:>7.2f} {r['pdf_kb']:>7}"
            + (f"  over target: {', '.join(slow)}" if slow else "")
        )
    print("targets (s): " + ", ".join(f"{k} ≤ {v}" for k, v in TARGETS.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
