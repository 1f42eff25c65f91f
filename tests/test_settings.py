"""The settings module read in a fresh process, with only the environment given."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PRINT = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
    "s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ)"
)


OPTIONS = "import json; from django.conf import settings as s; "
OPTIONS += "print(json.dumps(s.DATABASES['default']['OPTIONS']))"


def run_settings(code: str = PRINT, **environment: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ENV_FILE": os.devnull,  # a developer's .env must not leak into these checks
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_debug_the_app_refuses_to_start_without_a_secret_key():
    result = run_settings(ALLOWED_HOSTS="lotrinh.example.vn")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_without_debug_the_app_refuses_to_start_without_allowed_hosts():
    result = run_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_debug_is_off_unless_set():
    result = run_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="lotrinh.example.vn")
    assert result.stdout.split()[0] == "False"


def test_by_default_the_data_lives_in_an_sqlite_file_in_the_project():
    result = run_settings(DEBUG="1")
    debug, engine, name, language, zone, use_tz = result.stdout.split()
    assert (debug, engine) == ("True", "django.db.backends.sqlite3")
    assert Path(name) == BASE_DIR / "db.sqlite3"
    assert (language, zone, use_tz) == ("vi", "Asia/Ho_Chi_Minh", "True")


def test_a_postgres_url_selects_postgresql():
    result = run_settings(DEBUG="1", DATABASE_URL="postgres://lotrinh@db.example:5432/lotrinh")
    _, engine, name, *_ = result.stdout.split()
    assert (engine, name) == ("django.db.backends.postgresql", "lotrinh")


def test_on_sqlite_writers_wait_their_turn_instead_of_failing():
    """A burst of saves queues for the one writer SQLite allows (tests/reports/
    test_sqlite_burst.py shows what happens otherwise)."""
    result = run_settings(OPTIONS, DEBUG="1")
    assert json.loads(result.stdout) == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    }


KEPT = "from django.conf import settings as s; d = s.DATABASES['default']; "
KEPT += "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"


def test_postgresql_connections_are_kept_between_requests_and_sqlite_ones_are_not():
    """Opening a PostgreSQL connection starts a server process (~10 ms, more than most
    pages' own work): each worker keeps its own, checked before reuse. An SQLite file
    opens in well under a millisecond. CONN_MAX_AGE says otherwise when set."""
    postgres = "postgres://lotrinh@db.example:5432/lotrinh"
    assert run_settings(KEPT, DEBUG="1", DATABASE_URL=postgres).stdout.split() == ["300", "True"]
    assert run_settings(KEPT, DEBUG="1").stdout.split() == ["0", "False"]
    closed = run_settings(KEPT, DEBUG="1", DATABASE_URL=postgres, CONN_MAX_AGE="0")
    assert closed.stdout.split() == ["0", "True"]


def test_options_written_in_an_sqlite_url_win():
    result = run_settings(
        OPTIONS, DEBUG="1", DATABASE_URL="sqlite:////tmp/lotrinh.sqlite3?timeout=60"
    )
    assert json.loads(result.stdout)["timeout"] == 60


def test_postgresql_gets_none_of_the_sqlite_options():
    result = run_settings(
        OPTIONS, DEBUG="1", DATABASE_URL="postgres://lotrinh@db.example:5432/lotrinh"
    )
    assert json.loads(result.stdout) == {}


def test_production_settings_pass_the_deployment_checklist():
    """`manage.py check --deploy` with only what README asks production to set (and before
    `collectstatic`): HTTPS redirect, HSTS, secure cookies, a long secret."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "ENV_FILE": os.devnull,
            "SECRET_KEY": "k3!" + "q8Zr#vT2@xL9" * 5,
            "ALLOWED_HOSTS": "lotrinh.example.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
