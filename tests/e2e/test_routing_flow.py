"""Issue 5 "Done when" in Chromium against `relais up` (RTE-01..08, RTE-13, RTE-18): the reseller's customer and
its lines are made over REST, everything else happens in the portal (tests/e2e/routing_flow.py). Screenshots
land in test-artifacts/routing-done-when/."""

import json
from typing import Any

import pytest
import requests

from relais_kit.testing.plugin import wait_for
from tests.e2e.conftest import RunningPlatform, run_browser_flow

pytestmark = pytest.mark.e2e
RESELLER_PASSWORD = "e2e-Revendeur-Secret-1"
ADMIN, ADMIN_PASSWORD = "quincaillerie-admin", "Quincaillerie-Trace-1"


def token(url: str, identifier: str, password: str) -> str:
    response = requests.post(
        f"{url}/api/v1/sessions", json={"identifier": identifier, "password": password}, timeout=10
    )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def call(url: str, bearer: str, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(
        method, f"{url}/api/v1{path}", json=body, headers={"Authorization": f"Bearer {bearer}"}, timeout=10
    )


def test_an_administrator_builds_routing_and_traces_each_path(
    launch_platform: Any, fresh_database: str, amqp_uri: str
) -> None:
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
        }
    )
    url = platform.url
    reseller = token(url, "revendeur", RESELLER_PASSWORD)
    created = call(
        url,
        reseller,
        "POST",
        "/customers",
        {
            "kind": "enterprise",
            "name": "Quincaillerie Tracé",
            "time_zone": "America/Montreal",
            "administrator": {
                "identifier": ADMIN,
                "display_name": "Admin Tracé",
                "email": "trace@example.ca",
                "password": ADMIN_PASSWORD,
            },
        },
    )
    assert created.status_code == 201, created.text
    enterprise = created.json()["id"]
    admin = token(url, ADMIN, ADMIN_PASSWORD)
    wait_for(lambda: call(url, admin, "GET", f"/enterprises/{enterprise}/schedules").status_code == 200, timeout=30)
    users = {}
    for name, extension in (("Réception", "2001"), ("Alice", "2002"), ("Bruno", "2003"), ("Chloé", "2004")):
        response = call(
            url,
            admin,
            "POST",
            f"/enterprises/{enterprise}/users",
            {"first_name": name, "last_name": "Tracé", "email": f"{extension}@example.ca", "extension": extension},
        )
        assert response.status_code == 201, response.text
        users[extension] = response.json()["id"]
    extensions = call(url, admin, "GET", f"/enterprises/{enterprise}/extensions").json()["items"]
    chloe = next(e["id"] for e in extensions if e["number"] == "2004")
    did = call(url, reseller, "POST", f"/tenants/{enterprise}/dids", {"numbers": ["+15145550100"]})
    assert did.status_code == 201, did.text
    setup = {
        "admin": ADMIN,
        "enterprise": enterprise,
        "users": users,
        "did": did.json()["items"][0]["id"],
        "chloe_extension": chloe,
    }
    run_browser_flow("routing-done-when", url, "routing-done-when", ADMIN_PASSWORD, json.dumps(setup))
