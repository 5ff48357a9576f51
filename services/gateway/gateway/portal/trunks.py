"""PBX and SIP trunks (NUM-04, guides 000 and 001): the connection settings of IP telephony providers so calls flow
in and out: host, port, transport, digest credentials, registration, allowed source addresses, codecs and
caller-ID rules. The password is encrypted by accounts and never shown again."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal import inventory_ui as ui
from gateway.portal.forms import Errors, number, submitted
from gateway.portal.page import Page
from gateway.web import RequestContext

NOTICES = {
    "created": N_("The trunk is added."),
    "saved": N_("The trunk is saved."),
    "deleted": N_("The trunk is deleted."),
}
TEXT_FIELDS = ("name", "host", "port", "transport", "username", "password", "allowed_sources", "caller_id_rules")
CODECS = ("PCMU", "PCMA", "G722", "opus")


def own(ctx: RequestContext, backends: Backends) -> Response:
    return ui.go(ctx, f"/tenants/{ctx.profile['tenant_id']}/trunks")


def index(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    base = f"/tenants/{tenant_id}/trunks"
    rows = [
        ui.Row(
            {
                "name": t["name"],
                "address": f"{t['host']}:{t['port']} ({t['transport'].upper()})",
                "register": ctx._("Yes") if t["register"] else ctx._("No"),
                "codecs": ", ".join(t["codecs"]),
            },
            [(ctx._("Edit"), f"{base}/{t['id']}"), (ctx._("Delete"), f"{base}/{t['id']}/delete")],
        )
        for t in backends.accounts.call("list_trunks", ctx.caller, tenant_id)
    ]
    return ui.list_page(
        ctx,
        title=ctx._("PBX and SIP trunks"),
        intro=ctx._("The IP telephony providers and PBXs this account connects to, so that calls come in and go out."),
        active="trunks",
        base_path=base,
        columns=(
            ("name", N_("Name")),
            ("address", N_("Address")),
            ("register", N_("Registration")),
            ("codecs", N_("Codecs")),
        ),
        rows=rows,
        empty_title=ctx._("No trunk yet"),
        empty_text=ctx._("Add the SIP trunk of your provider with the settings it gave you."),
        testid="trunks-table",
        actions=[(ctx._("Add a trunk"), f"{base}/new", "new-trunk")],
        csv_href=f"{base}.csv",
        notices=NOTICES,
    )


def export(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    return ui.csv_download(ctx, "trunks", columns.TRUNKS, backends.accounts.call("list_trunks", ctx.caller, tenant_id))


def _fields(ctx: RequestContext, editing: bool) -> list[ui.Field]:
    return [
        ui.Field("name", ctx._("Name"), required=True, maxlength=100),
        ui.Field("host", ctx._("Host"), required=True, maxlength=253, hint=ctx._("Host name or IP address.")),
        ui.Field("port", ctx._("Port"), maxlength=5, hint=ctx._("5060 unless told otherwise (5061 for TLS).")),
        ui.Field("transport", ctx._("Transport"), "select", options=[("udp", "UDP"), ("tcp", "TCP"), ("tls", "TLS")]),
        ui.Field("username", ctx._("User name (digest)"), maxlength=64),
        ui.Field(
            "password",
            ctx._("Password (digest)"),
            "password",
            maxlength=128,
            hint=ctx._("Leave empty to keep the current password.") if editing else None,
        ),
        ui.Field("register", ctx._("Register with the provider"), "checkbox"),
        ui.Field(
            "allowed_sources",
            ctx._("Allowed source addresses"),
            "textarea",
            hint=ctx._("One address or network per line, like 203.0.113.0/24. Empty: any."),
        ),
        ui.Field("codecs", ctx._("Codecs"), "checks", options=[(c, c) for c in CODECS]),
        ui.Field(
            "caller_id_rules",
            ctx._("Caller-ID rules"),
            "textarea",
            hint=ctx._(
                "One rule per line: dialled prefix, a space, then the number to present; a number alone applies to"
                " every call."
            ),
        ),
    ]


def _values(trunk: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": trunk["name"],
        "host": trunk["host"],
        "port": str(trunk["port"]),
        "transport": trunk["transport"],
        "username": trunk.get("username") or "",
        "register": trunk["register"],
        "allowed_sources": "\n".join(trunk["allowed_sources"]),
        "codecs": list(trunk["codecs"]),
        "caller_id_rules": "\n".join(f"{r['prefix']} {r['caller_id']}".strip() for r in trunk["caller_id_rules"]),
    }


def _payload(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = submitted(ctx, *TEXT_FIELDS)
    values["register"] = bool(ctx.request.form.get("register"))
    values["codecs"] = ctx.request.form.getlist("codecs")
    rules = []
    for line in values["caller_id_rules"].splitlines():
        parts = line.split()
        if len(parts) == 1:
            rules.append({"prefix": "", "caller_id": parts[0]})
        elif parts:
            rules.append({"prefix": parts[0], "caller_id": " ".join(parts[1:])})
    payload = {
        "name": values["name"],
        "host": values["host"],
        "port": number(values["port"]) or 5060,
        "transport": values["transport"] or "udp",
        "username": values["username"] or None,
        "register": values["register"],
        "allowed_sources": ui.lines(values["allowed_sources"]),
        "codecs": values["codecs"],
        "caller_id_rules": rules,
    }
    if values["password"]:
        payload["password"] = values["password"]
    values["password"] = ""
    return values, payload


def _form(
    ctx: RequestContext,
    tenant_id: str,
    trunk: dict[str, Any] | None,
    values: dict[str, Any],
    errors: Errors | None = None,
) -> Response:
    base = f"/tenants/{tenant_id}/trunks"
    return ui.form_page(
        ctx,
        title=trunk["name"] if trunk else ctx._("Add a trunk"),
        active="trunks",
        action=f"{base}/{trunk['id']}" if trunk else f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("PBX and SIP trunks"), base)],
        delete_href=f"{base}/{trunk['id']}/delete" if trunk else None,
        intro=ctx._("A password is stored encrypted and never shown again.")
        if trunk and trunk["has_password"]
        else None,
        fields=_fields(ctx, trunk is not None),
        values=values,
        errors=errors,
    )


def _trunk(ctx: RequestContext, backends: Backends, tenant_id: str, trunk_id: str) -> dict[str, Any]:
    for trunk in backends.accounts.call("list_trunks", ctx.caller, tenant_id):
        if trunk["id"] == trunk_id:
            return dict(trunk)
    raise ui.NotFound()


def new(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    return _form(ctx, tenant_id, None, {"port": "5060", "transport": "udp", "codecs": ["PCMU", "PCMA"]})


def create(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    values, payload = _payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("create_trunk", ctx.caller, tenant_id, payload),
        f"/tenants/{tenant_id}/trunks",
        "created",
        lambda errors: _form(ctx, tenant_id, None, values, errors),
    )


def edit(ctx: RequestContext, backends: Backends, tenant_id: str, trunk_id: str) -> Response:
    trunk = _trunk(ctx, backends, tenant_id, trunk_id)
    return _form(ctx, tenant_id, trunk, _values(trunk))


def update(ctx: RequestContext, backends: Backends, tenant_id: str, trunk_id: str) -> Response:
    trunk = _trunk(ctx, backends, tenant_id, trunk_id)
    values, payload = _payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("update_trunk", ctx.caller, trunk_id, payload),
        f"/tenants/{tenant_id}/trunks",
        "saved",
        lambda errors: _form(ctx, tenant_id, trunk, values, errors),
    )


def confirm_delete(ctx: RequestContext, backends: Backends, tenant_id: str, trunk_id: str) -> Response:
    trunk = _trunk(ctx, backends, tenant_id, trunk_id)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Delete the trunk %(name)s?", name=trunk["name"]),
        warning=ctx._("Calls no longer flow through this provider."),
        action=f"/tenants/{tenant_id}/trunks/{trunk_id}/delete",
        cancel=f"/tenants/{tenant_id}/trunks",
        active="trunks",
    )


def delete(ctx: RequestContext, backends: Backends, tenant_id: str, trunk_id: str) -> Response:
    backends.accounts.call("delete_trunk", ctx.caller, trunk_id)
    return ui.go(ctx, f"/tenants/{tenant_id}/trunks", saved="deleted")


PAGES = [
    Page("GET", "/trunks", own),
    Page("GET", "/tenants/<tenant_id>/trunks", index),
    Page("GET", "/tenants/<tenant_id>/trunks.csv", export),
    Page("GET", "/tenants/<tenant_id>/trunks/new", new),
    Page("POST", "/tenants/<tenant_id>/trunks/new", create),
    Page("GET", "/tenants/<tenant_id>/trunks/<trunk_id>", edit),
    Page("POST", "/tenants/<tenant_id>/trunks/<trunk_id>", update),
    Page("GET", "/tenants/<tenant_id>/trunks/<trunk_id>/delete", confirm_delete),
    Page("POST", "/tenants/<tenant_id>/trunks/<trunk_id>/delete", delete),
]
