"""Thirty-three ward secretaries pressing "Submit" in the same instant, on an SQLite file.

Not a test module: ``tests/reports/test_sqlite_burst.py`` runs it in a process of its own,
``python -m tests.reports.sqlite_burst FILE [--without-options]``, so that the settings
module reads a DATABASE_URL naming that file, exactly as an installation on the embedded
default does. It migrates the file, gives each ward a secretary signed in on a client of
their own, and lets them all post their March page with "Submit" at once, each thread on
its own connection. It prints one JSON object: per ward, the answer's status code or the
error that came out of the request.

``--without-options`` sets the database's OPTIONS back to {} (SQLite's and Python's
defaults: deferred transactions, a 5-second busy timeout, a rollback journal), to show
what the app's own options prevent.
"""

import json
import os
import sys
import threading

WARDS = 33
WAIT = 60  # seconds: a thread still running by then is reported as stuck


def main(path: str, *, without_options: bool) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    from django.conf import settings

    if without_options:  # before django.setup(): no connection has been made yet
        settings.DATABASES["default"]["OPTIONS"] = {}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # quick

    import logging

    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # the errors are reported below, not as log noise

    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # ALLOWED_HOSTS gets "testserver", as in the test suite
    call_command("migrate", verbosity=0)

    from organizations.models import User
    from plans.models import Plan
    from tests.factories import (
        PlanFactory,
        UnitFactory,
        UnitKindFactory,
        UserFactory,
        small_roadmap,
    )
    from tests.reports.test_concurrency import edit_url, page_form

    city = UnitFactory(kind=UnitKindFactory(name="Thành Đoàn"), name="Thành Đoàn TP. HCM")
    district = UnitFactory(
        parent=city, kind=UnitKindFactory(name="Quận Đoàn"), name="Quận Đoàn Bình Tân"
    )
    plan = PlanFactory(issuing_unit=district)
    small_roadmap(plan)
    plan.status = Plan.Status.ISSUED
    plan.save()
    wards = [UnitFactory(parent=district, name=f"Đoàn phường Số {n}") for n in range(WARDS)]
    clients = []
    for ward in wards:
        client = Client()
        client.force_login(
            UserFactory(username=f"bithu.{ward.slug}", unit=ward, role=User.Role.SECRETARY)
        )
        clients.append(client)
    connections.close_all()

    barrier = threading.Barrier(WARDS)
    outcomes: dict[str, str] = {}

    def press_submit(n: int) -> None:
        try:
            connections["default"].ensure_connection()  # connected first: the barrier is the start
            barrier.wait(timeout=WAIT)
            response = clients[n].post(edit_url(wards[n]), page_form(n, submit="1"))
            outcomes[wards[n].name] = str(response.status_code)
        except BaseException as error:  # every failure is reported to the test
            outcomes[wards[n].name] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press_submit, args=(n,)) for n in range(WARDS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    for ward, thread in zip(wards, threads, strict=True):
        if thread.is_alive():
            outcomes.setdefault(ward.name, "still running")

    from reports.models import MonthlyReport

    submitted = MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED).count()
    return {"outcomes": outcomes, "submitted": submitted}


if __name__ == "__main__":
    result = main(sys.argv[1], without_options="--without-options" in sys.argv[2:])
    print(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)  # threads stuck on a lock must not keep the process alive
