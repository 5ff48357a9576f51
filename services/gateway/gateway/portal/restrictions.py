"""Call restrictions (RTE-02; guides 000, 001, 003): rules allowing or denying outbound calls by country, area
code or number prefix, at the level of the tenant that owns them (system, reseller, enterprise). An enterprise's
rule can be marked "per user" to join the company's list ticked line by line."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, checked, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

MATCHES = (
    ("country", N_("Country (ISO code, e.g. FR)")),
    ("area_code", N_("Area code (e.g. +1514)")),
    ("prefix", N_("Number prefix (e.g. +1900)")),
)
NOTICES = {"created": N_("The rule is added."), "deleted": N_("The rule is deleted.")}


def level_of(ctx: RequestContext, tenant_id: str) -> str:
    """The level of the rules this tenant owns: the caller's own tenant kind, or an enterprise below them."""
    kind = ctx.profile.get("tenant_kind") if tenant_id == str(ctx.profile.get("tenant_id")) else "enterprise"
    return {"system": "system", "reseller": "reseller"}.get(str(kind), "enterprise")


def index(
    ctx: RequestContext,
    backends: Backends,
    tenant_id: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    tenant = str(tenant_id)
    rules = backends.routing.call("list_restriction_rules", scope(ctx), tenant)
    notice = ctx.request.args.get("saved", "")
    level = level_of(ctx, tenant)
    return render(
        ctx,
        "routing/restrictions.html",
        status=status,
        active="routing",
        help_topic="restrictions",
        tenant_id=tenant,
        enterprise_id=tenant if level == "enterprise" else None,
        level=level,
        rules=rules,
        matches=[(k, ctx._(v)) for k, v in MATCHES],
        match_labels=dict(MATCHES),
        values=values or {"match": "country", "allow": False, "per_user": False},
        errors=errors or {},
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def create(ctx: RequestContext, backends: Backends, tenant_id: Any) -> Response:
    tenant = str(tenant_id)
    form_ = ctx.request.form
    values: dict[str, Any] = {k: (form_.get(k) or "").strip() for k in ("match", "value", "name")}
    values["allow"] = checked(ctx, "allow")
    values["per_user"] = checked(ctx, "per_user")
    payload = {**values, "level": level_of(ctx, tenant), "value": values["value"].upper()}
    try:
        backends.routing.call("create_restriction_rule", scope(ctx), tenant, payload)
    except ValidationFailed as exc:
        return index(ctx, backends, tenant, values=values, errors=routing_errors(ctx, exc), status=422)
    return go(ctx, f"/tenants/{tenant}/restrictions", saved="created")


def delete(ctx: RequestContext, backends: Backends, tenant_id: Any, rule_id: Any) -> Response:
    backends.routing.call("delete_restriction_rule", scope(ctx), str(rule_id))
    return go(ctx, f"/tenants/{tenant_id}/restrictions", saved="deleted")


def of_enterprise(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return go(ctx, f"/tenants/{enterprise_id}/restrictions")


PAGES = [
    Page("GET", "/enterprises/<uuid:enterprise_id>/restrictions", of_enterprise),
    Page("GET", "/tenants/<uuid:tenant_id>/restrictions", index),
    Page("POST", "/tenants/<uuid:tenant_id>/restrictions", create),
    Page("POST", "/tenants/<uuid:tenant_id>/restrictions/<uuid:rule_id>/delete", delete),
]
