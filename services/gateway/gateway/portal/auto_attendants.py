"""Auto attendants (RTE-06, guide 002 §6.3 "Réceptionniste automatisé", guide 004 "Réceptions"): several per
enterprise, each with menus whose keys 0-9, * and # transfer to an extension, open a sub-menu, the directory,
a voicemail box, the operator, or repeat; a business-hours and an after-hours menu chosen by schedule and
holidays; the simple-menu switch ("no schedule") and the Active box.

Targets are chosen from what exists (extensions of lines, hunt groups and attendants; the attendant's menus);
routing refuses a key that names an extension that does not exist, and the error shows on that key.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Directory, Errors, checked, directory, integer, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")
ACTIONS = (
    ("", N_("Nothing")),
    ("transfer", N_("Transfer to an extension")),
    ("submenu", N_("Go to a sub-menu")),
    ("directory", N_("Dial-by-extension directory")),
    ("voicemail", N_("Leave a voicemail message")),
    ("operator", N_("Transfer to the operator")),
    ("repeat", N_("Repeat the menu")),
)
NEEDS_REF = ("transfer", "submenu", "voicemail")
NEW_MENUS = 1  # blank menus offered under the existing ones
NOTICES = {
    "created": N_("The auto attendant is created."),
    "saved": N_("The auto attendant is saved."),
    "deleted": N_("The auto attendant is deleted."),
}
TARGET_KINDS = {"user": N_("Line"), "hunt_group": N_("Hunt group"), "auto_attendant": N_("Auto attendant")}


def index(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    attendants = backends.routing.call("list_auto_attendants", scope(ctx), enterprise)
    schedules = {s["id"]: s["name"] for s in backends.routing.call("list_schedules", scope(ctx), enterprise)}
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "routing/auto_attendants.html",
        help_topic="auto-attendants",
        active="routing",
        enterprise_id=enterprise,
        attendants=attendants,
        schedules=schedules,
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def _values(attendant: dict[str, Any] | None) -> dict[str, Any]:
    if attendant is None:
        return {
            "name": "",
            "extension": "",
            "active": True,
            "simple_menu": False,
            "business_schedule_id": "",
            "holiday_schedule_id": "",
            "business_hours_menu": "main",
            "after_hours_menu": "",
            "operator": "",
            "max_attempts": "3",
            "menus": [{"menu": "main", "prompt": "", "timeout_seconds": "5", "keys": {}}],
        }
    operator = attendant.get("operator")
    return {
        "name": attendant["name"],
        "extension": attendant.get("extension") or "",
        "active": attendant["active"],
        "simple_menu": attendant["simple_menu"],
        "business_schedule_id": attendant.get("business_schedule_id") or "",
        "holiday_schedule_id": attendant.get("holiday_schedule_id") or "",
        "business_hours_menu": attendant["business_hours_menu"],
        "after_hours_menu": attendant.get("after_hours_menu") or "",
        "operator": f"{operator['kind']}:{operator['ref']}" if operator else "",
        "max_attempts": str(attendant["max_attempts"]),
        "menus": [
            {
                "menu": menu["menu"],
                "prompt": menu["prompt"],
                "timeout_seconds": str(menu["timeout_seconds"]),
                "keys": {key["key"]: {"action": key["action"], "ref": key["ref"]} for key in menu["keys"]},
            }
            for menu in _in_call_order(attendant)
        ],
    }


def _in_call_order(attendant: dict[str, Any]) -> list[dict[str, Any]]:
    """The business-hours menu first, then the after-hours one, then the sub-menus by name."""
    first = (attendant["business_hours_menu"], attendant.get("after_hours_menu"))
    return sorted(attendant["menus"], key=lambda m: (first.index(m["menu"]) if m["menu"] in first else 2, m["menu"]))


def _operators(ctx: RequestContext, found: Directory) -> list[tuple[str, str]]:
    options = [("", ctx._("The enterprise's operator number"))]
    options += [(f"user:{line['id']}", f"{line['name']} ({line['extension'] or '—'})") for line in found.lines]
    options += [(f"hunt_group:{g['id']}", f"{ctx._('Hunt group')}: {g['name']}") for g in found.hunt_groups]
    return options


def editor(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    attendant_id: Any = None,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    attendant = backends.routing.call("get_auto_attendant", scope(ctx), str(attendant_id)) if attendant_id else None
    found = directory(ctx, backends, enterprise, schedules=True)
    values = values if values is not None else _values(attendant)
    menus = list(values["menus"])
    menus += [{"menu": "", "prompt": "", "timeout_seconds": "5", "keys": {}, "new": True}] * NEW_MENUS
    known_refs = {ext for ext, _ in found.extensions}
    return render(
        ctx,
        "routing/auto_attendant_form.html",
        help_topic="auto-attendants",
        status=status,
        active="routing",
        enterprise_id=enterprise,
        attendant=attendant,
        values=values,
        menus=menus,
        menu_names=[m["menu"] for m in values["menus"] if m["menu"]],
        errors=errors or {},
        keys=KEYS,
        actions=ACTIONS,
        extensions=found.extensions,
        known_refs=known_refs,
        schedules=[("", ctx._("None"))] + [(s["id"], s["name"]) for s in found.schedules],
        operators=_operators(ctx, found),
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The form as routing's payload, the values to show again, and where each routing error belongs."""
    form_ = ctx.request.form
    text = {k: (form_.get(k) or "").strip() for k in form_}
    menus_values: list[dict[str, Any]] = []
    menus_payload: list[dict[str, Any]] = []
    where: dict[str, str] = {}
    i = 0
    while f"menu-{i}-name" in form_:
        name = text[f"menu-{i}-name"]
        keys_values: dict[str, dict[str, str]] = {}
        keys_payload: list[dict[str, str]] = []
        for k, key in enumerate(KEYS):
            action, ref = text.get(f"key-{i}-{k}-action", ""), text.get(f"key-{i}-{k}-ref", "")
            if not action:
                continue
            keys_values[key] = {"action": action, "ref": ref}
            where[f"menus.{len(menus_payload)}.keys.{len(keys_payload)}"] = f"key-{i}-{k}"
            keys_payload.append({"key": key, "action": action, "ref": ref if action in NEEDS_REF else ""})
        prompt, timeout = text.get(f"menu-{i}-prompt", ""), text.get(f"menu-{i}-timeout", "5")
        removed = checked(ctx, f"menu-{i}-remove")
        blank = not name and not prompt and not keys_payload
        if not removed and not blank:
            where[f"menus.{len(menus_payload)}"] = f"menu-{i}"
            menus_values.append({"menu": name, "prompt": prompt, "timeout_seconds": timeout, "keys": keys_values})
            menus_payload.append(
                {"menu": name, "prompt": prompt, "timeout_seconds": integer(timeout or "5"), "keys": keys_payload}
            )
        i += 1
    operator = text.get("operator", "")
    kind, _, ref = operator.partition(":")
    values: dict[str, Any] = {
        **{k: text.get(k, "") for k in ("name", "extension", "business_schedule_id", "holiday_schedule_id")},
        **{k: text.get(k, "") for k in ("business_hours_menu", "after_hours_menu", "max_attempts", "operator")},
        "active": checked(ctx, "active"),
        "simple_menu": checked(ctx, "simple_menu"),
        "menus": menus_values,
    }
    payload = {
        "name": values["name"],
        "extension": values["extension"] or None,
        "active": values["active"],
        "simple_menu": values["simple_menu"],
        "business_schedule_id": values["business_schedule_id"] or None,
        "holiday_schedule_id": values["holiday_schedule_id"] or None,
        "business_hours_menu": values["business_hours_menu"],
        "after_hours_menu": values["after_hours_menu"] or None,
        "operator": {"kind": kind, "ref": ref} if operator else None,
        "max_attempts": integer(values["max_attempts"] or "3"),
        "menus": menus_payload,
    }
    return values, payload, where


def _placed(errors: Errors, where: dict[str, str]) -> Errors:
    """menus.1.keys.0.ref → the row of that key; menus.1.prompt → that menu; anything else stays."""
    shown: Errors = {}
    for name, messages in errors.items():
        parts = name.split(".")
        target = name
        if parts[0] == "menus" and len(parts) >= 4 and ".".join(parts[:4]) in where:
            target = where[".".join(parts[:4])]
        elif parts[0] == "menus" and len(parts) >= 2 and ".".join(parts[:2]) in where:
            target = where[".".join(parts[:2])]
            if len(parts) > 2 and parts[2] in ("menu", "prompt", "timeout_seconds"):
                target = f"{target}-{parts[2]}"
        elif name == "operator.ref":
            target = "operator"
        shown.setdefault(target, []).extend(messages)
    return shown


def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, attendant_id: Any = None) -> Response:
    enterprise = str(enterprise_id)
    values, payload, where = _payload(ctx)
    try:
        if attendant_id:
            backends.routing.call("update_auto_attendant", scope(ctx), str(attendant_id), payload)
        else:
            backends.routing.call("create_auto_attendant", scope(ctx), enterprise, payload)
    except ValidationFailed as exc:
        errors = _placed(routing_errors(ctx, exc), where)
        return editor(ctx, backends, enterprise, attendant_id, values=values, errors=errors, status=422)
    return go(ctx, f"/enterprises/{enterprise}/auto-attendants", saved="saved" if attendant_id else "created")


def new(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return editor(ctx, backends, enterprise_id)


def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return save(ctx, backends, enterprise_id)


def delete(ctx: RequestContext, backends: Backends, enterprise_id: Any, attendant_id: Any) -> Response:
    backends.routing.call("delete_auto_attendant", scope(ctx), str(attendant_id))
    return go(ctx, f"/enterprises/{enterprise_id}/auto-attendants", saved="deleted")


PAGES = [
    Page("GET", "/enterprises/<uuid:enterprise_id>/auto-attendants", index),
    Page("GET", "/enterprises/<uuid:enterprise_id>/auto-attendants/new", new),
    Page("POST", "/enterprises/<uuid:enterprise_id>/auto-attendants", create),
    Page("GET", "/enterprises/<uuid:enterprise_id>/auto-attendants/<uuid:attendant_id>", editor),
    Page("POST", "/enterprises/<uuid:enterprise_id>/auto-attendants/<uuid:attendant_id>", save),
    Page("POST", "/enterprises/<uuid:enterprise_id>/auto-attendants/<uuid:attendant_id>/delete", delete),
]
