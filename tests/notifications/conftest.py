"""People with addresses, a submitted report, and the pages as a browser without script
uses them (WebTest posts back the forms the page renders, buttons included)."""

from datetime import date

import pytest
import time_machine

from organizations.models import User
from reports import services as report_services

APRIL_5 = "2024-04-05 09:00 +07:00"
SITE_URL = "https://lotrinh.example.vn"
SECRETARY = "bithu.binh-tri-dong-b@example.org"  # Bình Trị Đông B's Bí thư
OTHER_SECRETARY = "bithu.an-lac@example.org"
STAFF = "canbo.binhtan@example.org"


@pytest.fixture
def people(tree, settings):
    """The tree's people, each with an address; links in e-mails start with SITE_URL."""
    settings.SITE_URL = SITE_URL
    for user, address in (
        (tree.secretary, SECRETARY),
        (tree.other_secretary, OTHER_SECRETARY),
        (tree.staff, STAFF),
        (tree.leader, "lanhdao.binhtan@example.org"),
    ):
        User.objects.filter(pk=user.pk).update(email=address)
        user.refresh_from_db()
    return tree


@pytest.fixture
def app(django_app):
    # Production cookies are HTTPS-only, so the pages are asked for over HTTPS.
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    with time_machine.travel(APRIL_5, tick=False):
        yield django_app


@pytest.fixture
def march(people):
    """Bình Trị Đông B's report of March 2024, submitted by its secretary on 04/04/2024."""
    report = report_services.report_open(unit=people.binh_tri_dong_b, month=date(2024, 3, 1))
    with time_machine.travel("2024-04-04 15:30 +07:00", tick=False):
        return report_services.report_submit(report=report, user=people.secretary)


def review_form(page, action: str):
    """The form of the report page that does ``action`` (accept, return, reopen)."""
    return next(form for form in page.forms.values() if form.action.endswith(f"/{action}/"))
