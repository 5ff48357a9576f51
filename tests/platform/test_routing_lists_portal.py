"""The routing screens the Done-when path does not walk (RTE-02, RTE-03): phone zones, restriction exemptions
and per-user ticks on the company's list, in the portal with the real services. Mistakes are field errors in
French and save nothing; empty states say what to do; each screen links its help page."""

from __future__ import annotations

import html
from typing import Any

from relais_kit.testing.plugin import wait_for
from tests.platform.conftest import PASSWORDS, Platform
from tests.platform.test_portal_tenancy import Browser
from tests.platform.test_routing_portal import api

ADMIN, ADMIN_PASSWORD = "zones-admin", "Zones-password-1"


def enterprise_with_lines(platform: Platform) -> tuple[str, str, dict[str, str]]:
    reseller = platform.api_token("revendeur", PASSWORDS["reseller"])
    created = api(
        platform,
        reseller,
        "POST",
        "/customers",
        {
            "kind": "enterprise",
            "name": "Fromagerie Zonée",
            "time_zone": "America/Montreal",
            "administrator": {
                "identifier": ADMIN,
                "display_name": "Admin Zonée",
                "email": "zones@example.ca",
                "password": ADMIN_PASSWORD,
            },
        },
    )
    assert created.status_code == 201, created.text
    enterprise = created.json()["id"]
    admin = platform.api_token(ADMIN, ADMIN_PASSWORD)
    wait_for(lambda: api(platform, admin, "GET", f"/enterprises/{enterprise}/phone-zones").status_code == 200)
    users = {}
    for name, extension in (("Alice", "3001"), ("Bruno", "3002")):
        response = api(
            platform,
            admin,
            "POST",
            f"/enterprises/{enterprise}/users",
            {"first_name": name, "last_name": "Zonée", "email": f"{extension}@example.ca", "extension": extension},
        )
        assert response.status_code == 201, response.text
        users[extension] = response.json()["id"]
    return enterprise, admin, users


def text(page: Any) -> str:
    return html.unescape(page.text)


def test_zones_exemptions_and_per_user_ticks_in_the_portal(platform: Platform) -> None:
    enterprise, admin, users = enterprise_with_lines(platform)
    browser = Browser(platform, "fr").sign_in(ADMIN, ADMIN_PASSWORD)
    base = f"/enterprises/{enterprise}"

    # RTE-03: empty state, a wrong code named in French with nothing saved, then the zone
    empty = browser.get(f"{base}/phone-zones")
    assert empty.status_code == 200 and "Aucune zone téléphonique pour l’instant" in text(empty)
    assert 'href="/help/phone-zones"' in empty.text
    refused = browser.post(f"{base}/phone-zones", {"name": "Montréal", "area_codes": "+1514, 438, +1-450"})
    assert refused.status_code == 422
    assert "+1-450 : Un indicatif de pays et de région comme +1514." in text(refused)
    assert api(platform, admin, "GET", f"{base}/phone-zones").json()["items"] == []
    saved = browser.post(f"{base}/phone-zones", {"name": "Montréal", "area_codes": "+1514, 1438\n+1450"})
    assert "La zone est ajoutée." in text(saved)
    zone = api(platform, admin, "GET", f"{base}/phone-zones").json()["items"][0]
    assert zone["area_codes"] == ["+1514", "+1438", "+1450"]
    edited = browser.post(f"{base}/phone-zones/{zone['id']}", {"name": "Grand Montréal", "area_codes": "+1514"})
    assert "La zone est enregistrée." in text(edited) and "Grand Montréal" in text(edited)
    assert "Zones téléphoniques" in text(browser.get("/help/phone-zones"))

    # RTE-02: the company's list is empty until a rule is marked per user
    ticks_page = browser.get(f"{base}/restrictions/per-user")
    assert "La liste de l’entreprise est vide" in text(ticks_page)
    browser.post(f"/tenants/{enterprise}/restrictions", {"match": "country", "value": "US", "per_user": "on"})
    browser.post(f"/tenants/{enterprise}/restrictions", {"match": "prefix", "value": "+1900", "name": "Numéros 900"})
    rules = {
        r["value"]: r["id"]
        for r in api(platform, admin, "GET", f"/tenants/{enterprise}/restriction-rules").json()["items"]
    }
    ticks_page = browser.get(f"{base}/restrictions/per-user")
    assert "Alice" in ticks_page.text and f'value="{users["3001"]}:{rules["US"]}"' in ticks_page.text
    saved = browser.post(
        f"{base}/restrictions/per-user",
        {
            "line": [users["3001"], users["3002"]],
            "tick": [f"{users['3001']}:{rules['US']}", f"{users['3002']}:{rules['+1900']}"],
        },
    )
    assert "Les coches sont enregistrées." in text(saved)
    ticks = api(platform, admin, "GET", f"{base}/restriction-ticks").json()["ticks"]
    assert ticks == {users["3001"]: [rules["US"]]}  # +1900 is not on the company's list: never ticked

    # RTE-02: an exemption for Bruno, with a clear error when nothing is chosen
    exemptions = browser.get(f"/tenants/{enterprise}/restrictions/exemptions")
    assert "Aucune exemption pour l’instant" in text(exemptions)
    missing = browser.post(f"/tenants/{enterprise}/restrictions/exemptions", {"rule": rules["+1900"], "subject": ""})
    assert missing.status_code == 422 and "Choisissez qui la règle ne vise plus." in text(missing)
    added = browser.post(
        f"/tenants/{enterprise}/restrictions/exemptions", {"rule": rules["+1900"], "subject": f"user:{users['3002']}"}
    )
    assert "L’exemption est ajoutée." in text(added) and "Bruno Zonée" in text(added)
    granted = api(platform, admin, "GET", f"/tenants/{enterprise}/restriction-exemptions").json()["items"]
    assert [(e["level"], e["subject_id"]) for e in granted] == [("user", users["3002"])]

    # English screens too
    english = Browser(platform, "en").sign_in(ADMIN, ADMIN_PASSWORD).speak("en")
    assert "Restrictions per line" in english.get(f"{base}/restrictions/per-user").text
    assert "Area codes" in english.get(f"{base}/phone-zones").text
