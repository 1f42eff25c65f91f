"""Load test: the pages people wait for, under 1 and 10 concurrent users, against gunicorn
and PostgreSQL on loopback, with ``seed_scale`` data (issue 15's table).

    make bench-load                                   # 300 wards × 3 years, 15 s a row
    .venv/bin/python bench/load.py --wards 3321 --provinces 34 --years 5 --seconds 20
    make bench-load BENCH_ARGS="--seconds 5"
    .venv/bin/python bench/load.py --bursts 5         # only the 50-at-once bursts, 5 times

The database (``DATABASE_URL``, by default postgres://postgres@127.0.0.1:5432/lotrinh_load)
is created and filled on the first run and kept for the next (``--fresh`` starts again).
gunicorn runs the production settings (DEBUG off) with ``--workers`` sync workers; each
simulated user is a thread that asks for its page again as soon as the last answer came
(a closed loop), signed in with a session made for the city's staff, leadership or a ward's
secretary. For each page it prints p50 / p95 / p99 latency, requests per second, errors,
the page's size, its SQL queries computed afresh / kept by the live cache (``reports.live``)
and the time it takes computed afresh ("cold ms": the first visit after a write), these
last two measured in this process through Django's test client; and writes the lot as
JSON next to this file (``load-results.json``). The loop itself writes nothing: the pages
served are those kept since their first visit, as between two writes in real use; a third
row for each page ("10+w") runs the loop again while a ward's report is submitted or
returned every second (``--write-every``), each write making every page compute afresh.
Then 50 wards' secretaries submit their reports at the same moment through the report
form, twice (their reports returned between): the second burst is the one timed against
the target, as every page above is asked once before its loop; beside it, the same 50
ask at once for the cheapest page a signed-in person gets (what any request costs here:
the floor under the submission's figure). Last, the whole tree's Excel and PDF files are
built as the task worker builds them.
"""

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from decimal import Decimal
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
#: at the country's size (more than one province): twice those
NATIONAL_TARGETS = {page: 2 * most for page, most in TARGETS.items()}
#: 50 wards submitting at once (p95, ms), and the files of the whole tree (seconds): a
#: city's, and a province's in the country's run
SUBMISSION_P95_MS = 300
FILE_SECONDS = {"xlsx": 3, "pdf": 5}
NATIONAL_FILE_SECONDS = {"xlsx": 5, "pdf": 10}


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
    _vacuum_analyze()
    wards = union.children.count()
    plan = Plan.objects.filter(issuing_unit=union).order_by("-starts_on").first()

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


def _vacuum_analyze() -> None:
    """What autovacuum does on a production server, done before each run: the planner's
    statistics of the tables as filled (seed_scale writes them in bulk) and the dead rows
    of the last run's writes cleared. A server may run with autovacuum off (this
    machine's does): without it, no table here was ever analyzed, and the planner guessed."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def session(user) -> str:
    """A signed-in session for ``user``, as a password sign-in would make it (axes aside)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower()
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


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


SERVER_PID: list[int] = []  # gunicorn's master, once started: its children are the workers


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
    SERVER_PID[:] = [server.pid]
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run(url: str, cookie: str, users: int, seconds: float, write=None, every=1.0) -> dict:
    """``users`` threads asking for ``url`` in a closed loop for ``seconds``; given
    ``write``, another thread calls it every ``every`` seconds meanwhile."""
    latencies, errors, sizes = [], [0], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    writes = [0]

    def writer():
        from django.db import connection

        try:
            while time.monotonic() + every < deadline:
                time.sleep(every)
                write()
                writes[0] += 1
        finally:
            connection.close()

    def user():
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, body = fetch(request)
                ok = status == 200
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
    if write is not None:
        threads.append(threading.Thread(target=writer))
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
        "writes": writes[0],
    }


def form_fields(html: str, form_id: str, button: str) -> list[tuple[str, str]]:
    """What a browser sends of the form ``form_id`` when ``button`` is pressed (WebTest's
    reading of the form, files aside)."""
    from types import SimpleNamespace

    from bs4 import BeautifulSoup
    from webtest.forms import Form

    page = BeautifulSoup(html, "html.parser")
    form = Form(SimpleNamespace(html=page), str(page.find("form", id=form_id)))
    return [(k, v) for k, v in form.submit_fields(button) if isinstance(v, str)]


def fetch(request: urllib.request.Request) -> tuple[int, bytes]:
    """Sends one request on a connection of its own, as a phone's first request would, and
    reads the answer (redirects are answers, not followed): its status and body. Sent with
    http.client rather than urllib's opener (its handlers, an exception for a redirect):
    the client shares this machine's two cores with the server it measures, and should
    take as little of them as it can."""
    url = urllib.parse.urlsplit(request.full_url)
    headers = dict(request.header_items())
    if request.data is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        path = url.path + (f"?{url.query}" if url.query else "")
        connection.request(request.get_method(), path, body=request.data, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def at_once(requests: list[urllib.request.Request]) -> tuple[list[float], list[str]]:
    """Sends every request at the same moment, each from its own thread, redirects not
    followed: the latency of each (ms, sorted) and what failed (a redirect is an answer)."""
    barrier = threading.Barrier(len(requests))
    latencies, failures = [], []
    lock = threading.Lock()

    def send(request):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        started = time.perf_counter()
        try:
            status, _body = fetch(request)
            if status not in (200, 301, 302):
                with lock:
                    failures.append(f"HTTP {status}")
        except OSError as error:
            with lock:
                failures.append(repr(error))
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=send, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), failures


def cpu_seconds() -> dict[str, float]:
    """CPU time used so far (user + system, s) by gunicorn's workers, by PostgreSQL's
    processes and by this client, read from /proc: taken before and after a burst, what
    each of them spent on it. Empty where /proc is not there."""
    if not SERVER_PID or not Path("/proc/self/stat").exists():
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    used = {"workers": 0.0, "postgres": 0.0}
    master = str(SERVER_PID[0])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if fields[1] == master:
            used["workers"] += seconds
        elif name == "postgres":
            used["postgres"] += seconds
    own = os.times()
    return used | {"client": own.user + own.system}


def cpu_per_request(before: dict, after: dict, requests: int) -> dict[str, float]:
    """What each request of a burst cost (ms of CPU) in the workers, PostgreSQL and here."""
    if not before or not after or not requests:
        return {}
    return {k: round((after[k] - before[k]) * 1000 / requests, 2) for k in before}


def _spread(latencies: list[float]) -> dict:
    return {
        "p50": statistics.median(latencies) if latencies else None,
        "p95": statistics.quantiles(latencies, n=100)[94] if len(latencies) > 1 else None,
        "max": latencies[-1] if latencies else None,
    }


def _last_month_secretaries(count: int):
    from django.utils import timezone

    from organizations.models import User
    from reports.models import MonthlyReport
    from reports.schedule import previous_month

    month = previous_month(timezone.localdate().replace(day=1))
    taken = MonthlyReport.objects.filter(
        month=month, status__in=[MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.ACCEPTED]
    ).values("unit_id")
    secretaries = list(
        User.objects.filter(role=User.Role.SECRETARY, unit__parent__parent=None)
        .exclude(unit_id__in=taken)
        .select_related("unit", "unit__parent")
        .order_by("unit__name")[:count]
    )
    return month, [s for s in secretaries if s.unit.owes_report_of(month)]


def typed_counts(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The form's fields with a number typed in every count, each other than the one the
    page showed (or blank): a submission writes the counts, their history and their
    figures, as when a secretary types them and submits at once."""
    return [
        (name, str(int(Decimal(value or 0)) % 40 + 1) if name.startswith("m-") else value)
        for name, value in fields
    ]


def submission_burst(port: int, count: int) -> dict:
    """``count`` wards' secretaries submit their report of last month at the same moment,
    each through its page as a browser would (the form read, every count typed anew
    (``typed_counts``), then posted back with "Submit", as a plain form: the page's
    script posts it so when no file is chosen, ``static/js/light-post.js``); then each
    submitted report is returned (``report_return``), so that the next run finds them
    editable again. The latency of the posts (the redirect that answers them is not
    followed), and how many failed."""
    from django.urls import reverse

    from organizations.models import User
    from reports import services
    from reports.models import MonthlyReport

    month, secretaries = _last_month_secretaries(count)
    posts, failures = [], []
    for user in secretaries:
        url = f"http://127.0.0.1:{port}" + reverse(
            "reports:edit", args=[user.unit_id, month.year, month.month]
        )
        cookie = f"sessionid={session(user)}"
        try:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=60) as response:
                fields = form_fields(response.read().decode(), "report-form", "submit")
                sent = response.headers.get_all("Set-Cookie") or []
        except OSError as error:  # counted, not raised
            failures.append(repr(error))
            continue
        token = next(c.split(";")[0] for c in sent if c.startswith("csrftoken="))
        body = urllib.parse.urlencode(typed_counts(fields)).encode()
        posts.append(
            urllib.request.Request(url, data=body, headers={"Cookie": f"{cookie}; {token}"})
        )
    before = cpu_seconds()
    latencies, failed = at_once(posts)
    cpu = cpu_per_request(before, cpu_seconds(), len(posts))
    failures += failed
    submitted = list(
        MonthlyReport.objects.filter(
            month=month,
            unit__in=[u.unit_id for u in secretaries],
            status=MonthlyReport.Status.SUBMITTED,
        ).select_related("unit")
    )
    staff = {}
    for report in submitted:  # made editable again for the next run
        parent = report.unit.parent_id
        staff[parent] = (
            staff.get(parent) or User.objects.filter(unit_id=parent, role=User.Role.STAFF).first()
        )
        services.report_return(report=report, user=staff[parent], comment="bench/load.py")
    return {
        "wards": len(secretaries),
        "submitted": len(submitted),
        **_spread(latencies),
        "errors": len(secretaries) - len(submitted),
        "failures": failures[:5],
        "cpu_ms": cpu,
    }


def floor_burst(port: int, count: int) -> dict:
    """The same secretaries, at the same moment, each asking for the cheapest page a
    signed-in person gets: the form of a month already accepted, which only looks the
    session, the person, the unit and the report up, then redirects to the report. What
    any signed-in request costs on this machine, for ``submission_burst`` to be read
    against."""
    from django.urls import reverse

    from reports.models import MonthlyReport

    _month, secretaries = _last_month_secretaries(count)
    accepted = {
        r.unit_id: r.month
        for r in MonthlyReport.objects.filter(
            unit__in=[u.unit_id for u in secretaries], status=MonthlyReport.Status.ACCEPTED
        )
    }
    requests = [
        urllib.request.Request(
            f"http://127.0.0.1:{port}"
            + reverse("reports:edit", args=[u.unit_id, month.year, month.month]),
            headers={"Cookie": f"sessionid={session(u)}"},
        )
        for u in secretaries
        if (month := accepted.get(u.unit_id))
    ]
    at_once(requests)  # once to warm every worker's path
    before = cpu_seconds()
    latencies, failures = at_once(requests)
    cpu = cpu_per_request(before, cpu_seconds(), len(requests))
    return {
        "requests": len(requests),
        **_spread(latencies),
        "errors": len(failures),
        "cpu_ms": cpu,
    }


def report_toggle(union):
    """A write for ``run``: one ward's report of last month submitted, then returned, then
    submitted again… through the services, as its pages would; each changes what the
    city's pages show (what waits for review, the figures with pending reports)."""
    from django.utils import timezone

    from organizations.models import User
    from reports import services
    from reports.models import MonthlyReport
    from reports.schedule import previous_month

    month = previous_month(timezone.localdate().replace(day=1))
    secretary = (
        User.objects.filter(role=User.Role.SECRETARY, unit__parent=union)
        .exclude(unit__reports__month=month, unit__reports__status=MonthlyReport.Status.ACCEPTED)
        .select_related("unit")
        .order_by("-unit__name")
        .first()
    )
    staff = User.objects.get(unit=union, role=User.Role.STAFF)

    def write():
        report = services.report_open(unit=secretary.unit, month=month)
        if report.status == MonthlyReport.Status.SUBMITTED:
            services.report_return(report=report, user=staff, comment="bench/load.py")
        else:
            services.report_submit(report=report, user=secretary)

    return write


def file_times(plan, user, formats=("xlsx", "pdf")) -> dict[str, float]:
    """What the task worker spends building the whole tree's Excel workbook and PDF
    report (``exports.progress_file``, as ``build_export`` calls it), in seconds."""
    import logging

    from django.utils import timezone

    from reports import exports
    from reports.filters import ProgressFilterForm

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetting notes
    times = {}
    for fmt in formats:
        started = time.perf_counter()
        filters = ProgressFilterForm(None, plan=plan, user=user, today=timezone.localdate())
        exports.progress_file(plan=plan, figures=filters.figures(), fmt=fmt)
        times[fmt] = time.perf_counter() - started
    return times


def compare(results: list[dict], earlier: dict) -> None:
    """Each page's cost here against the same page of an earlier run (issue 15: at most
    twice it at the country's size): afresh (in-process) and kept (one user, p50), and
    whether its queries are the same."""
    before = {(r["page"], r["users"]): r for r in earlier["results"]}
    print(f"against {earlier['wards']} wards ({earlier['date']}):")
    for r in results:
        old = before.get((r["page"], r["users"]))
        if r["users"] != 1 or old is None:
            continue
        print(
            f"  {r['page']:<26} afresh {r['cold_ms']:6.0f} / {old['cold_ms']:6.0f} ms "
            f"= {r['cold_ms'] / old['cold_ms']:4.1f}×, kept p50 {r['p50']:4.0f} / "
            f"{old['p50']:4.0f} ms = {r['p50'] / old['p50']:4.1f}×, queries "
            f"{r['cold_queries']}/{r['kept_queries']} against "
            f"{old['cold_queries']}/{old['kept_queries']}"
        )


def _cpu(burst: dict) -> str:
    cpu = burst.get("cpu_ms") or {}
    return " / ".join(f"{cpu[k]:.1f} {k}" for k in ("workers", "postgres", "client") if k in cpu)


def bursts(port: int, count: int, times: int) -> int:
    """``floor_burst`` and ``submission_burst``, ``times`` times in a row: their spread over
    an hour of this machine, without the pages' rows before them."""
    for _ in range(times):
        floor, burst = floor_burst(port, count), submission_burst(port, count)
        print(
            f"cheapest page p95 {floor['p95'] or 0:.0f} ms; submission p50 {burst['p50'] or 0:.0f}"
            f" ms, p95 {burst['p95'] or 0:.0f} ms, max {burst['max'] or 0:.0f} ms,"
            f" {burst['errors']} errors; CPU a request (ms): cheapest {_cpu(floor)},"
            f" submission {_cpu(burst)}",
            flush=True,
        )
    return 0


def main() -> int:
    import django

    django.setup()
    from reports.scale import add_size_arguments

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_size_arguments(parser)
    parser.add_argument("--seconds", type=float, default=15, help="per page and user count")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--submitters", type=int, default=50, help="wards submitting at once")
    parser.add_argument(
        "--write-every",
        type=float,
        default=1.0,
        help="seconds between writes in the extra row of the most users (0: no such row)",
    )
    parser.add_argument(
        "--compare", help="an earlier run's JSON (e.g. 300 wards): each page's time beside it"
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "load-results.json"))
    parser.add_argument(
        "--bursts",
        type=int,
        default=0,
        help="only the cheapest page and the submission, 50 at once, this many times in a row",
    )
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    union, wards, pages, sessions, queries, who = prepare(args)
    write = report_toggle(union)
    port = free_port()
    server = start_server(port, args.workers)
    if args.bursts:
        try:
            return bursts(port, args.submitters, args.bursts)
        finally:
            server.terminate()
            server.wait(timeout=30)
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
                rows = [(users, r)]
                if args.write_every and users == max(args.users):
                    w = run(url, sessions[role], users, args.seconds, write, args.write_every)
                    w |= {"page": name, "users": users, "with_writes": True, **queries[name]}
                    results.append(w)
                    rows.append((f"{users}+w", w))

                def ms(v):
                    return f"{v:7.0f}" if v is not None else "      –"

                for label, r in rows:
                    print(
                        f"{name:<26} {label:>5} {ms(r['p50'])} {ms(r['p95'])} {ms(r['p99'])} "
                        f"{r['rps']:6.1f} {r['errors']:>6} {r['kb'] or 0:6.0f} "
                        f"{r['cold_queries']:>3}/{r['kept_queries']:<3} {r['cold_ms']:7.0f}"
                    )
        floor = floor_burst(port, args.submitters)
        print(
            f"the cheapest signed-in page, {floor['requests']} at once: "
            f"p50 {floor['p50'] or 0:.0f} ms, p95 {floor['p95'] or 0:.0f} ms; "
            f"CPU a request (ms): {_cpu(floor)}"
        )
        # Twice, as every row above is asked once before it is timed: the first burst is the
        # first post each worker (and its database connection) takes; the second is timed.
        first = submission_burst(port, args.submitters)
        burst = submission_burst(port, args.submitters)
        for label, b in (("first burst", first), ("timed", burst)):
            print(
                f"report submission, {b['wards']} wards at once ({label}): "
                f"p50 {b['p50'] or 0:.0f} ms, p95 {b['p95'] or 0:.0f} ms, "
                f"max {b['max'] or 0:.0f} ms, {b['submitted']} submitted, {b['errors']} errors"
                + (f" ({'; '.join(b['failures'])})" if b["failures"] else "")
                + f"; CPU a post (ms): {_cpu(b)}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    from plans.models import Plan

    plan = Plan.objects.filter(issuing_unit=union).order_by("-starts_on").first()
    files = file_times(plan, who["leader"])
    print(
        f"files of the whole tree, as the worker builds them: Excel {files['xlsx']:.1f} s, "
        f"PDF {files['pdf']:.1f} s"
    )
    national = args.provinces > 1
    targets = NATIONAL_TARGETS if national else TARGETS
    file_targets = NATIONAL_FILE_SECONDS if national else FILE_SECONDS
    missed = [
        r["page"]
        for r in results
        if r["users"] == 10
        and not r.get("with_writes")  # the targets are for the pages as read
        and r["page"] in targets
        and (r["p95"] or 1e9) > targets[r["page"]]
    ]
    missed = list(dict.fromkeys(missed))
    if first["errors"] or burst["errors"] or (burst["p95"] or 1e9) > SUBMISSION_P95_MS:
        missed.append("report submission")
    missed += [f"{fmt} file" for fmt, most in file_targets.items() if files[fmt] > most]
    Path(args.output).write_text(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "database": os.environ["DATABASE_URL"].split("@")[-1],
                "wards": wards,
                "workers": args.workers,
                "results": results,
                "submission": burst,
                "submission_first_burst": first,
                "signed_in_floor_at_once": floor,
                "file_seconds": files,
                "targets_submission_p95_ms": SUBMISSION_P95_MS,
                "targets_file_seconds": file_targets,
                "targets_p95_10_users_ms": targets,
                "missed": missed,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written to {args.output}")
    if args.compare:
        compare(results, json.loads(Path(args.compare).read_text()))
    if missed:
        print("over target: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
