"""Group services and enterprise settings over HTTP with the real services (RTE-07, RTE-09..16): an enterprise
administrator sets them up in the portal (French) and over REST; mistakes are field errors in the user's language
and save nothing; what is saved is what the engine routes on (the route tracer)."""

from __future__ import annotations

import html
from typing import Any

import requests

from relais_kit.testing.plugin import wait_for
from tests.platform.conftest import PASSWORDS, Platform
from tests.platform.test_portal_tenancy import Browser

ADMIN, ADMIN_PASSWORD = "groupes-admin", "Groupes-password-1"


def api(platform: Platform, token: str, method: str, path: str, body: Any = None, lang: str = "fr") -> Any:
    return requests.request(
        method,
        f"{platform.url}/api/v1{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": lang},
        timeout=10,
    )


def text(page: requests.Response) -> str:
    return html.unescape(page.text)


def enterprise_with_lines(platform: Platform) -> tuple[str, str, dict[str, str]]:
    reseller = platform.api_token("revendeur", PASSWORDS["reseller"])
    created = api(
        platform,
        reseller,
        "POST",
        "/customers",
        {
            "kind": "enterprise",
            "name": "Quincaillerie Groupes",
            "time_zone": "America/Montreal",
            "administrator": {
                "identifier": ADMIN,
                "display_name": "Admin Groupes",
                "email": "groupes@example.ca",
                "password": ADMIN_PASSWORD,
            },
        },
    )
    assert created.status_code == 201, created.text
    enterprise = created.json()["id"]
    admin = platform.api_token(ADMIN, ADMIN_PASSWORD)
    users = {}
    for name, extension in (("Réception", "2001"), ("Alice", "2002"), ("Bruno", "2003")):
        response = api(
            platform,
            admin,
            "POST",
            f"/enterprises/{enterprise}/users",
            {"first_name": name, "last_name": "Groupes", "email": f"g{extension}@example.ca", "extension": extension},
        )
        assert response.status_code == 201, response.text
        users[extension] = response.json()["id"]
    return enterprise, admin, users


def test_group_services_in_the_portal_and_over_rest(platform: Platform) -> None:
    enterprise, admin, users = enterprise_with_lines(platform)
    base = f"/enterprises/{enterprise}"
    browser = Browser(platform, "fr").sign_in(ADMIN, ADMIN_PASSWORD)
    assert 'href="/group-services"' in browser.get("/home").text  # the menu entry
    hub = browser.get(f"{base}/group-services")
    assert hub.status_code == 200 and "Groupes de prise d’appel" in text(hub)
    wait_for(lambda: "2003" in browser.get(f"{base}/pickup-groups/new").text)  # lines reached routing

    # RTE-10: a pickup group; a line already in one cannot join a second (French error, nothing saved)
    assert browser.post(f"{base}/pickup-groups", {"name": "Accueil", "member": [users["2001"], users["2002"]]}).ok
    refused = browser.post(f"{base}/pickup-groups", {"name": "Atelier", "member": [users["2002"]]})
    assert refused.status_code == 422
    assert f"La ligne {users['2002']} appartient déjà à un autre groupe de ce type." in text(refused)
    groups = api(platform, admin, "GET", f"{base}/pickup-groups").json()["items"]
    assert [g["name"] for g in groups] == ["Accueil"]

    # RTE-07: scheduled night forwarding needs a schedule; on by hand, the tracer shows the forward
    night = {"name": "Nuit", "target_number": "+15145550999", "mode": "scheduled", "member": [users["2003"]]}
    refused = browser.post(f"{base}/night-forwarding", night)
    assert refused.status_code == 422
    assert 'id="business_schedule_id-error"' in refused.text
    assert browser.post(f"{base}/night-forwarding", {**night, "mode": "on"}).ok
    traced = api(platform, admin, "POST", f"{base}/route-trace", {"caller_number": "2001", "dialled_number": "2003"})
    assert "+15145550999" in traced.text, traced.text

    # RTE-09: a call centre with an agent who then leaves
    centre_form = {
        "name": "Service client",
        "active": "on",
        "policy": "circular",
        "max_wait_seconds": "300",
        "queue_max_callers": "10",
        "agents_join_by_default": "on",
        "agent": [users["2002"]],
        f"joined-{users['2002']}": "on",
    }
    assert browser.post(f"{base}/call-centres", {**centre_form, "max_wait_seconds": "2"}).status_code == 422
    assert browser.post(f"{base}/call-centres", centre_form).ok
    centre = api(platform, admin, "GET", f"{base}/call-centres").json()["items"][0]
    assert browser.post(f"{base}/call-centres/{centre['id']}/agents/{users['2002']}/leave").ok
    assert api(platform, admin, "GET", f"/call-centres/{centre['id']}").json()["agents"][0]["joined"] is False

    # RTE-12: a series of speed codes over REST, then moved and listed
    series = api(
        platform,
        admin,
        "POST",
        f"{base}/speed-code-ranges",
        {"first_code": "30", "last_code": "32", "first_number": "+15145550300"},
    )
    assert series.status_code == 201, series.text
    assert [c["number"] for c in series.json()["items"]] == ["+15145550300", "+15145550301", "+15145550302"]
    too_long = api(
        platform,
        admin,
        "POST",
        f"{base}/speed-code-ranges",
        {"first_code": "1", "last_code": "99", "first_number": "1"},
        "en",
    )
    assert too_long.status_code == 422
    assert too_long.json()["error"]["fields"]["last_code"] == ["Same number of digits as the first code."]
    page = browser.get(f"{base}/speed-codes")
    assert page.status_code == 200 and "+15145550301" in page.text
    assert browser.post(
        f"{base}/speed-codes/selected", {"selected": [series.json()["items"][0]["id"]], "action": "delete"}
    ).ok
    assert len(api(platform, admin, "GET", f"{base}/speed-codes").json()["items"]) == 2

    # RTE-13: a 16-digit account code is refused with a clear error; a valid policy is saved
    policy = {"required_for": ["international"], "must_be_valid": "on", "codes": "1234567890123456", "min_length": "4",
              "max_length": "15", "max_attempts": "3"}  # fmt: skip
    refused = browser.post(f"{base}/account-codes", policy)
    assert refused.status_code == 422
    assert "De 1 à 15 chiffres." in text(refused)
    assert api(platform, admin, "GET", f"{base}/account-codes").json()["codes"] == []
    assert browser.post(f"{base}/account-codes", {**policy, "codes": "123456789012345\n4242"}).ok
    saved = api(platform, admin, "GET", f"{base}/account-codes").json()
    assert saved["codes"] == ["123456789012345", "4242"] and saved["required_for"] == ["international"]
    english = api(platform, admin, "PUT", f"{base}/account-codes", {"max_attempts": 101}, "en")
    assert english.status_code == 422 and english.json()["error"]["fields"]["max_attempts"] == ["Between 1 and 100."]
    assert browser.post(f"{base}/authorization-codes", {"code": "97531", "description": "Direction"}).ok
    listed = browser.get(f"{base}/account-codes").text
    assert "•••31" in listed and "97531" not in listed

    # RTE-14/15/16: various settings
    assert (
        browser.post(f"{base}/various-settings", {"max_outgoing_calls": "-1", "local_carrier_code": "abc"}).status_code
        == 422
    )
    assert browser.post(f"{base}/various-settings", {"max_outgoing_calls": "5", "local_carrier_code": "101"}).ok
    assert api(platform, admin, "GET", f"{base}/external-calls").json()["max_outgoing_calls"] == 5
    bad = browser.post(
        f"{base}/various-settings/emergency/recipients", {"channel": "email", "address": "pas-un-courriel"}
    )
    assert bad.status_code == 422 and "Une adresse courriel comme nom@exemple.com." in text(bad)
    assert browser.post(
        f"{base}/various-settings/emergency/recipients", {"channel": "email", "address": "urgence@example.ca"}
    ).ok
    assert browser.post(f"{base}/various-settings/emergency/toggle", {"enable": "1"}).ok
    emergency = api(platform, admin, "GET", f"{base}/emergency-notifications").json()
    assert emergency["notifications_enabled"] is True and emergency["recipients"][0]["address"] == "urgence@example.ca"
    assert browser.post(
        f"{base}/various-settings/other", {"virtual_operator_number": "2001", "internal_messaging_only": "on"}
    ).ok
    other = api(platform, admin, "GET", f"{base}/other-settings").json()
    assert other == {"enterprise_id": enterprise, "internal_messaging_only": True, "virtual_operator_number": "2001",
                     "show_internal_extensions": False}  # fmt: skip

    # RTE-12/13: a line's speed dial 8, and its account codes while the enterprise allows no override
    line = f"{base}/users/{users['2001']}"
    assert "Composition abrégée 8" in text(browser.get(f"{line}/speed-dial-8"))
    refused = browser.post(f"{line}/speed-dial-8", {"number-2": "+15145550100", "number-3": "pas un numéro"})
    assert refused.status_code == 422 and 'id="number-3-error"' in refused.text
    assert api(platform, admin, "GET", f"{line}/speed-dial-8").json()["entries"] == []
    assert browser.post(f"{line}/speed-dial-8", {"number-2": "+15145550100", "name-2": "Banque"}).ok
    dials = api(platform, admin, "GET", f"{line}/speed-dial-8").json()["entries"]
    assert dials == [{"code": "2", "number": "+15145550100", "name": "Banque"}]
    assert 'data-testid="no-override"' in browser.get(f"{line}/account-codes").text
