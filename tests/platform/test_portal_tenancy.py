"""The portal's tenancy pages over HTTP with the real services behind them (ACC-01..08, 14, 20, 21, 25, 27, 28).

Every page renders for the roles that have it and is refused for the others; forms save good input and show
field errors (in French and English) for bad input, saving nothing; every change needs the CSRF token.
"""

from __future__ import annotations

import csv
import html
import io
import re
import struct
import zlib
from typing import Any

import pytest
import requests

from relais_kit.testing.plugin import SmtpServer, wait_for
from tests.hierarchy import PASSWORD, Hierarchy, build
from tests.platform.conftest import Platform
from tests.platform.test_portal_http import csrf_of


def png(width: int = 40, height: int = 20, rgb: tuple[int, int, int] = (14, 107, 115)) -> bytes:
    """A real PNG image, made here so the test needs no file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Browser:
    """A signed-in user's cookie jar, with the session's CSRF token at hand."""

    def __init__(self, platform: Platform, language: str = "fr") -> None:
        self.platform, self.http = platform, platform.session(language)
        self.csrf = ""

    def sign_in(self, identifier: str, password: str = PASSWORD) -> Browser:
        page = self.http.get(f"{self.platform.url}/sign-in", timeout=10)
        data = {"identifier": identifier, "password": password, "csrf_token": csrf_of(page.text)}
        response = self.http.post(f"{self.platform.url}/sign-in", data=data, timeout=10, allow_redirects=False)
        assert response.status_code == 303, response.text
        self.csrf = csrf_of(self.get("/home").text)
        return self

    def speak(self, language: str) -> Browser:
        """The FR/EN switch of the header (the profile's language wins over the browser's once signed in)."""
        self.post("/language", {"language": language, "next": "/home"})
        return self

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(f"{self.platform.url}{path}", timeout=10, **kwargs)

    def post(
        self, path: str, data: dict[str, Any] | None = None, csrf: bool = True, **kwargs: Any
    ) -> requests.Response:
        body = {**(data or {}), **({"csrf_token": self.csrf} if csrf else {})}
        return self.http.post(f"{self.platform.url}{path}", data=body, timeout=10, **kwargs)


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def portal(tree: Hierarchy, platform: Platform) -> Platform:
    """The hierarchy is written first, so every account has tests.hierarchy.PASSWORD."""
    return platform


def as_(portal: Platform, who: str, language: str = "fr") -> Browser:
    return Browser(portal, language).sign_in(who).speak(language)


def menu_of(page: requests.Response) -> set[str]:
    return set(re.findall(r'data-testid="menu-([a-z]+)"', page.text))


def test_menu_per_role(portal: Platform) -> None:
    expected = {
        "admin": {"home", "resellers", "customers", "trunks", "mailservers", "partners", "audit", "settings", "setup"},
        "ra": {"home", "customers", "numbers", "trunks", "partners", "provisioning", "audit", "settings", "setup"},
        "ea": {"home", "departments", "numbers", "extensions", "phones", "directory", "trunks", "mailservers", "audit"}
        | {"settings", "users", "groupservices", "calls", "voicemail", "announcements", "recordings"},
        # everyone with a line has their voicemail and their calls (MED-04); managers see their departments' users
        "manager": {"home", "departments", "phones", "directory", "settings", "users", "calls", "voicemail"},
        "employee": {"home", "directory", "settings", "calls", "voicemail"},
        "proa": {"home", "settings", "calls", "voicemail"},
    }
    for who, keys in expected.items():
        page = as_(portal, who, "en").get("/home?dashboard=1")
        assert page.status_code == 200, who
        assert menu_of(page) == keys | {"routing"}, who  # call routing, or one's own forwarding (RTE-02..08)
    english = as_(portal, "admin", "en").get("/settings")
    for label in ("Home", "Resellers", "Customers", "Audit log", "Settings", "Set-up"):
        assert f">{label}</a>" in english.text.split("</nav>")[0], label


def test_each_page_renders_for_its_roles_and_is_refused_to_the_others(portal: Platform, tree: Hierarchy) -> None:
    everyone = {"admin", "ra", "rb", "ea", "eb", "manager", "employee", "proa"}
    pages = {
        "/resellers": {"admin"},
        "/resellers/new": {"admin"},
        f"/resellers/{tree['reseller_a']}": {"admin"},
        f"/resellers/{tree['reseller_a']}/delete": {"admin"},
        "/customers": {"admin", "ra", "rb"},
        "/customers/new": {"admin", "ra", "rb"},
        f"/customers/{tree['enterprise_a']}": {"admin", "ra"},
        f"/enterprises/{tree['enterprise_a']}/departments": {"admin", "ra", "ea", "manager"},
        f"/enterprises/{tree['enterprise_a']}/departments/new": {"admin", "ra", "ea", "manager"},
        f"/enterprises/{tree['enterprise_a']}/departments/{tree['support']}": {"admin", "ra", "ea"},
        "/audit": {"admin", "ra", "rb", "ea", "eb"},
        "/settings": everyone,
        "/settings/security": everyone,
        "/settings/account": {"admin", "ra", "rb", "ea", "eb"},
        "/settings/administrators": {"admin", "ra", "rb", "ea", "eb"},
        "/setup": {"admin", "ra", "rb"},
        "/setup/billing": {"admin", "ra", "rb"},
        "/home": everyone,
    }
    browsers = {who: as_(portal, who) for who in everyone}
    for path, allowed in pages.items():
        for who, browser in browsers.items():
            page = browser.get(path)
            if who in allowed:
                assert page.status_code == 200, (path, who, page.status_code)
                assert 'data-testid="help-link"' in page.text, (path, "contextual help")
            else:
                assert page.status_code in (403, 404), (path, who, page.status_code)
                assert 'data-testid="error-message"' in page.text, (path, who)


def test_a_reseller_is_created_with_its_administrator_and_brand(portal: Platform, sql_query: Any) -> None:
    before = sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"]
    bad = {
        "name": "",
        "language": "fr",
        "billing_owner": "reseller",
        "brand_primary_colour": "teal",
        "portal_host": "not a host",
        "administrator.identifier": "a b",
        "administrator.display_name": "Nadia",
        "administrator.email": "nadia@",
        "administrator.password": "short",
    }
    for language, texts in (
        ("fr", ("Entre 1 et 100 caractères.", "Une couleur comme #0e6b73.", "Corrigez les champs")),
        ("en", ("Between 1 and 100 characters.", "A colour like #0e6b73.", "Correct the fields")),
    ):
        admin = as_(portal, "admin", language)
        admin.post("/settings/profile", {"display_name": "Admin", "language": language})
        refused = admin.post("/resellers", bad)
        assert refused.status_code == 422
        for text in texts:
            assert text in refused.text, (language, text)
        assert 'value="Nadia"' in refused.text and "short" not in refused.text  # kept, but never the password
        assert 'id="administrator-email-error"' in refused.text
    assert sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"] == before
    good = {
        **bad,
        "name": "Télécom Nord",
        "brand_primary_colour": "#123456",
        "portal_host": "Portail.Nord.test",
        "administrator.identifier": "nadia",
        "administrator.email": "nadia@nord.test",
        "administrator.password": "Nadia-password-1",
    }
    created = admin.post("/resellers", good)
    assert created.status_code == 200 and "The reseller Télécom Nord was created." in created.text
    row = sql_query("SELECT id, portal_host, brand_primary_colour FROM accounts.tenants WHERE name = 'Télécom Nord'")
    assert row[0]["portal_host"] == "portail.nord.test" and row[0]["brand_primary_colour"] == "#123456"
    Browser(portal).sign_in("nadia", "Nadia-password-1")  # the first administrator signs in


def test_reseller_page_edits_details_brand_and_logo_and_deletes(
    portal: Platform, tree: Hierarchy, sql_query: Any
) -> None:
    admin = as_(portal, "admin", "en")
    path = f"/resellers/{tree['reseller_a']}"
    page = admin.get(path)
    assert page.status_code == 200 and 'value="Reseller A"' in page.text
    saved = admin.post(path, {"name": "Reseller Alpha", "language": "en", "billing_owner": "system"})
    assert "The reseller&#39;s details are saved." in saved.text or "The reseller's details are saved." in saved.text
    refused = admin.post(f"{path}/branding", {"brand_name": "Alpha", "brand_accent_colour": "#12"})
    assert refused.status_code == 422 and "A colour like #0e6b73." in refused.text and 'value="Alpha"' in refused.text
    branded = admin.post(
        f"{path}/branding",
        {"brand_name": "Alpha", "brand_primary_colour": "#aa0000", "portal_host": "alpha-brand.test"},
    )
    assert "The brand is saved." in branded.text
    assert sql_query("SELECT name, billing_owner FROM accounts.tenants WHERE id = %s", (tree["reseller_a"],)) == [
        {"name": "Reseller Alpha", "billing_owner": "system"}
    ]
    not_an_image = admin.http.post(
        f"{portal.url}{path}/logo",
        data={"csrf_token": admin.csrf},
        files={"logo": ("logo.png", b"<svg onload=alert(1)>", "image/png")},
        timeout=10,
    )
    assert not_an_image.status_code == 422 and "Not a PNG, JPEG, GIF or WebP image." in not_an_image.text
    uploaded = admin.http.post(
        f"{portal.url}{path}/logo",
        data={"csrf_token": admin.csrf},
        files={"logo": ("logo.png", png(), "image/png")},
        timeout=10,
    )
    assert "The logo is saved." in uploaded.text and 'data-testid="logo-preview"' in uploaded.text
    logo = requests.get(f"{portal.url}/brand/{tree['reseller_a']}/logo", timeout=10)
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png" and logo.content == png()
    assert "max-age" in logo.headers["Cache-Control"] and logo.headers["ETag"]
    assert requests.get(f"{portal.url}/brand/{tree['reseller_b']}/logo", timeout=10).status_code == 404
    # the brand by host: name, logo and colours (a stylesheet: the CSP forbids inline styles)
    branded_page = requests.get(f"{portal.url}/sign-in", headers={"Host": "alpha-brand.test"}, timeout=10)
    assert f"/brand/{tree['reseller_a']}/colours.css" in branded_page.text and "<span>Alpha</span>" in branded_page.text
    assert f"/brand/{tree['reseller_a']}/logo" in branded_page.text
    css = requests.get(
        f"{portal.url}/brand/{tree['reseller_a']}/colours.css", headers={"Host": "alpha-brand.test"}, timeout=10
    )
    assert css.headers["Content-Type"].startswith("text/css") and "--brand: #aa0000;" in css.text
    assert "--brand-dark: #7f0000;" in css.text
    # a reseller with customers is not deleted; the page says why
    confirm = admin.get(f"{path}/delete")
    assert confirm.status_code == 200 and 'data-testid="confirm-delete"' in confirm.text
    refused_delete = admin.post(f"{path}/delete")
    assert refused_delete.status_code == 422 and "Delete or move this reseller's customers first." in html.unescape(
        refused_delete.text
    )
    empty = admin.post("/resellers", {"name": "Vide", "language": "fr", "billing_owner": "reseller"})
    empty_id = sql_query("SELECT id FROM accounts.tenants WHERE name = 'Vide'")[0]["id"]
    assert empty.status_code == 200
    deleted = admin.post(f"/resellers/{empty_id}/delete")
    assert "The reseller was deleted." in deleted.text
    assert sql_query("SELECT count(*) AS n FROM accounts.tenants WHERE name = 'Vide'")[0]["n"] == 0


def test_reseller_list_searches_and_pages(portal: Platform, sql_query: Any) -> None:
    admin = as_(portal, "admin", "en")
    for number in range(23):
        admin.post("/resellers", {"name": f"Paged {number:02d}", "language": "fr", "billing_owner": "reseller"})
    first = admin.get("/resellers?search=Paged")
    assert first.text.count('href="/resellers/') >= 20 and "Page 1 of 2" in first.text
    second = admin.get("/resellers?search=Paged&page=2")
    assert "Paged 22" in second.text and "Paged 00" not in second.text and "23 results" in second.text
    nothing = admin.get("/resellers?search=zzz-nothing")
    assert 'data-testid="empty-state"' in nothing.text and "No reseller matches" in nothing.text


def test_customers_are_created_edited_and_deleted(portal: Platform, tree: Hierarchy, sql_query: Any) -> None:
    reseller = as_(portal, "ra", "fr")
    bad = {
        "kind": "enterprise",
        "name": "Enterprise A",
        "language": "fr",
        "time_zone": "Mars/Olympus",
        "administrator.identifier": "employee",
        "administrator.display_name": "",
        "administrator.email": "x@example.ca",
        "administrator.password": "Password-1234",
    }
    refused = reseller.post("/customers", bad)
    assert refused.status_code == 422
    for text in (
        "Un compte client portant ce nom existe déjà.",
        "Fuseau horaire inconnu.",
        "Cet identifiant est déjà utilisé.",
        "Entre 1 et 100 caractères.",
    ):
        assert text in refused.text, text
    assert 'value="Enterprise A"' in refused.text
    good = {**bad, "name": "Boulangerie Roy", "time_zone": "America/Halifax"}
    good.update({"administrator.identifier": "roy", "administrator.display_name": "Marie Roy"})
    good["administrator.email"] = "marie@roy.test"
    created = reseller.post("/customers", good)
    assert created.status_code == 200 and "Le compte Boulangerie Roy a été créé." in created.text
    assert 'data-testid="user-roy"' in created.text and 'target="_blank"' in created.text
    customer_id = created.url.rsplit("/", 1)[1].split("?")[0]
    edited = reseller.post(
        f"/customers/{customer_id}",
        {"name": "Boulangerie Roy et fils", "language": "en", "time_zone": "America/Toronto", "contact_email": "x"},
    )
    assert edited.status_code == 422 and 'value="Boulangerie Roy et fils"' in edited.text
    edited = reseller.post(
        f"/customers/{customer_id}", {"name": "Boulangerie Roy et fils", "language": "en", "time_zone": "UTC"}
    )
    assert "Les coordonnées du compte sont enregistrées." in edited.text
    listed = reseller.get("/customers?search=roy")
    assert "Boulangerie Roy et fils" in listed.text and "Enterprise A" not in listed.text.split("<main")[1]
    assert reseller.post(f"/customers/{tree['enterprise_a']}/delete").status_code == 422  # has users
    deleted = reseller.post(f"/customers/{customer_id}/delete")
    assert "Le compte a été supprimé." in deleted.text
    assert sql_query("SELECT count(*) AS n FROM accounts.users WHERE identifier = 'roy'")[0]["n"] == 0
    # the system administrator chooses the reseller
    admin = as_(portal, "admin", "en")
    assert "Choose a reseller" in admin.get("/customers/new").text
    missing = admin.post("/customers", {**good, "reseller_id": ""})
    assert missing.status_code == 422 and "Choose the reseller that sells this account." in missing.text


def test_a_locked_user_is_unlocked_from_the_customer_page(portal: Platform, tree: Hierarchy, sql_query: Any) -> None:
    sql_query("UPDATE accounts.users SET locked_at = now() WHERE identifier = 'employee'")
    reseller = as_(portal, "ra", "en")
    page = reseller.get(f"/customers/{tree['enterprise_a']}")
    assert "Locked" in page.text and 'data-testid="unlock"' in page.text
    unlocked = reseller.post(f"/users/{tree['employee']}/unlock", {"back": f"/customers/{tree['enterprise_a']}"})
    assert "The account is unlocked" in unlocked.text
    assert sql_query("SELECT locked_at FROM accounts.users WHERE identifier = 'employee'") == [{"locked_at": None}]
    Browser(portal).sign_in("employee")


def test_acting_as_a_user_is_audited_and_ends_back_in_ones_own_session(portal: Platform, tree: Hierarchy) -> None:
    reseller = as_(portal, "ra", "en")
    assert reseller.post(f"/act-as/{tree['ea']}", csrf=False).status_code == 403
    acting = reseller.post(f"/act-as/{tree['ea']}", allow_redirects=False)
    assert acting.status_code == 303 and acting.headers["Location"] == "/home"
    assert "relais_session_return" in acting.headers["Set-Cookie"] and "HttpOnly" in acting.headers["Set-Cookie"]
    home = reseller.get("/home")
    assert 'data-testid="acting-banner"' in home.text and "Ra, you are acting as Ea" in home.text
    reseller.csrf = csrf_of(home.text)
    changed = reseller.post("/settings/profile", {"display_name": "Ea Acted", "language": "en"})
    assert "Your profile is saved." in changed.text
    ended = reseller.post("/act-as/end")
    assert ended.url.endswith("/home") and "acting-banner" not in ended.text and "Hello, Ra" in ended.text
    assert "relais_session_return" not in reseller.http.cookies
    reseller.csrf = csrf_of(ended.text)
    audit = reseller.get("/audit?search=Ea")
    assert "Session of the user opened" in audit.text
    assert "Ra acting as Ea" in audit.text and "Ea → Ea Acted" in audit.text
    # an enterprise administrator cannot act as the reseller's administrator above them
    assert as_(portal, "ea", "en").post(f"/act-as/{tree['ra']}").status_code == 404


def test_signing_out_while_acting_ends_both_sessions(portal: Platform, tree: Hierarchy, sql_query: Any) -> None:
    reseller = as_(portal, "ra", "en")
    reseller.post(f"/act-as/{tree['proa']}")
    reseller.csrf = csrf_of(reseller.get("/home").text)
    reseller.post("/sign-out")
    assert (
        sql_query(
            "SELECT count(*) AS n FROM gateway.sessions WHERE ended_at IS NULL AND user_id IN (%s, %s)",
            (tree["ra"], tree["proa"]),
        )[0]["n"]
        == 0
    )


def test_departments_tree_create_edit_delete(portal: Platform, tree: Hierarchy, sql_query: Any) -> None:
    admin = as_(portal, "ea", "fr")
    base = f"/enterprises/{tree['enterprise_a']}/departments"
    page = admin.get("/departments")
    assert page.url.endswith(base) and "Sales West" in page.text and "Support" in page.text
    assert page.text.index(">Sales<") < page.text.index(">Sales West<") < page.text.index(">Support<")
    assert 'class="level-1"' in page.text
    form = admin.get(f"{base}/new?parent={tree['sales']}")
    assert f'value="{tree["sales"]}" selected' in form.text and "Manager" in form.text
    for language, texts in (
        ("fr", ("Entre 1 et 100 caractères.", "Ce n’est pas un nombre entier valide.")),
        ("en", ("Between 1 and 100 characters.", "Not a valid integer.")),
    ):
        admin.post("/settings/profile", {"display_name": "Ea", "language": language})
        refused = admin.post(base, {"name": "", "parent_id": tree["sales"], "max_incoming_calls": "lots"})
        assert refused.status_code == 422
        for text in texts:
            assert text in refused.text, (language, text)
        assert 'value="lots"' in refused.text
    count = sql_query("SELECT count(*) AS n FROM accounts.departments")[0]["n"]
    created = admin.post(
        base,
        {
            "name": "Sales East",
            "parent_id": tree["sales"],
            "operator_number": "+1 514 555-0100",
            "max_incoming_calls": "4",
            "max_outgoing_calls": "",
            "manager_ids": [tree["manager"]],
        },
    )
    assert "The department is created." in created.text and "Sales East" in created.text
    assert sql_query("SELECT count(*) AS n FROM accounts.departments")[0]["n"] == count + 1
    east = sql_query(
        "SELECT id, max_incoming_calls, max_outgoing_calls FROM accounts.departments WHERE name = 'Sales East'"
    )
    assert east[0]["max_incoming_calls"] == 4 and east[0]["max_outgoing_calls"] is None
    renamed = admin.post(f"{base}/{east[0]['id']}", {"name": "Sales Est", "max_incoming_calls": "5"})
    assert "The department is saved." in renamed.text and "Sales Est" in renamed.text
    refused_delete = admin.post(f"{base}/{tree['sales']}/delete")
    assert (
        refused_delete.status_code == 422
        and "Move or delete its sub-departments and users first." in refused_delete.text
    )
    deleted = admin.post(f"{base}/{tree['support']}/delete")
    assert "The department is deleted." in deleted.text and '">Support</a></td>' not in deleted.text


def test_a_department_manager_sees_and_changes_only_their_subtree(portal: Platform, tree: Hierarchy) -> None:
    manager = as_(portal, "manager", "en")
    base = f"/enterprises/{tree['enterprise_a']}/departments"
    page = manager.get("/departments")
    assert ">Sales<" in page.text and ">Sales West<" in page.text and '">Support</a></td>' not in page.text
    assert manager.get(f"{base}/{tree['support']}").status_code == 404
    top = manager.post(base, {"name": "Top", "parent_id": ""})
    assert top.status_code == 422 and "Choose a department of this enterprise that you manage." in top.text
    inside = manager.post(base, {"name": "Sales North", "parent_id": tree["sales_west"]})
    assert "The department is created." in inside.text and "Sales North" in inside.text
    kept = manager.post(f"{base}/{tree['sales']}", {"name": "Sales", "operator_number": "+1 514 555-0111"})
    assert "The department is saved." in kept.text and "Manager" in kept.text  # still its manager


def test_settings_profile_language_pin_contact_support_and_administrators(portal: Platform, sql_query: Any) -> None:
    reseller = as_(portal, "ra", "fr")
    bad = reseller.post("/settings/profile", {"display_name": "", "email": "ra@", "language": "fr"})
    assert bad.status_code == 422 and "Entre 1 et 100 caractères." in bad.text
    switched = reseller.post(
        "/settings/profile", {"display_name": "Rachel", "email": "ra@example.ca", "language": "en"}
    )
    assert "Your profile is saved." in switched.text and 'lang="en"' in switched.text and "Rachel" in switched.text
    pin = reseller.post("/settings/pin", {"current_password": PASSWORD, "pin": "1234", "confirm": "4321"})
    assert pin.status_code == 422 and "The two PINs are not the same." in pin.text
    pin = reseller.post("/settings/pin", {"current_password": "wrong", "pin": "12", "confirm": "12"})
    assert "The current password is not right." in pin.text or "4 to 10 digits." in pin.text
    pin = reseller.post("/settings/pin", {"current_password": PASSWORD, "pin": "2468", "confirm": "2468"})
    assert "Your voicemail PIN is changed." in pin.text
    contact = reseller.post("/settings/contact", {"contact_phone": "nope", "language": "fr"})
    assert contact.status_code == 422 and "A phone number like +1 514 555-0100." in contact.text
    contact = reseller.post("/settings/contact", {"contact_phone": "+1 514 555-0123", "language": "fr"})
    assert "The contact details are saved." in contact.text
    support = reseller.post("/settings/support", {"support_phone": "+1 888 555-0100", "support_url": "ftp://x"})
    assert support.status_code == 422 and 'value="+1 888 555-0100"' in support.text
    support = reseller.post("/settings/support", {"support_phone": "+1 888 555-0100", "support_email": "aide@a.test"})
    assert "How your customers reach you is saved." in support.text
    added = reseller.post(
        "/settings/administrators",
        {"identifier": "ra2", "display_name": "Deuxième", "email": "ra2@a.test", "password": "Password-5678"},
    )
    assert "The administrator is added." in added.text and "Deuxième" in added.text
    duplicate = reseller.post(
        "/settings/administrators",
        {"identifier": "ra2", "display_name": "Encore", "email": "other@a.test", "password": "Password-5678"},
    )
    assert duplicate.status_code == 422 and "This identifier is already used." in duplicate.text
    second = sql_query("SELECT id FROM accounts.users WHERE identifier = 'ra2'")[0]["id"]
    assert "Remove the administrator Deuxième?" in reseller.get(f"/settings/administrators/{second}/delete").text
    removed = reseller.post(f"/settings/administrators/{second}/delete")
    assert "The administrator is removed." in removed.text
    assert sql_query("SELECT count(*) AS n FROM accounts.users WHERE identifier = 'ra2'")[0]["n"] == 0


def test_changing_the_password_ends_the_session(portal: Platform) -> None:
    user = as_(portal, "employee", "en")
    mismatch = user.post(
        "/settings/password", {"current_password": PASSWORD, "password": "N3w-password!", "confirm": "x"}
    )
    assert mismatch.status_code == 422 and "The two new passwords are not the same." in mismatch.text
    wrong = user.post(
        "/settings/password", {"current_password": "nope", "password": "N3w-pass!!", "confirm": "N3w-pass!!"}
    )
    assert wrong.status_code == 422 and "The current password is not right." in wrong.text
    changed = user.post(
        "/settings/password", {"current_password": PASSWORD, "password": "N3w-password!", "confirm": "N3w-password!"}
    )
    assert changed.url.endswith("/sign-in?notice=password_changed") and "Sign in with the new password." in changed.text
    assert user.get("/home", allow_redirects=False).status_code == 303
    Browser(portal).sign_in("employee", "N3w-password!")


def test_set_up_wizard_resumes_at_the_next_step(portal: Platform, sql_query: Any) -> None:
    admin = Browser(portal, "en")
    page = admin.http.get(f"{portal.url}/sign-in", timeout=10)
    landing = admin.http.post(  # right after signing in, the wizard while the set-up is not complete
        f"{portal.url}/sign-in",
        data={"identifier": "admin", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        timeout=10,
    )
    assert landing.url.endswith("/home") and 'data-testid="setup-progress"' in landing.text
    assert "Bonjour, Administrateur-système" in landing.text
    admin.csrf = csrf_of(landing.text)
    assert 'data-testid="tile-resellers"' in admin.get("/home").text  # once only: then the dashboard
    admin.speak("en")
    refused = admin.post("/setup/offer", {})
    assert refused.status_code == 422 and "Choose at least one service." in refused.text
    saved = admin.post("/setup/offer", {"services": ["virtual_receptionist", "voice_alerts"]})
    assert saved.url.endswith("/setup/store") and "Step 2 of 3: Store" in saved.text
    assert admin.get("/setup").url.endswith("/setup/store")  # resumes at the next step
    back = admin.get("/setup/offer")
    assert 'value="voice_alerts" checked' in back.text and 'value="single_number">' in back.text
    admin.post("/setup/store", {"store_name": "Boutique", "signup_open": "on", "terms_url": ""})
    bad = admin.post("/setup/billing", {"currency": "GBP", "invoice_day": "31", "tax_region": "QC"})
    assert bad.status_code == 422 and "Between 1 and 28." in bad.text and 'value="31"' in bad.text
    done = admin.post("/setup/billing", {"currency": "CAD", "invoice_day": "15", "tax_region": "QC"})
    assert 'data-testid="setup-complete"' in done.text
    progress = sql_query("SELECT setup_progress FROM accounts.tenants WHERE kind = 'system'")[0]["setup_progress"]
    assert progress["billing"] == {"currency": "CAD", "invoice_day": 15, "tax_region": "QC"}
    again = Browser(portal, "en").sign_in("admin")
    assert 'data-testid="tile-resellers"' in again.get("/home").text


@pytest.fixture()
def mail(smtp_server: SmtpServer, platform_config: dict[str, Any]) -> SmtpServer:
    """Accounts sends to this SMTP server: set before the platform fixture starts the services."""
    platform_config["ACCOUNTS"]["SMTP_PORT"] = smtp_server.port
    return smtp_server


def test_forgot_and_reset_the_password(mail: SmtpServer, tree: Hierarchy, platform: Platform) -> None:
    visitor = Browser(platform, "fr")
    sign_in_page = visitor.get("/sign-in")
    assert 'href="/forgot-password"' in sign_in_page.text and "5 tentatives" in sign_in_page.text
    form = visitor.get("/forgot-password")
    visitor.csrf = csrf_of(form.text)
    empty = visitor.post("/forgot-password", {"identifier": " "})
    assert empty.status_code == 400 and "Entrez votre identifiant ou votre courriel." in empty.text
    unknown = visitor.post("/forgot-password", {"identifier": "nobody"})
    known = visitor.post("/forgot-password", {"identifier": "employee@example.ca"})
    sent = "Si un compte correspond"
    assert sent in unknown.text and sent in known.text
    messages = wait_for(lambda: mail.messages())
    assert len(messages) == 1 and messages[0]["To"] == "employee@example.ca"
    body = messages[0].get_payload(decode=True).decode()
    link = re.search(r"http://127\.0\.0\.1/reset-password\?token=(\S+)", body)
    assert link, body
    token = link.group(1)
    reset_page = visitor.get(f"/reset-password?token={token}")
    assert f'value="{token}"' in reset_page.text
    mismatch = visitor.post("/reset-password", {"token": token, "password": "Brand-new-pass1", "confirm": "no"})
    assert mismatch.status_code == 422
    short = visitor.post("/reset-password", {"token": token, "password": "short", "confirm": "short"})
    assert short.status_code == 422 and "Entre 10 et 128 caractères." in short.text
    done = visitor.post(
        "/reset-password", {"token": token, "password": "Brand-new-pass1", "confirm": "Brand-new-pass1"}
    )
    assert (
        done.url.endswith("/sign-in?notice=password_reset")
        and "Votre nouveau mot de passe est enregistré." in done.text
    )
    used = visitor.post(
        "/reset-password", {"token": token, "password": "Another-pass-12", "confirm": "Another-pass-12"}
    )
    assert used.status_code == 410 and "Ce lien a expiré ou a déjà servi." in used.text
    assert "Ce lien a expiré" in visitor.get("/reset-password").text
    Browser(platform).sign_in("employee", "Brand-new-pass1")


def test_audit_log_filters_and_exports_a_clean_csv(portal: Platform, tree: Hierarchy) -> None:
    admin = as_(portal, "admin", "en")
    admin.post("/resellers", {"name": '=HYPERLINK("http://evil")', "language": "fr", "billing_owner": "reseller"})
    admin.post("/resellers", {"name": "Société Ève", "language": "fr", "billing_owner": "reseller"})
    page = admin.get("/audit?search=Ève")
    assert page.status_code == 200 and "Reseller created" in page.text and "Société Ève" in page.text
    assert "HYPERLINK" not in page.text.split("<main")[1]
    bad = admin.get("/audit?since=31/12/2024")
    assert bad.status_code == 422 and "A date like 2025-03-31." in bad.text
    assert "Société Ève" not in admin.get("/audit?since=2999-01-01").text
    exported = admin.get("/audit.csv")
    assert exported.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported.headers["Content-Disposition"]
    raw = exported.content
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["When", "Who", "Acting as", "Action", "Target type", "Target", "Before", "After"]
    targets = [row[5] for row in rows[1:]]
    assert "Société Ève" in targets and '\'=HYPERLINK("http://evil")' in targets
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    filtered = admin.get("/audit.csv?search=Ève")
    assert len(list(csv.reader(io.StringIO(filtered.content.decode("utf-8-sig"))))) == 2
    assert as_(portal, "manager").get("/audit.csv").status_code == 403


def test_every_post_needs_the_csrf_token(portal: Platform, tree: Hierarchy, sql_query: Any) -> None:
    admin = as_(portal, "admin", "en")
    before = sql_query("SELECT count(*) AS n FROM accounts.audit_log")[0]["n"]
    paths = [
        "/resellers",
        f"/resellers/{tree['reseller_a']}",
        f"/resellers/{tree['reseller_a']}/branding",
        f"/resellers/{tree['reseller_a']}/logo",
        f"/resellers/{tree['reseller_b']}/delete",
        "/customers",
        f"/customers/{tree['professional_a']}",
        f"/customers/{tree['professional_a']}/delete",
        f"/users/{tree['employee']}/unlock",
        f"/act-as/{tree['ea']}",
        "/act-as/end",
        f"/enterprises/{tree['enterprise_a']}/departments",
        f"/enterprises/{tree['enterprise_a']}/departments/{tree['support']}",
        f"/enterprises/{tree['enterprise_a']}/departments/{tree['support']}/delete",
        "/settings/profile",
        "/settings/password",
        "/settings/pin",
        "/settings/contact",
        "/settings/support",
        "/settings/branding",
        "/settings/logo",
        "/settings/administrators",
        f"/settings/administrators/{tree['admin']}/delete",
        "/setup/offer",
        "/forgot-password",
        "/reset-password",
    ]
    for path in paths:
        response = admin.post(path, {"name": "Forged", "csrf_token": "x" * 43}, csrf=False)
        assert response.status_code == 403, path
    assert sql_query("SELECT count(*) AS n FROM accounts.audit_log")[0]["n"] == before
