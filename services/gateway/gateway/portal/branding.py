"""A reseller's white-label brand and logo (ACC-08), edited by the system administrator on the reseller's page and
by the reseller administrator in Settings: the same forms, the same calls."""

from __future__ import annotations

import base64
from typing import Any

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal.forms import Errors, errors_of, one_error, optional, submitted
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

FIELDS = ("brand_name", "brand_primary_colour", "brand_accent_colour", "portal_host")
SUPPORT_FIELDS = ("support_phone", "support_email", "support_url")
# accounts refuses more than 256 KiB; reading a little more lets it say so instead of silently cutting the file.
LOGO_READ_LIMIT = 256 * 1024 + 1


def values_of(reseller: dict[str, Any]) -> dict[str, Any]:
    return {field: reseller.get(field) or "" for field in FIELDS}


def save(ctx: RequestContext, accounts: Backend, reseller_id: str) -> tuple[dict[str, str], Errors | None]:
    """The four brand fields at once; returns what was typed and the errors, if any."""
    values = submitted(ctx, *FIELDS)
    values["portal_host"] = values["portal_host"].lower()
    try:
        accounts.call("update_branding", ctx.caller, reseller_id, {k: optional(v) for k, v in values.items()})
    except ValidationFailed as exc:
        return values, errors_of(ctx, exc)
    return values, None


def save_logo(ctx: RequestContext, accounts: Backend, reseller_id: str) -> Errors | None:
    """The uploaded image goes to accounts as base64; accounts checks its content, not its name."""
    upload = ctx.request.files.get("logo")
    content, mime = b"", "application/octet-stream"
    if upload is not None:
        content = upload.stream.read(LOGO_READ_LIMIT) if upload.filename else b""
        mime = upload.mimetype
        upload.close()
    if not content:
        return one_error(ctx, "logo", N_("Choose an image file."))
    try:
        accounts.call("set_logo", ctx.caller, reseller_id, base64.b64encode(content).decode(), mime)
    except ValidationFailed as exc:
        return errors_of(ctx, exc)
    return None
