"""loadprovince: the unions of a province and of its wards, communes and special zones,
from the statistics office's list (the vietnam-provinces package)."""

import dataclasses
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from vietnam_provinces import Province, Ward

from organizations import provinces as official
from organizations.models import Unit, UnitKind, path_segment
from tests.factories import UnitFactory, UnitKindFactory

pytestmark = pytest.mark.django_db

HCMC = "Thành phố Hồ Chí Minh"


def load(*args, **options) -> str:
    out = StringIO()
    call_command("loadprovince", *args, stdout=out, **options)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return sorted(
        Unit.objects.values_list(
            "pk",
            "path",
            "depth",
            "parent_id",
            "name",
            "slug",
            "kind__name",
            "official_code",
            "founded_on",
            "search_name",
        )
    )


def package_counts(code: int) -> Counter:
    """What the package itself lists for the province: how many of each division type."""
    return Counter(str(ward.division_type.value) for ward in Ward.iter_by_province(code))


def union_of(code: str) -> Unit:
    return Unit.objects.get(official_code=code)


def kinds_below(union: Unit) -> Counter:
    return Counter(union.children.values_list("kind__name", flat=True))


def test_ho_chi_minh_city_gets_its_union_and_its_168_wards_communes_and_special_zone():
    load(HCMC)

    city = union_of("79")
    assert (city.name, city.kind.name, city.parent) == (
        "Thành Đoàn TP. Hồ Chí Minh",
        "Thành Đoàn",
        None,
    )
    # 113 phường, 54 xã and Côn Đảo, as the statistics office lists them since 01/07/2025.
    assert kinds_below(city) == {"Đoàn phường": 113, "Đoàn xã": 54, "Đoàn đặc khu": 1}
    assert package_counts(79) == {"phường": 113, "xã": 54, "đặc khu": 1}


@pytest.mark.parametrize(
    ("code", "union", "kind"),
    [
        (4, "Tỉnh Đoàn Cao Bằng", "Tỉnh Đoàn"),
        (1, "Thành Đoàn Hà Nội", "Thành Đoàn"),
        (91, "Tỉnh Đoàn An Giang", "Tỉnh Đoàn"),
        (31, "Thành Đoàn Hải Phòng", "Thành Đoàn"),
    ],
)
def test_each_province_holds_as_many_units_of_each_kind_as_the_package_lists(code, union, kind):
    load(province_code=str(code))

    root = union_of(f"{code:02d}")
    assert (root.name, root.kind.name, root.parent) == (union, kind, None)
    expected = {
        official.KIND_OF_DIVISION[division]: count
        for division, count in package_counts(code).items()
    }
    assert kinds_below(root) == expected
    assert Unit.objects.count() == 1 + sum(expected.values())


def test_cao_bang_has_three_phuong_and_fifty_three_xa():
    load("Tỉnh Cao Bằng")
    assert kinds_below(union_of("04")) == {"Đoàn phường": 3, "Đoàn xã": 53}


def test_each_base_union_has_its_real_name_kind_code_and_founding_date():
    load(HCMC)

    rows = {
        code: (name, kind, founded_on)
        for code, name, kind, founded_on in Unit.objects.filter(
            official_code__in=["27448", "27664", "26732"]
        ).values_list("official_code", "name", "kind__name", "founded_on")
    }
    reform = date(2025, 7, 1)
    assert rows == {
        "27448": ("Đoàn phường Bình Trị Đông", "Đoàn phường", reform),
        "27664": ("Đoàn xã Cần Giờ", "Đoàn xã", reform),
        "26732": ("Đoàn đặc khu Côn Đảo", "Đoàn đặc khu", reform),
    }


def test_ward_codes_have_five_digits_and_province_codes_two():
    load(province_code="1")  # Hà Nội: Phường Ba Đình is ward 4

    assert union_of("01").name == "Thành Đoàn Hà Nội"
    assert Unit.objects.get(official_code="00004").name == "Đoàn phường Ba Đình"
    codes = set(Unit.objects.exclude(parent=None).values_list("official_code", flat=True))
    assert {len(code) for code in codes} == {5}


def test_the_units_take_their_place_in_the_tree_as_unit_create_gives_it():
    load(HCMC)

    city = union_of("79")
    for ward in city.children.all():
        assert ward.path == city.path + path_segment(ward.pk)
        assert ward.depth == 1
    ward = Unit.objects.get(official_code="27448")
    # Searched without diacritics like any unit, and found within the city's subtree.
    assert Unit.objects.filter(search_name__contains="binh tri dong").get() == ward
    assert Unit.objects.within(city).count() == 169


def test_slugs_spell_d_for_đ_and_tell_apart_two_communes_of_one_spelling():
    load(HCMC)

    slugs = dict(
        Unit.objects.filter(parent__official_code="79").values_list("official_code", "slug")
    )
    assert slugs["27448"] == "phuong-binh-tri-dong"
    assert slugs["26732"] == "dac-khu-con-dao"
    # Xã Thanh An and Xã Thạnh An are both slugged xa-thanh-an: each gets its code.
    assert (slugs["25807"], slugs["27676"]) == ("xa-thanh-an-25807", "xa-thanh-an-27676")
    assert len(set(slugs.values())) == 168


def test_running_it_twice_changes_nothing():
    load(HCMC)
    first = snapshot()

    out = load(HCMC)

    assert snapshot() == first
    assert "Nothing to change" in out


def test_a_dry_run_says_what_would_change_and_writes_nothing():
    out = load(HCMC, dry_run=True)

    assert not Unit.objects.exists()
    assert "create 27448 Đoàn phường Bình Trị Đông (under Thành Đoàn TP. Hồ Chí Minh)" in out
    assert "create 79 Thành Đoàn TP. Hồ Chí Minh" in out
    assert "Dry run, nothing written" in out
    assert "169 created" in out


def test_a_dry_run_after_loading_says_there_is_nothing_to_change():
    load(HCMC)
    out = load(province_code="79", dry_run=True)
    assert "Nothing to change" in out


def test_a_name_changed_in_a_newer_list_renames_the_unit_and_adds_none():
    load(HCMC)
    can_gio = Unit.objects.get(official_code="27664")
    before = Unit.objects.count()
    # A newer list in which the commune has become a ward (same code, new name and type).
    [city] = official.official_provinces(["79"])
    newer = dataclasses.replace(
        city,
        wards=tuple(
            dataclasses.replace(ward, name="Phường Cần Giờ", division_type="phường")
            if ward.code == "27664"
            else ward
            for ward in city.wards
        ),
    )

    result = official.province_sync(provinces=[newer])

    can_gio.refresh_from_db()
    assert (can_gio.name, can_gio.kind.name) == ("Đoàn phường Cần Giờ", "Đoàn phường")
    assert can_gio.search_name == "doan phuong can gio"
    assert can_gio.slug == "xa-can-gio"  # the short name in addresses stays
    assert Unit.objects.count() == before
    assert [str(change) for change in result.changes] == [
        "rename 27664 Đoàn xã Cần Giờ → Đoàn phường Cần Giờ, kind Đoàn xã → Đoàn phường"
    ]


def test_a_unit_whose_stored_name_differs_from_the_list_is_renamed_back_by_its_code():
    load(HCMC)
    Unit.objects.filter(official_code="27448").update(name="Đoàn phường Bình Trị Đông (cũ)")

    out = load(HCMC, dry_run=True)
    assert "rename 27448 Đoàn phường Bình Trị Đông (cũ) → Đoàn phường Bình Trị Đông" in out
    load(HCMC)

    assert Unit.objects.get(official_code="27448").name == "Đoàn phường Bình Trị Đông"
    assert Unit.objects.filter(name__startswith="Đoàn phường Bình Trị Đông").count() == 1


def test_units_the_office_added_by_hand_are_left_alone():
    load(HCMC)
    city = union_of("79")
    ward = Unit.objects.get(official_code="27448")
    high_tech = UnitFactory(
        parent=city, kind=UnitKind.objects.get(name="Đoàn cơ sở"), name="Đoàn Khu Công nghệ cao"
    )
    branch = UnitFactory(
        parent=ward,
        kind=UnitKindFactory(name="Chi đoàn", is_branch=True),
        name="Chi đoàn Công ty TNHH Bình Trị Đông",
    )
    first = snapshot()

    load(HCMC)

    assert snapshot() == first
    assert set(city.children.filter(official_code="").values_list("pk", flat=True)) == {
        high_tech.pk
    }
    assert branch.parent_id == ward.pk


def test_a_hand_made_unit_with_the_official_name_is_adopted_rather_than_duplicated():
    city = UnitFactory(
        kind=UnitKind.objects.get(name="Thành Đoàn"), name="Thành Đoàn TP. Hồ Chí Minh"
    )
    hand_made = UnitFactory(parent=city, name="Đoàn phường Bình Trị Đông", slug="binh-tri-dong")

    out = load(HCMC, verbosity=2)

    hand_made.refresh_from_db()
    assert hand_made.official_code == "27448"
    assert hand_made.slug == "binh-tri-dong"
    assert city.children.filter(name="Đoàn phường Bình Trị Đông").count() == 1
    assert city.children.count() == 168
    assert "adopt  27448 Đoàn phường Bình Trị Đông" in out


def test_the_demo_city_union_without_a_code_is_adopted_not_duplicated():
    demo_city = UnitFactory(
        kind=UnitKind.objects.get(name="Thành Đoàn"),
        name="Thành Đoàn TP. Hồ Chí Minh",
        slug="tp-ho-chi-minh",
    )

    load(HCMC)

    assert Unit.objects.filter(parent=None).get() == demo_city
    demo_city.refresh_from_db()
    assert (demo_city.official_code, demo_city.slug) == ("79", "tp-ho-chi-minh")
    assert demo_city.children.count() == 168


def test_a_sibling_holding_a_wards_slug_keeps_it_and_the_ward_takes_its_code_along():
    city = UnitFactory(
        kind=UnitKind.objects.get(name="Thành Đoàn"), name="Thành Đoàn TP. Hồ Chí Minh"
    )
    older = UnitFactory(
        parent=city, name="Đoàn phường Bình Trị Đông cũ", slug="phuong-binh-tri-dong"
    )

    load(HCMC)

    older.refresh_from_db()
    assert (older.slug, older.official_code) == ("phuong-binh-tri-dong", "")
    assert Unit.objects.get(official_code="27448").slug == "phuong-binh-tri-dong-27448"


def test_a_ward_that_moved_to_another_province_in_a_newer_list_is_moved_with_its_subtree():
    load(province_code="4")
    load(province_code="20")
    moving = Unit.objects.get(official_code="01273")  # Phường Thục Phán, Cao Bằng
    branch = UnitFactory(parent=moving, name="Chi đoàn thôn Nà Rài")
    cao_bang, lang_son = official.official_provinces(["04", "20"])
    ward = next(ward for ward in cao_bang.wards if ward.code == "01273")
    newer = [
        dataclasses.replace(cao_bang, wards=tuple(w for w in cao_bang.wards if w != ward)),
        dataclasses.replace(lang_son, wards=(*lang_son.wards, ward)),
    ]

    official.province_sync(provinces=newer)

    lang_son_union = union_of("20")
    moving.refresh_from_db()
    branch.refresh_from_db()
    assert moving.parent == lang_son_union
    assert branch.path == lang_son_union.path + path_segment(moving.pk) + path_segment(branch.pk)


def test_a_ward_the_list_no_longer_names_is_left_in_place_and_reported():
    load(HCMC)
    [city] = official.official_provinces(["79"])
    older = dataclasses.replace(city, wards=tuple(w for w in city.wards if w.code != "27448"))

    result = official.province_sync(provinces=[older])

    assert result.changes == []
    assert [unit.official_code for unit in result.unlisted] == ["27448"]
    assert Unit.objects.filter(official_code="27448").exists()


def test_the_founding_date_of_the_units_it_creates_can_be_given():
    load(HCMC, founded_on=date(2025, 8, 1))
    assert set(Unit.objects.values_list("founded_on", flat=True)) == {date(2025, 8, 1)}


def test_a_province_is_found_without_its_type_or_diacritics():
    provinces = official.official_provinces()
    for name in ("ho chi minh", "TP. Hồ Chí Minh", "Thanh pho Ho Chi Minh"):
        assert official.find_province(name, provinces).code == "79"
    assert official.find_province("cao bang", provinces).name == "Tỉnh Cao Bằng"
    load("ho chi minh")
    assert union_of("79").children.count() == 168


def test_an_unknown_province_or_no_province_at_all_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="No province is called 'Bình Dương'"):
        load("Bình Dương")  # merged into Hồ Chí Minh City on 01/07/2025
    with pytest.raises(CommandError, match="official code '77'"):
        load(province_code="77")
    with pytest.raises(CommandError, match="Name one province"):
        load()
    assert not Unit.objects.exists()


def test_all_loads_the_34_provinces_and_3321_wards_and_says_how_long_it_took():
    out = load(all=True)

    roots = Unit.objects.filter(parent=None)
    assert roots.count() == 34 == len(list(Province.iter_all()))
    assert Unit.objects.exclude(parent=None).count() == 3321 == len(list(Ward.iter_all()))
    assert not Unit.objects.filter(official_code="").exists()
    assert "Loaded 34 provinces and 3,321 wards, communes and special zones" in out
    assert "Took " in out
    assert "Nothing to change" in load(all=True, dry_run=True)
