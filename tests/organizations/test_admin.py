import unicodedata

import pytest
from django.urls import reverse

from organizations.models import Unit, User

pytestmark = pytest.mark.django_db


def change_url(unit: Unit) -> str:
    return reverse("admin:organizations_unit_change", args=[unit.pk])


def test_a_ward_secretary_asking_for_the_admin_gets_404(login, tree):
    client = login(tree.secretary)
    assert client.get(reverse("admin:index")).status_code == 404
    assert client.get(change_url(tree.an_lac)).status_code == 404


def test_district_staff_are_not_administrators(login, tree):
    assert login(tree.staff).get(reverse("admin:index")).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in_for_the_admin(client, tree):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "next=" in response.url


def test_the_admins_sign_in_page_opens_for_a_visitor_not_signed_in(client, tree):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_an_administrator_lists_only_the_units_of_their_district(login, tree):
    response = login(tree.admin).get(reverse("admin:organizations_unit_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đoàn phường An Lạc" in body
    assert "Thạnh Lộc" not in body
    assert "Thành Đoàn TP. Hồ Chí Minh</a>" not in body


def test_an_administrator_asking_for_another_districts_unit_gets_404(login, tree):
    client = login(tree.admin)
    assert client.get(change_url(tree.thanh_loc)).status_code == 404
    assert client.get(change_url(tree.an_lac)).status_code == 200


def test_an_administrator_cannot_open_another_districts_user(login, tree):
    url = reverse("admin:organizations_user_change", args=[tree.q12_staff.pk])
    assert login(tree.admin).get(url).status_code == 404


def test_an_administrator_is_offered_only_their_own_units_as_parents(login, tree):
    body = login(tree.admin).get(reverse("admin:organizations_unit_add")).content.decode()
    assert "Đoàn phường An Lạc" in body
    assert "Thạnh Lộc" not in body


def test_a_unit_added_in_the_admin_gets_its_place_in_the_tree(login, tree):
    response = login(tree.admin).post(
        reverse("admin:organizations_unit_add"),
        {
            "parent": tree.an_lac.pk,
            "kind": tree.branch.kind.pk,
            "name": "Chi đoàn Khu phố 5",
            "slug": "chi-doan-khu-pho-5",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Chi đoàn Khu phố 5")
    assert unit.depth == 3
    assert unit.is_within(tree.an_lac)


def test_moving_a_unit_in_the_admin_moves_its_subtree(login, tree):
    login(tree.admin).post(
        change_url(tree.binh_tri_dong_b),
        {
            "parent": tree.an_lac.pk,
            "kind": tree.binh_tri_dong_b.kind.pk,
            "name": tree.binh_tri_dong_b.name,
            "slug": tree.binh_tri_dong_b.slug,
            "is_active": "on",
        },
    )
    tree.branch.refresh_from_db()
    assert tree.branch.is_within(tree.an_lac)
    assert tree.branch.depth == 4


def test_an_administrator_cannot_make_a_top_level_unit(login, tree):
    response = login(tree.admin).post(
        reverse("admin:organizations_unit_add"),
        {"kind": tree.binh_tan.kind.pk, "name": "Quận Đoàn Mới", "slug": "moi", "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Unit.objects.filter(name="Quận Đoàn Mới").exists()


def test_a_person_added_in_the_admin_is_stored_in_one_unicode_form(login, tree):
    """A name typed with combining accents (NFD) is stored precomposed (NFC), so searching
    for "Hòa" finds it whichever keyboard typed it."""
    full_name = unicodedata.normalize("NFD", "Trần Thị Hòa")
    response = login(tree.admin).post(
        reverse("admin:organizations_user_add"),
        {
            "username": "bithu.hoa",
            "password1": "mat-khau-rat-dai-2026",
            "password2": "mat-khau-rat-dai-2026",
            "unit": tree.an_lac.pk,
            "role": User.Role.SECRETARY,
            "full_name": full_name,
            "position": unicodedata.normalize("NFD", "Bí thư Đoàn phường"),
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(username="bithu.hoa")
    assert person.full_name == "Trần Thị Hòa" and unicodedata.is_normalized("NFC", person.full_name)
    assert person.position == "Bí thư Đoàn phường"
    assert person.check_password("mat-khau-rat-dai-2026")
