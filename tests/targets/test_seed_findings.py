"""The real plans as the demo loads them, checked: the software shows the paper's slips."""

import pytest

from organizations import demo as organizations_demo
from plans import demo as plans_demo
from plans.demo import TITLE_000
from plans.models import Plan
from targets.selectors import plan_findings, roadmap_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plans(db):
    organizations_demo.load(with_accounts=False)
    plans_demo.load()


def findings_of(plan: Plan):
    return plan_findings(plan, roadmap_of(plan.roadmap_versions.current()))


def test_seed_000_shows_exactly_the_two_slips_of_the_paper_plan(demo_plans):
    plan = Plan.objects.get(issuing_unit__name="Quận Đoàn Bình Tân", title=TITLE_000)
    found = findings_of(plan)
    assert sorted(f.code for f in found) == ["allocations-exceed", "conflicting-allocations"]
    by_code = {f.code: f.message for f in found}
    # III.2.2 asks every one of the 10 wards for 3 chi hội by Q III: 30, where the roadmap's
    # ward level has 7 + 9 + 5 = 21.
    assert by_code["allocations-exceed"] == (
        "Thành lập mới chi hội: Mục III.2.2 giao ít nhất 10 đơn vị × 3 = 30 chi hội đến hết "
        "Quý III/2024, nhiều hơn 21 theo lộ trình của cấp cơ sở: các mức tối thiểu "
        "này không thể cùng đạt được."
    )
    # II.4.3 says 2 chi hội per ward in the year, III.2.2 says 3 before Q III.
    assert by_code["conflicting-allocations"] == (
        "Thành lập mới chi hội: Mục III.2.2 giao 3 đến hết Quý III/2024, nhưng Mục II.4.3 "
        "giao 2 đến hết Năm 2024, cho 10 đơn vị. Hai mục mâu thuẫn nhau."
    )


def test_seed_003_yearly_targets_raise_nothing(demo_plans):
    plan = Plan.objects.get(number="01/KH-BTC.ĐACN")
    assert findings_of(plan) == []
