"""The demo plans against the seeds they come from (seeds 000 and 003 in DOMAIN.md), and
the city's plan of 2026 against the official list of its wards.

Every number here was read off the seed's text, or counted by hand, not taken from
``plans.demo``.
"""

from datetime import date, time
from decimal import Decimal

import pytest

from organizations import demo as organizations_demo
from organizations.models import Department, Unit
from plans import demo
from plans.models import Activity, CommitteeMember, Milestone, Plan
from targets.models import Allocation, Target
from targets.periods import Period

pytestmark = pytest.mark.django_db

SEED_000_TITLE = (
    "Tổ chức các hoạt động và xây dựng tổ chức Đoàn, Hội trong các doanh nghiệp ngoài khu vực "
    "nhà nước và đơn vị sự nghiệp ngoài công lập năm 2024"
)


@pytest.fixture
def loaded() -> None:
    organizations_demo.load(with_accounts=False)
    demo.load()


@pytest.fixture
def binh_tan_plan(loaded) -> Plan:
    return Plan.objects.get(title=SEED_000_TITLE)


@pytest.fixture
def thu_dau_mot_plan(loaded) -> Plan:
    return Plan.objects.get(issuing_unit__name="Thành Đoàn Thủ Dầu Một", year=2018)


def target(plan: Plan, code: str, period: Period, level: str = Target.Level.TOTAL) -> Decimal:
    return Target.objects.get(
        version=plan.roadmap_versions.current(),
        metric__code=code,
        level=level,
        period_kind=period.kind,
        period_start=period.start,
    ).value


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Plan,
            Target,
            Allocation,
            Milestone,
            CommitteeMember,
            Unit,
            Activity,
            Department,
        )
    }


def test_seed_000_plan_is_issued_by_quan_doan_binh_tan(binh_tan_plan):
    assert binh_tan_plan.status == Plan.Status.ISSUED
    assert binh_tan_plan.issuing_unit.name == "Quận Đoàn Bình Tân"
    assert binh_tan_plan.issuing_body == "BCH ĐOÀN QUẬN BÌNH TÂN"


def test_seed_000_plan_keeps_the_number_and_date_it_does_not_have_blank(binh_tan_plan):
    assert binh_tan_plan.number == ""
    assert binh_tan_plan.issued_on is None


def test_seed_000_plan_is_signed_by_its_deputy_secretary(binh_tan_plan):
    assert binh_tan_plan.signing_on_behalf == "TM. BAN THƯỜNG VỤ QUẬN ĐOÀN"
    assert binh_tan_plan.signer_position == "PHÓ BÍ THƯ"
    assert binh_tan_plan.signer_name == "Huỳnh Văn Phẩm"


def test_seed_000_plan_founds_27_chi_doan_28_chi_hoi_and_admits_300_members_in_the_year(
    binh_tan_plan,
):
    year = Period.year(2024)
    assert target(binh_tan_plan, "new-chi-doan", year) == 27
    assert target(binh_tan_plan, "new-chi-hoi", year) == 28
    assert target(binh_tan_plan, "new-doan-vien", year) == 300


def test_seed_000_first_quarter_chi_doan_are_one_at_district_level_and_seven_in_wards(
    binh_tan_plan,
):
    first_quarter = Period.quarter(2024, 1)
    total = target(binh_tan_plan, "new-chi-doan", first_quarter)
    own = target(binh_tan_plan, "new-chi-doan", first_quarter, Target.Level.OWN)
    children = target(binh_tan_plan, "new-chi-doan", first_quarter, Target.Level.CHILDREN)
    assert (total, own, children) == (8, 1, 7)
    assert total == own + children


def test_seed_000_third_quarter_has_no_district_level_target(binh_tan_plan):
    assert not Target.objects.filter(
        version__plan=binh_tan_plan,
        level=Target.Level.OWN,
        period_kind=Period.quarter(2024, 3).kind,
        period_start=Period.quarter(2024, 3).start,
    ).exists()


def test_each_of_the_ten_wards_is_allocated_three_chi_hoi_by_section_iii_2_2(binh_tan_plan):
    allocations = Allocation.objects.filter(
        allocation_set__version=binh_tan_plan.roadmap_versions.current(),
        allocation_set__source_ref="Mục III.2.2",
        metric__code="new-chi-hoi",
    )
    wards = {allocation.unit.name: allocation.value for allocation in allocations}
    assert len(wards) == 10
    assert set(wards.values()) == {Decimal(3)}
    assert {"Đoàn phường An Lạc", "Đoàn phường Tân Tạo A"} <= set(wards)
    assert all(allocation.unit.parent.name == "Quận Đoàn Bình Tân" for allocation in allocations)


def test_wards_send_their_plans_by_16_00_on_15_april_2024(binh_tan_plan):
    milestone = binh_tan_plan.milestones.get(on=date(2024, 4, 15))
    assert milestone.at == time(16, 0)
    assert not milestone.month_only
    assert milestone.when == "16:00 15/04/2024"


def test_seed_000_timeline_evaluates_the_plan_in_october(binh_tan_plan):
    last = binh_tan_plan.milestones.last()
    assert (last.when, last.step) == ("Tháng 10/2024", "Đánh giá rút kinh nghiệm.")


def test_seed_000_committee_is_chaired_by_the_deputy_secretary_with_the_ward_secretaries(
    binh_tan_plan,
):
    committee = list(binh_tan_plan.committee.all())
    assert (committee[0].name, committee[0].role) == ("Huỳnh Văn Phẩm", "Trưởng ban")
    assert committee[-1].name == "Các đồng chí Bí thư Đoàn cơ sở 10 phường"
    assert len(committee) == 9


def test_thu_dau_mot_plan_carries_its_number(thu_dau_mot_plan):
    assert thu_dau_mot_plan.number == "01/KH-BTC.ĐACN"
    assert thu_dau_mot_plan.status == Plan.Status.ISSUED
    assert thu_dau_mot_plan.signer_name == ""


def test_thu_dau_mot_plan_aims_at_850_new_hoi_vien_and_195_new_doan_vien(thu_dau_mot_plan):
    year = Period.year(2018)
    assert target(thu_dau_mot_plan, "new-hoi-vien", year) == 850
    assert target(thu_dau_mot_plan, "new-doan-vien", year) == 195


def test_thu_dau_mot_sits_under_binh_duong_with_its_14_wards_of_2018(thu_dau_mot_plan):
    city = thu_dau_mot_plan.issuing_unit
    assert city.parent.name == "Tỉnh Đoàn Bình Dương"
    assert city.children.filter(kind__name="Đoàn phường").count() == 14
    assert city.children.filter(name="Đoàn phường Tương Bình Hiệp", slug="tuong-binh-hiep").exists()


def test_loading_the_demo_plans_twice_changes_no_counts(loaded):
    first = counts()
    demo.load()
    assert counts() == first
    assert first["Plan"] == 4  # seeds 000, 001 and 003, and the city's plan of 2026


@pytest.fixture
def city_plan(loaded) -> Plan:
    return Plan.objects.get(issuing_unit__name="Thành Đoàn TP. Hồ Chí Minh", year=2026)


def test_the_city_plan_of_2026_is_issued_to_its_168_wards_communes_and_special_zone(city_plan):
    assert city_plan.status == Plan.Status.ISSUED
    allocations = Allocation.objects.filter(allocation_set__version__plan=city_plan)
    assert allocations.values("unit").distinct().count() == 168
    # 113 phường × 2 + 54 xã × 1 + Côn Đảo 1 = 281 chi đoàn; đoàn viên 113 × 20 + 54 × 15 + 10.
    per_metric = {
        code: sum(allocations.filter(metric__code=code).values_list("value", flat=True))
        for code in ("new-chi-doan", "new-chi-hoi", "new-doan-vien")
    }
    assert per_metric == {"new-chi-doan": 281, "new-chi-hoi": 281, "new-doan-vien": 3080}
    con_dao = allocations.filter(unit__name="Đoàn đặc khu Côn Đảo")
    assert dict(con_dao.values_list("metric__code", "value")) == {
        "new-chi-doan": 1,
        "new-chi-hoi": 1,
        "new-doan-vien": 10,
    }


def test_the_city_roadmap_spreads_the_wards_year_over_the_four_quarters(city_plan):
    children = Target.Level.CHILDREN
    quarters = [
        target(city_plan, "new-chi-doan", Period.quarter(2026, number), children)
        for number in (1, 2, 3, 4)
    ]
    assert quarters == [56, 84, 84, 57]  # 20 %, 30 %, 30 % of 281, and the rest
    assert target(city_plan, "new-doan-vien", Period.year(2026)) == 3080


def test_the_dissolved_district_unions_are_given_no_share_of_2026(city_plan):
    shared = Allocation.objects.filter(allocation_set__version__plan=city_plan)
    assert not shared.filter(unit__name__startswith="Quận Đoàn").exists()
    assert not shared.filter(unit__parent__name="Quận Đoàn Bình Tân").exists()


def test_seed_001_holds_its_five_district_activities_and_the_base_units_day(loaded):
    plan = Plan.objects.get(title="Tổ chức Ngày Đoàn viên năm 2024")
    assert plan.issuing_unit.name == "Quận Đoàn Bình Tân"
    assert plan.status == Plan.Status.ISSUED
    own = list(plan.activities.filter(level=Activity.Level.OWN))
    assert [a.when for a in own] == [
        "23/03/2024",
        "18/03/2024 đến 24/03/2024",
        "23/03/2024",
        "24/03/2024",
        "24/03/2024",
    ]
    assert [a.participants for a in own] == [None, 10, None, None, 300]
    assert own[1].owner == "Mảng Tổ chức - Kiểm tra phối hợp 06 Đoàn tổ chức thăm và tặng quà"
    assert own[4].owner == "Mảng Tuyên giáo - Đối ngoại"
    (base,) = plan.activities.filter(level=Activity.Level.CHILDREN)
    assert base.starts_on == date(2024, 3, 24)
    assert plan.legal_bases.count() == 3
    assert plan.recipients.last().name == "Lưu: BTC/2024/KH"
