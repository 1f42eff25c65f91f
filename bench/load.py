"""Load test: the pages people wait for, under 1 and 10 concurrent users, against gunicorn
and PostgreSQL on loopback, with ``seed_scale`` data (issue 15's table).

    make bench-load                                   # 300 wards × 3 years, 15 s a row
    .venv/bin/python bench/load.py --wards 3321 --provinces 34 --years 5 --seconds 20
    make bench-load BENCH_ARGS="--seconds 5"

The database (``DATABASE_URL``, by default postgres://postgres@127.0.0.1:5432/lotrinh_load)
is created and filled on the first run and kept for the next (``--fresh`` starts again).
gunicorn runs the production settings (DEBUG off) with ``--workers`` sync workers; each
simulated user is a thread that asks for its page again as soon as the last answer came
(a closed loop), signed in with a session made for the city's staff, leadership or a ward's
secretary. For each page it prints p50 / p95 / p99 latency, requests per second, errors,
the page's size, its SQL queries computed afresh / kept by the live cache (``reports.live``)
and the time it takes computed afresh ("cold ms": the first visit after a write), these
last two measured in this process through Django's test client; and writes the lot as
JSON next to this file (``load-results.json``). The loop writes nothing: the pages served
are those kept since their first visit, as between two writes in real use.
"""

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lotrinh_load")
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
}
os.environ.update({k: v for k, v in SERVER_ENV.items() if k not in os.environ})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

#: issue 15's targets at 300 wards (p95 of 10 users, ms)
TARGETS = {
    "progress page, city": 150,
    "home, staff": 150,
    "home, leadership": 150,
    "home, secretary": 150,
    "JSON progress API": 100,
    "review inbox": 100,
    "ward table of the month": 100,
}


def ensure_database(url: str) -> None:
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        return
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"] or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()


def prepare(args):
    """The data (seed_scale, once) and who asks for what."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import reverse

    from organizations.models import Unit, User
    from plans.models import Plan
    from reports import scale

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production serves the manifest
    tag = scale.marker(args.seed)
    union = Unit.objects.filter(parent=None, name__endswith=f"({tag})").order_by("pk").first()
    if union is None:
        started = time.monotonic()
        built = scale.build(
            wards=args.wards, provinces=args.provinces, years=args.years, seed=args.seed
        )
        print(
            f"seed_scale: {built.wards:,} wards, {built.reports:,} reports "
            f"in {time.monotonic() - started:.0f} s"
        )
        union = built.unions[0]
    wards = union.children.count()
    plan = Plan.objects.filter(issuing_unit=union).order_by("-starts_on").first()

    def session(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = next(  # as a password sign-in would (axes aside)
            b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower()
        )
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    staff = User.objects.get(unit=union, role=User.Role.STAFF)
    leader = User.objects.get(unit=union, role=User.Role.LEADERSHIP)
    secretary = User.objects.filter(unit__parent=union, role=User.Role.SECRETARY).first()
    who = {"staff": staff, "leader": leader, "secretary": secretary}
    pages = {
        "progress page, city": ("leader", reverse("plans:progress", args=[plan.pk])),
        "home, staff": ("staff", reverse("home")),
        "home, leadership": ("leader", reverse("home")),
        "home, secretary": ("secretary", reverse("home")),
        "JSON progress API": ("leader", f"/api/plans/{plan.pk}/progress"),
        "review inbox": ("staff", reverse("reports:inbox")),
        "ward table of the month": ("staff", reverse("reports:home")),
    }
    sessions = {name: session(user) for name, user in who.items()}
    queries = count_queries(pages, who)
    return union, wards, pages, sessions, queries, who


def count_queries(pages, who) -> dict[str, dict]:
    """Each page in this process, through Django's test client: computed afresh (the live
    cache emptied first: what the first visit after a write costs), its queries and the
    median of three times; then kept (``reports.live``: asked again, nothing written)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for name, (role, url) in pages.items():
        client = Client()
        client.force_login(who[role])
        client.get(url)
        times = []
        for _ in range(3):
            cache.clear()
            with CaptureQueriesContext(connection) as cold:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as kept:
            client.get(url)
        counted[name] = {
            "cold_queries": len(cold),
            "cold_ms": statistics.median(times),
            "kept_queries": len(kept),
        }
    return counted


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run(url: str, cookie: str, users: int, seconds: float) -> dict:
    """``users`` threads asking for ``url`` in a closed loop for ``seconds``."""
    latencies, errors, sizes = [], [0], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user():
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    body = response.read()
                    ok = response.status == 200
            except OSError:
                ok, body = False, b""
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                    sizes.append(len(body))
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=user) for _ in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started

    def pct(p):
        if not latencies:
            return None
        return statistics.quantiles(latencies, n=100)[p - 1] if len(latencies) > 1 else latencies[0]

    return {
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "rps": len(latencies) / took,
        "requests": len(latencies),
        "errors": errors[0],
        "kb": (max(sizes) / 1024) if sizes else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wards", type=int, default=300)
    parser.add_argument("--provinces", type=int, default=1)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=15, help="per page and user count")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--output", default=str(ROOT / "bench" / "load-results.json"))
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    union, wards, pages, sessions, queries, _who = prepare(args)
    port = free_port()
    server = start_server(port, args.workers)
    results = []
    try:
        header = f"{'page':<26} {'users':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>6}"
        print(
            f"{union.name}: {wards} wards; gunicorn {args.workers} workers, {os.cpu_count()} cores"
        )
        print(header + f" {'errors':>6} {'KB':>6} {'queries':>7} {'cold ms':>7}")
        for name, (role, path) in pages.items():
            url = f"http://127.0.0.1:{port}{path}"
            run(url, sessions[role], 1, 1)  # warm the workers
            for users in args.users:
                r = run(url, sessions[role], users, args.seconds)
                r |= {"page": name, "users": users, **queries[name]}
                results.append(r)

                def ms(v):
                    return f"{v:7.0f}" if v is not None else "      –"

                print(
                    f"{name:<26} {users:>5} {ms(r['p50'])} {ms(r['p95'])} {ms(r['p99'])} "
                    f"{r['rps']:6.1f} {r['errors']:>6} {r['kb'] or 0:6.0f} "
                    f"{r['cold_queries']:>3}/{r['kept_queries']:<3} {r['cold_ms']:7.0f}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    missed = [
        r["page"]
        for r in results
        if r["users"] == 10 and r["page"] in TARGETS and (r["p95"] or 1e9) > TARGETS[r["page"]]
    ]
    Path(args.output).write_text(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "database": os.environ["DATABASE_URL"].split("@")[-1],
                "wards": wards,
                "workers": args.workers,
                "results": results,
                "targets_p95_10_users_ms": TARGETS,
                "missed": missed,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written to {args.output}")
    if missed:
        print("over target (p95, 10 users): " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
