"""The enterprise extension plan (NUM-05, guides 003 and 004): add one extension or a range, give one to a user,
edit, delete."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal import inventory_ui as ui
from gateway.portal.forms import Errors, submitted
from gateway.portal.page import Page
from gateway.web import RequestContext

NOTICES = {
    "created": N_("The extensions are added."),
    "saved": N_("The extension is saved."),
    "deleted": N_("The extension is deleted."),
}


def own(ctx: RequestContext, backends: Backends) -> Response:
    return ui.own_enterprise(ctx, "extensions")


def index(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    found = backends.accounts.call("list_extensions", ctx.caller, enterprise_id)
    base = f"/enterprises/{enterprise_id}/extensions"
    rows = [
        ui.Row(
            {"number": e["number"], "user": e.get("user_name") or ctx._("Free")},
            [(ctx._("Edit"), f"{base}/{e['id']}"), (ctx._("Delete"), f"{base}/{e['id']}/delete")],
        )
        for e in found
    ]
    return ui.list_page(
        ctx,
        title=ctx._("Extensions"),
        intro=ctx._(
            "The extension plan of the enterprise: 1 to 6 digits each, unique in the enterprise, one per user at most."
        ),
        active="extensions",
        base_path=base,
        columns=(("number", N_("Extension")), ("user", N_("User"))),
        rows=rows,
        empty_title=ctx._("No extension yet"),
        empty_text=ctx._("Add one extension or a whole range, for example 200 to 299, then give them to users."),
        testid="extensions-table",
        actions=[(ctx._("Add extensions"), f"{base}/new", "new-extension")],
        csv_href=f"{base}.csv",
        notices=NOTICES,
    )


def export(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    rows = backends.accounts.call("list_extensions", ctx.caller, enterprise_id)
    return ui.csv_download(ctx, "extensions", columns.EXTENSIONS, rows)


def _user_options(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[tuple[str, str]]:
    return [("", ctx._("Nobody yet")), *ui.users_of(ctx, backends.accounts, enterprise_id)]


def new(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    base = f"/enterprises/{enterprise_id}/extensions"
    return ui.form_page(
        ctx,
        title=ctx._("Add extensions"),
        active="extensions",
        action=f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("Extensions"), base)],
        intro=ctx._("One extension, or a range from the first to the last (same number of digits, 1000 at most)."),
        fields=[
            ui.Field("first", ctx._("First extension"), required=True, maxlength=6),
            ui.Field("last", ctx._("Last extension"), maxlength=6, hint=ctx._("Empty for a single extension.")),
            ui.Field("user_id", ctx._("User"), "select", options=_user_options(ctx, backends, enterprise_id)),
        ],
        values=values or {},
        errors=errors,
        submit=ctx._("Add"),
    )


def create(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values = submitted(ctx, "first", "last", "user_id")
    payload = {k: v or None for k, v in values.items()}
    return ui.save(
        ctx,
        lambda: backends.accounts.call("add_extensions", ctx.caller, enterprise_id, payload),
        f"/enterprises/{enterprise_id}/extensions",
        "created",
        lambda errors: new(ctx, backends, enterprise_id, values, errors),
    )


def _extension(ctx: RequestContext, backends: Backends, enterprise_id: str, extension_id: str) -> dict[str, Any]:
    for extension in backends.accounts.call("list_extensions", ctx.caller, enterprise_id):
        if extension["id"] == extension_id:
            return dict(extension)
    raise ui.NotFound()


def edit(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    extension_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    extension = _extension(ctx, backends, enterprise_id, extension_id)
    base = f"/enterprises/{enterprise_id}/extensions"
    return ui.form_page(
        ctx,
        title=ctx._("Extension %(number)s", number=extension["number"]),
        active="extensions",
        action=f"{base}/{extension_id}",
        cancel=base,
        crumbs=[(ctx._("Extensions"), base)],
        delete_href=f"{base}/{extension_id}/delete",
        fields=[
            ui.Field("number", ctx._("Extension"), required=True, maxlength=6),
            ui.Field("user_id", ctx._("User"), "select", options=_user_options(ctx, backends, enterprise_id)),
        ],
        values=values or {"number": extension["number"], "user_id": extension.get("user_id") or ""},
        errors=errors,
    )


def update(ctx: RequestContext, backends: Backends, enterprise_id: str, extension_id: str) -> Response:
    values = submitted(ctx, "number", "user_id")
    payload = {"number": values["number"], "user_id": values["user_id"] or None}
    return ui.save(
        ctx,
        lambda: backends.accounts.call("update_extension", ctx.caller, extension_id, payload),
        f"/enterprises/{enterprise_id}/extensions",
        "saved",
        lambda errors: edit(ctx, backends, enterprise_id, extension_id, values, errors),
    )


def confirm_delete(ctx: RequestContext, backends: Backends, enterprise_id: str, extension_id: str) -> Response:
    extension = _extension(ctx, backends, enterprise_id, extension_id)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Delete extension %(number)s?", number=extension["number"]),
        warning=ctx._("Its user, if any, keeps their line but no longer has this extension."),
        action=f"/enterprises/{enterprise_id}/extensions/{extension_id}/delete",
        cancel=f"/enterprises/{enterprise_id}/extensions",
        active="extensions",
    )


def delete(ctx: RequestContext, backends: Backends, enterprise_id: str, extension_id: str) -> Response:
    backends.accounts.call("delete_extension", ctx.caller, extension_id)
    return ui.go(ctx, f"/enterprises/{enterprise_id}/extensions", saved="deleted")


PAGES = [
    Page("GET", "/extensions", own),
    Page("GET", "/enterprises/<enterprise_id>/extensions", index),
    Page("GET", "/enterprises/<enterprise_id>/extensions.csv", export),
    Page("GET", "/enterprises/<enterprise_id>/extensions/new", new),
    Page("POST", "/enterprises/<enterprise_id>/extensions/new", create),
    Page("GET", "/enterprises/<enterprise_id>/extensions/<extension_id>", edit),
    Page("POST", "/enterprises/<enterprise_id>/extensions/<extension_id>", update),
    Page("GET", "/enterprises/<enterprise_id>/extensions/<extension_id>/delete", confirm_delete),
    Page("POST", "/enterprises/<enterprise_id>/extensions/<extension_id>/delete", delete),
]
