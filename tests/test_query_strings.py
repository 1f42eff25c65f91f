"""No query string makes any page fail: every page of the access table, asked by its owner
with each parameter the app reads set to values a person (or a crawler) might send, answers
with a page (or a redirect, or a 404 / 422 for what does not exist), never a 500."""

import pytest
import time_machine

from tests.test_access import ROWS, objects, url_of, users  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Every parameter the pages and the API read from the query string.
PARAMETERS = [
    "thang",
    "ky",
    "quy",
    "tu",
    "den",
    "don-vi",
    "sap-xep",
    "ke-ca-chua-duyet",
    "page",
    "q",
    "kind",
    "unit",
    "doan",
    "so-sanh",
    "cham",
]
VALUES = [
    "0001-01",
    "1899-12",
    "0000-00",
    "9999-12",
    "2024-13",
    "-1",
    "0",
    "1e400",
    "99999999999999999999999999999999",
    "NaN",
    "x" * 5000,
    "\x00",
    "%ff",
    "<script>",
    "",
]
GETS = sorted(name for name, (_args, method, _owner, _who) in ROWS.items() if method == "get")
# The pages that read the query string, asked with each parameter alone as well: one bad
# parameter must not fail the page even when the others are fine.
READERS = [
    "home",
    "organizations:unit_list",
    "organizations:host_list",
    "plans:list",
    "plans:progress",
    "reports:home",
    "reports:inbox",
    "reports:export_list",
    "notifications:list",
    "api:plan_list",
    "api:plan_progress",
    "api:unit_timeliness",
]
WORST = ["0001-01", "-1", "9" * 32, "\x00", "x" * 5000, "2024-13"]


def opened(name, client, tree, objects):  # noqa: F811
    arguments, _method, owner, _others = ROWS[name]
    client.force_login(users(tree)[owner])
    return url_of(name, arguments, objects)


def answers(response) -> bool:
    return response.status_code in {200, 302, 404, 422}


@pytest.mark.parametrize("name", GETS)
@time_machine.travel("2024-04-05 09:00 +07:00", tick=False)
def test_no_query_string_value_makes_a_page_fail(name, client, tree, objects, subtests):  # noqa: F811
    url = opened(name, client, tree, objects)
    for value in VALUES:
        with subtests.test(value=value[:20]):
            response = client.get(url, dict.fromkeys(PARAMETERS, value))
            assert answers(response), (value[:20], response.status_code)


@pytest.mark.parametrize("name", READERS)
@time_machine.travel("2024-04-05 09:00 +07:00", tick=False)
def test_no_single_bad_parameter_makes_a_page_fail(name, client, tree, objects, subtests):  # noqa: F811
    url = opened(name, client, tree, objects)
    for parameter in PARAMETERS:
        for value in WORST:
            with subtests.test(parameter=parameter, value=value[:20]):
                response = client.get(url, {parameter: value})
                assert answers(response), (parameter, value[:20], response.status_code)


def test_every_page_that_reads_the_query_string_is_in_the_list():
    assert set(READERS) <= set(GETS)
