"""Sign-in, sign-out and the language switch (ACC-05, ACC-27)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.errors import MESSAGES
from gateway.i18n import LANGUAGES
from gateway.portal.navigation import go, safe_next
from gateway.rendering import render
from gateway.web import LANGUAGE_COOKIE, REMEMBER_COOKIE, YEAR_SECONDS, RequestContext
from relais_kit.errors import AuthenticationFailed, ValidationFailed


def form(ctx: RequestContext, status: int = 200, **values: object) -> Response:
    remembered = ctx.request.cookies.get(REMEMBER_COOKIE, "")
    defaults: dict[str, object] = {
        "identifier": remembered,
        "remember": bool(remembered),
        "errors": {},
        "form_error": None,
        "notice": ctx.gettext(MESSAGES["session_expired"]) if ctx.request.args.get("expired") else None,
        "next": safe_next(ctx.request.args.get("next")),
    }
    defaults.update(values)
    return render(ctx, "sign_in.html", status=status, help_topic="sign-in", **defaults)


def show(ctx: RequestContext) -> Response:
    if ctx.session is not None:
        return go(ctx, "/home")
    return form(ctx)


def submit(ctx: RequestContext, accounts: Backend) -> Response:
    identifier = (ctx.request.form.get("identifier") or "").strip()
    password = ctx.request.form.get("password") or ""
    remember = ctx.request.form.get("remember") == "on"
    target = safe_next(ctx.request.form.get("next"))
    errors = {}
    if not identifier:
        errors["identifier"] = ctx._("Enter your identifier or e-mail.")
    if not password:
        errors["password"] = ctx._("Enter your password.")
    if errors:
        return form(ctx, 400, identifier=identifier, remember=remember, errors=errors, next=target)
    try:
        profile = accounts.call("authenticate", {"identifier": identifier, "password": password})
    except (AuthenticationFailed, ValidationFailed):
        return form(
            ctx,
            401,
            identifier=identifier,
            remember=remember,
            form_error=ctx.gettext(MESSAGES["authentication_failed"]),
            next=target,
        )
    ctx.start_session(profile)
    if remember:
        ctx.set_cookie(REMEMBER_COOKIE, identifier, max_age=YEAR_SECONDS)
    else:
        ctx.delete_cookie(REMEMBER_COOKIE)
    return go(ctx, target)


def sign_out(ctx: RequestContext) -> Response:
    ctx.end_session()
    return go(ctx, "/sign-in")


def switch_language(ctx: RequestContext) -> Response:
    """The FR/EN switch on every page: a small form, so it carries the CSRF token like any other change."""
    language = ctx.request.form.get("language", "")
    if language in LANGUAGES:
        ctx.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR_SECONDS)
    return go(ctx, safe_next(ctx.request.form.get("next"), "/"))
