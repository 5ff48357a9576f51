"""The portal over HTTP with the real services behind it: sign-in, CSRF, sessions, language (ACC-05, ACC-27)."""

import re
from typing import Any

import requests

from tests.platform.conftest import Platform


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(
    platform: Platform, session: requests.Session, identifier: str, password: str, **extra: str
) -> requests.Response:
    page = session.get(f"{platform.url}/sign-in", timeout=10)
    data = {"identifier": identifier, "password": password, "csrf_token": csrf_of(page.text), **extra}
    return session.post(f"{platform.url}/sign-in", data=data, timeout=10, allow_redirects=False)


def test_sign_in_page_speaks_the_browser_language(platform: Platform) -> None:
    french = platform.session("fr-CA").get(f"{platform.url}/sign-in", timeout=10)
    english = platform.session("en-US").get(f"{platform.url}/sign-in", timeout=10)
    assert "Ouvrir une session sur le portail Web" in french.text and 'lang="fr"' in french.text
    assert "Sign in to the web portal" in english.text and 'lang="en"' in english.text
    assert "Mémoriser" in french.text and "Oublié?" in french.text


def test_wrong_password_is_refused_in_the_users_language(platform: Platform) -> None:
    for language, text in (("fr", "Identifiant ou mot de passe incorrect."), ("en", "Wrong identifier or password.")):
        session = platform.session(language)
        response = sign_in(platform, session, "admin", "not-the-password")
        assert response.status_code == 401
        assert text in response.text
        assert "relais_session" not in session.cookies


def test_empty_fields_are_named(platform: Platform) -> None:
    response = sign_in(platform, platform.session("fr"), "  ", "")
    assert response.status_code == 400
    assert "Entrez votre identifiant ou votre courriel." in response.text
    assert "Entrez votre mot de passe." in response.text


def test_sign_in_sets_safe_cookies_and_remember_keeps_only_the_identifier(platform: Platform) -> None:
    session = platform.session("fr")
    response = sign_in(platform, session, "admin", "admin-pass-1", remember="on")
    assert response.status_code == 303 and response.headers["Location"] == "/home"
    set_cookie = response.headers["Set-Cookie"]
    assert "relais_session=" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    assert session.cookies["relais_remember"] == "admin"
    assert "admin-pass-1" not in set_cookie
    home = session.get(f"{platform.url}/home", timeout=10)
    assert home.status_code == 200 and "Bonjour, Administrateur-système" in home.text
    assert 'data-testid="user-number">1' in home.text  # the header shows the user number
    remembered = requests.get(
        f"{platform.url}/sign-in", cookies={"relais_remember": session.cookies["relais_remember"]}, timeout=10
    )
    again = remembered
    assert 'value="admin"' in again.text and 'type="password"' in again.text


def test_sign_in_with_the_email_address(platform: Platform, sql_query: Any) -> None:
    sql_query("UPDATE accounts.users SET email = 'Pro@Example.ca' WHERE identifier = 'pro'")
    response = sign_in(platform, platform.session(), "pro@example.ca", "user-pass-1")
    assert response.status_code == 303


def test_forged_csrf_token_changes_nothing(platform: Platform, sql_query: Any) -> None:
    session = platform.session("en")
    sign_in(platform, session, "admin", "admin-pass-1")
    before = sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"]
    forged = session.post(f"{platform.url}/resellers", data={"name": "Forged", "csrf_token": "x" * 43}, timeout=10)
    missing = session.post(f"{platform.url}/resellers", data={"name": "Forged"}, timeout=10)
    assert forged.status_code == missing.status_code == 403
    assert "Ce formulaire a expiré" in forged.text  # the profile language (fr) wins once signed in
    assert sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"] == before


def test_sign_in_form_needs_its_csrf_cookie(platform: Platform) -> None:
    response = requests.post(
        f"{platform.url}/sign-in",
        data={"identifier": "admin", "password": "admin-pass-1"},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 403


def test_idle_session_ends_after_ten_minutes(platform: Platform, sql_query: Any) -> None:
    session = platform.session("fr")
    sign_in(platform, session, "admin", "admin-pass-1")
    assert session.get(f"{platform.url}/home", timeout=10, allow_redirects=False).status_code == 200
    sql_query("UPDATE gateway.sessions SET last_seen_at = now() - interval '9 minutes 50 seconds'")
    assert session.get(f"{platform.url}/home", timeout=10, allow_redirects=False).status_code == 200  # activity resets
    # now(), as the gateway's check uses: in the test's one transaction it is the transaction's start, so a
    # clock_timestamp() here raced the machine's speed (the session looked younger by the test's own duration)
    sql_query("UPDATE gateway.sessions SET last_seen_at = now() - interval '10 minutes 1 second'")
    response = session.get(f"{platform.url}/resellers", timeout=10, allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"] == "/sign-in?next=%2Fresellers&expired=1"
    notice = session.get(f"{platform.url}{response.headers['Location']}", timeout=10)
    assert "Votre session a pris fin après 10 minutes d’inactivité." in notice.text


def test_sign_out_ends_the_session_for_good(platform: Platform) -> None:
    session = platform.session("fr")
    sign_in(platform, session, "admin", "admin-pass-1")
    token = session.cookies["relais_session"]
    home = session.get(f"{platform.url}/home", timeout=10)
    session.post(f"{platform.url}/sign-out", data={"csrf_token": csrf_of(home.text)}, timeout=10)
    replay = requests.get(f"{platform.url}/home", cookies={"relais_session": token}, timeout=10, allow_redirects=False)
    assert replay.status_code == 303 and replay.headers["Location"].startswith("/sign-in")


def test_language_switch_on_every_page(platform: Platform) -> None:
    session = platform.session("fr")
    sign_in(platform, session, "admin", "admin-pass-1")
    page = session.get(f"{platform.url}/resellers", timeout=10)
    assert "Revendeurs" in page.text
    switched = session.post(
        f"{platform.url}/language",
        data={"language": "en", "next": "/resellers", "csrf_token": csrf_of(page.text)},
        timeout=10,
    )
    assert switched.url.endswith("/resellers") and "Create a reseller" in switched.text


def test_create_reseller_through_the_form(platform: Platform, sql_query: Any) -> None:
    session = platform.session("fr")
    sign_in(platform, session, "admin", "admin-pass-1")
    form = session.get(f"{platform.url}/resellers/new", timeout=10)
    bad = session.post(
        f"{platform.url}/resellers",
        data={"name": "", "contact_email": "nope", "csrf_token": csrf_of(form.text)},
        timeout=10,
    )
    assert bad.status_code == 422
    assert "Entre 1 et 100 caractères." in bad.text and "Ce n’est pas une adresse courriel valide." in bad.text
    good = session.post(
        f"{platform.url}/resellers",
        data={
            "name": "Télécom Nord",
            "contact_email": "ops@nord.ca",
            "language": "fr",
            "billing_owner": "system",
            "csrf_token": csrf_of(form.text),
        },
        timeout=10,
    )
    assert good.status_code == 200 and "Le revendeur Télécom Nord a été créé." in good.text
    assert sql_query("SELECT billing_owner FROM accounts.tenants WHERE name = 'Télécom Nord'") == [
        {"billing_owner": "system"}
    ]


def test_pages_outside_the_role_are_refused(platform: Platform) -> None:
    session = platform.session("en")
    sign_in(platform, session, "pro", "user-pass-1")
    assert session.get(f"{platform.url}/home", timeout=10).status_code == 200
    refused = session.get(f"{platform.url}/resellers", timeout=10)
    assert refused.status_code == 403 and "Votre rôle ne permet pas cette action." in refused.text
    assert "Revendeurs" not in session.get(f"{platform.url}/home", timeout=10).text.split("<main")[0]


def test_every_page_has_header_footer_help_and_security_headers(platform: Platform) -> None:
    session = platform.session("fr")
    sign_in(platform, session, "admin", "admin-pass-1")
    for path in ("/home", "/resellers", "/resellers/new", "/status"):
        page = session.get(f"{platform.url}{path}", timeout=10)
        assert page.status_code == 200, path
        for marker in (
            'data-testid="user-number"',
            'data-testid="status-link"',
            'data-testid="sign-out"',
            'data-testid="language-switch"',
            'data-testid="help-link"',
            "Soutien technique",
            "+1 800 555-0199",
            "mailto:feedback@relais.example",
        ):
            assert marker in page.text, (path, marker)
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"
    help_page = session.get(f"{platform.url}/help/resellers", timeout=10)
    assert help_page.status_code == 200 and "Revendeurs" in help_page.text


def test_unknown_pages_are_404_in_the_users_language(platform: Platform) -> None:
    response = platform.session("fr").get(f"{platform.url}/nowhere", timeout=10)
    assert response.status_code == 404 and "n’existe pas" in response.text
    assert platform.session("fr").get(f"{platform.url}/help/nowhere", timeout=10).status_code == 404
    assert platform.session().get(f"{platform.url}/static/../service.py", timeout=10).status_code == 404


def test_status_link_changes_presence(platform: Platform) -> None:
    session = platform.session("fr")
    sign_in(platform, session, "pro", "user-pass-1")
    page = session.get(f"{platform.url}/status", timeout=10)
    saved = session.post(
        f"{platform.url}/status", data={"presence": "busy", "csrf_token": csrf_of(page.text)}, timeout=10
    )
    assert "Votre statut est enregistré." in saved.text and "presence-busy" in saved.text.split("</header>")[0]
    bad = session.post(
        f"{platform.url}/status", data={"presence": "asleep", "csrf_token": csrf_of(page.text)}, timeout=10
    )
    assert bad.status_code == 422
