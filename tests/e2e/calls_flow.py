"""Issue 6 "Done when" in Chromium (MED-01, MED-04, RTE-06): the enterprise administrator opens the call history
from the menu and sees the four calls (the carrier's call answered by Alice, Bob's voicemail, the auto attendant's,
Alice's call to Paris), filters by line, reads the chart and downloads the CSV; then Bob signs in and finds the
carrier's message, new, in his voicemail."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page


def sign_in(page: Page, url: str, identifier: str, password: str) -> None:
    page.goto(f"{url}/")
    page.fill("#identifier", identifier)
    page.fill("#password", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_load_state("networkidle")
    if page.locator("[data-testid=setup-later]").count():
        page.click("[data-testid=setup-later]")


def rows(page: Page) -> list[str]:
    return [row.inner_text() for row in page.locator("[data-testid=call-row]").all()]


def calls_done_when(page: Page, url: str, shots: Path, setup_json: str) -> None:
    setup = json.loads(setup_json)
    sign_in(page, url, setup["admin"], setup["password"])
    page.click("nav >> text=Historique des appels")
    page.wait_for_selector("[data-testid=calls-table]")
    listed = rows(page)
    assert len(listed) == 4, listed
    for callee in (setup["did"], setup["bob_did"], setup["attendant_did"], setup["paris"]):
        (row,) = [text for text in listed if callee in text]
        assert "Répondu" in row, row
    (voicemail,) = [text for text in listed if setup["bob_did"] in text]
    assert "Messagerie vocale" in voicemail and setup["carrier"] in voicemail, voicemail
    assert page.locator("[data-testid=calls-chart] rect").count() == 14
    page.screenshot(path=str(shots / "01-call-history.png"), full_page=True)

    page.fill("#line", "+10000000000")
    page.click("[data-testid=filter]")
    page.wait_for_selector("[data-testid=empty-state]")
    page.screenshot(path=str(shots / "02-filtered-empty.png"), full_page=True)

    page.fill("#line", setup["did"])
    page.click("[data-testid=filter]")
    page.wait_for_selector("[data-testid=calls-table]")
    assert all(setup["did"] in text for text in rows(page)), rows(page)
    with page.expect_download() as download:
        page.click("[data-testid=download-csv]")
    content = Path(download.value.path()).read_bytes().decode("utf-8")
    assert content.startswith("\ufeff") and "Répondu par" in content and setup["did"] in content, content
    page.click("[data-testid=sign-out]")
    page.wait_for_load_state("networkidle")

    # Bob: the carrier's message, new, in his voicemail; the call in his own calls
    sign_in(page, url, setup["bob"], setup["bob_password"])
    page.click("nav >> text=Ma messagerie vocale")
    page.wait_for_selector("[data-testid=voicemail-table]")
    messages = [row.inner_text() for row in page.locator("[data-testid=voicemail-row]").all()]
    assert len(messages) == 1 and setup["carrier"] in messages[0] and "Nouveau" in messages[0], messages
    assert page.locator("[data-testid=voicemail-audio]").count() == 1
    page.screenshot(path=str(shots / "03-bob-voicemail.png"), full_page=True)
    page.click("nav >> text=Mes appels")
    page.wait_for_selector("[data-testid=calls-table]")
    own = [row.inner_text() for row in page.locator("[data-testid=call-row]").all()]
    assert len(own) == 1 and setup["bob_did"] in own[0] and "Messagerie vocale" in own[0], own
    page.screenshot(path=str(shots / "04-bob-calls.png"), full_page=True)
