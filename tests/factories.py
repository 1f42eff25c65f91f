"""Test data that goes through the same services as the app, so trees get real paths."""

from datetime import date

import factory

from organizations import services
from organizations.models import Host, Unit, UnitKind, User
from plans import services as plan_services
from plans.models import Plan
from targets.models import Metric

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
    issuing_body = "BCH QUẬN ĐOÀN BÌNH TÂN"
    title = factory.Sequence(lambda n: f"Kế hoạch số {n} năm 2024")
    starts_on = date(2024, 1, 1)
    ends_on = date(2024, 12, 31)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return plan_services.plan_create(user=None, **kwargs)
