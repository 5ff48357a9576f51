"""Issue 5 "Done when" in Chromium (RTE-01..08, RTE-13, RTE-18): an enterprise administrator builds business
hours with a holiday, a hunt group, an auto attendant, a line's forwarding and a restriction in the portal, then
the route tracer shows the path at 10:00 on a weekday, at 22:00, on the holiday, for a restricted international
number and for an emergency number. A menu key to a deleted extension, overlapping ranges and a 16-digit code
are refused with clear messages. Run by browser_flows.py; screenshots in test-artifacts/routing-done-when/."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

MONDAY, HOLIDAY = "2026-06-22", "2026-06-24"  # a Monday, and the Wednesday of the Fête nationale
MAIN_NUMBER, OUTSIDE = "+15145550100", "+16135550199"


def _notice(page: Page) -> str:
    return page.locator("[data-testid=notice]").inner_text()


def _codes(page: Page) -> list[str]:
    return [
        str(c) for c in page.locator("[data-testid=trace-step]").evaluate_all("els => els.map(e => e.dataset.code)")
    ]


def trace(page: Page, url: str, base: str, caller: str, dialled: str, day: str, clock: str, wanted: str) -> list[str]:
    """Fill the tracer's form like a person; retry a few times while routing's snapshot catches up."""
    deadline = time.monotonic() + 20
    while True:
        page.goto(f"{url}{base}/route-tracer")
        page.fill("#caller", caller)
        page.fill("#dialled", dialled)
        page.fill("#date", day)
        page.fill("#time", clock)
        page.click("[data-testid=trace]")
        page.wait_for_load_state()
        codes = _codes(page)
        if wanted in codes or time.monotonic() > deadline:
            return codes
        time.sleep(0.5)


def routing_done_when(page: Page, url: str, shots: Path, password: str, setup_json: str) -> None:
    setup: dict[str, Any] = json.loads(setup_json)
    enterprise, users = setup["enterprise"], setup["users"]
    base = f"/enterprises/{enterprise}"

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    page.goto(f"{url}/sign-in")
    page.fill("#identifier", setup["admin"])
    page.fill("#password", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{url}/home*")
    if page.locator("[data-testid=setup-later]").count():
        page.click("[data-testid=setup-later]")
    page.goto(f"{url}/routing")
    page.wait_for_url(f"{url}{base}/routing")
    shot("01-routing-overview")

    # RTE-07: overlapping ranges are refused on the form, nothing lost; then hours and the holiday are saved
    page.click("[data-testid=routing-schedules]")
    shot("02-schedules-empty")
    page.click("[data-testid=new-schedule]")
    page.fill("#name", "Heures d’ouverture")
    for day in range(5):
        page.fill(f"[data-testid=day-{day}-0-start]", "08:00")
        page.fill(f"[data-testid=day-{day}-0-end]", "17:00")
    page.fill("[data-testid=day-0-1-start]", "16:00")
    page.fill("[data-testid=day-0-1-end]", "18:00")
    page.fill("[data-testid=holiday-0-name]", "Fête nationale")
    page.fill("[data-testid=holiday-0-start]", HOLIDAY)
    page.fill("[data-testid=holiday-0-end]", HOLIDAY)
    page.click("[data-testid=save-schedule]")
    assert "Deux plages du même jour se chevauchent." in page.content()
    assert page.input_value("[data-testid=holiday-0-name]") == "Fête nationale"
    shot("03-schedule-overlap-error")
    page.fill("[data-testid=day-0-1-start]", "")
    page.fill("[data-testid=day-0-1-end]", "")
    page.click("[data-testid=save-schedule]")
    assert page.locator("[data-testid=schedule-row]").count() == 1, page.content()
    shot("04-schedules")

    # RTE-08: a hunt group of Alice then Bruno, overflowing to Alice's voicemail
    page.goto(f"{url}{base}/hunt-groups")
    page.click("[data-testid=new-hunt-group]")
    page.fill("#name", "Ventes")
    page.fill("#extension", "500")
    page.check("[data-testid=member-2002]")
    page.fill("[data-testid=position-2002]", "1")
    page.check("[data-testid=member-2003]")
    page.fill("[data-testid=position-2003]", "2")
    page.select_option("#overflow", f"voicemail:{users['2002']}")
    shot("05-hunt-group-form")
    page.click("[data-testid=save-hunt-group]")
    assert page.locator("[data-testid=hunt-group-row]").count() == 1, page.content()

    # RTE-06: the auto attendant: key 1 to the group, 2 to Chloé, 0 to the operator; a "closed" menu
    page.goto(f"{url}{base}/auto-attendants")
    page.click("[data-testid=new-auto-attendant]")
    page.fill("#name", "Accueil")
    page.fill("#extension", "700")
    page.select_option("#business_schedule_id", label="Heures d’ouverture")
    page.select_option("#holiday_schedule_id", label="Heures d’ouverture")
    page.select_option("#operator", f"user:{users['2001']}")
    page.fill("[data-testid=menu-0-prompt]", "Bienvenue chez Quincaillerie Tracé")
    page.select_option("[data-testid='key-0-1-action']", "transfer")
    page.select_option("[data-testid='key-0-1-ref']", "500")
    page.select_option("[data-testid='key-0-2-action']", "transfer")
    page.select_option("[data-testid='key-0-2-ref']", "2004")
    page.select_option("[data-testid='key-0-0-action']", "operator")
    page.fill("[data-testid=menu-1-name]", "closed")
    page.fill("[data-testid=menu-1-prompt]", "Nous sommes fermés")
    page.select_option("[data-testid='key-1-1-action']", "voicemail")
    page.select_option("[data-testid='key-1-1-ref']", "2001")
    page.click("[data-testid=save-auto-attendant]")
    assert page.locator("[data-testid=auto-attendant-row]").count() == 1, page.content()
    page.click("[data-testid=auto-attendant-row] a")
    page.select_option("[data-testid=after-hours-menu]", "closed")
    page.click("[data-testid=save-auto-attendant]")
    assert page.locator("[data-testid=auto-attendant-row]").count() == 1, page.content()
    shot("06-auto-attendants")

    # RTE-04: Bruno's calls go to Alice after 4 rings (20 s)
    page.goto(f"{url}{base}/users/{users['2003']}/forwarding")
    page.select_option("#rings", "4")
    page.check("[data-testid=no_answer-enabled]")
    page.fill("[data-testid=no_answer-to]", "2002")
    page.click("[data-testid=save-forwarding]")
    shot("07-forwarding")

    # RTE-02: no calls to France
    page.goto(f"{url}{base}/restrictions")
    shot("08-restrictions-empty")
    page.select_option("#match", "country")
    page.fill("#value", "fr")
    page.fill("#name", "Pas d’appels vers la France")
    page.click("[data-testid=add-rule]")
    assert page.locator("[data-testid=restriction-row]").count() == 1
    shot("09-restrictions")

    # RTE-01: the main number answers with the auto attendant (Numbers page)
    page.goto(f"{url}/tenants/{enterprise}/numbers/{setup['did']}")
    options = page.locator("#target option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
    attendant = next(value for value, label in options if "Accueil" in label)
    page.select_option("#target", attendant)
    page.click("[data-testid=save]")

    # RTE-18: the tracer, at 10:00 on a Monday, at 22:00, on the holiday, to France and to 911
    codes = trace(page, url, base, OUTSIDE, MAIN_NUMBER, MONDAY, "10:00", "PLAY_MENU")
    assert "BUSINESS_HOURS" in codes and "PLAY_MENU" in codes, codes
    assert page.locator("[data-testid=trace-outcome]").inner_text() == "L’appelant entend un menu"
    shot("10-trace-weekday-10h")
    codes = trace(page, url, base, OUTSIDE, MAIN_NUMBER, MONDAY, "22:00", "AFTER_HOURS")
    assert "AFTER_HOURS" in codes and "BUSINESS_HOURS" not in codes, codes
    assert "closed" in page.locator("[data-testid=trace-result]").inner_text()
    shot("11-trace-weekday-22h")
    codes = trace(page, url, base, OUTSIDE, MAIN_NUMBER, HOLIDAY, "10:00", "HOLIDAY")
    assert "HOLIDAY" in codes and "BUSINESS_HOURS" not in codes, codes
    shot("12-trace-holiday")
    codes = trace(page, url, base, "2002", "+33142685300", MONDAY, "10:00", "DENIED")
    assert "DENIED" in codes, codes
    assert page.locator("[data-testid=trace-outcome]").inner_text() == "L’appel est refusé"
    shot("13-trace-france-denied")
    codes = trace(page, url, base, "2002", "911", MONDAY, "10:00", "EMERGENCY")
    assert "EMERGENCY" in codes and "DENIED" not in codes, codes
    shot("14-trace-emergency")
    codes = trace(page, url, base, "2001", "2003", MONDAY, "10:00", "FORWARD")
    shot("15-trace-forwarding")

    # a menu key to a deleted extension: Chloé's extension goes, the attendant can no longer be saved as it is
    page.goto(f"{url}{base}/extensions/{setup['chloe_extension']}/delete")
    page.click("[data-testid=confirm-delete]")
    deadline = time.monotonic() + 20
    while True:
        page.goto(f"{url}{base}/auto-attendants")
        page.click("[data-testid=auto-attendant-row] a")
        if "2004 (n’existe pas)" in page.content() or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    page.click("[data-testid=save-auto-attendant]")
    assert "Le poste 2004 n’existe pas dans cette entreprise." in page.content(), page.content()
    shot("16-menu-key-deleted-extension")

    # RTE-13: a 16-digit authorization code
    page.goto(f"{url}{base}/account-codes")
    page.fill("#code", "1234567890123456")
    page.click("[data-testid=add-authorization-code]")
    assert page.locator("#code-error").count() == 1, page.content()
    shot("17-authorization-code-16-digits")

    # the screens beside the path: phone zones, per-line ticks, exemptions; a help page
    page.goto(f"{url}{base}/phone-zones")
    shot("18-phone-zones-empty")
    page.fill("#name", "Montréal")
    page.fill("#area_codes", "+1514, +1438 +1-450")
    page.click("[data-testid=add-zone]")
    assert "+1-450" in page.locator("#area_codes-error").inner_text()
    shot("19-phone-zones-error")
    page.fill("#area_codes", "+1514, +1438, +1450")
    page.click("[data-testid=add-zone]")
    assert _notice(page) == "La zone est ajoutée."
    page.goto(f"{url}{base}/restrictions/per-user")
    shot("20-per-user-empty")
    page.goto(f"{url}/tenants/{enterprise}/restrictions/exemptions")
    page.select_option("#subject", f"user:{users['2002']}")
    page.select_option("#rule", index=1)
    page.click("[data-testid=add-exemption]")
    assert _notice(page) == "L’exemption est ajoutée."
    shot("21-exemptions")
    page.goto(f"{url}/help/route-tracer")
    assert page.locator("h1").inner_text() == "Traceur d’acheminement"
    shot("22-help-route-tracer")
