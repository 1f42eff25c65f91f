"""Login throttling: five wrong passwords for one account from one address lock that pair
out for a while, with a message in Vietnamese; the right password then does not get in,
and other people, or the same person from elsewhere, are not affected."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client, tree):
    tree.secretary.set_password("mat-khau-dung-1")
    tree.secretary.save()
    name = tree.secretary.username
    for _ in range(4):
        response = attempt(client, name, "sai")
        assert response.status_code == 200  # the login page again, with its error
    locked = attempt(client, name, "sai")
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert "15 phút" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert attempt(client, name, "mat-khau-dung-1").status_code == 429
    assert "_auth_user_id" not in client.session
    # The same account from another address, and another account, still get in.
    assert attempt(client, name, "mat-khau-dung-1", address="198.51.100.2").status_code == 302
    client.logout()
    tree.other_secretary.set_password("mat-khau-khac-2")
    tree.other_secretary.save()
    assert attempt(client, tree.other_secretary.username, "mat-khau-khac-2").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, tree):
    tree.secretary.set_password("mat-khau-dung-1")
    tree.secretary.save()
    for _ in range(5):
        attempt(client, tree.secretary.username, "sai")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = attempt(client, tree.secretary.username, "mat-khau-dung-1")
    assert response.status_code == 302 and response.url == reverse("home")


def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape_the_lock(
    client, tree, settings
):
    """The proxy appends the address it saw; what the client wrote before it is ignored."""
    settings.BEHIND_TLS_PROXY = True
    name = tree.secretary.username
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        response = client.post(
            reverse("login"),
            {"username": name, "password": "sai"},
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7",
        )
    assert response.status_code == 429
