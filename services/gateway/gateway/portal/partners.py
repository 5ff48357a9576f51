"""Partners (ACC-22, guide 000): the companies that offer the services in given regions and with whom a referral
agreement exists; kept by the system administrator and by each reseller."""

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
    "created": N_("The partner is added."),
    "saved": N_("The partner is saved."),
    "deleted": N_("The partner is deleted."),
}
FIELDS = ("name", "regions", "contact_name", "email", "phone", "website", "referral_agreement", "referral_percent")


def own(ctx: RequestContext, backends: Backends) -> Response:
    return ui.go(ctx, f"/tenants/{ctx.profile['tenant_id']}/partners")


def _query(ctx: RequestContext) -> dict[str, Any]:
    return {"region": ctx.request.args.get("region") or None, "search": ctx.request.args.get("search") or None}


def index(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    base = f"/tenants/{tenant_id}/partners"
    found = backends.accounts.call("list_partners", ctx.caller, tenant_id, _query(ctx))
    every = backends.accounts.call("list_partners", ctx.caller, tenant_id)
    regions = sorted({r for p in every for r in p["regions"]}, key=str.lower)
    rows = [
        ui.Row(
            {
                "name": p["name"],
                "regions": ", ".join(p["regions"]),
                "contact": " · ".join(x for x in (p.get("contact_name"), p.get("email"), p.get("phone")) if x),
                "percent": f"{p['referral_percent']:g} %" if p.get("referral_percent") is not None else None,
            },
            [(ctx._("Edit"), f"{base}/{p['id']}"), (ctx._("Delete"), f"{base}/{p['id']}/delete")],
        )
        for p in found
    ]
    return ui.list_page(
        ctx,
        title=ctx._("Partners"),
        intro=ctx._(
            "The companies that offer your services in given regions and with whom you have a customer referral "
            "agreement."
        ),
        active="partners",
        base_path=base,
        columns=(
            ("name", N_("Name")),
            ("regions", N_("Regions")),
            ("contact", N_("Contact")),
            ("percent", N_("Referral (%)")),
        ),
        rows=rows,
        empty_title=ctx._("No partner yet"),
        empty_text=ctx._("Add the companies that refer customers to you, with the regions they cover."),
        testid="partners-table",
        actions=[(ctx._("Add a partner"), f"{base}/new", "new-partner")],
        csv_href=f"{base}.csv",
        searchable=True,
        filters=[
            (
                "region",
                ctx._("Region"),
                [("", ctx._("All regions")), *((r, r) for r in regions)],
                ctx.request.args.get("region") or "",
            )
        ],
        notices=NOTICES,
    )


def export(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    rows = backends.accounts.call("list_partners", ctx.caller, tenant_id, _query(ctx))
    return ui.csv_download(ctx, "partners", columns.PARTNERS, rows)


def _form(
    ctx: RequestContext, tenant_id: str, partner_id: str | None, values: dict[str, Any], errors: Errors | None = None
) -> Response:
    base = f"/tenants/{tenant_id}/partners"
    return ui.form_page(
        ctx,
        title=ctx._("Edit the partner") if partner_id else ctx._("Add a partner"),
        active="partners",
        action=f"{base}/{partner_id}" if partner_id else f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("Partners"), base)],
        delete_href=f"{base}/{partner_id}/delete" if partner_id else None,
        fields=[
            ui.Field("name", ctx._("Name"), required=True, maxlength=100),
            ui.Field(
                "regions",
                ctx._("Regions"),
                "textarea",
                required=True,
                hint=ctx._("One region per line, for example Québec."),
            ),
            ui.Field("contact_name", ctx._("Contact"), maxlength=100),
            ui.Field("email", ctx._("E-mail"), "email", maxlength=254),
            ui.Field("phone", ctx._("Phone"), "tel", maxlength=30),
            ui.Field("website", ctx._("Web site"), maxlength=200),
            ui.Field("referral_agreement", ctx._("Referral agreement"), "textarea"),
            ui.Field("referral_percent", ctx._("Referral (%)"), maxlength=6),
        ],
        values=values,
        errors=errors,
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, str], dict[str, Any]]:
    values = submitted(ctx, *FIELDS)
    payload: dict[str, Any] = {k: v or None for k, v in values.items()}
    payload["regions"] = [r.strip() for r in values["regions"].splitlines() if r.strip()]
    return values, payload


def new(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    return _form(ctx, tenant_id, None, {})


def create(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    values, payload = _payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("create_partner", ctx.caller, tenant_id, payload),
        f"/tenants/{tenant_id}/partners",
        "created",
        lambda errors: _form(ctx, tenant_id, None, values, errors),
    )


def _partner(ctx: RequestContext, backends: Backends, tenant_id: str, partner_id: str) -> dict[str, Any]:
    for partner in backends.accounts.call("list_partners", ctx.caller, tenant_id):
        if partner["id"] == partner_id:
            return dict(partner)
    raise ui.NotFound()


def edit(ctx: RequestContext, backends: Backends, tenant_id: str, partner_id: str) -> Response:
    partner = _partner(ctx, backends, tenant_id, partner_id)
    values = {k: "" if partner.get(k) is None else str(partner[k]) for k in FIELDS}
    values["regions"] = "\n".join(partner["regions"])
    return _form(ctx, tenant_id, partner_id, values)


def update(ctx: RequestContext, backends: Backends, tenant_id: str, partner_id: str) -> Response:
    values, payload = _payload(ctx)
    return ui.save(
        ctx,
        lambda: backends.accounts.call("update_partner", ctx.caller, partner_id, payload),
        f"/tenants/{tenant_id}/partners",
        "saved",
        lambda errors: _form(ctx, tenant_id, partner_id, values, errors),
    )


def confirm_delete(ctx: RequestContext, backends: Backends, tenant_id: str, partner_id: str) -> Response:
    partner = _partner(ctx, backends, tenant_id, partner_id)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Delete the partner %(name)s?", name=partner["name"]),
        warning=ctx._("The partner and its referral agreement are removed."),
        action=f"/tenants/{tenant_id}/partners/{partner_id}/delete",
        cancel=f"/tenants/{tenant_id}/partners",
        active="partners",
    )


def delete(ctx: RequestContext, backends: Backends, tenant_id: str, partner_id: str) -> Response:
    backends.accounts.call("delete_partner", ctx.caller, partner_id)
    return ui.go(ctx, f"/tenants/{tenant_id}/partners", saved="deleted")


PAGES = [
    Page("GET", "/partners", own),
    Page("GET", "/tenants/<tenant_id>/partners", index),
    Page("GET", "/tenants/<tenant_id>/partners.csv", export),
    Page("GET", "/tenants/<tenant_id>/partners/new", new),
    Page("POST", "/tenants/<tenant_id>/partners/new", create),
    Page("GET", "/tenants/<tenant_id>/partners/<partner_id>", edit),
    Page("POST", "/tenants/<tenant_id>/partners/<partner_id>", update),
    Page("GET", "/tenants/<tenant_id>/partners/<partner_id>/delete", confirm_delete),
    Page("POST", "/tenants/<tenant_id>/partners/<partner_id>/delete", delete),
]
