"""Hunt groups (RTE-08, guide 004 "Groupes de recherche (MLHG)", guide 002 §6.11): a pilot number, members in
order who may log in and out (allowed by default or not), five distribution algorithms, a queue when all are
busy, an overflow destination; automatic call distribution (basic or premium) for at most ten groups, with the
licences in use shown on the list."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import (
    Errors,
    checked,
    directory,
    integer,
    overflow_options,
    routing_errors,
)
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

ACD_LIMIT = 10
ALGORITHMS = (
    ("regular", N_("Regular (linear): always from the first member")),
    ("circular", N_("Circular: after the member who took the last call")),
    ("uniform", N_("Uniform: the member with the fewest calls")),
    ("simultaneous", N_("Simultaneous: all members at once")),
    ("weighted", N_("Weighted: by each member's share")),
)
SERVICE_LEVELS = (("none", N_("No ACD")), ("basic", N_("ACD basic")), ("premium", N_("ACD premium")))
FIELDS = ("name", "pilot", "extension", "algorithm", "ring_seconds_per_member", "queue_max_callers")
NOTICES = {
    "created": N_("The hunt group is created."),
    "saved": N_("The hunt group is saved."),
    "deleted": N_("The hunt group is deleted."),
}


def index(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    groups = backends.routing.call("list_hunt_groups", scope(ctx), enterprise)
    used = {level: sum(1 for g in groups if g["service_level"] == level) for level in ("basic", "premium")}
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "routing/hunt_groups.html",
        help_topic="hunt-groups",
        active="routing",
        enterprise_id=enterprise,
        groups=groups,
        algorithms=dict(ALGORITHMS),
        levels=dict(SERVICE_LEVELS),
        acd={**used, "limit": ACD_LIMIT, "available": max(0, ACD_LIMIT - sum(used.values()))},
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def _values(group: dict[str, Any] | None) -> dict[str, Any]:
    group = group or {}
    overflow = group.get("overflow")
    members = group.get("members") or []
    return {
        "name": group.get("name", ""),
        "pilot": group.get("pilot") or "",
        "extension": group.get("extension") or "",
        "algorithm": group.get("algorithm", "regular"),
        "ring_seconds_per_member": str(group.get("ring_seconds_per_member", 15)),
        "queue_enabled": group.get("queue_enabled", False),
        "queue_max_callers": str(group.get("queue_max_callers", 10)),
        "queue_max_wait_seconds": str(group.get("queue_max_wait_seconds", 120)),
        "active": group.get("active", True),
        "members_log_in_by_default": group.get("members_log_in_by_default", True),
        "service_level": group.get("service_level", "none"),
        "overflow": f"{overflow['kind']}:{overflow['ref']}" if overflow else "",
        "members": {
            m["user_id"]: {"position": str(n + 1), "logged_in": m["logged_in"], "weight": str(m["weight"])}
            for n, m in enumerate(members)
        },
    }


def form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    group_id: Any = None,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    group = backends.routing.call("get_hunt_group", scope(ctx), str(group_id)) if group_id else None
    found = directory(ctx, backends, enterprise)
    values = values if values is not None else _values(group)
    lines = _members_first(found.lines, values["members"])
    return render(
        ctx,
        "routing/hunt_group_form.html",
        help_topic="hunt-groups",
        status=status,
        active="routing",
        enterprise_id=enterprise,
        group=group,
        values=values,
        errors=errors or {},
        lines=lines,
        algorithms=[(k, ctx._(v)) for k, v in ALGORITHMS],
        levels=[(k, ctx._(v)) for k, v in SERVICE_LEVELS],
        overflows=overflow_options(ctx, found, str(group_id) if group_id else None),
    )


def _position(member: dict[str, Any] | None) -> int:
    position = str((member or {}).get("position") or "")
    return int(position) if position.isdigit() else 10_000


def _members_first(lines: list[dict[str, Any]], chosen: dict[str, Any]) -> list[dict[str, Any]]:
    """Members in their order, then the other lines by name."""
    return sorted(lines, key=lambda line: (line["id"] not in chosen, _position(chosen.get(line["id"]))))


def _payload(ctx: RequestContext, found_ids: list[str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    form_ = ctx.request.form
    text = {k: (form_.get(k) or "").strip() for k in form_}
    members: dict[str, dict[str, Any]] = {}
    for user_id in form_.getlist("member"):
        members[user_id] = {
            "position": text.get(f"position-{user_id}", ""),
            "logged_in": checked(ctx, f"logged-in-{user_id}"),
            "weight": text.get(f"weight-{user_id}", "1") or "1",
        }

    def order(item: tuple[str, dict[str, Any]]) -> tuple[int, int]:
        position = str(item[1]["position"])
        return (
            int(position) if position.isdigit() else 10_000,
            found_ids.index(item[0]) if item[0] in found_ids else 0,
        )

    ordered = sorted(members.items(), key=order)
    where = {f"members.{n}": f"member-{user_id}" for n, (user_id, _) in enumerate(ordered)}
    overflow = text.get("overflow", "")
    kind, _, ref = overflow.partition(":")
    values: dict[str, Any] = {
        **{k: text.get(k, "") for k in (*FIELDS, "queue_max_wait_seconds", "service_level", "overflow")},
        "queue_enabled": checked(ctx, "queue_enabled"),
        "active": checked(ctx, "active"),
        "members_log_in_by_default": checked(ctx, "members_log_in_by_default"),
        "members": members,
    }
    payload = {
        "name": values["name"],
        "pilot": values["pilot"] or None,
        "extension": values["extension"] or None,
        "algorithm": values["algorithm"],
        "ring_seconds_per_member": integer(values["ring_seconds_per_member"] or "15"),
        "queue_enabled": values["queue_enabled"],
        "queue_max_callers": integer(values["queue_max_callers"] or "10"),
        "queue_max_wait_seconds": integer(values["queue_max_wait_seconds"] or "120"),
        "overflow": {"kind": kind, "ref": ref} if overflow else None,
        "active": values["active"],
        "members_log_in_by_default": values["members_log_in_by_default"],
        "service_level": values["service_level"] or "none",
        "members": [
            {"user_id": user_id, "logged_in": member["logged_in"], "weight": integer(member["weight"])}
            for user_id, member in ordered
        ],
    }
    return values, payload, where


def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, group_id: Any = None) -> Response:
    enterprise = str(enterprise_id)
    found_ids = [line["id"] for line in directory(ctx, backends, enterprise).lines]
    values, payload, where = _payload(ctx, found_ids)
    try:
        if group_id:
            backends.routing.call("update_hunt_group", scope(ctx), str(group_id), payload)
        else:
            backends.routing.call("create_hunt_group", scope(ctx), enterprise, payload)
    except ValidationFailed as exc:
        errors: Errors = {}
        for name, messages in routing_errors(ctx, exc).items():
            key = ".".join(name.split(".")[:2])
            errors.setdefault(where.get(key, "overflow" if name == "overflow.ref" else name), []).extend(messages)
        return form(ctx, backends, enterprise, group_id, values=values, errors=errors, status=422)
    return go(ctx, f"/enterprises/{enterprise}/hunt-groups", saved="saved" if group_id else "created")


def new(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return form(ctx, backends, enterprise_id)


def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return save(ctx, backends, enterprise_id)


def delete(ctx: RequestContext, backends: Backends, enterprise_id: Any, group_id: Any) -> Response:
    backends.routing.call("delete_hunt_group", scope(ctx), str(group_id))
    return go(ctx, f"/enterprises/{enterprise_id}/hunt-groups", saved="deleted")


PAGES = [
    Page("GET", "/enterprises/<uuid:enterprise_id>/hunt-groups", index),
    Page("GET", "/enterprises/<uuid:enterprise_id>/hunt-groups/new", new),
    Page("POST", "/enterprises/<uuid:enterprise_id>/hunt-groups", create),
    Page("GET", "/enterprises/<uuid:enterprise_id>/hunt-groups/<uuid:group_id>", form),
    Page("POST", "/enterprises/<uuid:enterprise_id>/hunt-groups/<uuid:group_id>", save),
    Page("POST", "/enterprises/<uuid:enterprise_id>/hunt-groups/<uuid:group_id>/delete", delete),
]
