from dataclasses import dataclass
from datetime import date

import pytest

from organizations.models import Host, Unit, UnitKind, User
from tests.factories import BranchFactory, HostFactory, UnitFactory, UnitKindFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Pages render without collectstatic, and a fast hash keeps logins cheap.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's database starts again at the same revision (its transaction is rolled
    # back): what the live cache kept for the test before must not be found by this one.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _shipped_rows(django_db_setup, django_db_blocker) -> str:
    """The rows the migrations ship (unit kinds, the metric catalogue...), captured once,
    before any test runs. Django's own serialized rollback keeps them on the connection
    object, which tests running beside Playwright's event loop do not see."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def shipped_data(transactional_db, _shipped_rows):
    """For tests outside a transaction (the task worker, threads, the live server): the
    flush after the previous such test took away the shipped rows; put them back."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if not UnitKind.objects.exists():
        # Empty it again, this time without the content types the flush re-created.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(_shipped_rows)
        # The rows came back with their ids; PostgreSQL's sequences, reset by the flush,
        # must move past them, or the next new metric or unit kind would take id 1 again.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@dataclass
class Tree:
    """A small piece of Hồ Chí Minh City: two districts, three wards, people in each."""

    city: Unit
    binh_tan: Unit
    binh_tri_dong_b: Unit
    an_lac: Unit
    quan_12: Unit
    thanh_loc: Unit
    branch: Unit  # a chi đoàn of Bình Trị Đông B, at ``enterprise``
    enterprise: Host  # in Bình Trị Đông B
    boarding_house: Host  # in An Lạc
    q12_enterprise: Host  # in Thạnh Lộc
    staff: User  # canbo.binhtan
    leader: User  # lanhdao.binhtan
    admin: User  # quantri.binhtan
    secretary: User  # bithu.binh-tri-dong-b
    other_secretary: User  # bithu.an-lac
    q12_staff: User  # canbo.quan12


@pytest.fixture
def tree(db) -> Tree:
    city = UnitFactory(kind=UnitKindFactory(name="Thành Đoàn"), name="Thành Đoàn TP. Hồ Chí Minh")
    district = UnitKindFactory(name="Quận Đoàn")
    binh_tan = UnitFactory(parent=city, kind=district, name="Quận Đoàn Bình Tân")
    quan_12 = UnitFactory(parent=city, kind=district, name="Quận Đoàn 12")
    binh_tri_dong_b = UnitFactory(parent=binh_tan, name="Đoàn phường Bình Trị Đông B")
    an_lac = UnitFactory(parent=binh_tan, name="Đoàn phường An Lạc")
    thanh_loc = UnitFactory(parent=quan_12, name="Đoàn phường Thạnh Lộc")
    enterprise = HostFactory(
        unit=binh_tri_dong_b, name="Công ty TNHH May mặc Phú Lâm", workers=1200
    )
    branch = BranchFactory(
        parent=binh_tri_dong_b, name="Chi đoàn Công ty TNHH May mặc Phú Lâm", host=enterprise
    )
    return Tree(
        city=city,
        binh_tan=binh_tan,
        binh_tri_dong_b=binh_tri_dong_b,
        an_lac=an_lac,
        quan_12=quan_12,
        thanh_loc=thanh_loc,
        branch=branch,
        enterprise=enterprise,
        boarding_house=HostFactory(
            unit=an_lac, kind=Host.Kind.BOARDING_HOUSE, name="Khu nhà trọ Cô Sáu", workers=80
        ),
        q12_enterprise=HostFactory(unit=thanh_loc, name="Công ty CP Nhựa Thạnh Lộc"),
        staff=UserFactory(username="canbo.binhtan", unit=binh_tan, role=User.Role.STAFF),
        leader=UserFactory(username="lanhdao.binhtan", unit=binh_tan, role=User.Role.LEADERSHIP),
        admin=UserFactory(username="quantri.binhtan", unit=binh_tan, role=User.Role.ADMINISTRATOR),
        secretary=UserFactory(username="bithu.binh-tri-dong-b", unit=binh_tri_dong_b),
        other_secretary=UserFactory(username="bithu.an-lac", unit=an_lac),
        q12_staff=UserFactory(username="canbo.quan12", unit=quan_12, role=User.Role.STAFF),
    )


@pytest.fixture
def login(client):
    """Signs ``user`` in on the test client and returns the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


DISSOLVED_ON = date(2025, 7, 1)


@dataclass
class Ended:
    """The tree after 1 July 2025: Quận Đoàn Bình Tân and its two wards are dissolved that
    day, the wards merged into Đoàn phường Bình Tân, a new ward of the city founded the same
    day; Quận 12 and Thạnh Lộc go on. ``city_staff`` works at the Thành Đoàn."""

    tree: Tree
    new_ward: Unit  # Đoàn phường Bình Tân, founded 01/07/2025, successor of both wards
    city_staff: User  # canbo.thanhdoan
    new_secretary: User  # bithu.binh-tan


@pytest.fixture
def ended(tree) -> Ended:
    new_ward = UnitFactory(parent=tree.city, name="Đoàn phường Bình Tân", founded_on=DISSOLVED_ON)
    Unit.objects.filter(pk=tree.binh_tan.pk).update(dissolved_on=DISSOLVED_ON)
    Unit.objects.filter(pk__in=[tree.binh_tri_dong_b.pk, tree.an_lac.pk]).update(
        dissolved_on=DISSOLVED_ON, successor=new_ward
    )
    for unit in (tree.binh_tan, tree.binh_tri_dong_b, tree.an_lac):
        unit.refresh_from_db()
    return Ended(
        tree=tree,
        new_ward=new_ward,
        city_staff=UserFactory(username="canbo.thanhdoan", unit=tree.city, role=User.Role.STAFF),
        new_secretary=UserFactory(username="bithu.binh-tan", unit=new_ward),
    )
