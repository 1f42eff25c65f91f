"""Test data that goes through the same services as the app, so trees get real paths."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import factory
from django.db import transaction

from organizations import services
from organizations.models import Host, Unit, UnitKind, User
from plans import services as plan_services
from plans.models import Plan
from reports import services as report_services
from targets.models import Metric
from targets.periods import Period
from targets.services import TargetCell, allocation_set_save, roadmap_save

PASSWORD = "demo-password"


class UnitKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKind
        django_get_or_create = ["name"]

    name = "Đoàn phường"
    organisation = UnitKind.Organisation.DOAN
    is_branch = False


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    parent = None
    kind = factory.SubFactory(UnitKindFactory)
    name = factory.Sequence(lambda n: f"Đoàn phường Số {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_create(**kwargs)


class BranchFactory(UnitFactory):
    kind = factory.SubFactory(UnitKindFactory, name="Chi đoàn", is_branch=True)
    name = factory.Sequence(lambda n: f"Chi đoàn Công ty Số {n}")


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    unit = factory.SubFactory(UnitFactory)
    kind = Host.Kind.ENTERPRISE
    name = factory.Sequence(lambda n: f"Công ty TNHH Số {n}")
    workers = 120


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    unit = factory.SubFactory(UnitFactory)
    role = User.Role.SECRETARY
    full_name = "Nguyễn Văn An"

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return services.user_create(password=password, **kwargs)


class MetricFactory(factory.django.DjangoModelFactory):
    """The shipped catalogue's metrics (they exist after migrations) or new ones."""

    class Meta:
        model = Metric
        django_get_or_create = ["code"]

    code = "new-chi-doan"
    name = factory.LazyAttribute(lambda m: m.code)
    unit_of_measure = "chi đoàn"
    source = Metric.Source.REPORTED


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    issuing_unit = factory.SubFactory(UnitFactory)
    year = 2024
    issuing_body = "BCH ĐOÀN QUẬN BÌNH TÂN"
    title = factory.Sequence(lambda n: f"Kế hoạch số {n} năm 2024")
    starts_on = date(2024, 1, 1)
    ends_on = date(2024, 12, 31)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return plan_services.plan_create(user=None, **kwargs)


def small_roadmap(plan) -> None:
    """A small Bình Tân roadmap: chi đoàn by the wards together, 7 in Q I and 9 in Q II;
    1 by the district itself in Q I; 100 đoàn viên by the wards in Q II."""
    chi_doan = Metric.objects.get(code="new-chi-doan")
    doan_vien = Metric.objects.get(code="new-doan-vien")
    q1, q2 = Period.quarter(2024, 1), Period.quarter(2024, 2)
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(chi_doan, "children", q1, Decimal(7)),
            TargetCell(chi_doan, "children", q2, Decimal(9)),
            TargetCell(chi_doan, "own", q1, Decimal(1)),
            TargetCell(doan_vien, "children", q2, Decimal(100)),
        ],
    )


def monthly_report(
    unit, month, user, *, founded_on=None, doan_vien=None, staff=None, now=None
) -> None:
    """A unit's report of ``month``, submitted by ``user`` (at ``now``, else the present),
    with a chi đoàn founded at a new enterprise and đoàn viên admitted if asked; accepted
    by ``staff`` when given."""
    report = report_services.report_open(unit=unit, month=month)
    lines = []
    if founded_on:
        lines.append(
            report_services.BranchLine(
                name=f"Chi đoàn mới {unit.name} {founded_on:%d%m}",
                kind=UnitKind.objects.get(name="Chi đoàn"),
                founded_on=founded_on,
                members=9,
                new_host_name=f"Công ty mới {unit.name} {founded_on:%d%m}",
                new_host_kind="enterprise",
            )
        )
    values = {Metric.objects.get(code="new-doan-vien"): Decimal(doan_vien)} if doan_vien else {}
    report_services.report_save(
        report=report, user=user, version=report.version, texts={}, values=values, branches=lines
    )
    moment = {"now": now} if now else {}
    report_services.report_submit(report=report, user=user, **moment)
    if staff:
        report_services.report_accept(report=report, user=staff, **moment)


@contextmanager
def rolled_back():
    """Writes undone afterwards, so that the next attempt (a Hypothesis example, a hostile
    input) starts from the same data."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def share_out(plan, values, *, period=None, allocation_set=None, user=None, reason=""):
    """A share-out of ``plan`` as the seeds write them (Mục II.4.3, minimums for the year
    2024 unless ``period`` says otherwise); ``values`` maps (unit id, metric id) to a
    number. With ``allocation_set``, rewrites that one."""
    return allocation_set_save(
        plan=plan,
        user=user,
        allocation_set=allocation_set,
        period=period or Period.year(2024),
        source_ref="Mục II.4.3",
        is_minimum=True,
        note="",
        values={key: Decimal(value) for key, value in values.items()},
        reason=reason,
    )
