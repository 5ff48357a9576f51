"""REST for the routing configuration (RTE-01..08) and the route tracer (RTE-18): restriction rules with their
exemptions and per-user ticks, phone zones, schedules, hunt groups, auto attendants, a line's forwarding.

Every handler passes the signed-in caller as routing's ``scope`` (gateway.routing_scope); routing checks the
tenant wall (NotFound) and the role (PermissionDenied) and validates every field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from gateway.api import routing_schemas as s
from gateway.api.routes import ApiRoute, op
from gateway.api.views import Handler, no_content, raw_body, reply
from gateway.backends import Backend
from gateway.routing_scope import scope
from gateway.web import RequestContext

ACD_LIMIT = 10


def _op(method: str, path: str, operation_id: str, summary: str, tag: str, response: Any, **extra: Any) -> ApiRoute:
    return op(method, path, operation_id, summary, tag, response, backend="routing", **extra)


def _crud(
    plural: str, single: str, param: str, tag: str, schema: Any, listing: Any, feature: str, owner: str
) -> tuple[ApiRoute, ...]:
    noun = tag.rstrip("s").lower()
    name = "".join(part.capitalize() for part in single.split("_"))
    names = "".join(part.capitalize() for part in plural.split("_"))
    slug = plural.replace("_", "-")
    return (
        _op("GET", f"/{owner}s/<uuid:{owner}_id>/{slug}", f"list{names}", f"The {tag.lower()}", tag, listing,
            features=(feature,)),
        _op("POST", f"/{owner}s/<uuid:{owner}_id>/{slug}", f"create{name}", f"Create a {noun}", tag, schema, status=201,
            body=schema, features=(feature,)),
        _op("GET", f"/{slug}/<uuid:{param}>", f"get{name}", f"A {noun}", tag, schema, features=(feature,)),
        _op("PUT", f"/{slug}/<uuid:{param}>", f"update{name}", f"Change a {noun} (the whole object)", tag, schema,
            body=schema, features=(feature,)),
        _op("DELETE", f"/{slug}/<uuid:{param}>", f"delete{name}", f"Delete a {noun}", tag, None, status=204,
            features=(feature,)),
    )  # fmt: skip


def _crud_handlers(plural: str, single: str, param: str, owner: str) -> dict[str, Handler]:
    name = "".join(part.capitalize() for part in single.split("_"))
    names = "".join(part.capitalize() for part in plural.split("_"))

    def list_(ctx: RequestContext, routing: Backend, **path: Any) -> Response:
        return reply(ctx, {"items": routing.call(f"list_{plural}", scope(ctx), str(path[f"{owner}_id"]))})

    def create(ctx: RequestContext, routing: Backend, **path: Any) -> Response:
        created = routing.call(f"create_{single}", scope(ctx), str(path[f"{owner}_id"]), raw_body(ctx))
        return reply(ctx, created, 201)

    def get(ctx: RequestContext, routing: Backend, **path: Any) -> Response:
        return reply(ctx, routing.call(f"get_{single}", scope(ctx), str(path[param])))

    def update(ctx: RequestContext, routing: Backend, **path: Any) -> Response:
        return reply(ctx, routing.call(f"update_{single}", scope(ctx), str(path[param]), raw_body(ctx)))

    def delete(ctx: RequestContext, routing: Backend, **path: Any) -> Response:
        routing.call(f"delete_{single}", scope(ctx), str(path[param]))
        return no_content(ctx)

    return {
        f"list{names}": list_,
        f"create{name}": create,
        f"get{name}": get,
        f"update{name}": update,
        f"delete{name}": delete,
    }


RESOURCES = (
    # plural, single, id parameter, tag, schema, list schema, feature, owner
    ("restriction_rules", "restriction_rule", "rule_id", "Restriction rules", s.RestrictionRule,
     s.RestrictionRuleList, "RTE-02", "tenant"),
    ("phone_zones", "phone_zone", "zone_id", "Phone zones", s.PhoneZone, s.PhoneZoneList, "RTE-03", "enterprise"),
    ("schedules", "schedule", "schedule_id", "Schedules", s.Schedule, s.ScheduleList, "RTE-07", "enterprise"),
    ("hunt_groups", "hunt_group", "group_id", "Hunt groups", s.HuntGroup, s.HuntGroupList, "RTE-08", "enterprise"),
    ("auto_attendants", "auto_attendant", "attendant_id", "Auto attendants", s.AutoAttendant, s.AutoAttendantList,
     "RTE-06", "enterprise"),
)  # fmt: skip

ROUTES: tuple[ApiRoute, ...] = (
    *(route for p, n, i, t, sc, ls, f, o in RESOURCES for route in _crud(p, n, i, t, sc, ls, f, o)),
    _op("GET", "/tenants/<uuid:tenant_id>/restriction-exemptions", "listRestrictionExemptions",
        "Exemptions granted at or under this tenant", "Restriction rules", s.ExemptionList, features=("RTE-02",)),
    _op("POST", "/restriction-rules/<uuid:rule_id>/exemptions", "addRestrictionExemption",
        "Lift a rule for a reseller, an enterprise or a user it binds", "Restriction rules", s.Exemption, status=201,
        body=s.Exemption, features=("RTE-02",)),
    _op("DELETE", "/restriction-exemptions/<uuid:exemption_id>", "removeRestrictionExemption",
        "Remove an exemption", "Restriction rules", None, status=204, features=("RTE-02",)),
    _op("PUT", "/enterprises/<uuid:enterprise_id>/users/<uuid:user_id>/restrictions", "setUserRestrictions",
        "Tick a line's restrictions on the company's list", "Restriction rules", s.RestrictionTicks,
        body=s.RestrictionTicks, features=("RTE-02",)),
    _op("GET", "/enterprises/<uuid:enterprise_id>/restriction-ticks", "listUserRestrictions",
        "Every line's ticks on the company's list", "Restriction rules", s.RestrictionTickList,
        features=("RTE-02",)),
    _op("GET", "/enterprises/<uuid:enterprise_id>/users/<uuid:user_id>/forwarding", "getForwarding",
        "A line's forwarding, voicemail timing and simultaneous ring", "Forwarding", s.Forwarding,
        features=("RTE-04", "RTE-05")),
    _op("PUT", "/enterprises/<uuid:enterprise_id>/users/<uuid:user_id>/forwarding", "setForwarding",
        "Change a line's forwarding (a user their own; administrators any line)", "Forwarding", s.Forwarding,
        body=s.Forwarding, features=("RTE-04", "RTE-05")),
    _op("POST", "/enterprises/<uuid:enterprise_id>/route-trace", "traceRoute",
        "What happens if this number calls that number at that time: every decision, nothing placed", "Route tracer",
        s.Trace, body=s.TraceRequest, features=("RTE-18",)),
)  # fmt: skip


def list_hunt_groups(ctx: RequestContext, routing: Backend, enterprise_id: Any) -> Response:
    groups = routing.call("list_hunt_groups", scope(ctx), str(enterprise_id))
    return reply(ctx, {"items": groups, "acd": acd_usage(groups)})


def acd_usage(groups: list[dict[str, Any]]) -> dict[str, int]:
    """RTE-08 (guide 004): ACD groups in use by service level, out of ten per enterprise."""
    basic = sum(1 for g in groups if g.get("service_level") == "basic")
    premium = sum(1 for g in groups if g.get("service_level") == "premium")
    return {"basic": basic, "premium": premium, "limit": ACD_LIMIT, "available": max(0, ACD_LIMIT - basic - premium)}


def list_exemptions(ctx: RequestContext, routing: Backend, tenant_id: Any) -> Response:
    return reply(ctx, {"items": routing.call("list_restriction_exemptions", scope(ctx), str(tenant_id))})


def add_exemption(ctx: RequestContext, routing: Backend, rule_id: Any) -> Response:
    return reply(ctx, routing.call("add_restriction_exemption", scope(ctx), str(rule_id), raw_body(ctx)), 201)


def remove_exemption(ctx: RequestContext, routing: Backend, exemption_id: Any) -> Response:
    routing.call("remove_restriction_exemption", scope(ctx), str(exemption_id))
    return no_content(ctx)


def set_user_restrictions(ctx: RequestContext, routing: Backend, enterprise_id: Any, user_id: Any) -> Response:
    ticks = routing.call("set_user_restrictions", scope(ctx), str(enterprise_id), str(user_id), raw_body(ctx))
    return reply(ctx, ticks)


def list_user_restrictions(ctx: RequestContext, routing: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, routing.call("list_user_restrictions", scope(ctx), str(enterprise_id)))


def get_forwarding(ctx: RequestContext, routing: Backend, enterprise_id: Any, user_id: Any) -> Response:
    return reply(ctx, routing.call("get_forwarding", scope(ctx), str(enterprise_id), str(user_id)))


def set_forwarding(ctx: RequestContext, routing: Backend, enterprise_id: Any, user_id: Any) -> Response:
    saved = routing.call("set_forwarding", scope(ctx), str(enterprise_id), str(user_id), raw_body(ctx))
    return reply(ctx, saved)


def trace_route(ctx: RequestContext, routing: Backend, enterprise_id: Any) -> Response:
    data = raw_body(ctx)
    if not isinstance(data, dict):
        data = {}
    return reply(
        ctx,
        routing.call(
            "trace_route",
            scope(ctx),
            data.get("caller_number"),
            data.get("dialled_number"),
            data.get("at"),
            str(enterprise_id),
        ),
    )


def _handlers() -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    for plural, single, param, *_, owner in RESOURCES:
        handlers.update(_crud_handlers(plural, single, param, owner))
    extra: dict[str, Callable[..., Response]] = {
        "listHuntGroups": list_hunt_groups,
        "listRestrictionExemptions": list_exemptions,
        "addRestrictionExemption": add_exemption,
        "removeRestrictionExemption": remove_exemption,
        "setUserRestrictions": set_user_restrictions,
        "listUserRestrictions": list_user_restrictions,
        "getForwarding": get_forwarding,
        "setForwarding": set_forwarding,
        "traceRoute": trace_route,
    }
    handlers.update(extra)
    return handlers


HANDLERS = _handlers()
