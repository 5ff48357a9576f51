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


FLOWS: dict[str, Callable[..., None]] = {"thin-flow": thin_flow}


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
