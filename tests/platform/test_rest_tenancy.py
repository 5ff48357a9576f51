"""The tenancy through the REST API, end to end over the real services (ACC-01, 05..08, 14, 20, 21, 25, 28)."""

import base64
import re
from typing import Any

import pytest
import requests

from relais_kit.testing.plugin import wait_for
from tests.hierarchy import PASSWORD, Hierarchy, build
from tests.platform.conftest import Platform


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def api(tree: Hierarchy, platform: Platform) -> Any:
    def session(who: str, language: str = "en") -> requests.Session:
        s = requests.Session()
        s.headers.update({"Authorization": f"Bearer {platform.api_token(who, PASSWORD)}", "Accept-Language": language})
        return s

    return session


def test_reseller_builds_an_enterprise_with_departments(platform: Platform, tree: Hierarchy, api: Any) -> None:
    ra = api("ra")
    created = ra.post(
        f"{platform.url}/api/v1/customers",
        json={
            "kind": "enterprise",
            "name": "Garage Roy",
            "time_zone": "America/Montreal",
            "administrator": {
                "identifier": "roy",
                "display_name": "Luc Roy",
                "email": "luc@roy.ca",
                "password": "Garage-roy-pass-1",
            },
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    enterprise = created.json()
    roy = requests.Session()
    token = platform.api_token("luc@roy.ca", "Garage-roy-pass-1")
    roy.headers["Authorization"] = f"Bearer {token}"
    department = roy.post(
        f"{platform.url}/api/v1/enterprises/{enterprise['id']}/departments",
        json={"name": "Atelier", "max_outgoing_calls": 4},
        timeout=10,
    )
    assert department.status_code == 201 and department.json()["max_outgoing_calls"] == 4
    listed = ra.get(f"{platform.url}/api/v1/enterprises/{enterprise['id']}/departments", timeout=10).json()
    assert [d["name"] for d in listed["items"]] == ["Atelier"]
    audit = ra.get(f"{platform.url}/api/v1/audit-log", params={"search": "department"}, timeout=10).json()
    assert audit["items"][0]["actor_name"] == "Luc Roy" and audit["items"][0]["action"] == "department.create"
    users = ra.get(f"{platform.url}/api/v1/customers/{enterprise['id']}/users", timeout=10).json()["items"]
    assert [u["identifier"] for u in users] == ["roy"]


def test_errors_are_field_level_in_the_callers_language(platform: Platform, api: Any) -> None:
    response = api("ra", "fr").post(
        f"{platform.url}/api/v1/customers",
        json={
            "kind": "enterprise",
            "name": "Enterprise A",
            "time_zone": "Nowhere/City",
            "administrator": {"identifier": "x", "display_name": "", "email": "bad", "password": "short"},
        },
        timeout=10,
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {
        "administrator.identifier",
        "administrator.display_name",
        "administrator.email",
        "administrator.password",
    }
    assert fields["administrator.email"] == ["Ce n’est pas une adresse courriel valide."]


def test_act_as_through_the_api(platform: Platform, tree: Hierarchy, api: Any) -> None:
    acting = api("ra").post(f"{platform.url}/api/v1/users/{tree['ea']}/act-as", timeout=10)
    assert acting.status_code == 201
    assert acting.json()["user"]["identifier"] == "ea" and acting.json()["user"]["acting_as"] is True
    as_ea = {"Authorization": f"Bearer {acting.json()['token']}"}
    changed = requests.put(
        f"{platform.url}/api/v1/settings/contact",
        json={"contact_email": "via@ra.ca", "language": "fr"},
        headers=as_ea,
        timeout=10,
    )
    assert changed.status_code == 200
    entry = api("ea").get(f"{platform.url}/api/v1/audit-log", params={"search": "tenant.contact"}, timeout=10)
    assert entry.json()["items"][0]["actor_name"] == "Ra" and entry.json()["items"][0]["acting_as_name"] == "Ea"


def test_password_reset_through_the_api_ends_sessions(
    tree: Hierarchy, smtp_server: Any, platform_config: dict[str, Any], db_connection: Any, run_services: Any
) -> None:
    from accounts.service import AccountsService
    from gateway.service import GatewayService

    platform_config["ACCOUNTS"]["SMTP_PORT"] = smtp_server.port
    run_services(AccountsService, GatewayService)
    url = f"http://{platform_config['HTTP_ADDRESSES']['gateway']}"
    session = requests.post(f"{url}/api/v1/sessions", json={"identifier": "ea", "password": PASSWORD}, timeout=10)
    old = {"Authorization": f"Bearer {session.json()['token']}"}
    assert requests.post(f"{url}/api/v1/password-resets", json={"identifier": "ea"}, timeout=10).status_code == 202
    body = wait_for(smtp_server.messages)[0].get_payload(decode=True).decode()
    assert f"{platform_config['GATEWAY']['PUBLIC_URL']}/reset-password?token=" in body
    token = re.search(r"token=([\w-]+)", body).group(1)  # type: ignore[union-attr]
    done = requests.post(
        f"{url}/api/v1/password-resets/confirm", json={"token": token, "password": "Reset-pass-123"}, timeout=10
    )
    assert done.status_code == 200 and done.json() == {"identifier": "ea"}
    wait_for(lambda: requests.get(f"{url}/api/v1/me", headers=old, timeout=10).status_code == 401)
    again = requests.post(
        f"{url}/api/v1/password-resets/confirm", json={"token": token, "password": "Reset-pass-456"}, timeout=10
    )
    assert again.status_code == 422 and "token" in again.json()["error"]["fields"]


def test_logo_and_branding_through_the_api(platform: Platform, tree: Hierarchy, api: Any) -> None:
    ra = api("ra")
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()
    assert (
        ra.put(
            f"{platform.url}/api/v1/resellers/{tree['reseller_a']}/logo",
            json={"content_base64": png, "mime": "image/png"},
            timeout=10,
        ).json()["has_logo"]
        is True
    )
    refused = ra.put(
        f"{platform.url}/api/v1/resellers/{tree['reseller_a']}/logo",
        json={"content_base64": base64.b64encode(b"MZ\x90\x00").decode(), "mime": "image/png"},
        timeout=10,
    )
    assert refused.status_code == 422 and "logo" in refused.json()["error"]["fields"]
    branded = ra.put(
        f"{platform.url}/api/v1/resellers/{tree['reseller_a']}/branding",
        json={"brand_name": "Télécom A", "portal_host": "Portail.A.ca"},
        timeout=10,
    )
    assert branded.json()["portal_host"] == "portail.a.ca"


def test_setup_wizard_through_the_api(platform: Platform, api: Any) -> None:
    ra = api("ra")
    assert ra.get(f"{platform.url}/api/v1/setup", timeout=10).json()["next"] == "offer"
    bad = ra.put(f"{platform.url}/api/v1/setup/offer", json={"services": ["teleportation"]}, timeout=10)
    assert bad.status_code == 422
    ok = ra.put(f"{platform.url}/api/v1/setup/offer", json={"services": ["voice_alerts"]}, timeout=10)
    assert ok.json()["next"] == "store"
    assert ra.put(f"{platform.url}/api/v1/setup/nowhere", json={}, timeout=10).status_code == 422
