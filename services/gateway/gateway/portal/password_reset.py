"""The sign-in page's "Forgot?" (ACC-05): a single-use link by e-mail, never a password in clear."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal.forms import errors_of, one_error
from gateway.portal.navigation import go
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed


def forgot_form(ctx: RequestContext, status: int = 200, **values: object) -> Response:
    defaults: dict[str, object] = {"values": {}, "errors": {}, "sent": False}
    defaults.update(values)
    return render(ctx, "auth/forgot.html", status=status, help_topic="forgot-password", **defaults)


def forgot_submit(ctx: RequestContext, accounts: Backend) -> Response:
    """The answer is the same whether or not an account matches, so the form tells no one who has one."""
    identifier = (ctx.request.form.get("identifier") or "").strip()
    if not identifier:
        return forgot_form(ctx, 400, errors=one_error(ctx, "identifier", N_("Enter your identifier or e-mail.")))
    reset_url = f"{ctx.settings.public_url}/reset-password"
    try:
        accounts.call("request_password_reset", {"identifier": identifier, "reset_url": reset_url})
    except ValidationFailed as exc:
        return forgot_form(ctx, 422, values={"identifier": identifier}, errors=errors_of(ctx, exc))
    return forgot_form(ctx, sent=True)


def reset_form(ctx: RequestContext, status: int = 200, **values: object) -> Response:
    token = ctx.request.values.get("token") or ""
    defaults: dict[str, object] = {"token": token, "errors": {}, "link_not_valid": not token}
    defaults.update(values)
    return render(ctx, "auth/reset.html", status=status, help_topic="forgot-password", **defaults)


def reset_submit(ctx: RequestContext, accounts: Backend) -> Response:
    token = ctx.request.form.get("token") or ""
    password = ctx.request.form.get("password") or ""
    if password != (ctx.request.form.get("confirm") or ""):
        return reset_form(ctx, 422, errors=one_error(ctx, "confirm", N_("The two new passwords are not the same.")))
    try:
        accounts.call("reset_password", {"token": token, "password": password})
    except ValidationFailed as exc:
        errors = errors_of(ctx, exc)
        if "token" in errors:
            return reset_form(ctx, 410, link_not_valid=True, errors=errors)
        return reset_form(ctx, 422, errors=errors)
    return go(ctx, "/sign-in", notice="password_reset")
