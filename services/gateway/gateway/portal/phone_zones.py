"""Phone zones (RTE-03, guide 000): area codes grouped into zones; a call from a line to an area code of its
own zone is local, to any other one long distance. Edited here, read by the engine at call time."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

NOTICES = {
    "created": N_("The zone is added."),
    "saved": N_("The zone is saved."),
    "deleted": N_("The zone is deleted."),
}
SEPARATORS = re.compile(r"[\s,;]+")


def area_codes(text: str) -> list[str]:
    """What was typed, one code per comma, semicolon, space or line; "1514" gets its "+"."""
    return [code if code.startswith("+") else f"+{code}" for code in SEPARATORS.split(text.strip()) if code]


def _by_field(codes: list[str], errors: Errors) -> Errors:
    """routing names a bad code by its position (area_codes.2): show it under the field, naming the code."""
    merged: Errors = {}
    for name, messages in errors.items():
        head, _, index = name.partition(".")
        if head == "area_codes" and index.isdigit() and int(index) < len(codes):
            messages = [f"{codes[int(index)]} : {m}" for m in messages]
        merged.setdefault(head if head == "area_codes" else name, []).extend(messages)
    return merged


def index(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    *,
    values: dict[str, str] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    zones = backends.routing.call("list_phone_zones", scope(ctx), enterprise)
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "routing/phone_zones.html",
        status=status,
        active="routing",
        help_topic="phone-zones",
        enterprise_id=enterprise,
        zones=zones,
        values=values or {},
        errors=errors or {},
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, str], dict[str, Any]]:
    values = {
        "name": (ctx.request.form.get("name") or "").strip(),
        "area_codes": ctx.request.form.get("area_codes", ""),
    }
    return values, {"name": values["name"], "area_codes": area_codes(values["area_codes"])}


def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    values, payload = _payload(ctx)
    try:
        backends.routing.call("create_phone_zone", scope(ctx), str(enterprise_id), payload)
    except ValidationFailed as exc:
        errors = _by_field(payload["area_codes"], routing_errors(ctx, exc))
        return index(ctx, backends, enterprise_id, values=values, errors=errors, status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/phone-zones", saved="created")


def edit(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    zone_id: Any,
    *,
    values: dict[str, str] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    zone = backends.routing.call("get_phone_zone", scope(ctx), str(zone_id))
    if values is None:
        values = {"name": zone["name"], "area_codes": ", ".join(zone["area_codes"])}
    return render(
        ctx,
        "routing/phone_zone_form.html",
        status=status,
        active="routing",
        help_topic="phone-zones",
        enterprise_id=str(enterprise_id),
        zone=zone,
        values=values,
        errors=errors or {},
    )


def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, zone_id: Any) -> Response:
    values, payload = _payload(ctx)
    try:
        backends.routing.call("update_phone_zone", scope(ctx), str(zone_id), payload)
    except ValidationFailed as exc:
        errors = _by_field(payload["area_codes"], routing_errors(ctx, exc))
        return edit(ctx, backends, enterprise_id, zone_id, values=values, errors=errors, status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/phone-zones", saved="saved")


def delete(ctx: RequestContext, backends: Backends, enterprise_id: Any, zone_id: Any) -> Response:
    backends.routing.call("delete_phone_zone", scope(ctx), str(zone_id))
    return go(ctx, f"/enterprises/{enterprise_id}/phone-zones", saved="deleted")


BASE = "/enterprises/<uuid:enterprise_id>/phone-zones"
PAGES = [
    Page("GET", BASE, index),
    Page("POST", BASE, create),
    Page("GET", f"{BASE}/<uuid:zone_id>", edit),
    Page("POST", f"{BASE}/<uuid:zone_id>", save),
    Page("POST", f"{BASE}/<uuid:zone_id>/delete", delete),
]
