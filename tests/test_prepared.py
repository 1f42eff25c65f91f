"""The lookups every request makes with SQL compiled once (config/prepared.py): the signed-in
person, their session, the report a form is about. They must find exactly what Django's own
queries find, in one query, on SQLite and PostgreSQL alike."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from config.prepared import Prepared
from organizations.auth import PersonBackend
from organizations.models import User
from reports import services
from reports.models import MonthlyReport, with_holdings
from reports.views import _REPORT_OF_MONTH as REPORT_OF  # the form's own lookup
from tests.factories import monthly_report

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)


def report_of(unit, month):
    return with_holdings(MonthlyReport.objects.filter(unit=unit, month=month).order_by())


def fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_person_comes_with_their_unit_and_its_kind_in_one_query(
    tree, client, django_assert_num_queries
):
    """Every page knows who is signed in, their ward and its kind from one query: the
    secretary's home page names the ward."""
    client.force_login(tree.secretary)
    assert tree.binh_tri_dong_b.name in client.get(reverse("home")).content.decode()
    backend = PersonBackend()
    for _ in range(2):  # compiled (and on PostgreSQL prepared) the first time, reused after
        with django_assert_num_queries(1):
            person = backend.get_user(str(tree.secretary.pk))
            kind = person.unit.kind
        assert (person, person.unit, kind) == (
            tree.secretary,
            tree.binh_tri_dong_b,
            tree.binh_tri_dong_b.kind,
        )
    with django_assert_num_queries(1):
        assert backend.get_user(str(tree.secretary.pk + 1000)) is None


def test_an_expired_session_or_a_deactivated_person_is_signed_out(tree, client):
    client.force_login(tree.secretary)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("home")).url.startswith(reverse("login"))

    client.force_login(tree.secretary)
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=tree.secretary.pk).update(is_active=False)
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_a_changed_password_signs_the_other_sessions_out(tree, client):
    client.force_login(tree.secretary)
    tree.secretary.set_password("một mật khẩu mới 2024")
    tree.secretary.save()
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_the_report_of_a_month_is_what_django_finds(tree):
    """A month with a report that founded a chi đoàn, a month with a bare draft and a month
    with no report: the same rows, the same holdings, as Django's query gives them."""
    monthly_report(tree.binh_tri_dong_b, MARCH, tree.secretary, founded_on=date(2024, 3, 26))
    services.report_open(unit=tree.binh_tri_dong_b, month=date(2024, 4, 1))
    for month in (MARCH, date(2024, 4, 1), date(2024, 5, 1)):
        expected = report_of(tree.binh_tri_dong_b, month).first()
        found = REPORT_OF.first(tree.binh_tri_dong_b.pk, month)
        if expected is None:
            assert found is None
            continue
        assert fields(found) == fields(expected)
        assert (found.holds_lines, found.holds_files) == (expected.holds_lines, False)
    assert REPORT_OF.first(tree.binh_tri_dong_b.pk, MARCH).holds_lines is True
    assert REPORT_OF.first(tree.binh_tri_dong_b.pk, date(2024, 4, 1)).holds_lines is False
    assert [r.pk for r in REPORT_OF.all(tree.an_lac.pk, MARCH)] == []


def test_a_shape_whose_values_cannot_be_told_apart_is_left_to_django(tree):
    """The same value used twice in a query: no compiled SQL, Django runs it, same answer."""
    twice = Prepared(lambda pk: User.objects.filter(pk=pk, unit__pk__gte=0, id__lte=pk), int)
    assert twice.first(tree.staff.pk) == tree.staff
    assert twice._plan(one=True) is None
