"""Issue 4's Done-when path in Chromium (ACC-09, ACC-13, ACC-15, ACC-18, NUM-01): an enterprise administrator
imports users from an XML file, a CSV file (a malformed row, a duplicate) and an LDAP server, ticks and unticks
duplicates, commits with the progress bar, assigns a DID, an extension and a phone, resets a line, deletes a user
from the company and finds it all in the audit log. Run by browser_flows.py as the flow "import-done-when"."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Users>
  <User><UserID>-1</UserID><FirstName>Sylvie</FirstName><LastName>Gagnon</LastName>
    <Email>sylvie@gagnon.test</Email><Language>fr</Language><Mobile>514 555-0101</Mobile></User>
  <User><UserID>-1</UserID><FirstName>John</FirstName><LastName>Smith</LastName>
    <Email>john@gagnon.test</Email><Language>en</Language></User>
</Users>
"""
# Row 3 is malformed (a 2-digit UserID, no last name, an address that is not one); row 4 is Sylvie again.
CSV = (
    "UserID;FirstName;LastName;Email;Language;Business\r\n"
    "-1;Émile;Roy;emile@gagnon.test;fr;+1 514 555 0102\r\n"
    "12;Inès;;pas-un-courriel;fr;\r\n"
    "-1;Sylvie;Gagnon-Roy;sylvie@gagnon.test;fr;\r\n"
)


def sign_in(page: Page, url: str, identifier: str, password: str) -> None:
    page.goto(f"{url}/sign-in")
    page.fill("#identifier", identifier)
    page.fill("#password", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{url}/home")


def settled(page: Page, *states: str) -> str:
    """The job page refreshes itself while the job runs; wait until it shows one of ``states``."""
    selector = ", ".join(f"[data-testid=import-job][data-state={s}]" for s in states)
    page.wait_for_selector(selector, timeout=60_000)
    return str(page.get_attribute("[data-testid=import-job]", "data-state"))


def start_import(page: Page, url: str, users: str, source: str, shots: Path, name: str) -> None:
    page.goto(users)
    page.click("[data-testid=import-users]")
    page.select_option("#source", source)
    if source in ("csv", "xml"):
        content = CSV.encode("cp1252") if source == "csv" else XML.encode()
        page.set_input_files("#file", {"name": f"usagers.{source}", "mimeType": f"text/{source}", "buffer": content})
    page.click("[data-testid=import-start]")
    assert settled(page, "previewed", "refused", "failed") == "previewed", page.content()
    page.screenshot(path=str(shots / f"{name}-preview.png"), full_page=True)


def commit(page: Page, shots: Path, name: str) -> str:
    page.click("[data-testid=import-commit]")
    if page.locator("[data-testid=import-progress-bar]").count():
        page.screenshot(path=str(shots / f"{name}-progress.png"), full_page=True)
    assert settled(page, "done", "failed") == "done", page.content()
    page.screenshot(path=str(shots / f"{name}-report.png"), full_page=True)
    return page.locator("[data-testid=import-report]").inner_text()


def row(page: Page, name: str) -> str:
    return page.locator("[data-testid=import-row]", has_text=name).inner_text()


def open_user(page: Page, users: str, name: str) -> str:
    """The user's edit page, found with the Users page's search; gives the user's id."""
    page.goto(f"{users}?search={name}")
    page.locator("[data-testid=users-table] tbody tr", has_text=name).locator("a[href$='/edit']").first.click()
    found = re.search(r"/users/([0-9a-f-]{36})/edit", page.url)
    assert found, page.url
    return found.group(1)


def option_value(page: Page, select: str, text: str) -> str:
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    assert value, f"no option {text!r} in {select}"
    return value


def import_done_when(
    page: Page, url: str, shots: Path, reseller_password: str, ldap_url: str, ldap_user: str, ldap_password: str
) -> None:
    # the reseller sells an enterprise with two DIDs
    sign_in(page, url, "revendeur", reseller_password)
    page.goto(f"{url}/customers/new")
    page.fill("#name", "Quincaillerie Gagnon")
    page.fill("#contact_email", "info@gagnon.test")
    page.fill("#administrator-identifier", "lgagnon")
    page.fill("#administrator-display_name", "Luc Gagnon")
    page.fill("#administrator-email", "luc@gagnon.test")
    page.fill("#administrator-password", "Quincaillerie-2025")
    page.click("[data-testid=save-customer]")
    found = re.search(r"/customers/([0-9a-f-]{36})", page.url)
    assert found, page.url
    enterprise = found.group(1)
    page.goto(f"{url}/tenants/{enterprise}/numbers/new")
    page.fill("#numbers", "514 555 0150\n514 555 0151")
    page.click("[data-testid=save]")
    page.click("[data-testid=sign-out]")

    sign_in(page, url, "lgagnon", "Quincaillerie-2025")
    page.click("[data-testid=menu-users]")
    users = f"{url}/enterprises/{enterprise}/users"
    page.wait_for_url(re.compile(re.escape(users)))
    page.screenshot(path=str(shots / "01-users-empty.png"), full_page=True)

    # 1. XML: two new users
    start_import(page, url, users, "xml", shots, "02-xml")
    assert "2 usagers lus : 0 avec des erreurs, 0 doubles, 2 cochés." in page.inner_text("[data-testid=import-counts]")
    report = commit(page, shots, "03-xml")
    assert "Usagers créés : 2" in report, report

    # 2. CSV: a malformed row named field by field, a duplicate unticked; tick it to update Sylvie
    start_import(page, url, users, "csv", shots, "04-csv")
    malformed = row(page, "Inès")
    assert "De 4 à 10 chiffres, ou -1 pour en générer un." in malformed, malformed
    assert "adresse" in malformed.lower(), malformed
    assert page.locator("[data-testid=import-row]", has_text="Inès").locator("input[name=include]").is_disabled()
    duplicate = page.locator("[data-testid=import-row][data-duplicate='1']")
    assert duplicate.count() == 1 and "Sylvie" in duplicate.inner_text()
    assert not duplicate.locator("input[name=include]").is_checked()
    duplicate.locator("input[name=include]").check()
    page.screenshot(path=str(shots / "05-csv-duplicate-ticked.png"), full_page=True)
    report = commit(page, shots, "06-csv")
    assert "Usagers créés : 1" in report and "Usagers mis à jour (doubles cochés) : 1" in report, report
    assert "Lignes non importées : 1" in report, report

    # 3. LDAP: John again (a duplicate, left unticked) and a new user
    page.goto(users)
    page.click("[data-testid=import-users]")
    page.select_option("#source", "ldap")
    page.fill("#server", ldap_url)
    page.fill("#username", ldap_user)
    page.fill("#password", "pas-le-bon")
    page.click("[data-testid=import-start]")
    assert settled(page, "previewed", "refused", "failed") == "refused"
    page.screenshot(path=str(shots / "07-ldap-wrong-password.png"), full_page=True)
    page.goto(users)
    page.click("[data-testid=import-users]")
    page.select_option("#source", "ldap")
    page.fill("#server", ldap_url)
    page.fill("#username", ldap_user)
    page.fill("#password", ldap_password)
    page.click("[data-testid=import-start]")
    assert settled(page, "previewed", "refused", "failed") == "previewed", page.content()
    page.screenshot(path=str(shots / "08-ldap-preview.png"), full_page=True)
    john = page.locator("[data-testid=import-row][data-duplicate='1']")
    assert john.count() == 1 and "John" in john.inner_text()
    assert not john.locator("input[name=include]").is_checked()
    report = commit(page, shots, "09-ldap")
    assert "Usagers créés : 1" in report and "Usagers mis à jour (doubles cochés) : 0" in report, report

    # re-importing the XML file creates nobody: both rows are duplicates, unticked
    start_import(page, url, users, "xml", shots, "10-xml-again")
    assert page.locator("[data-testid=import-row][data-duplicate='1']").count() == 2
    page.goto(users)
    assert "5 résultats" in page.inner_text("[data-testid=total]")  # Luc + Sylvie, John, Émile, Nadia
    page.screenshot(path=str(shots / "11-users-imported.png"), full_page=True)

    # an extension for Émile
    emile = open_user(page, users, "Émile")
    page.fill("#extension", "201")
    page.click("[data-testid=save-user]")
    assert page.locator("[data-testid=notice]").count() == 1, page.content()
    # a DID for Émile
    page.goto(f"{url}/tenants/{enterprise}/numbers")
    page.locator("[data-testid=row]", has_text="5145550150").locator("a:not([href$='/delete'])").first.click()
    page.select_option("#target", option_value(page, "#target", "Émile"))
    page.click("[data-testid=save]")
    assert "Émile" in page.locator("[data-testid=row]", has_text="5145550150").inner_text()
    page.screenshot(path=str(shots / "12-did-assigned.png"), full_page=True)
    # a phone for Émile
    page.goto(f"{url}/enterprises/{enterprise}/phones/new")
    page.fill("#mac", "00-1A-2B-3C-4D-5E")
    page.fill("#model", "Yealink T54W")
    page.select_option("#user_id", option_value(page, "#user_id", "Émile"))
    page.click("[data-testid=save]")
    assert "Émile" in page.locator("[data-testid=row]", has_text="00:1A:2B:3C:4D:5E").inner_text(), page.content()
    page.screenshot(path=str(shots / "13-phone-assigned.png"), full_page=True)
    page.goto(f"{users}?search=emile")
    listed = page.locator("[data-testid=users-table] tbody tr", has_text="Émile").inner_text()
    assert "201" in listed and "5145550150" in listed.replace(" ", "").replace("-", ""), listed
    page.screenshot(path=str(shots / "14-users-emile.png"), full_page=True)

    # reset John's line: OK, the warning, then the new credentials once
    page.goto(f"{users}?search=john")
    page.locator("[data-testid=users-table] tbody tr", has_text="John").locator("[data-testid=reset]").click()
    page.click("[data-testid=reset-ok]")
    page.click("[data-testid=confirm-reset]")
    assert page.locator("[data-testid=new-pin]").inner_text().isdigit()
    page.screenshot(path=str(shots / "15-reset-done.png"), full_page=True)

    # delete Nadia from the company
    page.goto(f"{users}?search=nadia")
    page.locator("[data-testid=users-table] tbody tr", has_text="Nadia").locator("[data-testid=delete]").click()
    page.screenshot(path=str(shots / "16-delete-confirm.png"), full_page=True)
    page.click("[data-testid=delete-company]")
    page.goto(f"{users}?search=nadia")
    assert page.locator("[data-testid=users-table]").count() == 0

    # the audit log tells it all
    page.goto(f"{url}/audit")
    audit = page.inner_text("[data-testid=audit-table]")
    for name in ("Sylvie Gagnon", "Émile Roy", "Nadia Côté", "John Smith"):
        assert name in audit, (name, audit)
    page.screenshot(path=str(shots / "17-audit.png"), full_page=True)
    assert emile
