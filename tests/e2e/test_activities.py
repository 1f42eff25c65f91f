"""A plan's activities entered on a phone with the page's script: "Thêm dòng" adds a line
at once, a line added by mistake is removed, and what was typed is on the plan after
saving."""

import pytest
from playwright.sync_api import expect

from plans.models import Activity, Plan

from .conftest import PHONE_DEVICE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]


def test_staff_add_two_activities_at_once_and_remove_a_third_before_saving(people):
    plan = Plan.objects.get(title="Tổ chức Ngày Đoàn viên năm 2024")
    before = plan.activities.count()  # the demo's six, from seed 001
    staff = people("canbo.binhtan", device=PHONE_DEVICE)
    page = staff.go(f"/ke-hoach/{plan.pk}/muc/hoat-dong/")
    add = page.get_by_role("button", name="Thêm dòng")
    first_new = before  # the first empty line's index
    page.fill(f"[name=hoat-dong-{first_new}-title]", "Ra mắt Chi đoàn Công ty TNHH Bao bì")
    page.fill(f"[name=hoat-dong-{first_new}-starts_on]", "24/03/2024")
    page.fill(f"[name=hoat-dong-{first_new + 1}-title]", "Lễ kết nạp đoàn viên mới")
    page.fill(f"[name=hoat-dong-{first_new + 1}-starts_on]", "24/03/2024")
    page.select_option(f"[name=hoat-dong-{first_new + 1}-level]", label="Cấp cơ sở")
    add.click()  # a third line at once, the two typed ones kept
    third = f"[name=hoat-dong-{first_new + 2}-title]"
    expect(page.locator(third)).to_be_visible()
    expect(page.locator(f"[name=hoat-dong-{first_new}-title]")).to_have_value(
        "Ra mắt Chi đoàn Công ty TNHH Bao bì"
    )
    page.fill(third, "Dòng thêm nhầm")
    page.locator("[data-line]").last.get_by_role("button", name="Bỏ dòng này").click()
    expect(page.locator(third)).to_have_count(0)
    add.click()
    page.fill(f"[name=hoat-dong-{first_new + 2}-title]", "Hành trình về nguồn của Đoàn phường")
    page.fill(f"[name=hoat-dong-{first_new + 2}-starts_on]", "23/03/2024")
    page.fill(f"[name=hoat-dong-{first_new + 2}-ends_on]", "24/03/2024")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(f"**/ke-hoach/{plan.pk}/#hoat-dong")

    assert plan.activities.count() == before + 3
    added = Activity.objects.get(title="Hành trình về nguồn của Đoàn phường")
    assert added.when == "23/03/2024 đến 24/03/2024"
    expect(page.locator("#hoat-dong")).to_contain_text("Lễ kết nạp đoàn viên mới")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing sideways on a phone
