"""The enterprise administrator's Users page in Chromium (ACC-09, ACC-13, ACC-16, ACC-18): run by
browser_flows.py as the flow "users-page"."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page


def users_page(page: Page, url: str, shots: Path, reseller_password: str) -> None:
    """The reseller sells an enterprise; its administrator creates users by hand, finds one by typing (the list
    follows without a page load), sorts by extension, sets options, then resets a line through both
    confirmations and sees the new credentials once."""
    page.goto(f"{url}/sign-in")
    page.fill("#identifier", "revendeur")
    page.fill("#password", reseller_password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{url}/home")
    page.goto(f"{url}/customers/new")
    page.fill("#name", "Boulangerie Tremblay")
    page.fill("#contact_email", "info@tremblay.test")
    page.fill("#administrator-identifier", "mtremblay")
    page.fill("#administrator-display_name", "Marie Tremblay")
    page.fill("#administrator-email", "marie@tremblay.test")
    page.fill("#administrator-password", "Boulangerie-2025")
    page.click("[data-testid=save-customer]")
    assert page.locator("[data-testid=user-mtremblay]").count() == 1
    page.click("[data-testid=sign-out]")

    page.goto(f"{url}/sign-in")
    page.fill("#identifier", "mtremblay")
    page.fill("#password", "Boulangerie-2025")
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{url}/home")
    page.click("[data-testid=menu-users]")
    assert page.locator("[data-testid=users-table]").count() == 1
    for first, last, extension in (("Sylvie", "Côté", "201"), ("Jean", "Roy", "202")):
        page.click("[data-testid=new-user]")
        if first == "Sylvie":  # a mistake first: every field named, nothing lost
            page.fill("#first_name", first)
            page.fill("#email", "pas-un-courriel")
            page.click("[data-testid=save-user]")
            assert page.locator("#last_name-error").count() == 1 and page.locator("#email-error").count() == 1
            assert page.input_value("#first_name") == first
            page.screenshot(path=str(shots / "01-new-user-errors.png"), full_page=True)
        page.fill("#first_name", first)
        page.fill("#last_name", last)
        page.fill("#email", f"{first.lower()}@tremblay.test")
        page.fill("#extension", extension)
        page.click("[data-testid=save-user]")
        assert page.locator("[data-testid=notice]").count() == 1
        assert page.locator("[data-testid=activation-status]").inner_text() == "En attente d'activation"
        page.click(".crumbs a >> nth=0")
    page.screenshot(path=str(shots / "02-users.png"), full_page=True)
    # instant search: the table follows what is typed, the page stays the same document
    page.evaluate("window.__same_document = true")
    page.fill("[data-testid=search]", "côt")
    rows = page.locator("[data-testid=users-table] tbody tr")
    for _ in range(100):  # the list follows the typing after a short pause (no string eval: the CSP forbids it)
        if rows.count() == 1:
            break
        page.wait_for_timeout(100)
    assert rows.count() == 1, rows.all_inner_texts()
    assert page.evaluate("window.__same_document === true")
    assert "Sylvie Côté" in page.locator("[data-testid=users-table]").inner_text()
    page.screenshot(path=str(shots / "03-instant-search.png"), full_page=True)
    page.goto(f"{url}/users")
    page.click("[data-testid=sort-extension]")
    page.click("[data-testid=sort-extension]")
    first_row = page.locator("[data-testid=users-table] tbody tr").first.inner_text()
    assert "202" in first_row, first_row
    page.click("[data-testid=options] >> nth=0")
    page.fill("#max_contacts", "20000")
    page.click("[data-testid=save-options]")
    assert "Entre 0 et 10000." in page.locator("#max_contacts-error").inner_text()
    page.fill("#max_contacts", "200")
    page.check("input[name=admin_managed]")
    page.click("[data-testid=save-options]")
    assert page.locator("[data-testid=notice]").inner_text() == "Les options sont enregistrées."
    page.click("[data-testid=generate-registration]")
    generated = page.locator("[data-testid=generated-password]").inner_text()
    assert len(generated) == 20
    page.screenshot(path=str(shots / "04-options-generated.png"), full_page=True)
    page.reload()
    assert generated not in page.content()
    # reset a line: OK, then the warning, then the credentials once
    page.goto(f"{url}/users")
    page.click("[data-testid=reset] >> nth=0")
    page.click("[data-testid=reset-ok]")
    page.screenshot(path=str(shots / "05-reset-confirm.png"), full_page=True)
    page.click("[data-testid=confirm-reset]")
    assert page.locator("[data-testid=new-pin]").inner_text().isdigit()
    page.screenshot(path=str(shots / "06-reset-done.png"), full_page=True)
