from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from reports.deadlines import due_moments
from reports.models import Extension, ReportSchedule
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_wards_report_on_their_districts_schedule(tree):
    ReportSchedule.objects.create(unit=tree.binh_tan, due_day=10, due_time=time(16))
    due = due_moments([tree.an_lac, tree.thanh_loc], date(2024, 3, 1))
    assert due[tree.an_lac.pk] == datetime(2024, 4, 10, 16, 0, tzinfo=HCM)
    # Quận 12 has no schedule of its own: the 10th, end of day
    assert due[tree.thanh_loc.pk] == datetime(2024, 4, 10, 23, 59, 59, 999999, tzinfo=HCM)


def test_an_extension_moves_one_wards_month_only(tree):
    ReportSchedule.objects.create(unit=tree.binh_tan, due_day=10, due_time=time(16))
    Extension.objects.create(
        unit=tree.an_lac,
        month=date(2024, 3, 1),
        due_at=datetime(2024, 4, 15, 16, 0, tzinfo=HCM),
        reason="Lũ",
    )
    march = due_moments([tree.an_lac, tree.binh_tri_dong_b], date(2024, 3, 1))
    april = due_moments([tree.an_lac], date(2024, 4, 1))
    assert march[tree.an_lac.pk] == datetime(2024, 4, 15, 16, 0, tzinfo=HCM)
    assert march[tree.binh_tri_dong_b.pk] == datetime(2024, 4, 10, 16, 0, tzinfo=HCM)
    assert april[tree.an_lac.pk] == datetime(2024, 5, 10, 16, 0, tzinfo=HCM)


def test_due_moments_cost_two_queries_for_any_number_of_wards(tree, django_assert_num_queries):
    wards = [UnitFactory(parent=tree.binh_tan, name=f"Phường {n}") for n in range(30)]
    with django_assert_num_queries(2):
        assert len(due_moments(wards, date(2024, 3, 1))) == 30
