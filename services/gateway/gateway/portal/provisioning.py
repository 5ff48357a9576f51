"""Remote provisioning (ACC-26, guide 003): a reseller's API keys, with which its own web site signs customers up
through ``POST /api/v1/provisioning/customers``. A new key is shown once; only its hash is kept."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal import inventory_ui as ui
from gateway.portal.forms import Errors, errors_of, submitted
from gateway.portal.page import Page
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

NOTICES = {"revoked": N_("The API key is revoked.")}


def _reseller(ctx: RequestContext) -> str:
    if ctx.profile.get("role") != "reseller_admin":
        raise ui.NotFound()
    return str(ctx.profile["tenant_id"])


def index(
    ctx: RequestContext, backends: Backends, secret: dict[str, str] | None = None, errors: Errors | None = None
) -> Response:
    reseller = _reseller(ctx)
    keys = backends.accounts.call("list_provisioning_keys", ctx.caller, reseller)
    rows = [
        ui.Row(
            {
                "name": k["name"],
                "prefix": f"rlk_{k['prefix']}_…",
                "created": k["created_at"][:10],
                "used": (k.get("last_used_at") or "")[:16].replace("T", " "),
                "state": ctx._("Active") if k["active"] else ctx._("Revoked"),
            },
            [(ctx._("Revoke"), f"/provisioning/{k['id']}/revoke")] if k["active"] else [],
        )
        for k in keys
    ]
    return ui.list_page(
        ctx,
        title=ctx._("Remote provisioning"),
        intro=ctx._(
            "API keys let your own web site sign customers up with your colours: it sends the key in the "
            "X-Api-Key header to POST /api/v1/provisioning/customers (see the API documentation)."
        ),
        active="provisioning",
        base_path="/provisioning",
        columns=(
            ("name", N_("Name")),
            ("prefix", N_("Key prefix")),
            ("created", N_("Created")),
            ("used", N_("Last used")),
            ("state", N_("State")),
        ),
        rows=rows,
        empty_title=ctx._("No API key yet"),
        empty_text=ctx._("Create a key for each web site that signs customers up."),
        testid="keys-table",
        actions=[
            (ctx._("Create an API key"), "/provisioning/new", "new-key"),
            (ctx._("API documentation"), "/api/docs", "api-docs"),
        ],
        csv_href="/provisioning.csv",
        notices=NOTICES,
        secret=secret,
    )


def export(ctx: RequestContext, backends: Backends) -> Response:
    rows = backends.accounts.call("list_provisioning_keys", ctx.caller, _reseller(ctx))
    return ui.csv_download(ctx, "provisioning-keys", columns.PROVISIONING_KEYS, rows)


def new(
    ctx: RequestContext, backends: Backends, values: dict[str, str] | None = None, errors: Errors | None = None
) -> Response:
    _reseller(ctx)
    return ui.form_page(
        ctx,
        title=ctx._("Create an API key"),
        active="provisioning",
        action="/provisioning/new",
        cancel="/provisioning",
        crumbs=[(ctx._("Remote provisioning"), "/provisioning")],
        intro=ctx._("The key is shown once, right after it is created: keep it in your web site's settings."),
        fields=[
            ui.Field(
                "name",
                ctx._("Name"),
                required=True,
                maxlength=100,
                hint=ctx._("For example: sign-up page of our web site."),
            )
        ],
        values=values or {},
        errors=errors,
        submit=ctx._("Create"),
    )


def create(ctx: RequestContext, backends: Backends) -> Response:
    values = submitted(ctx, "name")
    try:
        created = backends.accounts.call("create_provisioning_key", ctx.caller, _reseller(ctx), values)
    except ValidationFailed as exc:
        return new(ctx, backends, values, errors_of(ctx, exc))
    response = index(
        ctx, backends, {"label": ctx._("The new API key %(name)s:", name=created["name"]), "value": created["key"]}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def confirm_revoke(ctx: RequestContext, backends: Backends, key_id: str) -> Response:
    _reseller(ctx)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Revoke this API key?"),
        warning=ctx._("Sign-ups sent with it are refused from now on; this cannot be undone."),
        action=f"/provisioning/{key_id}/revoke",
        cancel="/provisioning",
        active="provisioning",
    )


def revoke(ctx: RequestContext, backends: Backends, key_id: str) -> Response:
    backends.accounts.call("revoke_provisioning_key", ctx.caller, key_id)
    return ui.go(ctx, "/provisioning", saved="revoked")


PAGES = [
    Page("GET", "/provisioning", index),
    Page("GET", "/provisioning.csv", export),
    Page("GET", "/provisioning/new", new),
    Page("POST", "/provisioning/new", create),
    Page("GET", "/provisioning/<key_id>/revoke", confirm_revoke),
    Page("POST", "/provisioning/<key_id>/revoke", revoke),
]
