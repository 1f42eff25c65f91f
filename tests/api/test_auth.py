"""Who may read the API: a signed-in person, or a program with their personal token."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import ApiToken

pytestmark = pytest.mark.django_db
PLANS = "/api/plans"


def test_an_anonymous_request_gets_401_json_not_the_login_page(client, tree):
    response = client.get(PLANS)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Bearer"
    assert "detail" in response.json()


def test_a_signed_in_person_reads_with_their_session(login, tree, plan):
    response = login(tree.leader).get(PLANS)
    assert response.status_code == 200
    assert [p["title"] for p in response.json()["items"]] == ["Kế hoạch phát triển đoàn viên"]


def test_a_program_reads_with_a_personal_token(client, tree, plan, bearer):
    response = client.get(PLANS, headers=bearer(tree.leader))
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_token_sees_what_its_user_sees(client, tree, plan, bearer):
    response = client.get(PLANS, headers=bearer(tree.q12_staff))
    assert response.json() == {"items": [], "count": 0}


def test_using_a_token_records_when(client, tree, bearer):
    client.get(PLANS, headers=bearer(tree.leader))
    assert ApiToken.objects.get().last_used_at is not None


def test_reads_within_a_minute_write_nothing_and_the_next_minute_records_again(
    client, tree, bearer
):
    """A program polling the API reads without a write on each request: the last use is
    recorded to the minute."""
    header = bearer(tree.leader)
    with time_machine.travel("2026-03-02 09:00:00 +07:00", tick=False):
        client.get(PLANS, headers=header)
    first = ApiToken.objects.get().last_used_at
    later = time_machine.travel("2026-03-02 09:00:40 +07:00", tick=False)
    with later, CaptureQueriesContext(connection) as queries:
        assert client.get(PLANS, headers=header).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert ApiToken.objects.get().last_used_at == first
    with time_machine.travel("2026-03-02 09:01:05 +07:00", tick=False):
        client.get(PLANS, headers=header)
    assert ApiToken.objects.get().last_used_at - first == timedelta(seconds=65)


@pytest.mark.parametrize("header", ["Bearer wrong-key", "Bearer ", "Token abc", "Basic eDp5"])
def test_a_wrong_token_gets_401(client, tree, header):
    assert client.get(PLANS, headers={"Authorization": header}).status_code == 401


def test_a_revoked_token_gets_401(client, tree, bearer):
    header = bearer(tree.leader)
    ApiToken.objects.all().delete()
    assert client.get(PLANS, headers=header).status_code == 401


def test_the_token_of_an_inactive_user_gets_401(client, tree, bearer):
    header = bearer(tree.leader)
    tree.leader.is_active = False
    tree.leader.save()
    assert client.get(PLANS, headers=header).status_code == 401


def test_the_key_is_stored_only_as_its_hash(tree):
    token, key = ApiToken.objects.issue(user=tree.leader)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values_list())


def test_the_api_is_read_only(login, tree, plan):
    client = login(tree.staff)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(PLANS).status_code == 405
        assert getattr(client, method)(f"{PLANS}/{plan.pk}").status_code == 405


def test_apitoken_prints_a_key_that_opens_the_api(client, tree):
    out = StringIO()
    call_command("apitoken", "lanhdao.binhtan", "--name", "Bảng tin", stdout=out)
    key = out.getvalue().strip()
    assert ApiToken.objects.get().name == "Bảng tin"
    response = client.get(PLANS, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_apitoken_refuses_an_unknown_or_inactive_user(tree):
    with pytest.raises(CommandError):
        call_command("apitoken", "khong-co-ai", stdout=StringIO())
    tree.leader.is_active = False
    tree.leader.save()
    with pytest.raises(CommandError):
        call_command("apitoken", "lanhdao.binhtan", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_an_administrator_lists_the_tokens_of_their_district_only(login, tree):
    ApiToken.objects.issue(user=tree.leader, name="Bảng tin quận")
    ApiToken.objects.issue(user=tree.q12_staff, name="Bảng tin Quận 12")
    body = login(tree.admin).get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert "Bảng tin quận" in body
    assert "Bảng tin Quận 12" not in body


def test_an_administrator_revokes_a_token_by_deleting_it(login, tree):
    token, _key = ApiToken.objects.issue(user=tree.leader)
    client = login(tree.admin)
    response = client.post(reverse("admin:api_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_tokens_are_not_made_in_the_admin(login, tree):
    assert login(tree.admin).get(reverse("admin:api_apitoken_add")).status_code == 403
