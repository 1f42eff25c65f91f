"""Every main page, opened in Chromium by the people who use it, on a desktop and on a
phone: each renders without a browser error (a script or style refused by the
Content-Security-Policy, a missing static file), and each is photographed into
``e2e-screenshots/`` for people to look at."""

import pytest
from playwright.sync_api import expect

from plans.models import Plan
from reports.models import MonthlyReport

from .conftest import PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]


def pages_of(role: str) -> list[tuple[str, str]]:
    plan = Plan.objects.filter(issuing_unit__name="Quận Đoàn Bình Tân").order_by("pk").first()
    report = MonthlyReport.objects.filter(unit__name="Đoàn phường An Lạc").order_by("month").first()
    common = [
        ("home", "/"),
        ("plans", "/ke-hoach/"),
        ("plan", f"/ke-hoach/{plan.pk}/"),
        ("progress", f"/ke-hoach/{plan.pk}/tien-do/"),
        ("progress-quarter", f"/ke-hoach/{plan.pk}/tien-do/?ky=quy&quy=2024-2"),
        ("units", "/don-vi/"),
        ("registry", "/co-so/"),
        ("metrics", "/chi-tieu/"),
        ("my-files", "/bao-cao/tai-ve/"),
        ("notifications", "/thong-bao/"),
    ]
    extra = {
        "canbo.binhtan": [
            ("roadmap", f"/ke-hoach/{plan.pk}/lo-trinh/"),
            ("inbox", "/bao-cao/hop-thu/"),
            ("report", f"/bao-cao/{report.pk}/"),
            ("new-plan", "/ke-hoach/them/"),
        ],
        "bithu.an-lac": [("reports", "/bao-cao/"), ("report", f"/bao-cao/{report.pk}/")],
        "lanhdao.binhtan": [],
    }
    return common + extra[role]


@pytest.mark.parametrize("role", ["canbo.binhtan", "lanhdao.binhtan", "bithu.an-lac"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_main_pages_render_without_browser_errors(people, role, device):
    person = people(role, viewport=PHONE if device == "phone" else None)
    errors = []
    person.page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    person.page.on("pageerror", lambda e: errors.append(str(e)))
    for name, path in pages_of(role):
        response = person.page.goto(person.base_url + path)
        assert response.status == 200, (path, response.status)
        expect(person.page.locator("h1").first).to_be_visible()
        person.shot(f"{role}-{device}-{name}")
    assert errors == []


def test_on_a_phone_the_filters_fold_behind_a_button(people):
    """A secretary's phone shows the figures first; the period and unit choices open
    from one button, and choosing a quarter there changes what is counted."""
    plan = Plan.objects.filter(issuing_unit__name="Quận Đoàn Bình Tân").order_by("pk").first()
    person = people("bithu.an-lac", viewport=PHONE)
    page = person.go(f"/ke-hoach/{plan.pk}/tien-do/")
    expect(page.locator("#id_ky")).to_be_hidden()
    page.get_by_text("Đổi kỳ hoặc đơn vị").click()
    page.select_option("#id_ky", "quy")
    page.select_option("#id_quy", "2024-2")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("main .lead")).to_contain_text("Quý II/2024")
    expect(page.locator("#id_ky")).to_be_hidden()  # folded again over the new figures
    person.shot("bithu.an-lac-phone-progress-filters")


def test_on_a_phone_every_menu_entry_is_in_sight(people):
    person = people("canbo.binhtan", viewport=PHONE)
    links = person.go("/").locator("nav.site-nav a")
    assert links.count() == 8
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], links.nth(index)
