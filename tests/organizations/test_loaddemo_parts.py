"""The demo loaded in parts, each test on an empty database of its own (beside
``test_loaddemo.py``, whose tests share one whole demo)."""

import pytest
from django.core.management import call_command

from organizations import demo
from organizations.models import Host, Unit, User

pytestmark = pytest.mark.django_db


def test_without_debug_no_demo_account_is_created(settings):
    settings.DEBUG = False
    call_command("loaddemo")
    assert not User.objects.exists()


def test_every_ward_has_enterprises_of_each_size_and_boarding_houses():
    demo.load(with_accounts=False)  # the registry as loaded, before reports add to it
    registry_wards = Unit.objects.filter(
        kind__name="Đoàn phường", parent__name__in=["Quận Đoàn Bình Tân", "Quận Đoàn 12"]
    )
    assert registry_wards.count() == 21
    for ward in registry_wards:
        enterprises = ward.hosts.filter(kind=Host.Kind.ENTERPRISE)
        sizes = sorted(enterprises.values_list("workers", flat=True))
        assert len(sizes) == 3
        assert sizes[0] < 100 and 100 <= sizes[1] <= 500 and sizes[2] > 500, ward.name
        assert ward.hosts.filter(kind=Host.Kind.BOARDING_HOUSE).count() == 2
