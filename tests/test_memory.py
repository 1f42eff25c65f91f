"""A web process freezes what it keeps for its life, so that full garbage collections do
not go through it again (config/memory.py; its effect is measured by bench/load.py)."""

import gc

import pytest
from django.urls import reverse

from config import memory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()
    memory.request_finished.disconnect(dispatch_uid="config.memory")


def test_what_the_app_holds_is_frozen_at_load_and_again_once_it_has_served_pages(client, unfrozen):
    memory.settle()
    assert gc.get_freeze_count() > 10_000  # Django and the app, loaded
    kept = [[n] for n in range(5_000)]  # loaded on first use, after the app was
    at_load = gc.get_freeze_count()
    for _ in range(memory.SETTLED_AFTER - 1):
        client.get(reverse("login"))
    assert gc.get_freeze_count() < at_load + len(kept)
    client.get(reverse("login"))
    assert gc.get_freeze_count() >= at_load + len(kept)
    gc.unfreeze()  # frozen once more only: later requests freeze nothing
    client.get(reverse("login"))
    assert gc.get_freeze_count() == 0
