"""Sign-in, sign-out and the language switch (ACC-05, ACC-27)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.errors import MESSAGES
from gateway.i18n import LANGUAGES, N_
from gateway.portal import acting
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
        "notice": _notice(ctx),
        "next": safe_next(ctx.request.args.get("next")),
    }
    defaults.update(values)
    return render(ctx, "sign_in.html", status=status, help_topic="sign-in", **defaults)


SETUP_ROLES = ("system_admin", "reseller_admin")
# Set at sign-in: the next home page shows the set-up wizard if it is not complete (guide 000).
SETUP_PROMPT_COOKIE = "relais_setup_prompt"
NOTICES = {
    "password_changed": N_("Your password is changed and your sessions have ended. Sign in with the new password."),
    "password_reset": N_("Your new password is saved. Sign in with it."),
}


def _notice(ctx: RequestContext) -> str | None:
    if ctx.request.args.get("expired"):
        return ctx.gettext(MESSAGES["session_expired"])
    notice = ctx.request.args.get("notice", "")
    return ctx.gettext(NOTICES[notice]) if notice in NOTICES else None


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
    if profile.get("role") in SETUP_ROLES and target == "/home":
        ctx.set_cookie(SETUP_PROMPT_COOKIE, "1")
    if remember:
        ctx.set_cookie(REMEMBER_COOKIE, identifier, max_age=YEAR_SECONDS)
    else:
        ctx.delete_cookie(REMEMBER_COOKIE)
    return go(ctx, target)


def sign_out(ctx: RequestContext) -> Response:
    """Signing out while acting as a user ends the administrator's own session too (ACC-14)."""
    returning = ctx.request.cookies.get(acting.RETURN_COOKIE)
    if returning:
        acting.end_token(ctx, returning)
        ctx.delete_cookie(acting.RETURN_COOKIE)
    ctx.end_session()
    return go(ctx, "/sign-in")


def switch_language(ctx: RequestContext) -> Response:
    """The FR/EN switch on every page: a small form, so it carries the CSRF token like any other change."""
    language = ctx.request.form.get("language", "")
    if language in LANGUAGES:
        ctx.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR_SECONDS)
    return go(ctx, safe_next(ctx.request.form.get("next"), "/"))
