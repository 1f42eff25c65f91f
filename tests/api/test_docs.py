"""The OpenAPI schema and the browsable docs, under the site's Content-Security-Policy."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        elif tag == "link":
            self.links.append(dict(attrs))


def test_the_schema_is_openapi_json_with_every_path(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/plans",
        "/api/plans/{plan_id}",
        "/api/plans/{plan_id}/progress",
        "/api/units/{unit_id}/timeliness",
        "/api/metrics",
    }
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_the_docs_load_only_the_apps_own_scripts_or_carry_the_nonce(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = Scripts()
    page.feed(response.content.decode())
    assert page.scripts
    for script in page.scripts:
        assert script.get("src", "").startswith("/static/") or script.get("nonce") == nonce
    assert [s["src"] for s in page.scripts if "src" in s] == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert all(link["href"].startswith("/static/") for link in page.links)


def test_the_docs_files_ship_with_the_app():
    for path in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(path)
