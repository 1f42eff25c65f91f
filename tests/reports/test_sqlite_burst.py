"""The deadline minute on the embedded default, SQLite: thirty-three wards press "Submit"
in the same instant, and every one of them is submitted.

SQLite lets one connection write at a time; with its default (deferred) transactions, two
that began by reading and then both want to write cannot wait for each other, and one
fails at once with "database is locked", an error page for a secretary at the deadline.
The app's options (config/settings.py) make writers queue instead. The test database of
the suite is in memory, shared by one process, where SQLite locks differently; so the
burst runs in a process of its own (tests/reports/sqlite_burst.py) against an SQLite file,
with the settings module reading DATABASE_URL as an installation does. It runs the same on
a PostgreSQL run of the suite.
"""

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WARDS = [f"Đoàn phường Số {n}" for n in range(33)]

pytestmark = pytest.mark.slow


def burst(tmp_path: Path, *flags: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.reports.sqlite_burst", str(tmp_path / "db.sqlite3"), *flags],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "ENV_FILE": os.devnull,  # a developer's .env must not leak in
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "tests-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_thirty_three_wards_submitting_in_the_same_instant_are_all_submitted(tmp_path):
    result = burst(tmp_path)
    assert result["outcomes"] == dict.fromkeys(WARDS, "302")  # each back on its report
    assert result["submitted"] == 33


def test_without_the_apps_options_the_same_burst_fails_with_database_is_locked(tmp_path):
    """The burst above is one that fails: on SQLite's defaults, most secretaries get an
    error page (in trials, 26 to 33 of the 33)."""
    result = burst(tmp_path, "--without-options")
    answers = collections.Counter(result["outcomes"].values())
    assert set(answers) <= {"302", "OperationalError: database is locked"}
    assert answers["OperationalError: database is locked"] > 0
