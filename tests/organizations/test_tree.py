import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations import services
from organizations.models import Unit, User, path_segment
from tests.factories import BranchFactory, UnitFactory, UnitKindFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_districts_subtree_is_itself_its_wards_and_their_branches(tree):
    names = set(Unit.objects.within(tree.binh_tan).values_list("name", flat=True))
    assert names == {
        "Quận Đoàn Bình Tân",
        "Đoàn phường Bình Trị Đông B",
        "Đoàn phường An Lạc",
        "Chi đoàn Công ty TNHH May mặc Phú Lâm",
    }


def test_a_subtree_is_one_query_however_deep_the_tree(django_assert_num_queries):
    unit = root = UnitFactory(name="Trung ương Đoàn")
    for depth in range(1, 7):
        unit = UnitFactory(parent=unit, name=f"Cấp {depth}")
    with django_assert_num_queries(1):
        assert len(list(Unit.objects.within(root))) == 7
    assert unit.depth == 6


def test_the_subtree_of_a_city_with_ten_thousand_units_is_one_query(
    django_assert_num_queries,
):
    kind = UnitKindFactory(name="Chi đoàn", is_branch=True)
    city = UnitFactory(name="Thành Đoàn")
    # 100 wards of 99 branches each, written in bulk with the paths the service would give.
    rows, next_pk = [], city.pk + 1
    for ward_number in range(100):
        ward_pk = next_pk
        ward_path = city.path + path_segment(ward_pk)
        rows.append(
            Unit(
                pk=ward_pk,
                parent_id=city.pk,
                path=ward_path,
                depth=1,
                kind=kind,
                name=f"Phường {ward_number}",
                slug=f"phuong-{ward_number}",
            )
        )
        for branch_number in range(99):
            pk = ward_pk + 1 + branch_number
            rows.append(
                Unit(
                    pk=pk,
                    parent_id=ward_pk,
                    path=ward_path + path_segment(pk),
                    depth=2,
                    kind=kind,
                    name=f"Chi đoàn {pk}",
                    slug=f"chi-doan-{pk}",
                )
            )
        next_pk = ward_pk + 100
    Unit.objects.bulk_create(rows, batch_size=2000)
    with django_assert_num_queries(1):
        subtree = list(Unit.objects.within(city).only("pk"))
    assert len(subtree) == 10_001


def test_ancestors_are_listed_root_first_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [u.name for u in Unit.objects.ancestors_of(tree.branch)]
    assert names == [
        "Thành Đoàn TP. Hồ Chí Minh",
        "Quận Đoàn Bình Tân",
        "Đoàn phường Bình Trị Đông B",
    ]


def test_moving_a_ward_to_another_district_takes_its_branches_along(tree):
    services.unit_move(unit=tree.binh_tri_dong_b, parent=tree.quan_12)
    tree.branch.refresh_from_db()
    assert tree.branch.is_within(tree.quan_12)
    assert not tree.branch.is_within(tree.binh_tan)
    assert tree.branch.depth == 3
    assert set(Unit.objects.within(tree.binh_tan).values_list("name", flat=True)) == {
        "Quận Đoàn Bình Tân",
        "Đoàn phường An Lạc",
    }


def test_a_unit_cannot_be_moved_under_its_own_branch(tree):
    with pytest.raises(ValidationError):
        services.unit_move(unit=tree.binh_tri_dong_b, parent=tree.branch)
    tree.binh_tri_dong_b.refresh_from_db()
    assert tree.binh_tri_dong_b.parent == tree.binh_tan


def test_two_units_of_one_parent_cannot_share_a_name(tree):
    with pytest.raises(ValidationError):
        services.unit_create(parent=tree.binh_tan, kind=tree.an_lac.kind, name="Đoàn phường An Lạc")
    assert Unit.objects.filter(name="Đoàn phường An Lạc").count() == 1


def test_the_database_refuses_sibling_units_with_the_same_slug(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            parent=tree.binh_tan,
            kind=tree.an_lac.kind,
            name="An Lạc (bản sao)",
            slug=tree.an_lac.slug,
            path="tam/",
            depth=2,
        )


def test_a_province_whose_communes_report_directly_needs_no_district(db):
    """After the 2025 reform: Tỉnh Đoàn -> Đoàn xã -> chi đoàn, with the same code."""
    province = UnitFactory(kind=UnitKindFactory(name="Tỉnh Đoàn"), name="Tỉnh Đoàn Cao Bằng")
    commune_kind = UnitKindFactory(name="Đoàn xã")
    commune = UnitFactory(parent=province, kind=commune_kind, name="Đoàn xã Hòa An")
    other = UnitFactory(parent=province, kind=commune_kind, name="Đoàn xã Nguyên Bình")
    branch = BranchFactory(parent=commune, name="Chi đoàn Hợp tác xã Chè")
    secretary = UserFactory(unit=commune, role=User.Role.SECRETARY)
    staff = UserFactory(unit=province, role=User.Role.STAFF)

    assert set(Unit.objects.for_user(secretary)) == {commune, branch}
    assert set(Unit.objects.for_user(staff)) == {province, commune, other, branch}
    assert [u.name for u in province.children.order_by("name")] == [
        "Đoàn xã Hòa An",
        "Đoàn xã Nguyên Bình",
    ]


def test_a_unit_dissolved_on_1_july_owes_june_but_not_july(tree):
    from datetime import date

    from organizations.models import Unit

    tree.binh_tri_dong_b.dissolved_on = date(2025, 7, 1)
    tree.binh_tri_dong_b.founded_on = date(2015, 3, 26)
    tree.binh_tri_dong_b.save()
    owing = Unit.objects.filter(parent=tree.binh_tan)
    assert set(owing.owing_report_of(date(2025, 6, 1))) == {tree.binh_tri_dong_b, tree.an_lac}
    assert set(owing.owing_report_of(date(2025, 7, 1))) == {tree.an_lac}
    assert set(owing.owing_report_of(date(2015, 2, 1))) == {tree.an_lac}  # not founded yet
    assert tree.binh_tri_dong_b.owes_report_of(date(2015, 3, 1))  # its founding month
    assert not tree.binh_tri_dong_b.exists_on(date(2025, 7, 1))
