"""Domain errors from the services → HTTP answers, in the caller's language."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import ServiceUnavailable
from gateway.i18n import N_, translate_field_errors
from gateway.rendering import render
from gateway.web import RequestContext, json_response
from relais_kit.errors import AuthenticationFailed, DomainError, NotFound, PermissionDenied, ValidationFailed

STATUS = {
    ValidationFailed: 422,
    AuthenticationFailed: 401,
    PermissionDenied: 403,
    NotFound: 404,
}

MESSAGES = {
    "validation_failed": N_("Some fields are not valid."),
    "authentication_failed": N_("Wrong identifier or password."),
    "permission_denied": N_("Your role does not allow this action."),
    "not_found": N_("This page or object does not exist, or is not yours to see."),
    "service_unavailable": N_("A part of Relais is not answering right now. Try again in a moment."),
    "csrf_failed": N_("This form has expired or did not come from this site. Reload the page and try again."),
    "session_required": N_("Sign in first."),
    "session_expired": N_("Your session ended after 10 minutes without activity. Sign in again."),
    "invalid_json": N_("The request body is not valid JSON."),
    "json_required": N_("Send the request body as JSON (Content-Type: application/json)."),
}


def api_error(ctx: RequestContext, code: str, status: int, fields: dict[str, list[str]] | None = None) -> Response:
    body: dict[str, object] = {"code": code, "message": ctx.gettext(MESSAGES[code])}
    if fields:
        body["fields"] = fields
    return ctx.finish(json_response({"error": body}, status=status))


def api_error_from(ctx: RequestContext, exc: Exception) -> Response:
    if isinstance(exc, ServiceUnavailable):
        return api_error(ctx, "service_unavailable", 503)
    assert isinstance(exc, DomainError)
    fields = translate_field_errors(ctx.language, exc.field_errors) if isinstance(exc, ValidationFailed) else None
    return api_error(ctx, exc.code, STATUS.get(type(exc), 400), fields)


def portal_error(ctx: RequestContext, code: str, status: int) -> Response:
    return render(ctx, "error.html", status=status, message=ctx.gettext(MESSAGES[code]), code=code)


def portal_error_from(ctx: RequestContext, exc: Exception) -> Response:
    if isinstance(exc, ServiceUnavailable):
        return portal_error(ctx, "service_unavailable", 503)
    assert isinstance(exc, DomainError)
    return portal_error(ctx, exc.code, STATUS.get(type(exc), 400))
