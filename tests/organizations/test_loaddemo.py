import pytest
from django.core.management import call_command

from organizations import demo
from organizations.models import Host, Unit, User

pytestmark = pytest.mark.django_db

BINH_TAN_WARDS = {
    "an-lac",
    "an-lac-a",
    "binh-hung-hoa",
    "binh-hung-hoa-a",
    "binh-hung-hoa-b",
    "binh-tri-dong",
    "binh-tri-dong-a",
    "binh-tri-dong-b",
    "tan-tao",
    "tan-tao-a",
}


def snapshot() -> dict:
    return {
        "units": sorted(Unit.objects.values_list("path", "name", "slug", "kind__name", "host_id")),
        "hosts": sorted(Host.objects.values_list("unit_id", "name", "workers", "doan_since")),
        "users": sorted(User.objects.values_list("username", "password", "unit_id", "role")),
    }


def test_the_demo_holds_binh_tan_with_its_ten_wards():
    call_command("loaddemo")
    binh_tan = Unit.objects.get(name="Quận Đoàn Bình Tân")
    assert binh_tan.parent.name == "Thành Đoàn TP. Hồ Chí Minh"
    wards = binh_tan.children.filter(kind__name="Đoàn phường")
    assert set(wards.values_list("slug", flat=True)) == BINH_TAN_WARDS


def test_the_demo_holds_quan_12_with_its_eleven_wards():
    call_command("loaddemo")
    names = set(Unit.objects.get(name="Quận Đoàn 12").children.values_list("name", flat=True))
    assert len(names) == 11
    assert {"Đoàn phường Đông Hưng Thuận", "Đoàn phường Trung Mỹ Tây"} <= names


def test_every_ward_has_enterprises_of_each_size_and_boarding_houses():
    demo.load(with_accounts=False)  # the registry as loaded, before reports add to it
    registry_wards = Unit.objects.filter(
        kind__name="Đoàn phường", parent__name__in=["Quận Đoàn Bình Tân", "Quận Đoàn 12"]
    )
    assert registry_wards.count() == 21
    for ward in registry_wards:
        enterprises = ward.hosts.filter(kind=Host.Kind.ENTERPRISE)
        sizes = sorted(enterprises.values_list("workers", flat=True))
        assert len(sizes) == 3
        assert sizes[0] < 100 and 100 <= sizes[1] <= 500 and sizes[2] > 500, ward.name
        assert ward.hosts.filter(kind=Host.Kind.BOARDING_HOUSE).count() == 2


def test_branches_exist_exactly_where_the_registry_says_there_is_a_doan_organisation():
    call_command("loaddemo")
    with_doan = set(Host.objects.filter(doan_since__isnull=False).values_list("pk", flat=True))
    hosting_chi_doan = set(
        Unit.objects.filter(kind__name="Chi đoàn").values_list("host_id", flat=True)
    )
    assert with_doan == hosting_chi_doan
    assert 0 < len(with_doan) < Host.objects.filter(kind=Host.Kind.ENTERPRISE).count()


def test_running_the_demo_twice_changes_nothing():
    call_command("loaddemo", accounts=True)
    first = snapshot()
    call_command("loaddemo", accounts=True)
    assert snapshot() == first


def test_without_debug_no_demo_account_is_created(settings):
    settings.DEBUG = False
    call_command("loaddemo")
    assert not User.objects.exists()


def test_demo_accounts_are_created_when_asked_and_log_in_with_the_demo_password():
    call_command("loaddemo", accounts=True)
    staff = User.objects.get(username="canbo.binhtan")
    secretary = User.objects.get(username="bithu.binh-tri-dong-b")
    assert (staff.role, staff.unit.name) == (User.Role.STAFF, "Quận Đoàn Bình Tân")
    assert (secretary.role, secretary.unit.name) == (
        User.Role.SECRETARY,
        "Đoàn phường Bình Trị Đông B",
    )
    assert User.objects.get(username="lanhdao.binhtan").role == User.Role.LEADERSHIP
    assert User.objects.get(username="canbo.quan12").unit.name == "Quận Đoàn 12"
    assert User.objects.filter(username__startswith="bithu.").count() == 21
    assert secretary.check_password("demo-password")
