"""One HTTP request seen by the gateway: its session, language, CSRF token and the cookies to send back.

Cookies are HttpOnly and SameSite=Lax; the session cookie carries a random token whose hash is the only thing
stored. Every state-changing request must carry the CSRF token: the session's once signed in, before that a
double-submit cookie.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from gateway.i18n import choose_language, gettext_for
from gateway.sessions import Session, SessionStore
from gateway.settings import GatewaySettings
from relais_kit.db import TransactionSource

SESSION_COOKIE = "relais_session"
CSRF_COOKIE = "relais_csrf"
LANGUAGE_COOKIE = "relais_lang"
REMEMBER_COOKIE = "relais_remember"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
YEAR_SECONDS = 365 * 24 * 3600

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
    " frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@dataclass
class _CookieChange:
    name: str
    value: str | None
    max_age: int | None


class RequestContext:
    def __init__(self, request: Request, settings: GatewaySettings, db: TransactionSource) -> None:
        self.request = request
        self.settings = settings
        self.db = db
        self._cookie_changes: list[_CookieChange] = []
        self.token, self.via_bearer = self._credentials()
        self.session: Session | None = None
        self.brand: dict[str, Any] | None = None
        self.session_expired = False
        self._anonymous_csrf: str | None = None
        if self.token:
            with db.transaction() as tx:
                store = SessionStore(tx)
                self.session = store.touch(self.token, settings.session_idle_seconds)
                self.session_expired = self.session is None and store.existed(self.token)
            if self.session is None and not self.via_bearer:
                self.delete_cookie(SESSION_COOKIE)
        profile_language = self.session.profile.get("language") if self.session else None
        accept_language = request.headers.get("Accept-Language")
        if self.via_bearer or request.path.startswith("/api/"):
            # A program asks for its language explicitly; a browser's header is only a hint.
            self.language = choose_language(request.cookies.get(LANGUAGE_COOKIE), accept_language, profile_language)
        else:
            self.language = choose_language(request.cookies.get(LANGUAGE_COOKIE), profile_language, accept_language)
        self.gettext = gettext_for(self.language)

    def _credentials(self) -> tuple[str | None, bool]:
        header = self.request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip() or None, True
        return self.request.cookies.get(SESSION_COOKIE), False

    # who
    @property
    def profile(self) -> dict[str, Any]:
        assert self.session is not None
        return self.session.profile

    @property
    def caller(self) -> dict[str, Any]:
        """Who calls the services: the user, and the administrator acting as them if any (ACC-14)."""
        assert self.session is not None
        caller = {"user_id": self.session.user_id}
        if self.session.actor_id:
            caller["actor_id"] = self.session.actor_id
        return caller

    def _(self, text: str, **params: Any) -> str:
        translated = self.gettext(text)
        return translated % params if params else translated

    # CSRF
    @property
    def csrf_token(self) -> str:
        if self.session is not None:
            return self.session.csrf_token
        if self._anonymous_csrf is None:
            self._anonymous_csrf = self.request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
            if self.request.cookies.get(CSRF_COOKIE) != self._anonymous_csrf:
                self.set_cookie(CSRF_COOKIE, self._anonymous_csrf)
        return self._anonymous_csrf

    @property
    def is_json(self) -> bool:
        return self.request.mimetype == "application/json"

    def csrf_ok(self) -> bool:
        if self.request.method in SAFE_METHODS or self.via_bearer:
            return True
        submitted = self.request.headers.get("X-CSRF-Token") or self.request.form.get("csrf_token") or ""
        expected = self.session.csrf_token if self.session else self.request.cookies.get(CSRF_COOKIE) or ""
        return bool(expected) and hmac.compare_digest(submitted.encode(), expected.encode())

    # sessions
    def start_session(self, profile: dict[str, Any]) -> str:
        """Sign this browser in: the new session replaces the current one and its cookie is set."""
        with self.db.transaction() as tx:
            token, self.session = SessionStore(tx).create(profile)
        self.set_cookie(SESSION_COOKIE, token)
        return token

    def create_session(self, profile: dict[str, Any]) -> str:
        """Another session (acting as a user through the API); this request's session and cookies stay."""
        with self.db.transaction() as tx:
            token, _ = SessionStore(tx).create(profile)
        return token

    def end_session(self) -> None:
        if self.token:
            with self.db.transaction() as tx:
                SessionStore(tx).end(self.token)
        self.session = None
        self.delete_cookie(SESSION_COOKIE)

    def refresh_profile(self, profile: dict[str, Any]) -> None:
        """Keep the session's copy of the profile (shown in the header) in step with accounts."""
        if self.session is None or self.token is None:
            return
        with self.db.transaction() as tx:
            SessionStore(tx).update_profile(self.token, profile)
        self.session = Session(self.session.user_id, profile, self.session.csrf_token)

    # cookies and responses
    def set_cookie(self, name: str, value: str, max_age: int | None = None) -> None:
        self._cookie_changes.append(_CookieChange(name, value, max_age))

    def delete_cookie(self, name: str) -> None:
        self._cookie_changes.append(_CookieChange(name, None, None))

    def finish(self, response: Response) -> Response:
        for change in self._cookie_changes:
            if change.value is None:
                response.delete_cookie(change.name, path="/", httponly=True, samesite="Lax")
            else:
                response.set_cookie(
                    change.name,
                    change.value,
                    max_age=change.max_age,
                    path="/",
                    httponly=True,
                    samesite="Lax",
                    secure=self.settings.secure_cookies,
                )
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        if self.session is not None:
            response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Content-Language", self.language)
        return response


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
