"""Issue 5 "Done when" over HTTP with the real services (RTE-01..08, RTE-18): an enterprise administrator builds,
in the portal, business hours with a holiday, an auto attendant with a business-hours and an after-hours menu,
a hunt group, a line's forwarding and a restriction; the route tracer then shows the right path at 10:00 on a
weekday, at 22:00, on the holiday, for a restricted international number and for an emergency number.
Mistakes (a key to an extension that does not exist, overlapping ranges) are field errors in French and save
nothing."""

from __future__ import annotations

import html
import re
from typing import Any

import requests

from relais_kit.testing.plugin import wait_for
from tests.platform.conftest import PASSWORDS, Platform
from tests.platform.test_portal_tenancy import Browser

MONDAY, HOLIDAY = "2026-06-22", "2026-06-24"  # a Monday, and the Wednesday of the Fête nationale
MAIN_NUMBER, OUTSIDE = "+15145550100", "+16135550199"
ADMIN, ADMIN_PASSWORD = "trace-admin", "Trace-password-1"


def api(platform: Platform, token: str, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(
        method, f"{platform.url}/api/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def codes(page: requests.Response) -> list[str]:
    return re.findall(r'data-code="([A-Z_]+)"', page.text)


def outcome(page: requests.Response) -> str:
    match = re.search(r'data-testid="trace-outcome">([^<]+)<', page.text)
    assert match, page.text
    return html.unescape(match.group(1))


def test_an_administrator_builds_routing_in_the_portal_and_the_tracer_shows_each_path(platform: Platform) -> None:
    reseller = platform.api_token("revendeur", PASSWORDS["reseller"])
    created = api(
        platform,
        reseller,
        "POST",
        "/customers",
        {
            "kind": "enterprise",
            "name": "Boulangerie Tracé",
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
    admin = platform.api_token(ADMIN, ADMIN_PASSWORD)
    wait_for(lambda: api(platform, admin, "GET", f"/enterprises/{enterprise}/schedules").status_code == 200)
    users = {}
    for name, extension in (("Réception", "2001"), ("Alice", "2002"), ("Bruno", "2003")):
        response = api(
            platform,
            admin,
            "POST",
            f"/enterprises/{enterprise}/users",
            {"first_name": name, "last_name": "Tracé", "email": f"{extension}@example.ca", "extension": extension},
        )
        assert response.status_code == 201, response.text
        users[extension] = response.json()["id"]
    did = api(platform, reseller, "POST", f"/tenants/{enterprise}/dids", {"numbers": [MAIN_NUMBER]})
    assert did.status_code == 201, did.text
    did_id = did.json()["items"][0]["id"]

    browser = Browser(platform, "fr").sign_in(ADMIN, ADMIN_PASSWORD)
    base = f"/enterprises/{enterprise}"
    assert browser.get(f"{base}/routing").status_code == 200
    wait_for(lambda: "2003" in browser.get(f"{base}/auto-attendants/new").text)  # lines reached routing

    # RTE-07: overlapping ranges are refused, then business hours and the holiday are saved
    weekdays = {f"day-{d}-0-{part}": t for d in range(5) for part, t in (("start", "08:00"), ("end", "17:00"))}
    holiday = {"holiday-0-name": "Fête nationale", "holiday-0-start": HOLIDAY, "holiday-0-end": HOLIDAY}
    overlapping = browser.post(
        f"{base}/schedules", {"name": "Heures", **weekdays, "day-0-1-start": "16:00", "day-0-1-end": "18:00", **holiday}
    )
    assert overlapping.status_code == 422
    assert "Deux plages du même jour se chevauchent." in html.unescape(overlapping.text)
    assert api(platform, admin, "GET", f"{base}/schedules").json()["items"] == []
    assert browser.post(f"{base}/schedules", {"name": "Heures", **weekdays, **holiday}).status_code == 200
    schedule = api(platform, admin, "GET", f"{base}/schedules").json()["items"][0]
    assert schedule["holidays"][0]["start"] == HOLIDAY and len(schedule["weekly"]) == 5

    # RTE-08: a hunt group of Alice then Bruno, overflowing to Alice's voicemail
    group_form = {
        "name": "Ventes",
        "extension": "500",
        "algorithm": "regular",
        "ring_seconds_per_member": "15",
        "active": "on",
        "members_log_in_by_default": "on",
        "member": [users["2002"], users["2003"]],
        f"position-{users['2002']}": "1",
        f"position-{users['2003']}": "2",
        f"logged-in-{users['2002']}": "on",
        f"logged-in-{users['2003']}": "on",
        "overflow": f"voicemail:{users['2002']}",
        "service_level": "basic",
        "queue_max_callers": "10",
        "queue_max_wait_seconds": "120",
    }
    assert browser.post(f"{base}/hunt-groups", group_form).status_code == 200
    group = api(platform, admin, "GET", f"{base}/hunt-groups").json()
    assert [m["user_id"] for m in group["items"][0]["members"]] == [users["2002"], users["2003"]]
    assert group["acd"] == {"basic": 1, "premium": 0, "limit": 10, "available": 9}

    # RTE-06: a key to an extension that does not exist is refused on that key, nothing saved
    attendant_form = {
        "name": "Accueil",
        "extension": "700",
        "active": "on",
        "business_schedule_id": schedule["id"],
        "holiday_schedule_id": schedule["id"],
        "business_hours_menu": "main",
        "after_hours_menu": "closed",
        "max_attempts": "3",
        "operator": f"user:{users['2001']}",
        "menu-0-name": "main",
        "menu-0-prompt": "Bienvenue à la Boulangerie",
        "menu-0-timeout": "5",
        "key-0-0-action": "transfer",  # key 1
        "key-0-0-ref": "500",
        "key-0-1-action": "transfer",  # key 2
        "key-0-1-ref": "2999",
        "key-0-9-action": "operator",  # key 0
        "menu-1-name": "closed",
        "menu-1-prompt": "Nous sommes fermés",
        "menu-1-timeout": "5",
        "key-1-0-action": "voicemail",
        "key-1-0-ref": "2001",
    }
    refused = browser.post(f"{base}/auto-attendants", attendant_form)
    assert refused.status_code == 422
    assert 'id="key-0-1-error"' in refused.text
    assert "Le poste 2999 n’existe pas dans cette entreprise." in html.unescape(refused.text)
    assert api(platform, admin, "GET", f"{base}/auto-attendants").json()["items"] == []
    attendant_form["key-0-1-ref"] = "2003"
    assert browser.post(f"{base}/auto-attendants", attendant_form).status_code == 200
    attendant = api(platform, admin, "GET", f"{base}/auto-attendants").json()["items"][0]
    keys = {k["key"]: (k["action"], k["ref"]) for k in attendant["menus"][1]["keys"]}
    assert attendant["menus"][1]["menu"] == "main" and keys["2"] == ("transfer", "2003")

    # RTE-04: Bruno's calls go to Alice when he does not answer within 4 rings (20 s)
    forwarding = {"rings": "4", "no_answer-enabled": "on", "no_answer-to": "2002"}
    assert browser.post(f"{base}/users/{users['2003']}/forwarding", forwarding).status_code == 200
    saved = api(platform, admin, "GET", f"{base}/users/{users['2003']}/forwarding").json()
    assert saved["ring_seconds"] == 20 and saved["no_answer"]["target"]["ref"] == "2002"

    # RTE-02: no calls to France
    assert browser.post(f"/tenants/{enterprise}/restrictions", {"match": "country", "value": "fr"}).status_code == 200

    # RTE-01: the main number answers with the auto attendant
    target = {"target_type": "auto_attendant", "target_id": attendant["id"]}
    assigned = api(platform, admin, "PUT", f"/dids/{did_id}/assignment", target)
    assert assigned.status_code == 200, assigned.text

    def trace(caller: str, dialled: str, day: str = MONDAY, time: str = "10:00") -> requests.Response:
        page = browser.get(
            f"{base}/route-tracer", params={"caller": caller, "dialled": dialled, "date": day, "time": time}
        )
        assert page.status_code == 200, page.text
        return page

    wait_for(lambda: "PLAY_MENU" in codes(trace(OUTSIDE, MAIN_NUMBER)))
    weekday = trace(OUTSIDE, MAIN_NUMBER)
    decisive = ("DID", "BUSINESS_HOURS", "AFTER_HOURS", "HOLIDAY", "PLAY_MENU")
    assert [c for c in codes(weekday) if c in decisive] == ["DID", "BUSINESS_HOURS", "PLAY_MENU"]
    assert outcome(weekday) == "L’appelant entend un menu"
    assert "main" in weekday.text
    night = trace(OUTSIDE, MAIN_NUMBER, time="22:00")
    assert "AFTER_HOURS" in codes(night) and "BUSINESS_HOURS" not in codes(night)
    assert "closed" in night.text
    holiday_page = trace(OUTSIDE, MAIN_NUMBER, day=HOLIDAY)
    assert "HOLIDAY" in codes(holiday_page) and "BUSINESS_HOURS" not in codes(holiday_page)
    france = trace("2002", "+33142685300")
    assert "DENIED" in codes(france) and outcome(france) == "L’appel est refusé"
    emergency = trace("2002", "911")
    assert "EMERGENCY" in codes(emergency) and "DENIED" not in codes(emergency)
    assert outcome(emergency) == "Des téléphones sonnent"
    group_call = trace("2001", "500")
    assert "HUNT" in codes(group_call) and outcome(group_call) == "Des téléphones sonnent"

    # the same tracer over REST, in English
    rest = requests.post(
        f"{platform.url}/api/v1/enterprises/{enterprise}/route-trace",
        json={"caller_number": OUTSIDE, "dialled_number": MAIN_NUMBER, "at": f"{MONDAY}T22:00:00-04:00"},
        headers={"Authorization": f"Bearer {admin}", "Accept-Language": "en"},
        timeout=10,
    )
    assert rest.status_code == 200, rest.text
    assert "AFTER_HOURS" in [step["code"] for step in rest.json()["trace"]]
