"""Login throttling: five wrong passwords for one account from one address lock that pair
out for a while, with a message in Vietnamese; the right password then does not get in,
and other people, or the same person from elsewhere, are not affected. Thirty wrong
passwords from one address, whatever the accounts (one password tried on every account),
lock that address out; an office behind one address is not locked out by one person's
mistakes, and no number of wrong passwords locks a named account out for everyone."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


SPRAYER = "203.0.113.7"
ELSEWHERE = "198.51.100.2"
ACCOUNT_LOCKED = "Tài khoản này đã bị nhập sai mật khẩu quá nhiều lần từ địa chỉ này"
ADDRESS_LOCKED = "mọi đăng nhập từ địa chỉ này bị chặn trong 15 phút"


def attempt(client, username, password, address=SPRAYER):
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


@pytest.fixture
def accounts(tree):
    """Forty secretaries of Bình Trị Đông B, each signing in with ``PASSWORD``."""
    return [UserFactory(username=f"bithu{n}.btdb", unit=tree.binh_tri_dong_b) for n in range(40)]


def test_one_password_tried_on_forty_accounts_from_one_address_is_stopped_at_the_thirtieth(
    client, accounts
):
    answers = [attempt(client, user.username, "123456") for user in accounts]
    assert [a.status_code for a in answers] == [200] * 29 + [429] * 11
    page = answers[29].content.decode()
    assert ADDRESS_LOCKED in page and ACCOUNT_LOCKED not in page
    # From there, even an account never tried, with its right password, is refused.
    fresh = UserFactory(username="bithu.moi", unit=accounts[0].unit)
    assert attempt(client, fresh.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_after_a_spray_from_one_address_every_account_still_logs_in_from_another(client, accounts):
    for user in accounts:
        attempt(client, user.username, "123456")
    for user in accounts:
        assert attempt(client, user.username, PASSWORD, address=ELSEWHERE).status_code == 302
        client.logout()


def test_an_office_behind_one_address_is_not_locked_out_by_one_persons_mistakes(client, accounts):
    """One colleague's five wrong passwords lock that colleague out; six others mistyping
    four times each (29 wrong passwords from the office in all) still get in, as does
    everyone else."""
    clumsy, *colleagues = accounts
    for _ in range(4):
        attempt(client, clumsy.username, "sai")
    locked = attempt(client, clumsy.username, "sai")
    assert locked.status_code == 429 and ACCOUNT_LOCKED in locked.content.decode()
    for user in colleagues[:6]:
        for _ in range(4):
            assert attempt(client, user.username, "sai").status_code == 200
    for user in colleagues:
        assert attempt(client, user.username, PASSWORD).status_code == 302
        client.logout()
    assert attempt(client, clumsy.username, PASSWORD).status_code == 429


def test_no_number_of_wrong_passwords_locks_a_named_account_out_for_everyone(client, tree):
    """Fifty wrong passwords for the secretary's account, from ten addresses: each of those
    addresses is locked out of that account, and the secretary still gets in from home."""
    tree.secretary.set_password("mat-khau-dung-1")
    tree.secretary.save()
    for n in range(10):
        for _ in range(5):
            answer = attempt(client, tree.secretary.username, "sai", address=f"192.0.2.{n}")
        assert answer.status_code == 429
    home = attempt(client, tree.secretary.username, "mat-khau-dung-1", address=ELSEWHERE)
    assert home.status_code == 302 and home.url == reverse("home")


def test_the_lock_of_an_address_lifts_after_the_cool_off(client, accounts):
    for user in accounts[:30]:
        attempt(client, user.username, "123456")
    assert attempt(client, accounts[30].username, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, accounts[30].username, PASSWORD).status_code == 302


def test_the_limit_of_an_address_is_a_setting(client, accounts, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 10
    answers = [attempt(client, user.username, "123456").status_code for user in accounts[:12]]
    assert answers == [200] * 9 + [429] * 3
