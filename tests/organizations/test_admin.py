import unicodedata
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from organizations.models import Unit, User
from tests.factories import PASSWORD, PlanFactory, UserFactory

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


# --- Whom an administrator manages ------------------------------------------------------
#
# quantri.binhtan manages the people of Bình Tân's subtree whose powers do not exceed
# theirs. A superuser (even one who carries Bình Tân as their unit) and a person holding a
# permission a superuser granted them are above; the other administrators of Bình Tân are
# their peers, appointed and managed from the unit above: shown, read only.

NEW_PASSWORD = "mat-khau-moi-cua-toi-2026"


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies
    return django_app


@pytest.fixture
def superuser(tree) -> User:
    """A superuser who carries a unit, Bình Tân, as a superuser may."""
    person = UserFactory(username="sieuquantri", unit=tree.binh_tan, role=User.Role.ADMINISTRATOR)
    User.objects.filter(pk=person.pk).update(is_superuser=True, is_staff=True)
    person.refresh_from_db()
    return person


def password_url(person: User) -> str:
    return reverse("admin:auth_user_password_change", args=[person.pk])


def user_url(person: User) -> str:
    return reverse("admin:organizations_user_change", args=[person.pk])


def post_back(form, fields, **arguments):
    """Posts ``fields`` (what ``form`` renders, with changes) where the form posts to,
    as a browser would, with its CSRF token."""
    referer = {"HTTP_REFERER": str(form.response.request.url)}
    return form.response.goto(
        form.action, method="post", params=fields, extra_environ=referer, **arguments
    )


def signs_in_with(person: User, password: str) -> bool:
    person.refresh_from_db()
    return person.check_password(password)


def test_a_district_administrator_cannot_set_the_password_of_a_superuser_of_their_district(
    app, tree, superuser
):
    assert (
        app.get(password_url(superuser), user=tree.admin, expect_errors=True).status
        == "404 Not Found"
    )
    # The form as the superuser's own page renders it, posted by the administrator.
    form = app.get(password_url(superuser), user=superuser).forms["user_form"]
    form["password1"] = form["password2"] = NEW_PASSWORD
    assert form.submit(user=tree.admin, expect_errors=True).status_code == 404
    assert not signs_in_with(superuser, NEW_PASSWORD)
    assert signs_in_with(superuser, PASSWORD)


def test_a_district_administrator_does_not_see_a_superuser_of_their_district(
    login, tree, superuser
):
    client = login(tree.admin)
    body = client.get(reverse("admin:organizations_user_changelist")).content.decode()
    assert "canbo.binhtan" in body
    assert "sieuquantri" not in body
    for url in (
        user_url(superuser),
        reverse("admin:organizations_user_delete", args=[superuser.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_district_administrator_sets_the_password_of_a_ward_secretary(app, tree):
    form = app.get(password_url(tree.other_secretary), user=tree.admin).forms["user_form"]
    form["password1"] = form["password2"] = NEW_PASSWORD
    assert form.submit().status_code == 302
    assert signs_in_with(tree.other_secretary, NEW_PASSWORD)


def test_a_district_administrator_cannot_reach_a_person_granted_a_permission_they_lack(app, tree):
    """A superuser may grant one person more than their role gives (here: reading the
    background tasks); that person is then above their administrator."""
    tree.staff.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    changelist = app.get(reverse("admin:organizations_user_changelist"), user=tree.admin)
    assert "canbo.binhtan" not in changelist.text
    assert app.get(password_url(tree.staff), expect_errors=True).status_code == 404


@pytest.fixture
def peer(tree) -> User:
    """A second administrator of Bình Tân."""
    return UserFactory(
        username="quantri2.binhtan", unit=tree.binh_tan, role=User.Role.ADMINISTRATOR
    )


def test_another_administrator_of_the_same_district_is_shown_read_only(app, tree, peer, superuser):
    page = app.get(user_url(peer), user=tree.admin)
    assert "quantri2.binhtan" in page.text
    assert set(page.forms["user_form"].fields) == {"csrfmiddlewaretoken"}  # nothing to save
    form = app.get(user_url(peer), user=superuser).forms["user_form"]
    form["full_name"] = "Người khác"
    assert form.submit("_save", user=tree.admin, expect_errors=True).status_code == 403
    password_form = app.get(password_url(peer), user=superuser).forms["user_form"]
    password_form["password1"] = password_form["password2"] = NEW_PASSWORD
    assert password_form.submit(user=tree.admin, expect_errors=True).status_code == 403
    delete_url = reverse("admin:organizations_user_delete", args=[peer.pk])
    assert app.get(delete_url, user=tree.admin, expect_errors=True).status_code == 403
    delete_form = app.get(delete_url, user=superuser).forms[1]  # after the sign-out form
    assert delete_form.submit(user=tree.admin, expect_errors=True).status_code == 403
    peer.refresh_from_db()
    assert peer.full_name != "Người khác" and signs_in_with(peer, PASSWORD)


def test_an_administrator_cannot_appoint_another_administrator_of_their_own_district(app, tree):
    form = app.get(user_url(tree.staff), user=tree.admin).forms["user_form"]
    form["role"] = User.Role.ADMINISTRATOR
    page = form.submit("_save")
    assert page.status_code == 200
    assert "Quản trị viên của Quận Đoàn Bình Tân do đơn vị cấp trên phân công" in page.text
    tree.staff.refresh_from_db()
    assert tree.staff.role == User.Role.STAFF and not tree.staff.is_staff


def test_an_administrator_cannot_add_another_administrator_of_their_own_district(app, tree):
    form = app.get(reverse("admin:organizations_user_add"), user=tree.admin).forms["user_form"]
    form["username"] = "quantri3.binhtan"
    form["password1"] = form["password2"] = NEW_PASSWORD
    form["unit"] = tree.binh_tan.pk
    form["role"] = User.Role.ADMINISTRATOR
    assert form.submit("_save").status_code == 200
    assert not User.objects.filter(username="quantri3.binhtan").exists()


def test_an_administrator_appoints_the_administrator_of_a_ward(app, tree):
    form = app.get(user_url(tree.other_secretary), user=tree.admin).forms["user_form"]
    form["role"] = User.Role.ADMINISTRATOR
    assert form.submit("_save").status_code == 302
    tree.other_secretary.refresh_from_db()
    assert tree.other_secretary.can_administer


@pytest.mark.parametrize("whose", ["own", "secretary"])
def test_fields_added_to_the_form_by_hand_give_no_powers(app, tree, whose):
    """The form has no superuser, staff, group or permission fields; posting them anyway
    (and a unit above the district) changes none of it."""
    person = {"own": tree.admin, "secretary": tree.other_secretary}[whose]
    form = app.get(user_url(person), user=tree.admin).forms["user_form"]
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)
    fields = [
        *form.submit_fields("_save"),
        ("is_superuser", "on"),
        ("is_staff", "on"),
        ("groups", Group.objects.create(name="Toàn quyền").pk),
        ("user_permissions", Permission.objects.get(codename="change_unitkind").pk),
    ]
    assert post_back(form, fields).status_code == 302
    person.refresh_from_db()
    assert not person.is_superuser and not person.groups.exists()
    assert not person.user_permissions.exists()
    assert person.is_staff == (person.role == User.Role.ADMINISTRATOR)
    moved = [(name, tree.city.pk if name == "unit" else value) for name, value in fields]
    assert post_back(form, moved).status_code == 200
    person.refresh_from_db()
    assert person.unit == (tree.binh_tan if whose == "own" else tree.an_lac)


# --- The "view on site" shortcut --------------------------------------------------------


def view_on_site_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_view_on_site_is_a_404_for_another_districts_unit_as_for_a_unit_that_does_not_exist(
    login, tree
):
    client = login(tree.admin)
    assert client.get(view_on_site_url(tree.thanh_loc)).status_code == 404
    content_type = ContentType.objects.get_for_model(Unit)
    missing = reverse("admin:view_on_site", args=[content_type.pk, 999_999])
    assert client.get(missing).status_code == 404


def test_view_on_site_leads_an_administrator_to_their_own_units_page(login, tree):
    response = login(tree.admin).get(view_on_site_url(tree.an_lac))
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse(
        "organizations:unit_detail", args=[tree.an_lac.pk]
    )


def test_view_on_site_is_a_404_for_a_superuser_of_the_district(login, tree, superuser):
    assert login(tree.admin).get(view_on_site_url(superuser)).status_code == 404


def test_view_on_site_is_a_404_for_what_the_admin_does_not_show_them(login, tree):
    """A plan of their own district (plans have no admin pages) and a group (the admin
    shows groups to superusers only)."""
    client = login(tree.admin)
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    assert client.get(view_on_site_url(plan)).status_code == 404
    assert client.get(view_on_site_url(Group.objects.create(name="Ban Tổ chức"))).status_code == 404
    for content_type, pk in [
        ("abc", 1),
        (999_999, 1),
        (ContentType.objects.get_for_model(Unit).pk, "x/y"),
    ]:
        assert client.get(f"/quan-tri/r/{content_type}/{pk}/").status_code == 404


def test_the_list_of_people_takes_as_many_queries_for_forty_people_as_for_ten(
    login, tree, django_assert_num_queries
):
    """Session, user, the count, the page of people and their units in one query (who
    is above the administrator is part of it), and the admin's sidebar."""
    client = login(tree.admin)
    url = reverse("admin:organizations_user_changelist")
    with django_assert_num_queries(7):
        assert "canbo.binhtan" in client.get(url).content.decode()
    permission = Permission.objects.get(codename="view_dbtaskresult")
    for number in range(30):
        person = UserFactory(unit=tree.an_lac, role=User.Role.SECRETARY)
        if number % 3 == 0:
            person.user_permissions.add(permission)
    # Bình Tân's five people and the twenty new ones without a permission they lack.
    with django_assert_num_queries(7):
        assert client.get(url).content.decode().count('name="_selected_action"') == 25
