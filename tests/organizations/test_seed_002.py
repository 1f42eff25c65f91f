"""Seed 002 as a tree of its own: Tỉnh Đoàn Cao Bằng in 2014, over its huyện đoàn, the
city's union and the enterprise bloc (Đoàn Khối doanh nghiệp tỉnh), none of which is in
the demo; its levels are named by its kinds, "Cấp Tỉnh" over "Cấp Huyện"."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from organizations import services
from organizations.models import Unit, UnitKind, User
from plans import services as plan_services
from plans.models import Plan
from targets.levels import level_labels
from targets.models import Metric, Target
from targets.periods import Period
from targets.services import TargetCell, roadmap_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# "Các huyện, thành Đoàn, Đoàn Khối DN tỉnh" (Nơi nhận of seed 002): Cao Bằng in 2014 had
# twelve districts and the city of Cao Bằng, before the mergers of 2019–2020.
DISTRICTS_2014 = (
    "Bảo Lạc",
    "Bảo Lâm",
    "Hạ Lang",
    "Hà Quảng",
    "Hòa An",
    "Nguyên Bình",
    "Phục Hòa",
    "Quảng Uyên",
    "Thạch An",
    "Thông Nông",
    "Trà Lĩnh",
    "Trùng Khánh",
)


def kind(name: str, level_name: str, unit_noun: str) -> UnitKind:
    """A kind as an administrator adds it in the admin, when the shipped ones lack it."""
    return UnitKind.objects.get_or_create(
        name=name, defaults={"order": 20, "level_name": level_name, "unit_noun": unit_noun}
    )[0]


@pytest.fixture
def cao_bang() -> Unit:
    """Tỉnh Đoàn Cao Bằng, 2014: the province union over 14 units of the same level."""
    province = services.unit_create(
        parent=None, kind=UnitKind.objects.get(name="Tỉnh Đoàn"), name="Tỉnh Đoàn Cao Bằng"
    )
    district = UnitKind.objects.get(name="Huyện Đoàn")
    for name in DISTRICTS_2014:
        services.unit_create(parent=province, kind=district, name=f"Huyện Đoàn {name}")
    # The union of a city within a province, and the enterprise bloc, stand at the
    # districts' level (cấp huyện và tương đương): kinds of their own, named so.
    services.unit_create(
        parent=province,
        kind=kind("Thành Đoàn trực thuộc tỉnh", "Cấp Huyện", "thành phố"),
        name="Thành Đoàn Cao Bằng",
    )
    services.unit_create(
        parent=province,
        kind=kind("Đoàn Khối", "Cấp Huyện", "khối"),
        name="Đoàn Khối Doanh nghiệp tỉnh Cao Bằng",
    )
    return province


@pytest.fixture
def seed_002_plan(cao_bang) -> Plan:
    """Seed 002's plan, with a small roadmap of the test's own (the seed names no number):
    one training class by the province itself, a chi đoàn in each unit below it."""
    plan = plan_services.plan_create(
        user=None,
        issuing_unit=cao_bang,
        number="105-KH/TĐTN-TCKT",
        year=2014,
        place="Cao Bằng",
        issued_on=date(2014, 10, 23),
        issuing_body="BCH ĐOÀN TỈNH CAO BẰNG",
        title=(
            "Củng cố và phát triển tổ chức Đoàn, Hội trong các doanh nghiệp ngoài nhà nước năm 2014"
        ),
        starts_on=date(2014, 10, 23),
        ends_on=date(2014, 12, 31),
        signing_on_behalf="TM. BAN THƯỜNG VỤ TỈNH ĐOÀN",
        signer_position="BÍ THƯ",
        signer_name="Bế Đăng Khoa",
    )
    year = Period.year(2014)
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(Metric.objects.get(code="training-classes"), "own", year, Decimal(1)),
            TargetCell(Metric.objects.get(code="new-chi-doan"), "children", year, Decimal(14)),
        ],
    )
    plan_services.plan_transition(plan=plan, action="issue")
    return plan


def test_seed_002_is_a_tree_of_its_own_under_tinh_doan_cao_bang(cao_bang):
    assert cao_bang.parent is None
    below = cao_bang.children.all()
    assert below.count() == 14  # 12 huyện, the city, the enterprise bloc
    assert {unit.depth for unit in below} == {1}
    assert Unit.objects.within(cao_bang).count() == 15
    assert "Huyện Đoàn Trùng Khánh" in set(below.values_list("name", flat=True))


def test_its_levels_are_named_by_its_kinds_cap_tinh_over_cap_huyen(cao_bang):
    assert cao_bang.kind.level_name == "Cấp Tỉnh"
    kinds = {unit.kind for unit in cao_bang.children.select_related("kind")}
    assert {k.level_name for k in kinds} == {"Cấp Huyện"}
    labels = level_labels(cao_bang, kinds)
    assert (labels[Target.Level.OWN], labels[Target.Level.CHILDREN]) == ("Cấp Tỉnh", "Cấp Huyện")


def test_its_progress_page_says_cap_tinh_and_cap_huyen_never_cap_quan(seed_002_plan, client):
    leader = UserFactory(
        username="lanhdao.caobang", unit=seed_002_plan.issuing_unit, role=User.Role.LEADERSHIP
    )
    client.force_login(leader)
    page = client.get(reverse("plans:progress", args=[seed_002_plan.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cấp Tỉnh" in text and "Cấp Huyện" in text
    assert "Cấp Quận" not in text and "Cấp Phường" not in text
