"""Browser flows run in Chromium by Playwright, in a process of their own.

Playwright's synchronous API and eventlet's hub (which the test process needs for nameko) each want to own the
main thread's greenlets, so the tests run these flows as a subprocess and read the outcome from its exit code:
``python browser_flows.py FLOW URL ARTIFACTS_DIR [ARGS...]``. Every step asserts what a person would see.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import calls_flow  # a sibling too
import import_flow  # a sibling too
import routing_flow  # a sibling: this file runs as a script
import users_flow  # a sibling too
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def thin_flow(page: Page, url: str, shots: Path, password: str, reseller: str) -> None:
    """The system administrator signs in, fails a form once, creates a reseller and sees it in the list."""
    page.goto(f"{url}/")
    assert page.title().startswith("Ouvrir une session"), page.title()
    page.screenshot(path=str(shots / "01-sign-in.png"))
    page.fill("#identifier", "admin")
    page.fill("#password", "wrong password")
    page.click("[data-testid=sign-in]")
    assert page.locator("[data-testid=form-error]").inner_text() == "Identifiant ou mot de passe incorrect."
    assert page.input_value("#identifier") == "admin"
    page.fill("#password", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{url}/home")
    assert page.locator("[data-testid=user-number]").inner_text().isdigit()
    if page.locator("[data-testid=setup-later]").count():  # the set-up wizard greets a new administrator
        page.screenshot(path=str(shots / "02-setup-welcome.png"))
        page.click("[data-testid=setup-later]")
    page.screenshot(path=str(shots / "02-home.png"))
    page.click("[data-testid=tile-resellers]")
    page.click("[data-testid=new-reseller]")
    page.click("[data-testid=save-reseller]")
    assert "Entre 1 et 100 caractères." in page.locator("#name-error").inner_text()
    page.screenshot(path=str(shots / "03-reseller-errors.png"))
    page.fill("#name", reseller)
    page.fill("#contact_email", "ventes@example.ca")
    page.click("[data-testid=save-reseller]")
    assert page.locator("[data-testid=notice]").inner_text() == f"Le revendeur {reseller} a été créé."
    rows = page.locator("[data-testid=resellers-table] tbody tr td:first-child").all_inner_texts()
    assert reseller in rows, rows
    page.screenshot(path=str(shots / "04-resellers.png"))
    page.click("[data-testid=language-switch]")
    assert page.locator("h1").inner_text() == "Resellers"
    assert "Create a reseller" in page.locator("[data-testid=new-reseller]").inner_text()
    with page.context.expect_page() as help_popup:
        page.click("[data-testid=help-link]")
    help_page = help_popup.value
    help_page.wait_for_load_state()
    assert help_page.locator("h1").inner_text() == "Resellers"
    help_page.close()
    page.click("[data-testid=sign-out]")
    page.wait_for_url(f"{url}/sign-in")
    page.goto(f"{url}/resellers")
    assert "/sign-in?next=%2Fresellers" in page.url


def tiny_png() -> bytes:
    """A 120×40 PNG in two colours, made here so the flow needs no file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + (b"\xff\xd1\x66" * 40 + b"\xff\xff\xff" * 80) for _ in range(40))
    header = struct.pack(">IIBBBBB", 120, 40, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def reseller_brands_and_sells(page: Page, url: str, shots: Path, password: str) -> None:
    """A reseller administrator signs in (the set-up wizard greets them), brands the portal with a logo and
    colours, sets how customers reach them, then creates an enterprise, fixing a mistake on the way."""
    logo = shots / "logo.png"
    logo.write_bytes(tiny_png())
    page.goto(f"{url}/sign-in")
    page.fill("#identifier", "revendeur")
    page.fill("#password", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{url}/home")
    assert page.locator("[data-testid=setup-progress]").count() == 1
    page.screenshot(path=str(shots / "01-setup-welcome.png"), full_page=True)
    page.click("[data-testid=setup-continue]")
    page.check("input[value=virtual_receptionist]")
    page.click("[data-testid=setup-save]")
    page.wait_for_url(f"{url}/setup/store")
    page.screenshot(path=str(shots / "02-setup-store.png"), full_page=True)
    page.click("[data-testid=menu-settings]")
    page.click("[data-testid=tab-account]")
    page.fill("#brand_name", "Boréal Télécom")
    page.fill("#brand_primary_colour", "#7a1f5c")
    page.fill("#brand_accent_colour", "#ffd166")
    page.fill("#portal_host", "portail.boreal.test")
    page.click("[data-testid=save-branding]")
    assert page.locator("[data-testid=notice]").inner_text() == "La marque est enregistrée."
    page.set_input_files("[data-testid=logo-file]", str(logo))
    page.click("[data-testid=upload-logo]")
    assert page.locator("[data-testid=notice]").inner_text() == "Le logo est enregistré."
    assert page.locator("[data-testid=logo-preview]").evaluate("img => img.naturalWidth") == 120
    page.fill("#support_phone", "+1 819 555-0142")
    page.click("[data-testid=save-support]")
    page.screenshot(path=str(shots / "03-settings-account.png"), full_page=True)
    page.click("[data-testid=menu-customers]")
    page.screenshot(path=str(shots / "04-customers-empty-or-list.png"), full_page=True)
    page.click("[data-testid=new-customer]")
    page.fill("#name", "Quincaillerie Gagnon")
    page.fill("#contact_email", "pas-un-courriel")
    page.select_option("#time_zone", "America/Toronto")
    page.fill("#administrator-identifier", "lgagnon")
    page.fill("#administrator-display_name", "Luc Gagnon")
    page.fill("#administrator-email", "luc@gagnon.test")
    page.fill("#administrator-password", "Quincaillerie-2025")
    page.click("[data-testid=save-customer]")
    assert "adresse courriel" in page.locator("#contact_email-error").inner_text()
    assert page.input_value("#name") == "Quincaillerie Gagnon"  # nothing lost
    page.screenshot(path=str(shots / "05-customer-errors.png"), full_page=True)
    page.fill("#contact_email", "info@gagnon.test")
    page.fill("#administrator-password", "Quincaillerie-2025")
    page.click("[data-testid=save-customer]")
    assert page.locator("[data-testid=notice]").inner_text() == "Le compte Quincaillerie Gagnon a été créé."
    assert page.locator("[data-testid=user-lgagnon]").count() == 1
    page.screenshot(path=str(shots / "06-customer.png"), full_page=True)
    page.click("[data-testid=departments-link]")
    page.click("[data-testid=new-department]")
    page.fill("#name", "Ventes")
    page.fill("#max_incoming_calls", "5")
    page.check("input[name=manager_ids]")
    page.click("[data-testid=save-department]")
    assert page.locator("[data-testid=notice]").inner_text() == "Le service est créé."
    page.screenshot(path=str(shots / "07-departments.png"), full_page=True)
    page.goto(f"{url}/audit")
    assert page.locator("[data-testid=audit-table] tbody tr").count() >= 5
    page.screenshot(path=str(shots / "08-audit.png"), full_page=True)
    # the branded portal, as customers reach it through the reseller's host name
    assert page.context.browser is not None
    other = page.context.browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP portail.boreal.test 127.0.0.1"]
    )
    branded = other.new_page(locale="fr-CA", viewport={"width": 1280, "height": 800})
    port = url.rsplit(":", 1)[1]
    branded.goto(f"http://portail.boreal.test:{port}/sign-in")
    assert branded.locator("[data-testid=brand]").inner_text().strip() == "Boréal Télécom"
    colour = branded.locator(".topbar").evaluate("bar => getComputedStyle(bar).backgroundColor")
    assert colour == "rgb(122, 31, 92)", colour
    assert "+1 819 555-0142" in branded.locator("footer").inner_text()
    branded.screenshot(path=str(shots / "09-branded-sign-in.png"), full_page=True)
    other.close()


FLOWS: dict[str, Callable[..., None]] = {"thin-flow": thin_flow, "reseller-brands": reseller_brands_and_sells}
FLOWS["routing-done-when"] = routing_flow.routing_done_when
FLOWS["users-page"] = users_flow.users_page
FLOWS["import-done-when"] = import_flow.import_done_when
FLOWS["calls-done-when"] = calls_flow.calls_done_when


def main(argv: list[str]) -> None:
    flow, url, artifacts, *args = argv
    shots = Path(artifacts)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        try:
            FLOWS[flow](page, url, shots, *args)
        except BaseException:
            page.screenshot(path=str(shots / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
