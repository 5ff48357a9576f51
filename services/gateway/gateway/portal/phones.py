"""SIP phones (NUM-06, NUM-07, guides 002 and 004): the inventory with MAC address, model, status, line and
department; assigning a phone to a line; its 12 line keys and 4 soft keys (speed dial with a label, monitored
extension, directory)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal import inventory_ui as ui
from gateway.portal.forms import Errors, errors_of, submitted
from gateway.portal.page import Page
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import DomainError, ValidationFailed

NOTICES = {
    "created": N_("The phone is added."),
    "saved": N_("The phone is saved."),
    "assigned": N_("The phone's assignment is saved."),
    "keys": N_("The phone's keys are saved."),
    "deleted": N_("The phone is removed."),
}
STATUSES = {"registered": N_("Registered"), "not_authenticated": N_("Not authenticated")}
KEY_ACTIONS = (
    ("", N_("Empty")),
    ("speed_dial", N_("Speed dial")),
    ("blf", N_("Monitored extension")),
    ("directory", N_("Directory")),
)


def own(ctx: RequestContext, backends: Backends) -> Response:
    return ui.own_enterprise(ctx, "phones")


def index(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    base = f"/enterprises/{enterprise_id}/phones"
    manage = ui.is_enterprise_admin(ctx)
    rows = []
    for phone in backends.accounts.call("list_phones", ctx.caller, enterprise_id):
        links = [(ctx._("Assign"), f"{base}/{phone['id']}/assign"), (ctx._("Keys"), f"{base}/{phone['id']}/keys")]
        if manage:
            links = [
                (ctx._("Edit"), f"{base}/{phone['id']}"),
                *links,
                (ctx._("Delete"), f"{base}/{phone['id']}/delete"),
            ]
        status = phone["status"]
        rows.append(
            ui.Row(
                {
                    "mac": phone["mac"].upper(),
                    "model": phone["model"],
                    "status": ("" if status == "registered" else "? ") + ctx._(STATUSES[status]),
                    "line": phone.get("user_name"),
                    "department": phone.get("department_name"),
                },
                links,
            )
        )
    return ui.list_page(
        ctx,
        title=ctx._("Phones"),
        intro=ctx._(
            "The SIP phones of the enterprise and which user holds each; a question mark shows a phone that cannot "
            "be used now, for example because it has not authenticated."
        ),
        active="phones",
        base_path=base,
        columns=(
            ("mac", N_("MAC address")),
            ("model", N_("Model")),
            ("status", N_("Status")),
            ("line", N_("Line")),
            ("department", N_("Department")),
        ),
        rows=rows,
        empty_title=ctx._("No phone yet"),
        empty_text=ctx._("Add each phone by its MAC address, then give it to a line."),
        testid="phones-table",
        actions=[(ctx._("Add a phone"), f"{base}/new", "new-phone")] if manage else [],
        csv_href=f"{base}.csv",
        notices=NOTICES,
    )


def export(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    rows = [
        {**p, "status": ctx._(STATUSES.get(p["status"], p["status"]))}
        for p in backends.accounts.call("list_phones", ctx.caller, enterprise_id)
    ]
    return ui.csv_download(ctx, "phones", columns.PHONES, rows)


def _phone(ctx: RequestContext, backends: Backends, phone_id: str) -> dict[str, Any]:
    return dict(backends.accounts.call("get_phone", ctx.caller, phone_id))


def _status_options(ctx: RequestContext) -> list[tuple[str, str]]:
    return [(k, ctx._(v)) for k, v in STATUSES.items()]


def _line_fields(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[ui.Field]:
    return [
        ui.Field(
            "user_id",
            ctx._("Line"),
            "select",
            options=[("", ctx._("Nobody")), *ui.users_of(ctx, backends.accounts, enterprise_id)],
        ),
        ui.Field(
            "department_id",
            ctx._("Department"),
            "select",
            options=[("", ctx._("None")), *ui.departments_of(ctx, backends.accounts, enterprise_id)],
        ),
    ]


def _form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    phone: dict[str, Any] | None,
    values: dict[str, Any],
    errors: Errors | None = None,
) -> Response:
    base = f"/enterprises/{enterprise_id}/phones"
    fields = [
        ui.Field(
            "mac", ctx._("MAC address"), required=True, maxlength=17, hint=ctx._("For example 00:1A:2B:3C:4D:5E.")
        ),
        ui.Field("model", ctx._("Model"), required=True, maxlength=64),
        ui.Field("status", ctx._("Status"), "select", options=_status_options(ctx)),
    ]
    return ui.form_page(
        ctx,
        title=phone["mac"].upper() if phone else ctx._("Add a phone"),
        active="phones",
        action=f"{base}/{phone['id']}" if phone else f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("Phones"), base)],
        delete_href=f"{base}/{phone['id']}/delete" if phone else None,
        fields=fields if phone else fields + _line_fields(ctx, backends, enterprise_id),
        values=values,
        errors=errors,
    )


def new(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    return _form(ctx, backends, enterprise_id, None, {"status": "not_authenticated"})


def create(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values = submitted(ctx, "mac", "model", "status", "user_id", "department_id")
    payload = {**values, "user_id": values["user_id"] or None, "department_id": values["department_id"] or None}
    return ui.save(
        ctx,
        lambda: backends.accounts.call("add_phone", ctx.caller, enterprise_id, payload),
        f"/enterprises/{enterprise_id}/phones",
        "created",
        lambda errors: _form(ctx, backends, enterprise_id, None, values, errors),
    )


def edit(ctx: RequestContext, backends: Backends, enterprise_id: str, phone_id: str) -> Response:
    phone = _phone(ctx, backends, phone_id)
    return _form(ctx, backends, enterprise_id, phone, {k: phone[k] for k in ("mac", "model", "status")})


def update(ctx: RequestContext, backends: Backends, enterprise_id: str, phone_id: str) -> Response:
    phone = _phone(ctx, backends, phone_id)
    values = submitted(ctx, "mac", "model", "status")
    return ui.save(
        ctx,
        lambda: backends.accounts.call("update_phone", ctx.caller, phone_id, values),
        f"/enterprises/{enterprise_id}/phones",
        "saved",
        lambda errors: _form(ctx, backends, enterprise_id, phone, values, errors),
    )


def assign_form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    phone_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    phone = _phone(ctx, backends, phone_id)
    base = f"/enterprises/{enterprise_id}/phones"
    return ui.form_page(
        ctx,
        title=ctx._("Assign the phone %(mac)s", mac=phone["mac"].upper()),
        active="phones",
        action=f"{base}/{phone_id}/assign",
        cancel=base,
        crumbs=[(ctx._("Phones"), base)],
        intro=ctx._("Give the phone to a line and/or a department; Nobody releases it."),
        fields=_line_fields(ctx, backends, enterprise_id),
        values=values or {"user_id": phone.get("user_id") or "", "department_id": phone.get("department_id") or ""},
        errors=errors,
    )


def assign(ctx: RequestContext, backends: Backends, enterprise_id: str, phone_id: str) -> Response:
    values = submitted(ctx, "user_id", "department_id")
    payload = {k: v or None for k, v in values.items()}
    return ui.save(
        ctx,
        lambda: backends.accounts.call("assign_phone", ctx.caller, phone_id, payload),
        f"/enterprises/{enterprise_id}/phones",
        "assigned",
        lambda errors: assign_form(ctx, backends, enterprise_id, phone_id, values, errors),
    )


def _directory_numbers(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[dict[str, str]]:
    """Numbers of the company directory, offered while typing a speed dial (ACC-24)."""
    try:
        found = backends.accounts.call("search_directory", ctx.caller, enterprise_id, {"page_size": 500})
    except DomainError:
        return []
    entries = []
    for entry in found["items"]:
        for value in (entry.get("extension"), entry.get("number")):
            if value:
                entries.append({"value": value, "label": entry.get("display_name") or ""})
    return entries


def keys_form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    phone_id: str,
    keys: dict[str, dict[int, dict[str, Any]]] | None = None,
    errors: Errors | None = None,
) -> Response:
    phone = _phone(ctx, backends, phone_id)
    if keys is None:
        keys = {
            "line": {k["position"]: k for k in phone["line_keys"]},
            "soft": {k["position"]: k for k in phone["soft_keys"]},
        }
    return render(
        ctx,
        "inventory/phone_keys.html",
        status=422 if errors else 200,
        active="phones",
        title=ctx._("Keys of the phone %(mac)s", mac=phone["mac"].upper()),
        action=f"/enterprises/{enterprise_id}/phones/{phone_id}/keys",
        cancel=f"/enterprises/{enterprise_id}/phones",
        actions=[(k, ctx._(v)) for k, v in KEY_ACTIONS],
        keys=keys,
        directory=_directory_numbers(ctx, backends, enterprise_id),
        errors=errors or {},
    )


def save_keys(ctx: RequestContext, backends: Backends, enterprise_id: str, phone_id: str) -> Response:
    form = ctx.request.form
    keys: dict[str, dict[int, dict[str, Any]]] = {"line": {}, "soft": {}}
    payload: dict[str, list[dict[str, Any]]] = {"line_keys": [], "soft_keys": []}
    for kind, count in (("line", 12), ("soft", 4)):
        for position in range(1, count + 1):
            action = (form.get(f"{kind}-{position}-action") or "").strip()
            value = (form.get(f"{kind}-{position}-value") or "").strip() or None
            label = (form.get(f"{kind}-{position}-label") or "").strip() or None
            if not action:
                continue
            index = len(payload[f"{kind}_keys"])
            payload[f"{kind}_keys"].append({"position": position, "action": action, "value": value, "label": label})
            keys[kind][position] = {"action": action, "value": value, "label": label, "index": index}
    try:
        backends.accounts.call("set_phone_keys", ctx.caller, phone_id, payload)
    except ValidationFailed as exc:
        return keys_form(ctx, backends, enterprise_id, phone_id, keys, errors_of(ctx, exc))
    return ui.go(ctx, f"/enterprises/{enterprise_id}/phones", saved="keys")


def confirm_delete(ctx: RequestContext, backends: Backends, enterprise_id: str, phone_id: str) -> Response:
    phone = _phone(ctx, backends, phone_id)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Remove the phone %(mac)s?", mac=phone["mac"].upper()),
        warning=ctx._("Its line keys go with it; its user keeps their line."),
        action=f"/enterprises/{enterprise_id}/phones/{phone_id}/delete",
        cancel=f"/enterprises/{enterprise_id}/phones",
        active="phones",
    )


def delete(ctx: RequestContext, backends: Backends, enterprise_id: str, phone_id: str) -> Response:
    backends.accounts.call("delete_phone", ctx.caller, phone_id)
    return ui.go(ctx, f"/enterprises/{enterprise_id}/phones", saved="deleted")


PAGES = [
    Page("GET", "/phones", own),
    Page("GET", "/enterprises/<enterprise_id>/phones", index),
    Page("GET", "/enterprises/<enterprise_id>/phones.csv", export),
    Page("GET", "/enterprises/<enterprise_id>/phones/new", new),
    Page("POST", "/enterprises/<enterprise_id>/phones/new", create),
    Page("GET", "/enterprises/<enterprise_id>/phones/<phone_id>", edit),
    Page("POST", "/enterprises/<enterprise_id>/phones/<phone_id>", update),
    Page("GET", "/enterprises/<enterprise_id>/phones/<phone_id>/assign", assign_form),
    Page("POST", "/enterprises/<enterprise_id>/phones/<phone_id>/assign", assign),
    Page("GET", "/enterprises/<enterprise_id>/phones/<phone_id>/keys", keys_form),
    Page("POST", "/enterprises/<enterprise_id>/phones/<phone_id>/keys", save_keys),
    Page("GET", "/enterprises/<enterprise_id>/phones/<phone_id>/delete", confirm_delete),
    Page("POST", "/enterprises/<enterprise_id>/phones/<phone_id>/delete", delete),
]
