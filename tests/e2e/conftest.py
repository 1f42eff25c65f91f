"""End-to-end tests: Playwright drives Debian's Chromium (/usr/bin/chromium, which
`.ci/run` installs; nothing is downloaded) against the app served by pytest-django's live
server, with the demo data loaded. Each run writes screenshots of the pages it went
through to ``e2e-screenshots/`` (git-ignored), for people to look at."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test's thread; the test itself still
# talks to the database synchronously, as the live server's thread does.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "e2e-screenshots"
PASSWORD = "demo-password"
PHONE = {"width": 375, "height": 812}
# A phone as a real one presents itself: the page's <meta name="viewport"> is obeyed, and a
# page without one is laid out 980 px wide, as Chromium on a phone does.
PHONE_DEVICE = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(reason="Chromium is needed: apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture
def demo(transactional_db, shipped_data):
    """The demo district, with its accounts (password ``demo-password``)."""
    call_command("loaddemo", "--accounts", verbosity=0)


class Person:
    """One person at their own browser (their own cookies), signed in; with no username,
    a visitor who has not signed in. ``device`` sets other browser context options
    (``PHONE_DEVICE``)."""

    def __init__(self, browser, base_url: str, username: str | None, viewport=None, device=None):
        self.base_url, self.username = base_url, username
        self.context = browser.new_context(
            **{
                "viewport": viewport or {"width": 1280, "height": 900},
                "locale": "vi-VN",
                "timezone_id": "Asia/Ho_Chi_Minh",
                "accept_downloads": True,
                **(device or {}),
            }
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        if username is None:
            return
        self.page.goto(f"{base_url}/dang-nhap/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("main button[type=submit]").click()
        self.page.wait_for_url(f"{base_url}/")

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(exist_ok=True)
        safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
        self.page.screenshot(path=SHOTS / f"{safe}.png", full_page=True)


@pytest.fixture
def people(browser, live_server, demo):
    """Sign people in, each in their own browser context: ``people("canbo.binhtan")``."""
    opened = []

    def sign_in(username: str | None, viewport=None, device=None) -> Person:
        person = Person(browser, live_server.url, username, viewport, device)
        opened.append(person)
        return person

    yield sign_in
    for person in opened:
        person.context.close()
