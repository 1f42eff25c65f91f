"""The demo's people have addresses under example.org, so that a developer sees each
e-mail in the console; the demo's own 2024 reviews are in the app, and never e-mailed."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from notifications.models import Notification
from organizations.models import User

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def load(callbacks):
    with callbacks(execute=True):
        call_command("loaddemo", accounts=True, stdout=StringIO())


def test_every_demo_account_has_its_address_under_example_org(
    mailoutbox, django_capture_on_commit_callbacks
):
    load(django_capture_on_commit_callbacks)

    addresses = dict(User.objects.values_list("username", "email"))
    assert addresses["bithu.an-lac"] == "bithu.an-lac@example.org"
    assert addresses["canbo.binhtan"] == "canbo.binhtan@example.org"
    assert all(email == f"{name}@example.org" for name, email in addresses.items())


def test_the_demo_secretary_finds_the_2024_reviews_in_the_app_and_nothing_is_e_mailed(
    mailoutbox, django_capture_on_commit_callbacks
):
    load(django_capture_on_commit_callbacks)

    an_lac = User.objects.get(username="bithu.an-lac")
    returned = Notification.objects.get(recipient=an_lac, kind="report-returned")
    assert returned.title == "Báo cáo tháng 03/2024 bị trả lại – Đoàn phường An Lạc"
    assert returned.created_at == datetime(2024, 4, 9, 10, 15, tzinfo=HCM)
    assert Notification.objects.filter(recipient=an_lac, kind="report-accepted").count() == 6
    assert mailoutbox == []
    assert not Notification.objects.exclude(email_status=Notification.Email.NONE).exists()


def test_loading_the_demo_again_changes_nothing_and_gives_old_accounts_their_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    load(django_capture_on_commit_callbacks)
    before = sorted(Notification.objects.values_list("recipient_id", "key", "read_at"))
    User.objects.filter(username="bithu.an-lac").update(email="")  # loaded before addresses

    load(django_capture_on_commit_callbacks)

    assert sorted(Notification.objects.values_list("recipient_id", "key", "read_at")) == before
    assert User.objects.get(username="bithu.an-lac").email == "bithu.an-lac@example.org"
    assert mailoutbox == []
