"""The company directory (ACC-24, guides 001 and 002): every internal and external contact of the enterprise with
search and filters; its contacts are the ones speed dial 8 and 100 and the phones' speed-dial keys pick from."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal import inventory_ui as ui
from gateway.portal.forms import Errors, list_query, submitted
from gateway.portal.page import Page
from gateway.web import RequestContext

NOTICES = {
    "created": N_("The contact is added."),
    "saved": N_("The contact is saved."),
    "deleted": N_("The contact is deleted."),
}
KINDS = (("all", N_("All contacts")), ("internal", N_("Internal")), ("external", N_("External")))
FIELDS = ("first_name", "last_name", "company", "number", "mobile", "email", "department_id")


def own(ctx: RequestContext, backends: Backends) -> Response:
    return ui.own_enterprise(ctx, "directory")


def _query(ctx: RequestContext) -> dict[str, Any]:
    kind = ctx.request.args.get("kind") or "all"
    department = ctx.request.args.get("department_id") or None
    return {**list_query(ctx, 50), "kind": kind if kind in dict(KINDS) else "all", "department_id": department}


def index(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    query = _query(ctx)
    result = backends.accounts.call("search_directory", ctx.caller, enterprise_id, query)
    base = f"/enterprises/{enterprise_id}/directory"
    manage = ui.is_enterprise_admin(ctx)
    rows = [
        ui.Row(
            {
                "name": e["display_name"],
                "kind": ctx._("Internal") if e["kind"] == "internal" else ctx._("External"),
                "company": e.get("company"),
                "extension": e.get("extension"),
                "number": e.get("number"),
                "mobile": e.get("mobile"),
                "email": e.get("email"),
                "department": e.get("department_name"),
            },
            [(ctx._("Edit"), f"{base}/{e['id']}")] if manage and e["kind"] == "external" else [],
        )
        for e in result["items"]
    ]
    departments = ui.departments_of(ctx, backends.accounts, enterprise_id)
    return ui.list_page(
        ctx,
        title=ctx._("Company directory"),
        intro=ctx._(
            "The directory of the enterprise: its users and its external contacts. Search any column; the contacts "
            "are offered for speed dial 8 and 100 and for the phones' speed-dial keys."
        ),
        active="directory",
        base_path=base,
        columns=(
            ("name", N_("Name")),
            ("kind", N_("Kind")),
            ("company", N_("Company")),
            ("extension", N_("Extension")),
            ("number", N_("Number")),
            ("mobile", N_("Mobile")),
            ("email", N_("E-mail")),
            ("department", N_("Department")),
        ),
        rows=rows,
        empty_title=ctx._("No contact found"),
        empty_text=ctx._("Nobody matches this search; add the suppliers, clients and partners you call often."),
        testid="directory-table",
        actions=[(ctx._("Add a contact"), f"{base}/new", "new-contact")] if manage else [],
        csv_href=f"{base}.csv",
        searchable=True,
        filters=[
            ("kind", ctx._("Kind"), [(k, ctx._(v)) for k, v in KINDS], query["kind"]),
            (
                "department_id",
                ctx._("Department"),
                [("", ctx._("All departments")), *departments],
                query["department_id"] or "",
            ),
        ],
        result=result,
        notices=NOTICES,
    )


def export(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    query, rows, page = _query(ctx), [], 1
    while True:
        batch = backends.accounts.call(
            "search_directory", ctx.caller, enterprise_id, {**query, "page": page, "page_size": 1000}
        )
        rows.extend(batch["items"])
        if not batch["items"] or len(rows) >= int(batch["total"]):
            break
        page += 1
    return ui.csv_download(ctx, "directory", columns.DIRECTORY, rows)


def _form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    contact_id: str | None,
    values: dict[str, Any],
    errors: Errors | None = None,
) -> Response:
    base = f"/enterprises/{enterprise_id}/directory"
    departments = [("", ctx._("None")), *ui.departments_of(ctx, backends.accounts, enterprise_id)]
    return ui.form_page(
        ctx,
        title=ctx._("Edit the contact") if contact_id else ctx._("Add a contact"),
        active="directory",
        action=f"{base}/{contact_id}" if contact_id else f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("Company directory"), base)],
        delete_href=f"{base}/{contact_id}/delete" if contact_id else None,
        fields=[
            ui.Field("first_name", ctx._("First name"), maxlength=50),
            ui.Field("last_name", ctx._("Last name"), required=True, maxlength=50),
            ui.Field("company", ctx._("Company"), maxlength=100),
            ui.Field("number", ctx._("Number"), "tel", required=True, maxlength=30),
            ui.Field("mobile", ctx._("Mobile"), "tel", maxlength=30),
            ui.Field("email", ctx._("E-mail"), "email", maxlength=254),
            ui.Field("department_id", ctx._("Department"), "select", options=departments),
        ],
        values=values,
        errors=errors,
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, str], dict[str, Any]]:
    values = submitted(ctx, *FIELDS)
    return values, {k: v or None for k, v in values.items()}


def new(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    return _form(ctx, backends, enterprise_id, None, {})


def create(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values, payload = _payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("create_contact", ctx.caller, enterprise_id, payload),
        f"/enterprises/{enterprise_id}/directory",
        "created",
        lambda errors: _form(ctx, backends, enterprise_id, None, values, errors),
    )


def edit(ctx: RequestContext, backends: Backends, enterprise_id: str, contact_id: str) -> Response:
    contact = backends.accounts.call("get_contact", ctx.caller, contact_id)
    values = {k: "" if contact.get(k) is None else str(contact[k]) for k in FIELDS}
    return _form(ctx, backends, enterprise_id, contact_id, values)


def update(ctx: RequestContext, backends: Backends, enterprise_id: str, contact_id: str) -> Response:
    values, payload = _payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("update_contact", ctx.caller, contact_id, payload),
        f"/enterprises/{enterprise_id}/directory",
        "saved",
        lambda errors: _form(ctx, backends, enterprise_id, contact_id, values, errors),
    )


def confirm_delete(ctx: RequestContext, backends: Backends, enterprise_id: str, contact_id: str) -> Response:
    contact = backends.accounts.call("get_contact", ctx.caller, contact_id)
    name = " ".join(p for p in (contact.get("first_name"), contact["last_name"]) if p)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Delete the contact %(name)s?", name=name),
        warning=ctx._("Speed-dial entries that use this number keep it."),
        action=f"/enterprises/{enterprise_id}/directory/{contact_id}/delete",
        cancel=f"/enterprises/{enterprise_id}/directory",
        active="directory",
    )


def delete(ctx: RequestContext, backends: Backends, enterprise_id: str, contact_id: str) -> Response:
    backends.accounts.call("delete_contact", ctx.caller, contact_id)
    return ui.go(ctx, f"/enterprises/{enterprise_id}/directory", saved="deleted")


PAGES = [
    Page("GET", "/directory", own),
    Page("GET", "/enterprises/<enterprise_id>/directory", index),
    Page("GET", "/enterprises/<enterprise_id>/directory.csv", export),
    Page("GET", "/enterprises/<enterprise_id>/directory/new", new),
    Page("POST", "/enterprises/<enterprise_id>/directory/new", create),
    Page("GET", "/enterprises/<enterprise_id>/directory/<contact_id>", edit),
    Page("POST", "/enterprises/<enterprise_id>/directory/<contact_id>", update),
    Page("GET", "/enterprises/<enterprise_id>/directory/<contact_id>/delete", confirm_delete),
    Page("POST", "/enterprises/<enterprise_id>/directory/<contact_id>/delete", delete),
]
