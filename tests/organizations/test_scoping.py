import pytest
from django.contrib.auth.models import AnonymousUser

from organizations.models import Host, Unit, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_ward_secretary_sees_their_ward_and_its_branches_only(tree):
    assert set(Unit.objects.for_user(tree.secretary)) == {tree.binh_tri_dong_b, tree.branch}


def test_district_staff_see_their_district_but_not_the_neighbouring_one(tree):
    units = set(Unit.objects.for_user(tree.staff))
    assert {tree.binh_tan, tree.binh_tri_dong_b, tree.an_lac, tree.branch} == units
    assert tree.thanh_loc not in units


def test_hosts_are_scoped_by_the_ward_whose_area_they_are_in(tree):
    assert set(Host.objects.for_user(tree.secretary)) == {tree.enterprise}
    assert set(Host.objects.for_user(tree.staff)) == {tree.enterprise, tree.boarding_house}
    assert set(Host.objects.for_user(tree.q12_staff)) == {tree.q12_enterprise}


def test_people_are_scoped_like_units(tree):
    assert set(User.objects.for_user(tree.secretary)) == {tree.secretary}
    assert tree.q12_staff not in set(User.objects.for_user(tree.staff))


def test_a_superuser_sees_everything(tree):
    root = User.objects.create_superuser("root", password="x")
    assert Unit.objects.for_user(root).count() == Unit.objects.count()


def test_anonymous_and_deactivated_users_see_nothing(tree):
    tree.leader.is_active = False
    assert not Unit.objects.for_user(AnonymousUser()).exists()
    assert not Unit.objects.for_user(tree.leader).exists()


def test_a_user_without_a_unit_sees_nothing(tree):
    user = UserFactory.build(unit=None)
    assert not Unit.objects.for_user(user).exists()
