"""Units that end (giải thể, sáp nhập), on the organisation's pages: the Bình Tân example.

Quận Đoàn Bình Tân and its wards Bình Trị Đông B and An Lạc are dissolved on 01/07/2025
(the wards merged into Đoàn phường Bình Tân, a ward of the city founded that day); Quận 12
and Thạnh Lộc go on. A dissolved unit keeps its page and its people; it leaves the current
lists, and a filter shows it."""

from datetime import date

import pytest
from django.urls import reverse

from organizations.models import Unit
from targets.models import Metric
from targets.periods import Period
from tests.conftest import DISSOLVED_ON
from tests.factories import PASSWORD, PlanFactory, UnitFactory, UserFactory, share_out

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(client, **params) -> str:
    return body(client.get(reverse("organizations:unit_list"), params))


def test_the_unit_list_hides_dissolved_units_unless_the_filter_asks_for_them(login, ended):
    client = login(ended.city_staff)
    current = listed(client)
    assert "Quận Đoàn Bình Tân" not in current and "Đoàn phường An Lạc" not in current
    assert "Đoàn phường Bình Tân" in current and "Quận Đoàn 12" in current
    gone = listed(client, **{"trang-thai": "giai-the"})
    assert "Quận Đoàn Bình Tân" in gone and "Đoàn phường An Lạc" in gone
    assert "Giải thể ngày 01/07/2025" in gone
    assert "sáp nhập vào Đoàn phường Bình Tân" in gone
    assert "Quận Đoàn 12" not in gone
    every = listed(client, **{"trang-thai": "tat-ca"})
    assert "Đoàn phường An Lạc" in every and "Quận Đoàn 12" in every


def test_a_search_of_current_units_does_not_find_a_dissolved_one(login, ended):
    client = login(ended.city_staff)
    assert "Đoàn phường An Lạc" not in listed(client, q="an lac")
    assert "Đoàn phường An Lạc" in listed(client, q="an lac", **{"trang-thai": "giai-the"})


def test_a_unit_list_of_unknown_status_shows_the_current_units(login, ended):
    page = listed(login(ended.city_staff), **{"trang-thai": "khong-biet"})
    assert "Đoàn phường An Lạc" not in page and "Quận Đoàn 12" in page


def test_a_merged_wards_page_links_to_its_successor_and_the_successor_names_it(login, ended):
    client = login(ended.city_staff)
    an_lac = body(client.get(ended.tree.an_lac.get_absolute_url()))
    assert "Giải thể ngày 01/07/2025" in an_lac
    assert (
        f'Sáp nhập vào <a href="{ended.new_ward.get_absolute_url()}">Đoàn phường Bình Tân</a>'
        in (an_lac)
    )
    successor = body(client.get(ended.new_ward.get_absolute_url()))
    assert "Tiếp nhận từ" in successor
    assert f'<a href="{ended.tree.an_lac.get_absolute_url()}">Đoàn phường An Lạc</a>' in successor
    assert "Đoàn phường Bình Trị Đông B" in successor


def test_a_ward_secretary_sees_the_successor_named_without_a_link_outside_their_ward(login, ended):
    page = body(login(ended.tree.other_secretary).get(ended.tree.an_lac.get_absolute_url()))
    assert "Sáp nhập vào Đoàn phường Bình Tân" in page
    assert ended.new_ward.get_absolute_url() not in page


def test_the_city_page_leaves_out_the_dissolved_district_until_asked(login, ended):
    client = login(ended.city_staff)
    url = ended.tree.city.get_absolute_url()
    page = body(client.get(url))
    assert "Quận Đoàn Bình Tân" not in page
    # Below the city now: Quận 12, Thạnh Lộc and Đoàn phường Bình Tân; the chi đoàn of
    # Bình Trị Đông B is not counted, its ward being gone.
    assert "<strong>3</strong><span>đơn vị trực thuộc</span>" in page
    assert "Hiện cả 1 đơn vị đã giải thể / sáp nhập" in page
    shown = body(client.get(url, {"giai-the": "1"}))
    assert "Quận Đoàn Bình Tân" in shown and "Giải thể ngày 01/07/2025" in shown


def test_a_dissolved_districts_page_still_lists_its_wards(login, ended):
    page = body(login(ended.tree.staff).get(ended.tree.binh_tan.get_absolute_url()))
    assert "Giải thể ngày 01/07/2025" in page
    assert "<strong>3</strong><span>đơn vị trực thuộc</span>" in page  # two wards, a chi đoàn
    assert "Đoàn phường An Lạc" in page and "Đoàn phường Bình Trị Đông B" in page


def test_the_people_of_a_dissolved_ward_keep_their_accounts(client, ended):
    tree = ended.tree
    signed_in = client.post(
        reverse("login"), {"username": "bithu.an-lac", "password": PASSWORD}, secure=True
    )
    assert signed_in.status_code == 302
    assert "Đoàn phường An Lạc" in body(client.get(reverse("home"), secure=True))
    assert "Đoàn phường An Lạc" in body(client.get(tree.an_lac.get_absolute_url(), secure=True))


def test_the_allocation_grid_of_a_2026_plan_does_not_offer_the_dissolved_district(login, ended):
    plan = PlanFactory(
        issuing_unit=ended.tree.city,
        year=2026,
        title="Kế hoạch năm 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    page = body(login(ended.city_staff).get(reverse("targets:allocation_create", args=[plan.pk])))
    assert "Đoàn phường Bình Tân" in page and "Quận Đoàn 12" in page
    assert "Quận Đoàn Bình Tân" not in page


def test_the_allocation_grid_of_a_2024_plan_offers_the_wards_of_the_time(login, ended):
    tree = ended.tree
    plan = PlanFactory(issuing_unit=tree.binh_tan)
    page = body(login(tree.staff).get(reverse("targets:allocation_create", args=[plan.pk])))
    assert "Đoàn phường An Lạc" in page and "Đoàn phường Bình Trị Đông B" in page


def test_an_allocation_made_before_the_dissolution_keeps_its_ward_in_the_grid(login, ended):
    """Quận 12's plan of 2025 gave Thạnh Lộc 2 chi đoàn in Quý I; Thạnh Lộc is found to have
    been merged on 01/01/2025: that allocation's grid still shows it, with its figure, but a
    new allocation of the plan no longer offers it."""
    tree = ended.tree
    plan = PlanFactory(
        issuing_unit=tree.quan_12, year=2025, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    chi_doan = Metric.objects.get(code="new-chi-doan")
    allocation = share_out(
        plan, {(tree.thanh_loc.pk, chi_doan.pk): 2}, period=Period.quarter(2025, 1)
    )
    Unit.objects.filter(pk=tree.thanh_loc.pk).update(dissolved_on=date(2025, 1, 1))
    client = login(tree.q12_staff)
    kept = body(client.get(reverse("targets:allocation_edit", args=[plan.pk, allocation.pk])))
    new = body(client.get(reverse("targets:allocation_create", args=[plan.pk])))
    assert "Đoàn phường Thạnh Lộc" in kept
    cell = f"a-{tree.thanh_loc.pk}-{chi_doan.pk}"
    assert f'name="{cell}" id="id_{cell}" value="2"' in kept
    assert "Đoàn phường Thạnh Lộc" not in new


@pytest.fixture
def app(django_app):
    django_app.extra_environ["wsgi.url_scheme"] = "https"  # production cookies
    return django_app


def unit_form(page):
    return next(f for f in page.forms.values() if "dissolved_on" in f.fields)


def open_edit(app, user, unit):
    return unit_form(app.get(reverse("organizations:unit_update", args=[unit.pk]), user=user))


def test_staff_record_a_merger_on_the_units_form(app, tree):
    new_ward = UnitFactory(parent=tree.binh_tan, name="Đoàn phường An Lạc mới")
    form = open_edit(app, tree.staff, tree.an_lac)
    form["dissolved_on"] = "01/07/2025"
    form["successor"].select(text="Đoàn phường An Lạc mới")
    page = form.submit().maybe_follow()
    assert "Giải thể ngày 01/07/2025" in page.text
    tree.an_lac.refresh_from_db()
    assert (tree.an_lac.dissolved_on, tree.an_lac.successor) == (DISSOLVED_ON, new_ward)


def test_the_successor_must_exist_on_the_day_of_the_merger(app, tree):
    UnitFactory(parent=tree.binh_tan, name="Đoàn phường Mới", founded_on=date(2025, 8, 1))
    form = open_edit(app, tree.staff, tree.an_lac)
    form["dissolved_on"] = "01/07/2025"
    form["successor"].select(text="Đoàn phường Mới")
    page = form.submit()
    assert "Đoàn phường Mới không tồn tại vào ngày 01/07/2025" in page.text
    assert unit_form(page)["dissolved_on"].value == "01/07/2025"  # what was typed stays
    tree.an_lac.refresh_from_db()
    assert tree.an_lac.dissolved_on is None


def test_a_unit_is_not_offered_as_its_own_successor_nor_outside_the_users_subtree(app, tree):
    form = open_edit(app, tree.staff, tree.an_lac)
    offered = [text for _value, _selected, text in form["successor"].options]
    assert "Đoàn phường Bình Trị Đông B" in offered
    assert "Đoàn phường An Lạc" not in offered
    assert "Đoàn phường Thạnh Lộc" not in offered
    form["dissolved_on"] = "01/07/2025"
    form["successor"].force_value(str(tree.thanh_loc.pk))
    page = form.submit()
    assert "Lựa chọn không hợp lệ" in page.text
    tree.an_lac.refresh_from_db()
    assert tree.an_lac.successor is None


def test_a_district_is_not_merged_into_one_of_its_own_wards(app, tree):
    # The wards end first, so that only the rule on the successor stands in the way.
    Unit.objects.filter(parent=tree.binh_tan).update(dissolved_on=date(2025, 6, 1))
    form = open_edit(app, tree.admin, tree.binh_tan)
    form["dissolved_on"] = "01/07/2025"
    form["successor"].force_value(str(tree.an_lac.pk))
    page = form.submit()
    assert "Không thể sáp nhập một đơn vị vào chính nó hay vào một đơn vị trực thuộc nó" in (
        page.text
    )


def test_a_district_is_not_dissolved_while_its_wards_go_on(app, tree):
    form = open_edit(app, tree.staff, tree.binh_tan)
    form["dissolved_on"] = "01/07/2025"
    page = form.submit()
    assert "Vẫn còn đơn vị trực thuộc tồn tại sau ngày đó" in page.text
    assert "Đoàn phường An Lạc" in page.text
    tree.binh_tan.refresh_from_db()
    assert tree.binh_tan.dissolved_on is None


def test_a_merger_needs_its_date_and_a_dissolution_follows_the_founding(app, tree):
    Unit.objects.filter(pk=tree.an_lac.pk).update(founded_on=date(2010, 5, 1))
    form = open_edit(app, tree.staff, tree.an_lac)
    form["successor"].select(text="Đoàn phường Bình Trị Đông B")
    assert "Nhập ngày sáp nhập." in form.submit().text
    form["dissolved_on"] = "01/05/2010"
    assert "Ngày giải thể phải sau ngày thành lập (01/05/2010)." in form.submit().text


def test_a_successor_is_not_dissolved_before_the_units_merged_into_it(app, ended):
    Unit.objects.filter(pk=ended.new_ward.pk).update(founded_on=None)
    form = open_edit(app, ended.city_staff, ended.new_ward)
    form["dissolved_on"] = "01/07/2025"
    page = form.submit()
    assert "sáp nhập vào đơn vị này ngày 01/07/2025" in page.text


def test_an_administrator_records_a_dissolution_in_the_admin(app, tree):
    Unit.objects.filter(pk=tree.branch.pk).update(dissolved_on=date(2025, 7, 1))
    url = reverse("admin:organizations_unit_change", args=[tree.binh_tri_dong_b.pk])
    form = app.get(url, user=tree.admin).forms["unit_form"]
    form["dissolved_on"] = "2025-07-01"
    form["successor"].select(text="Đoàn phường An Lạc")
    form.submit("_save").maybe_follow()
    tree.binh_tri_dong_b.refresh_from_db()
    assert (tree.binh_tri_dong_b.dissolved_on, tree.binh_tri_dong_b.successor) == (
        DISSOLVED_ON,
        tree.an_lac,
    )
    listed = app.get(
        reverse("admin:organizations_unit_changelist"), {"giai-the": "co"}, user=tree.admin
    )
    assert "Đoàn phường Bình Trị Đông B" in listed.text
    assert "Đoàn phường An Lạc</a>" not in listed.text


def test_the_admin_refuses_a_successor_that_does_not_exist_yet(app, tree):
    UnitFactory(parent=tree.binh_tan, name="Đoàn phường Mới", founded_on=date(2025, 8, 1))
    url = reverse("admin:organizations_unit_change", args=[tree.an_lac.pk])
    form = app.get(url, user=tree.admin).forms["unit_form"]
    form["dissolved_on"] = "2025-07-01"
    form["successor"].select(text="Đoàn phường Mới")
    page = form.submit("_save")
    assert "Đoàn phường Mới không tồn tại vào ngày 01/07/2025" in page.text
    tree.an_lac.refresh_from_db()
    assert tree.an_lac.dissolved_on is None


def test_the_unit_list_costs_the_same_queries_for_2_or_12_dissolved_wards(
    login, ended, django_assert_max_num_queries
):
    client = login(ended.city_staff)
    url = reverse("organizations:unit_list")

    def counted(**params) -> int:
        client.get(url, params)
        with django_assert_max_num_queries(30) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries.captured_queries)

    before = counted(), counted(**{"trang-thai": "giai-the"})
    for n in range(10):
        UserFactory(
            username=f"bithu.cu-{n}",
            unit=UnitFactory(parent=ended.tree.binh_tan, name=f"Đoàn phường Cũ {n}"),
        )
    Unit.objects.filter(parent=ended.tree.binh_tan).update(
        dissolved_on=DISSOLVED_ON, successor=ended.new_ward
    )
    assert (counted(), counted(**{"trang-thai": "giai-the"})) == before


def test_a_new_plan_or_host_is_not_offered_a_unit_dissolved_since(login, ended):
    """The city's staff choose among the units of today: the new Đoàn phường Bình Tân and
    Quận 12, not the dissolved district or its wards; Bình Tân's own staff, whose district is
    gone, still find it there to enter its history."""
    tree = ended.tree
    city = body(login(ended.city_staff).get(reverse("plans:create")))
    assert "Đoàn phường Bình Tân<" in city and "Quận Đoàn 12" in city
    assert "Quận Đoàn Bình Tân" not in city and "Đoàn phường An Lạc" not in city
    host = body(login(ended.city_staff).get(reverse("organizations:host_create")))
    assert "Đoàn phường Thạnh Lộc" in host and "Đoàn phường An Lạc" not in host
    refused = login(ended.city_staff).post(
        reverse("organizations:host_create"), {"name": "Công ty Mới", "unit": tree.an_lac.pk}
    )
    assert refused.status_code == 200 and "Lựa chọn không hợp lệ" in refused.content.decode()
    district = body(login(tree.staff).get(reverse("plans:create")))
    assert "Quận Đoàn Bình Tân" in district and "Đoàn phường An Lạc" in district
