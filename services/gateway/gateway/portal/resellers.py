"""The Resellers page of the system administrator (ACC-08)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import translate_field_errors
from gateway.portal.navigation import go
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

FIELDS = ("name", "contact_email", "language", "billing_owner")


def index(ctx: RequestContext, accounts: Backend) -> Response:
    resellers = accounts.call("list_resellers", ctx.caller)
    created = ctx.request.args.get("created")
    return render(ctx, "resellers/list.html", help_topic="resellers", resellers=resellers, created=created)


def new(ctx: RequestContext, status: int = 200, **values: object) -> Response:
    defaults: dict[str, object] = {"values": {"language": ctx.language, "billing_owner": "reseller"}, "errors": {}}
    defaults.update(values)
    return render(ctx, "resellers/new.html", status=status, help_topic="reseller-new", **defaults)


def create(ctx: RequestContext, accounts: Backend) -> Response:
    submitted = {field: (ctx.request.form.get(field) or "").strip() for field in FIELDS}
    payload = {k: (v or None) if k == "contact_email" else v for k, v in submitted.items()}
    try:
        reseller = accounts.call("create_reseller", ctx.caller, payload)
    except ValidationFailed as exc:
        return new(ctx, 422, values=submitted, errors=translate_field_errors(ctx.language, exc.field_errors))
    return go(ctx, "/resellers", created=reseller["id"])
