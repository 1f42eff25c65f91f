"""Test data that goes through the same services as the app, so trees get real paths."""

import factory

from organizations import services
from organizations.models import Host, Unit, UnitKind, User

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
