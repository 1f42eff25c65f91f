import re
import unicodedata
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from organizations.models import Host, Unit
from tests.factories import PASSWORD, HostFactory, UnitFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# Sign-in and the pages every role has


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree):
    urls = [reverse("home"), tree.an_lac.get_absolute_url(), reverse("organizations:host_list")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_login_page_speaks_vietnamese(client):
    response = client.get(reverse("login"))
    assert "Đăng nhập" in text(response)
    assert 'lang="vi"' in text(response)


def test_pages_speak_vietnamese_even_to_a_browser_set_to_english(login, tree):
    response = login(tree.staff).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Trang chủ" in text(response)
    assert "Cán bộ chuyên trách" in text(response)


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, tree):
    response = client.post(
        reverse("login"), {"username": "bithu.binh-tri-dong-b", "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert "mật khẩu chính xác" in text(response)
    assert 'value="bithu.binh-tri-dong-b"' in text(response)


def test_a_secretary_logs_in_and_lands_on_their_wards_home_page(client, tree):
    response = client.post(
        reverse("login"),
        {"username": "bithu.binh-tri-dong-b", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Đoàn phường Bình Trị Đông B" in text(response)
    assert "Bí thư Đoàn cơ sở" in text(response)


def test_logging_out_ends_the_session(login, tree):
    client = login(tree.secretary)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_user_changes_their_password(login, tree):
    client = login(tree.leader)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-2024",
            "new_password2": "mot-mat-khau-moi-2024",
        },
    )
    assert response.url == reverse("password_change_done")
    tree.leader.refresh_from_db()
    assert tree.leader.check_password("mot-mat-khau-moi-2024")


def test_navigation_shows_administration_only_to_administrators(login, tree):
    assert "Quản trị" not in text(login(tree.staff).get(reverse("home")))
    assert "Quản trị" in text(login(tree.admin).get(reverse("home")))


# Unit pages


def test_a_secretary_opens_their_own_ward(login, tree):
    response = login(tree.secretary).get(tree.binh_tri_dong_b.get_absolute_url())
    assert response.status_code == 200
    assert "Chi đoàn Công ty TNHH May mặc Phú Lâm" in text(response)


def test_a_secretary_asking_for_another_wards_page_gets_404(login, tree):
    client = login(tree.secretary)
    assert client.get(tree.an_lac.get_absolute_url()).status_code == 404
    assert client.get(tree.thanh_loc.get_absolute_url()).status_code == 404


def test_a_secretary_cannot_see_the_district_above_them(login, tree):
    assert login(tree.secretary).get(tree.binh_tan.get_absolute_url()).status_code == 404


def test_the_unit_list_shows_the_users_subtree_only(login, tree):
    body = text(login(tree.staff).get(reverse("organizations:unit_list")))
    assert "Đoàn phường An Lạc" in body
    assert "Thạnh Lộc" not in body


def test_searching_without_diacritics_finds_the_ward(login, tree):
    response = login(tree.staff).get(reverse("organizations:unit_list"), {"q": "binh tri dong"})
    body = text(response)
    assert "Đoàn phường Bình Trị Đông B" in body
    assert "Đoàn phường An Lạc" not in body
    assert "Quận Đoàn Bình Tân" in body  # where the result sits in the tree


def test_a_search_typed_in_decomposed_unicode_finds_the_same_ward(login, tree):
    query = unicodedata.normalize("NFD", "Bình Trị Đông")
    body = text(login(tree.staff).get(reverse("organizations:unit_list"), {"q": query}))
    assert "Đoàn phường Bình Trị Đông B" in body


def test_a_search_with_no_result_says_what_to_try(login, tree):
    body = text(login(tree.staff).get(reverse("organizations:unit_list"), {"q": "khong co"}))
    assert "Không có đơn vị nào khớp" in body


def test_staff_add_a_chi_doan_under_a_ward(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:unit_create", args=[tree.an_lac.pk]),
        {"kind": tree.branch.kind.pk, "name": "Chi đoàn Khu phố 3", "is_active": "on"},
        follow=True,
    )
    unit = Unit.objects.get(name="Chi đoàn Khu phố 3")
    assert unit.parent == tree.an_lac
    assert unit.path == tree.an_lac.path + f"{unit.pk:08d}/"
    assert unit.slug == "chi-doan-khu-pho-3"
    assert "Đã tạo đơn vị “Chi đoàn Khu phố 3”" in text(response)


def test_a_duplicate_unit_name_is_refused_and_the_form_keeps_the_input(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:unit_create", args=[tree.binh_tan.pk]),
        {"kind": tree.an_lac.kind.pk, "name": "Đoàn phường An Lạc", "founded_on": "2024-03-26"},
    )
    assert response.status_code == 200
    assert "đã có một đơn vị trùng tên" in text(response)
    assert 'value="2024-03-26"' in text(response)
    assert Unit.objects.filter(name="Đoàn phường An Lạc").count() == 1


def test_leadership_may_read_but_not_add_units(login, tree):
    client = login(tree.leader)
    url = reverse("organizations:unit_create", args=[tree.an_lac.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": tree.branch.kind.pk, "name": "Chi đoàn mới"})
    assert response.status_code == 403
    assert not Unit.objects.filter(name="Chi đoàn mới").exists()


def test_staff_cannot_edit_a_unit_of_another_district(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:unit_update", args=[tree.thanh_loc.pk]),
        {"kind": tree.thanh_loc.kind.pk, "name": "Đổi tên"},
    )
    assert response.status_code == 404
    tree.thanh_loc.refresh_from_db()
    assert tree.thanh_loc.name == "Đoàn phường Thạnh Lộc"


def test_staff_rename_a_ward(login, tree):
    login(tree.staff).post(
        reverse("organizations:unit_update", args=[tree.an_lac.pk]),
        {
            "kind": tree.an_lac.kind.pk,
            "name": "Đoàn phường An Lạc (mới)",
            "slug": "an-lac",
            "is_active": "on",
        },
    )
    tree.an_lac.refresh_from_db()
    assert tree.an_lac.name == "Đoàn phường An Lạc (mới)"
    assert tree.an_lac.search_name == "doan phuong an lac (moi)"


# The registry of hosts


def test_the_registry_lists_the_hosts_of_the_users_subtree(login, tree):
    body = text(login(tree.staff).get(reverse("organizations:host_list")))
    assert "Công ty TNHH May mặc Phú Lâm" in body
    assert "Khu nhà trọ Cô Sáu" in body
    assert "Nhựa Thạnh Lộc" not in body


def test_the_registry_filters_hosts_without_a_doan_organisation(login, tree):
    tree.enterprise.doan_since = "2020-03-26"
    tree.enterprise.save()
    body = text(login(tree.staff).get(reverse("organizations:host_list"), {"doan": "no"}))
    assert "Khu nhà trọ Cô Sáu" in body
    assert "May mặc Phú Lâm" not in body


def test_a_secretary_asking_for_another_districts_host_gets_404(login, tree):
    response = login(tree.secretary).get(tree.q12_enterprise.get_absolute_url())
    assert response.status_code == 404


def test_staff_add_an_enterprise_to_the_registry(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:host_create"),
        {
            "unit": tree.an_lac.pk,
            "kind": "enterprise",
            "name": "Công ty TNHH Giày da An Lạc",
            "workers": "650",
            "doan_since": "2024-03-26",
        },
        follow=True,
    )
    host = Host.objects.get(name="Công ty TNHH Giày da An Lạc")
    assert (host.unit, host.workers, str(host.doan_since)) == (tree.an_lac, 650, "2024-03-26")
    assert "Đã thêm “Công ty TNHH Giày da An Lạc” vào sổ theo dõi." in text(response)


def test_a_date_typed_the_vietnamese_way_is_understood(login, tree):
    login(tree.staff).post(
        reverse("organizations:host_create"),
        {
            "unit": tree.an_lac.pk,
            "kind": "boarding_house",
            "name": "Khu trọ Bà Năm",
            "hoi_since": "15/04/2024",
        },
    )
    assert str(Host.objects.get(name="Khu trọ Bà Năm").hoi_since) == "2024-04-15"


def test_the_edit_form_shows_dates_the_vietnamese_way(login, tree):
    tree.enterprise.doan_since = "2024-04-01"
    tree.enterprise.save()
    response = login(tree.staff).get(
        reverse("organizations:host_update", args=[tree.enterprise.pk])
    )
    assert 'value="01/04/2024"' in text(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("workers", "-5", "Giá trị phải lớn hơn hoặc bằng 0."),
        ("workers", "nhiều", "Vui lòng nhập một số nguyên."),
        ("doan_since", "31/02/2024", "Nhập một ngày hợp lệ."),
        ("name", "   ", "Vui lòng nhập tên cơ sở."),
    ],
)
def test_bad_registry_input_gets_a_vietnamese_message_and_nothing_is_saved(
    login, tree, field, value, message
):
    data = {"unit": tree.an_lac.pk, "kind": "enterprise", "name": "Công ty Mới", "workers": "10"}
    data[field] = value
    response = login(tree.staff).post(reverse("organizations:host_create"), data)
    assert response.status_code == 200
    assert message in text(response)
    assert "Vui lòng sửa các lỗi bên dưới" in text(response)
    assert Host.objects.count() == 3


def test_a_duplicate_host_in_one_ward_is_refused_with_the_input_kept(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:host_create"),
        {
            "unit": tree.binh_tri_dong_b.pk,
            "kind": "enterprise",
            "name": "Công ty TNHH May mặc Phú Lâm",
            "address": "12 Tên Lửa",
        },
    )
    assert "Đơn vị này đã có một cơ sở trùng tên." in text(response)
    assert 'value="12 Tên Lửa"' in text(response)
    assert Host.objects.filter(name="Công ty TNHH May mặc Phú Lâm").count() == 1


def test_staff_cannot_file_a_host_under_another_districts_ward(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:host_create"),
        {"unit": tree.thanh_loc.pk, "kind": "enterprise", "name": "Công ty Lạc chỗ"},
    )
    assert response.status_code == 200
    assert not Host.objects.filter(name="Công ty Lạc chỗ").exists()


def test_a_secretary_may_not_add_hosts(login, tree):
    assert login(tree.secretary).get(reverse("organizations:host_create")).status_code == 403


def test_leadership_editing_a_host_gets_403_and_nothing_changes(login, tree):
    response = login(tree.leader).post(
        reverse("organizations:host_update", args=[tree.enterprise.pk]),
        {"unit": tree.binh_tri_dong_b.pk, "kind": "enterprise", "name": "Tên khác"},
    )
    assert response.status_code == 403
    tree.enterprise.refresh_from_db()
    assert tree.enterprise.name == "Công ty TNHH May mặc Phú Lâm"


def test_deleting_a_host_asks_for_confirmation_first(login, tree):
    client = login(tree.staff)
    url = reverse("organizations:host_delete", args=[tree.boarding_house.pk])
    assert "Đồng ý xóa" in text(client.get(url))
    assert Host.objects.filter(pk=tree.boarding_house.pk).exists()
    response = client.post(url, follow=True)
    assert not Host.objects.filter(pk=tree.boarding_house.pk).exists()
    assert "Đã xóa “Khu nhà trọ Cô Sáu”." in text(response)


def test_a_host_with_branches_is_not_deleted(login, tree):
    response = login(tree.staff).post(
        reverse("organizations:host_delete", args=[tree.enterprise.pk]), follow=True
    )
    assert Host.objects.filter(pk=tree.enterprise.pk).exists()
    assert "vẫn còn chi đoàn, chi hội sinh hoạt" in text(response)


# Cost: pages do not query once per ward


def _add_wards(district: Unit, count: int) -> None:
    start = district.children.count()
    for number in range(start, start + count):
        ward = UnitFactory(parent=district, name=f"Đoàn phường Thêm {number}")
        HostFactory(unit=ward)


@pytest.mark.parametrize("url_name", ["home", "organizations:unit_list", "organizations:host_list"])
def test_list_pages_cost_the_same_queries_for_10_or_50_wards(
    login, tree, url_name, django_assert_max_num_queries
):
    client = login(tree.staff)
    url = reverse(url_name)
    _add_wards(tree.binh_tan, 8)  # 10 wards
    client.get(url)  # warm the session
    cache.clear()  # the home page computed afresh, not the one the first visit kept
    with django_assert_max_num_queries(100) as ten:
        assert client.get(url).status_code == 200
    _add_wards(tree.binh_tan, 40)  # 50 wards
    with django_assert_max_num_queries(100) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty.captured_queries) == len(ten.captured_queries)


def test_a_ward_page_costs_the_same_queries_whatever_its_size(
    login, tree, django_assert_max_num_queries
):
    client = login(tree.staff)
    url = tree.binh_tri_dong_b.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for number in range(20):
        HostFactory(unit=tree.binh_tri_dong_b, name=f"Khu trọ {number}")
    with django_assert_max_num_queries(100) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_districts_page_counts_each_wards_units_and_hosts(login, tree):
    """Bình Trị Đông B holds the Phú Lâm chi đoàn, a second one, and one dissolved last
    year; it hosts three places: its row says 2 units and 3 hosts (each counted once,
    though every unit and every host are there together), An Lạc's 0 and 1."""
    UnitFactory(parent=tree.binh_tri_dong_b, name="Chi đoàn Khu phố 3")
    UnitFactory(parent=tree.binh_tri_dong_b, name="Chi đoàn cũ", dissolved_on=date(2025, 6, 30))
    HostFactory(unit=tree.binh_tri_dong_b, name="Khu trọ Bà Bảy")
    HostFactory(unit=tree.binh_tri_dong_b, name="Trường THCS Bình Trị Đông")
    body = text(login(tree.staff).get(tree.binh_tan.get_absolute_url()))

    def counts(name):
        row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{name}(?:(?!</tr>).)*</tr>", body, re.S)
        return re.findall(r'class="num">(\d+)<', row.group(0))

    assert counts("Đoàn phường Bình Trị Đông B") == ["2", "3"]
    assert counts("Đoàn phường An Lạc") == ["0", "1"]


def test_empty_choices_read_in_vietnamese(login, tree):
    body = text(login(tree.staff).get(reverse("organizations:host_create")))
    assert "- Chọn -" in body
    assert "Select an option" not in body


def test_the_navigation_marks_only_the_current_section(login, tree):
    body = text(login(tree.staff).get(reverse("reports:home")))
    assert body.count('aria-current="page"') == 1
    assert 'aria-current="page">Báo cáo</a>' in body


def test_a_units_page_lists_its_units_25_at_a_time_with_a_search(login, tree):
    """Quận Đoàn Bình Tân with 30 wards, as a city over 168: the first page lists 25 of them
    by name, the second the other 5, and "binh tri dong" finds its ward without diacritics."""
    for n in range(28):
        UnitFactory(parent=tree.binh_tan, name=f"Đoàn phường Số {n:02d}")
    client = login(tree.staff)
    url = tree.binh_tan.get_absolute_url()
    first, second = text(client.get(url)), text(client.get(url, {"page": "2"}))
    assert "30 đơn vị" in first and "Trang 1 / 2" in first
    assert "Đoàn phường An Lạc" in first and "Đoàn phường Bình Trị Đông B" in first
    assert "Đoàn phường Số 22" in first
    assert "Đoàn phường Số 23" not in first and "Đoàn phường Số 23" in second
    assert "Đoàn phường Số 27" in second and "Đoàn phường An Lạc" not in second
    found = text(client.get(url, {"q": "binh tri dong"}))
    assert "1 đơn vị" in found and "Đoàn phường Bình Trị Đông B" in found
    assert "Đoàn phường An Lạc" not in found
    assert 'value="binh tri dong"' in found
    nothing = text(client.get(url, {"q": "xyz", "page": "9"}))
    assert "Không có đơn vị trực thuộc nào khớp với “xyz”." in nothing


def test_a_few_units_are_listed_without_a_search_field(login, tree):
    page = text(login(tree.staff).get(tree.binh_tan.get_absolute_url()))
    assert "Đoàn phường An Lạc" in page and 'type="search"' not in page
