"""Mail servers (ACC-23, guides 000, 001 and 003): the system administrator keeps the connection presets of known
providers; an enterprise's administrators set the company's mail server from a preset or by hand. The password is
encrypted by accounts and never shown again."""

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
    "created": N_("The preset is added."),
    "saved": N_("The mail server is saved."),
    "deleted": N_("The mail server is deleted."),
}
PROTOCOLS = (
    ("IMAP", N_("IMAP")),
    ("POP3", N_("POP3")),
    ("EWS", N_("EWS: Exchange 2007 and later")),
    ("GDAPI", N_("GDAPI: Google accounts")),
    ("OWA", N_("OWA: Exchange 2003 through Outlook Web Access")),
)
SECURITY = (("tls", N_("TLS")), ("starttls", N_("STARTTLS")), ("none", N_("None")))
SAVED_NOTICE = NOTICES["saved"]
PRESET_FIELDS = ("name", "protocol", "host", "port", "security")


def own(ctx: RequestContext, backends: Backends) -> Response:
    if ctx.profile.get("role") == "system_admin":
        return presets(ctx, backends)
    return ui.own_enterprise(ctx, "mail-server")


def presets(ctx: RequestContext, backends: Backends) -> Response:
    rows = [
        ui.Row(
            {
                "name": p["name"],
                "protocol": p["protocol"],
                "host": p["host"] + (f":{p['port']}" if p.get("port") else ""),
                "security": p["security"].upper(),
            },
            [(ctx._("Edit"), f"/mail-servers/{p['id']}"), (ctx._("Delete"), f"/mail-servers/{p['id']}/delete")],
        )
        for p in backends.accounts.call("list_mail_presets", ctx.caller)
    ]
    return ui.list_page(
        ctx,
        title=ctx._("Mail servers"),
        intro=ctx._(
            "Connection settings of known mail providers (Hotmail, Gmail, large customers...); companies and users "
            "pick one instead of typing the settings."
        ),
        active="mailservers",
        base_path="/mail-servers",
        columns=(
            ("name", N_("Name")),
            ("protocol", N_("Protocol")),
            ("host", N_("Server")),
            ("security", N_("Security")),
        ),
        rows=rows,
        empty_title=ctx._("No preset yet"),
        empty_text=ctx._("Add the providers your customers use most, for example Gmail over IMAP."),
        testid="presets-table",
        actions=[(ctx._("Add a preset"), "/mail-servers/new", "new-preset")],
        csv_href="/mail-servers.csv",
        notices=NOTICES,
    )


def presets_csv(ctx: RequestContext, backends: Backends) -> Response:
    return ui.csv_download(
        ctx, "mail-servers", columns.MAIL_PRESETS, backends.accounts.call("list_mail_presets", ctx.caller)
    )


def _protocols(ctx: RequestContext) -> list[tuple[str, str]]:
    return [(k, ctx._(v)) for k, v in PROTOCOLS]


def _security(ctx: RequestContext) -> list[tuple[str, str]]:
    return [(k, ctx._(v)) for k, v in SECURITY]


def _preset_form(
    ctx: RequestContext, preset_id: str | None, values: dict[str, Any], errors: Errors | None = None
) -> Response:
    return ui.form_page(
        ctx,
        title=ctx._("Edit the preset") if preset_id else ctx._("Add a preset"),
        active="mailservers",
        action=f"/mail-servers/{preset_id}" if preset_id else "/mail-servers/new",
        cancel="/mail-servers",
        crumbs=[(ctx._("Mail servers"), "/mail-servers")],
        delete_href=f"/mail-servers/{preset_id}/delete" if preset_id else None,
        fields=[
            ui.Field("name", ctx._("Name"), required=True, maxlength=100),
            ui.Field("protocol", ctx._("Protocol"), "select", required=True, options=_protocols(ctx)),
            ui.Field("host", ctx._("Server"), required=True, maxlength=253, hint=ctx._("For example imap.gmail.com.")),
            ui.Field("port", ctx._("Port"), maxlength=5, hint=ctx._("Empty: the protocol's usual port.")),
            ui.Field("security", ctx._("Security"), "select", options=_security(ctx)),
        ],
        values=values,
        errors=errors,
    )


def _preset_payload(ctx: RequestContext) -> tuple[dict[str, str], dict[str, Any]]:
    values = submitted(ctx, *PRESET_FIELDS)
    return values, {**values, "port": number(values["port"])}


def preset_new(ctx: RequestContext, backends: Backends) -> Response:
    return _preset_form(ctx, None, {"protocol": "IMAP", "security": "tls"})


def preset_create(ctx: RequestContext, backends: Backends) -> Response:
    values, payload = _preset_payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("save_mail_preset", ctx.caller, None, payload),
        "/mail-servers",
        "created",
        lambda errors: _preset_form(ctx, None, values, errors),
    )


def _preset(ctx: RequestContext, backends: Backends, preset_id: str) -> dict[str, Any]:
    for preset in backends.accounts.call("list_mail_presets", ctx.caller):
        if preset["id"] == preset_id:
            return dict(preset)
    raise ui.NotFound()


def preset_edit(ctx: RequestContext, backends: Backends, preset_id: str) -> Response:
    preset = _preset(ctx, backends, preset_id)
    return _preset_form(ctx, preset_id, {k: "" if preset.get(k) is None else str(preset[k]) for k in PRESET_FIELDS})


def preset_update(ctx: RequestContext, backends: Backends, preset_id: str) -> Response:
    values, payload = _preset_payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("save_mail_preset", ctx.caller, preset_id, payload),
        "/mail-servers",
        "saved",
        lambda errors: _preset_form(ctx, preset_id, values, errors),
    )


def preset_confirm_delete(ctx: RequestContext, backends: Backends, preset_id: str) -> Response:
    preset = _preset(ctx, backends, preset_id)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Delete the preset %(name)s?", name=preset["name"]),
        warning=ctx._("Companies that chose it keep their settings."),
        action=f"/mail-servers/{preset_id}/delete",
        cancel="/mail-servers",
        active="mailservers",
    )


def preset_delete(ctx: RequestContext, backends: Backends, preset_id: str) -> Response:
    backends.accounts.call("delete_mail_preset", ctx.caller, preset_id)
    return ui.go(ctx, "/mail-servers", saved="deleted")


# the company's own mail server
def company(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    current = backends.accounts.call("get_company_mail_server", ctx.caller, enterprise_id)
    preset_options = [("", ctx._("None: the settings below"))] + [
        (p["id"], p["name"]) for p in backends.accounts.call("list_mail_presets", ctx.caller)
    ]
    if values is None:
        values = {
            k: "" if (current or {}).get(k) is None else str(current[k])
            for k in ("preset_id", "protocol", "host", "port", "security", "username")
        }
    saved = ctx.request.args.get("saved")
    base = f"/enterprises/{enterprise_id}/mail-server"
    return ui.form_page(
        ctx,
        title=ctx._("Company mail server"),
        active="mailservers",
        action=base,
        cancel="/home",
        delete_href=f"{base}/delete" if current else None,
        intro=" ".join(
            t
            for t in (
                ctx._(SAVED_NOTICE) if saved == "saved" else "",
                ctx._("The server the virtual assistant reads the company's e-mail, contacts and calendars from."),
                ctx._("A password is stored encrypted and never shown again; leave it empty to keep it.")
                if current and current["has_password"]
                else "",
            )
            if t
        ),
        fields=[
            ui.Field("preset_id", ctx._("Preset"), "select", options=preset_options),
            ui.Field("protocol", ctx._("Protocol"), "select", options=[("", "—"), *_protocols(ctx)]),
            ui.Field("host", ctx._("Server"), maxlength=253),
            ui.Field("port", ctx._("Port"), maxlength=5),
            ui.Field("security", ctx._("Security"), "select", options=_security(ctx)),
            ui.Field("username", ctx._("User name"), maxlength=254),
            ui.Field("password", ctx._("Password"), "password", maxlength=128),
        ],
        values=values,
        errors=errors,
    )


def company_save(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values: dict[str, Any] = submitted(ctx, "preset_id", "protocol", "host", "port", "security", "username", "password")
    payload = {k: v or None for k, v in values.items()}
    payload["port"] = number(values["port"])
    payload["security"] = values["security"] or "tls"
    values["password"] = ""
    return ui.save(
        ctx,
        lambda: backends.accounts.call("set_company_mail_server", ctx.caller, enterprise_id, payload),
        f"/enterprises/{enterprise_id}/mail-server",
        "saved",
        lambda errors: company(ctx, backends, enterprise_id, values, errors),
    )


def company_confirm_delete(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    return ui.confirm_delete(
        ctx,
        title=ctx._("Forget the company mail server?"),
        warning=ctx._("Its settings and password are deleted."),
        action=f"/enterprises/{enterprise_id}/mail-server/delete",
        cancel=f"/enterprises/{enterprise_id}/mail-server",
        active="mailservers",
    )


def company_delete(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    backends.accounts.call("delete_company_mail_server", ctx.caller, enterprise_id)
    return ui.go(ctx, f"/enterprises/{enterprise_id}/mail-server")


PAGES = [
    Page("GET", "/mail-servers", own),
    Page("GET", "/mail-servers.csv", presets_csv),
    Page("GET", "/mail-servers/new", preset_new),
    Page("POST", "/mail-servers/new", preset_create),
    Page("GET", "/mail-servers/<preset_id>", preset_edit),
    Page("POST", "/mail-servers/<preset_id>", preset_update),
    Page("GET", "/mail-servers/<preset_id>/delete", preset_confirm_delete),
    Page("POST", "/mail-servers/<preset_id>/delete", preset_delete),
    Page("GET", "/enterprises/<enterprise_id>/mail-server", company),
    Page("POST", "/enterprises/<enterprise_id>/mail-server", company_save),
    Page("GET", "/enterprises/<enterprise_id>/mail-server/delete", company_confirm_delete),
    Page("POST", "/enterprises/<enterprise_id>/mail-server/delete", company_delete),
]
