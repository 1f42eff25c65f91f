from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from organizations.models import Host, Unit, User
from reports.models import MonthlyReport, ReviewEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, with its accounts, loaded once for this module's tests (each test runs
    in a savepoint inside, so what one writes the next does not see), rolled back after."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        call_command("loaddemo", accounts=True, verbosity=0)
        yield
        transaction.set_rollback(True)


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
        "reports": sorted(MonthlyReport.objects.values_list("unit_id", "month", "status")),
        "events": ReviewEvent.objects.count(),
    }


def test_the_demo_holds_binh_tan_with_its_ten_wards(loaded):
    binh_tan = Unit.objects.get(name="Quận Đoàn Bình Tân")
    assert binh_tan.parent.name == "Thành Đoàn TP. Hồ Chí Minh"
    wards = binh_tan.children.filter(kind__name="Đoàn phường")
    assert set(wards.values_list("slug", flat=True)) == BINH_TAN_WARDS


def test_the_demo_holds_quan_12_with_its_eleven_wards(loaded):
    names = set(Unit.objects.get(name="Quận Đoàn 12").children.values_list("name", flat=True))
    assert len(names) == 11
    assert {"Đoàn phường Đông Hưng Thuận", "Đoàn phường Trung Mỹ Tây"} <= names


def test_branches_exist_exactly_where_the_registry_says_there_is_a_doan_organisation(loaded):
    with_doan = set(Host.objects.filter(doan_since__isnull=False).values_list("pk", flat=True))
    hosting_chi_doan = set(
        Unit.objects.filter(kind__name="Chi đoàn").values_list("host_id", flat=True)
    )
    assert with_doan == hosting_chi_doan
    assert 0 < len(with_doan) < Host.objects.filter(kind=Host.Kind.ENTERPRISE).count()


def test_running_the_demo_twice_changes_nothing(loaded):
    first = snapshot()
    assert snapshot() == first


def test_demo_accounts_are_created_when_asked_and_log_in_with_the_demo_password(loaded):
    staff = User.objects.get(username="canbo.binhtan")
    secretary = User.objects.get(username="bithu.binh-tri-dong-b")
    assert (staff.role, staff.unit.name) == (User.Role.STAFF, "Quận Đoàn Bình Tân")
    assert (secretary.role, secretary.unit.name) == (
        User.Role.SECRETARY,
        "Đoàn phường Bình Trị Đông B",
    )
    assert User.objects.get(username="lanhdao.binhtan").role == User.Role.LEADERSHIP
    assert User.objects.get(username="canbo.quan12").unit.name == "Quận Đoàn 12"
    # The 21 wards of 2024 and the city's 168 wards, communes and special zone of 2026.
    assert User.objects.filter(username__startswith="bithu.").count() == 21 + 168
    assert secretary.check_password("demo-password")


# Since 01/07/2025: the two worlds side by side.


def test_the_district_unions_and_their_wards_are_dissolved_on_1_july_2025(loaded):
    for district in ("Quận Đoàn Bình Tân", "Quận Đoàn 12"):
        unit = Unit.objects.get(name=district)
        assert unit.dissolved_on == date(2025, 7, 1)
        assert set(unit.children.values_list("dissolved_on", flat=True)) == {date(2025, 7, 1)}
        # Their registry and branches stay where they were: history.
        wards = unit.children.filter(kind__name="Đoàn phường")
        assert all(ward.hosts.count() >= 5 for ward in wards)


def test_a_ward_merged_whole_names_its_successor_and_a_ward_split_up_only_its_namesake(loaded):
    old = {
        unit.name: unit.successor
        for unit in Unit.objects.filter(parent__name="Quận Đoàn Bình Tân").select_related(
            "successor"
        )
    }
    new = {unit.official_code: unit for unit in Unit.objects.exclude(official_code="")}
    # The statistics office's conversion table: Bình Trị Đông and An Lạc A went whole into
    # the new Bình Trị Đông and An Lạc; Tân Tạo was split, one part keeping its name;
    # Bình Trị Đông A was split between Bình Tân and Bình Trị Đông: no one successor.
    assert old["Đoàn phường Bình Trị Đông"] == new["27448"]
    assert old["Đoàn phường An Lạc A"] == new["27460"]
    assert old["Đoàn phường Tân Tạo"] == new["27457"]
    assert old["Đoàn phường Bình Trị Đông A"] is None
    assert new["27448"].name == "Đoàn phường Bình Trị Đông"
    thanh_loc = Unit.objects.get(name="Đoàn phường Thạnh Lộc", parent__name="Quận Đoàn 12")
    assert thanh_loc.successor.name == "Đoàn phường An Phú Đông"


def test_the_city_stands_over_its_168_wards_of_the_official_list_beside_the_old_districts(loaded):
    city = Unit.objects.get(parent=None, name="Thành Đoàn TP. Hồ Chí Minh")
    assert (city.official_code, city.slug) == ("79", "tp-ho-chi-minh")
    coded = city.children.exclude(official_code="")
    assert coded.count() == 168
    assert set(coded.values_list("founded_on", flat=True)) == {date(2025, 7, 1)}
    assert set(city.children.filter(official_code="").values_list("name", flat=True)) == {
        "Quận Đoàn Bình Tân",
        "Quận Đoàn 12",
    }


def test_the_city_accounts_sign_in_with_the_demo_password(loaded):
    city = Unit.objects.get(official_code="79")
    roles = {
        username: (user.role, user.unit_id, user.is_staff)
        for username, user in (
            (name, User.objects.get(username=name))
            for name in ("canbo.thanhdoan", "lanhdao.thanhdoan", "quantri.thanhdoan")
        )
    }
    assert roles == {
        "canbo.thanhdoan": (User.Role.STAFF, city.pk, False),
        "lanhdao.thanhdoan": (User.Role.LEADERSHIP, city.pk, False),
        "quantri.thanhdoan": (User.Role.ADMINISTRATOR, city.pk, True),
    }
    secretary = User.objects.get(username="bithu.phuong-binh-tri-dong")
    assert secretary.unit == Unit.objects.get(official_code="27448")
    assert secretary.email == "bithu.phuong-binh-tri-dong@example.org"
    assert secretary.check_password("demo-password")
    assert User.objects.filter(role=User.Role.SECRETARY, unit__parent=city).count() == 168
    # The secretaries of 2024 keep their accounts, at their old ward.
    assert User.objects.get(username="bithu.binh-tri-dong").unit.parent.name == (
        "Quận Đoàn Bình Tân"
    )


def test_the_secretary_of_a_dissolved_ward_still_reads_the_wards_2024_reports(loaded, client):
    secretary = User.objects.get(username="bithu.an-lac")
    report = MonthlyReport.objects.get(unit=secretary.unit, month=date(2024, 3, 1))
    client.force_login(secretary)
    assert client.get(report.get_absolute_url()).status_code == 200
