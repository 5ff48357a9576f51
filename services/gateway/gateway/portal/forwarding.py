"""A line's forwarding (RTE-04, RTE-05; guide 002 §4.2, guide 004 "Utilisateurs"): up to five kinds (always,
busy, no answer, unreachable, selective), voicemail after N rings (1 ring = 5 s), straight to voicemail, and
simultaneous ring of other phones with call screening. A user changes their own line; administrators any line."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, checked, directory, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

SECONDS_PER_RING = 5
CONDITIONS = (
    ("always", N_("Always")),
    ("busy", N_("When busy")),
    ("no_answer", N_("When there is no answer")),
    ("unreachable", N_("When the phone is unreachable")),
)


def lines(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    found = directory(ctx, backends, enterprise)
    return render(
        ctx,
        "routing/forwarding_lines.html",
        help_topic="forwarding",
        active="routing",
        enterprise_id=enterprise,
        lines=found.lines,
    )


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part]


def _values(saved: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "rings": str(max(1, round(saved["ring_seconds"] / SECONDS_PER_RING))),
        "straight_to_voicemail": saved["straight_to_voicemail"],
    }
    for condition, _ in CONDITIONS:
        rule = saved.get(condition)
        values[f"{condition}-enabled"] = bool(rule and rule["enabled"])
        values[f"{condition}-to"] = rule["target"]["ref"] if rule else ""
    selective = (saved.get("selective") or [None])[0]
    values["selective-callers"] = ", ".join(selective["callers"]) if selective else ""
    values["selective-to"] = selective["target"]["ref"] if selective else ""
    values["selective-enabled"] = bool(selective and selective["enabled"])
    simultaneous = saved.get("simultaneous") or {}
    values["simultaneous-numbers"] = ", ".join(simultaneous.get("numbers", []))
    values["simultaneous-enabled"] = bool(simultaneous.get("enabled"))
    values["simultaneous-screening"] = bool(simultaneous.get("screening"))
    return values


def form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    user_id: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
    saved: bool = False,
) -> Response:
    enterprise, user = str(enterprise_id), str(user_id)
    current = backends.routing.call("get_forwarding", scope(ctx), enterprise, user)
    name = ctx.profile["display_name"] if user == str(ctx.profile["id"]) else None
    if name is None:
        name = directory(ctx, backends, enterprise).line_name(user)
    return render(
        ctx,
        "routing/forwarding_form.html",
        help_topic="forwarding",
        status=status,
        active="routing",
        enterprise_id=enterprise,
        user_id=user,
        line_name=name,
        values=values if values is not None else _values(current),
        errors=errors or {},
        conditions=CONDITIONS,
        rings=[(str(n), ctx._("%(rings)d rings (%(seconds)d s)", rings=n, seconds=n * 5)) for n in range(1, 13)],
        saved=saved or bool(ctx.request.args.get("saved")),
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any]]:
    form_ = ctx.request.form
    text = {k: (form_.get(k) or "").strip() for k in form_}
    values: dict[str, Any] = {k: v for k, v in text.items() if k != "csrf_token"}
    for flag in ("straight_to_voicemail", "selective-enabled", "simultaneous-enabled", "simultaneous-screening"):
        values[flag] = checked(ctx, flag)
    rings = text.get("rings", "4")
    payload: dict[str, Any] = {
        "ring_seconds": int(rings) * SECONDS_PER_RING if rings.isdigit() else rings,
        "straight_to_voicemail": values["straight_to_voicemail"],
        "selective": [],
        "simultaneous": None,
    }
    for condition, _ in CONDITIONS:
        values[f"{condition}-enabled"] = checked(ctx, f"{condition}-enabled")
        to = text.get(f"{condition}-to", "")
        payload[condition] = (
            {"target": {"kind": "number", "ref": to}, "enabled": values[f"{condition}-enabled"]} if to else None
        )
    if text.get("selective-callers") or text.get("selective-to"):
        payload["selective"] = [
            {
                "callers": _split(text.get("selective-callers", "")),
                "target": {"kind": "number", "ref": text.get("selective-to", "")},
                "enabled": values["selective-enabled"],
            }
        ]
    numbers = _split(text.get("simultaneous-numbers", ""))
    if numbers:
        payload["simultaneous"] = {
            "numbers": numbers,
            "enabled": values["simultaneous-enabled"],
            "screening": values["simultaneous-screening"],
        }
    return values, payload


def _placed(errors: Errors) -> Errors:
    shown: Errors = {}
    for name, messages in errors.items():
        head = name.split(".")[0]
        target = {"ring_seconds": "rings", "selective": "selective", "simultaneous": "simultaneous"}.get(head)
        if head in dict(CONDITIONS):
            target = f"{head}-to"
        shown.setdefault(target or name, []).extend(messages)
    return shown


def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, user_id: Any) -> Response:
    values, payload = _payload(ctx)
    try:
        backends.routing.call("set_forwarding", scope(ctx), str(enterprise_id), str(user_id), payload)
    except ValidationFailed as exc:
        errors = _placed(routing_errors(ctx, exc))
        return form(ctx, backends, enterprise_id, user_id, values=values, errors=errors, status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/users/{user_id}/forwarding", saved="1")


PAGES = [
    Page("GET", "/enterprises/<uuid:enterprise_id>/forwarding", lines),
    Page("GET", "/enterprises/<uuid:enterprise_id>/users/<uuid:user_id>/forwarding", form),
    Page("POST", "/enterprises/<uuid:enterprise_id>/users/<uuid:user_id>/forwarding", save),
]
