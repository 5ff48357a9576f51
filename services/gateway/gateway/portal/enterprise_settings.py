"""Various settings of the enterprise (guide 004 "Paramètres divers"): external calls (limits for the enterprise,
each department's own limits, carrier access codes; RTE-14), emergency call notifications by e-mail or phone per
department (RTE-15), and the other settings (RTE-16)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.codes import departments
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, checked, integer, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

CARRIER_FIELDS = ("local_carrier_code", "long_distance_carrier_code", "international_carrier_code")
LIMIT_FIELDS = ("max_outgoing_calls", "max_incoming_calls")
NOTICES = {
    "saved": N_("Saved."),
    "enabled": N_("Emergency call notifications are on."),
    "disabled": N_("Emergency call notifications are off."),
}


def _page(ctx: RequestContext, enterprise: str, tab: str, status: int = 200, **values: Any) -> Response:
    notice = ctx.request.args.get("saved", "")
    return render(ctx, "group_services/various_settings.html", status=status, active="groupservices",
                  enterprise_id=enterprise, tab=tab, notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
                  **{"errors": {}, **values})  # fmt: skip


def _errors(ctx: RequestContext, exc: ValidationFailed) -> Errors:
    errors: Errors = {}
    for name, messages in routing_errors(ctx, exc).items():
        errors.setdefault(name, []).extend(messages)
    return errors


def _base(enterprise_id: Any) -> str:
    return f"/enterprises/{enterprise_id}/various-settings"


# --- external calls (RTE-14) ----------------------------------------------------------------------------------------


def external_calls(
    ctx: RequestContext, backends: Backends, enterprise_id: Any, *, values: Any = None, errors: Any = None
) -> Response:
    enterprise = str(enterprise_id)
    current = backends.routing.call("get_external_calls", scope(ctx), enterprise)
    shown = values or {k: "" if current[k] is None else str(current[k]) for k in (*LIMIT_FIELDS, *CARRIER_FIELDS)}
    return _page(ctx, enterprise, "external", status=422 if errors else 200, values=shown, errors=errors or {},
                 department_limits=current["departments"])  # fmt: skip


def save_external_calls(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    values = {k: (ctx.request.form.get(k) or "").strip() for k in (*LIMIT_FIELDS, *CARRIER_FIELDS)}
    payload = {
        **{k: integer(values[k]) if values[k] else None for k in LIMIT_FIELDS},
        **{k: values[k] or None for k in CARRIER_FIELDS},
    }
    try:
        backends.routing.call("set_external_calls", scope(ctx), str(enterprise_id), payload)
    except ValidationFailed as exc:
        return external_calls(ctx, backends, enterprise_id, values=values, errors=_errors(ctx, exc))
    return go(ctx, _base(enterprise_id), saved="saved")


# --- emergency notifications (RTE-15) -------------------------------------------------------------------------------


def emergency(
    ctx: RequestContext, backends: Backends, enterprise_id: Any, *, values: Any = None, errors: Any = None
) -> Response:
    enterprise = str(enterprise_id)
    current = backends.routing.call("get_emergency_settings", scope(ctx), enterprise)
    found = departments(ctx, backends, enterprise)
    names = {d["id"]: d["name"] for d in found}
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, recipient in enumerate(current["recipients"]):
        groups.setdefault(recipient["department_id"] or "", []).append((index, recipient))
    options = [("", ctx._("Every department"))] + [(d["id"], d["name"]) for d in found]
    return _page(ctx, enterprise, "emergency", status=422 if errors else 200, current=current, groups=groups,
                 department_names=names, departments=options,
                 channels=[("email", ctx._("E-mail")), ("phone", ctx._("Phone call"))],
                 values=values or {"channel": "email"}, errors=errors or {})  # fmt: skip


def _save_emergency(ctx: RequestContext, backends: Backends, enterprise_id: Any, changed: dict[str, Any]) -> None:
    current = backends.routing.call("get_emergency_settings", scope(ctx), str(enterprise_id))
    payload = {k: current[k] for k in ("notifications_enabled", "extra_numbers", "recipients")}
    backends.routing.call("set_emergency_settings", scope(ctx), str(enterprise_id), {**payload, **changed})


def toggle_emergency(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enabled = ctx.request.form.get("enable") == "1"
    _save_emergency(ctx, backends, enterprise_id, {"notifications_enabled": enabled})
    return go(ctx, f"{_base(enterprise_id)}/emergency", saved="enabled" if enabled else "disabled")


def add_recipient(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    values = {k: (ctx.request.form.get(k) or "").strip() for k in ("department_id", "channel", "address")}
    current = backends.routing.call("get_emergency_settings", scope(ctx), str(enterprise_id))
    recipient = {**values, "department_id": values["department_id"] or None}
    position = len(current["recipients"])
    try:
        _save_emergency(ctx, backends, enterprise_id, {"recipients": [*current["recipients"], recipient]})
    except ValidationFailed as exc:
        errors: Errors = {}
        for name, messages in routing_errors(ctx, exc).items():
            field = name.removeprefix(f"recipients.{position}.")
            errors.setdefault(field if field in values else "_schema", []).extend(messages)
        return emergency(ctx, backends, enterprise_id, values=values, errors=errors)
    return go(ctx, f"{_base(enterprise_id)}/emergency", saved="saved")


def remove_recipients(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    """One recipient (its position), or a department's whole list."""
    current = backends.routing.call("get_emergency_settings", scope(ctx), str(enterprise_id))
    position, department = ctx.request.form.get("position"), ctx.request.form.get("department")
    kept = [
        r
        for n, r in enumerate(current["recipients"])
        if str(n) != position and (department is None or (r["department_id"] or "") != department)
    ]
    _save_emergency(ctx, backends, enterprise_id, {"recipients": kept})
    return go(ctx, f"{_base(enterprise_id)}/emergency", saved="saved")


# --- other settings (RTE-16) ----------------------------------------------------------------------------------------


def other_settings(
    ctx: RequestContext, backends: Backends, enterprise_id: Any, *, values: Any = None, errors: Any = None
) -> Response:
    enterprise = str(enterprise_id)
    current = values or backends.routing.call("get_enterprise_settings", scope(ctx), enterprise)
    shown = {**current, "virtual_operator_number": current.get("virtual_operator_number") or ""}
    return _page(ctx, enterprise, "other", status=422 if errors else 200, values=shown, errors=errors or {})


def save_other_settings(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    payload = {
        "internal_messaging_only": checked(ctx, "internal_messaging_only"),
        "virtual_operator_number": (ctx.request.form.get("virtual_operator_number") or "").strip() or None,
        "show_internal_extensions": checked(ctx, "show_internal_extensions"),
    }
    try:
        backends.routing.call("set_enterprise_settings", scope(ctx), str(enterprise_id), payload)
    except ValidationFailed as exc:
        return other_settings(ctx, backends, enterprise_id, values=payload, errors=_errors(ctx, exc))
    return go(ctx, f"{_base(enterprise_id)}/other", saved="saved")


BASE = "/enterprises/<uuid:enterprise_id>/various-settings"
PAGES = [
    Page("GET", BASE, external_calls),
    Page("POST", BASE, save_external_calls),
    Page("GET", f"{BASE}/emergency", emergency),
    Page("POST", f"{BASE}/emergency/toggle", toggle_emergency),
    Page("POST", f"{BASE}/emergency/recipients", add_recipient),
    Page("POST", f"{BASE}/emergency/recipients/remove", remove_recipients),
    Page("GET", f"{BASE}/other", other_settings),
    Page("POST", f"{BASE}/other", save_other_settings),
]
