"""The Call routing menu item (RTE-01..08, 18): an enterprise's routing screens in one place; a reseller or the
system administrator lands on their own restriction rules."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.rendering import render
from gateway.routing_scope import is_routing_admin, scope
from gateway.web import RequestContext
from relais_kit.errors import NotFound


def own(ctx: RequestContext, backends: Backends) -> Response:
    profile = ctx.profile
    if profile.get("tenant_kind") in ("enterprise", "professional"):
        if not is_routing_admin(profile):
            return go(ctx, f"/enterprises/{profile['tenant_id']}/users/{profile['id']}/forwarding")
        return go(ctx, f"/enterprises/{profile['tenant_id']}/routing")
    if profile.get("role") in ("system_admin", "reseller_admin"):
        return go(ctx, f"/tenants/{profile['tenant_id']}/restrictions")
    raise NotFound("enterprise")


def overview(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    routing_scope = scope(ctx)
    counts = {
        name: len(backends.routing.call(f"list_{name}", routing_scope, enterprise_id))
        for name in ("auto_attendants", "hunt_groups", "schedules", "phone_zones", "restriction_rules")
    }
    return render(
        ctx, "routing/overview.html", help_topic="routing", active="routing", enterprise_id=enterprise_id, counts=counts
    )


PAGES = [
    Page("GET", "/routing", own),
    Page("GET", "/enterprises/<uuid:enterprise_id>/routing", overview),
]
