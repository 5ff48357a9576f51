"""Issue 6 "Done when" in Chromium (MED-01): the enterprise administrator opens the call history from the menu,
sees the carrier's call answered, filters by line, reads the chart and downloads the CSV."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page


def calls_done_when(page: Page, url: str, shots: Path, setup_json: str) -> None:
    setup = json.loads(setup_json)
    page.goto(f"{url}/")
    page.fill("#identifier", setup["admin"])
    page.fill("#password", setup["password"])
    page.click("[data-testid=sign-in]")
    page.wait_for_load_state("networkidle")
    if page.locator("[data-testid=setup-later]").count():
        page.click("[data-testid=setup-later]")
    page.click("nav >> text=Historique des appels")
    page.wait_for_selector("[data-testid=calls-table]")
    row = page.locator("[data-testid=call-row]").first
    text = row.inner_text()
    assert setup["did"] in text and "Répondu" in text, text
    assert page.locator("[data-testid=calls-chart] rect").count() == 14
    page.screenshot(path=str(shots / "01-call-history.png"), full_page=True)

    page.fill("#line", "+10000000000")
    page.click("[data-testid=filter]")
    page.wait_for_selector("[data-testid=empty-state]")
    page.screenshot(path=str(shots / "02-filtered-empty.png"), full_page=True)

    page.fill("#line", setup["did"])
    page.click("[data-testid=filter]")
    page.wait_for_selector("[data-testid=calls-table]")
    with page.expect_download() as download:
        page.click("[data-testid=download-csv]")
    content = Path(download.value.path()).read_bytes().decode("utf-8")
    assert content.startswith("\ufeff") and "Répondu par" in content and setup["did"] in content, content
