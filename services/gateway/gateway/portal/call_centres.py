"""Call centres (RTE-09, guide 002 §6.5): agents who join and leave, a queue for the calls nobody can take at once,
music for the callers waiting, a routing policy, and where calls go when the centre cannot take them."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.hunt_groups import ALGORITHMS
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

FIELDS = ("name", "extension", "policy", "max_wait_seconds", "queue_max_callers", "music", "overflow")
NOTICES = {
    "created": N_("The call centre is created."),
    "saved": N_("The call centre is saved."),
    "deleted": N_("The call centre is deleted."),
    "joined": N_("The agent has joined the call centre."),
    "left": N_("The agent has left the call centre."),
}


def _base(enterprise: str) -> str:
    return f"/enterprises/{enterprise}/call-centres"


def index(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    centres = backends.routing.call("list_call_centres", scope(ctx), enterprise)
    notice = ctx.request.args.get("saved", "")
    return render(ctx, "group_services/call_centres.html", active="groupservices", enterprise_id=enterprise,
                  centres=centres, policies=dict(ALGORITHMS),
                  notice=ctx._(NOTICES[notice]) if notice in NOTICES else None)  # fmt: skip


def _values(centre: dict[str, Any] | None) -> dict[str, Any]:
    centre = centre or {}
    overflow = centre.get("overflow")
    return {
        "name": centre.get("name", ""),
        "active": centre.get("active", True),
        "extension": centre.get("extension") or "",
        "policy": centre.get("policy", "circular"),
        "max_wait_seconds": str(centre.get("max_wait_seconds", 300)),
        "queue_max_callers": str(centre.get("queue_max_callers", 10)),
        "music": centre.get("music") or "",
        "overflow": f"{overflow['kind']}:{overflow['ref']}" if overflow else "",
        "agents_join_by_default": centre.get("agents_join_by_default", True),
        "agents": {a["user_id"]: a["joined"] for a in centre.get("agents") or []},
    }


def form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    centre_id: Any = None,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    centre = backends.routing.call("get_call_centre", scope(ctx), str(centre_id)) if centre_id else None
    found = directory(ctx, backends, enterprise)
    values = values if values is not None else _values(centre)
    lines = sorted(found.lines, key=lambda line: line["id"] not in values["agents"])
    return render(ctx, "group_services/call_centre_form.html", status=status, active="groupservices",
                  enterprise_id=enterprise, centre=centre, values=values, errors=errors or {}, lines=lines,
                  policies=[(k, ctx._(v)) for k, v in ALGORITHMS], overflows=overflow_options(ctx, found))  # fmt: skip


def _payload(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any]]:
    form_ = ctx.request.form
    text = {k: (form_.get(k) or "").strip() for k in form_}
    agents = {user_id: checked(ctx, f"joined-{user_id}") for user_id in form_.getlist("agent")}
    values: dict[str, Any] = {
        **{k: text.get(k, "") for k in FIELDS},
        "active": checked(ctx, "active"),
        "agents_join_by_default": checked(ctx, "agents_join_by_default"),
        "agents": agents,
    }
    kind, _, ref = values["overflow"].partition(":")
    payload = {
        "name": values["name"],
        "active": values["active"],
        "extension": values["extension"] or None,
        "policy": values["policy"],
        "max_wait_seconds": integer(values["max_wait_seconds"] or "300"),
        "queue_max_callers": integer(values["queue_max_callers"] or "10"),
        "music": values["music"] or None,
        "overflow": {"kind": kind, "ref": ref} if values["overflow"] else None,
        "agents_join_by_default": values["agents_join_by_default"],
        "agents": [{"user_id": user_id, "joined": joined} for user_id, joined in agents.items()],
    }
    return values, payload


def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, centre_id: Any = None) -> Response:
    enterprise = str(enterprise_id)
    values, payload = _payload(ctx)
    try:
        if centre_id:
            backends.routing.call("update_call_centre", scope(ctx), str(centre_id), payload)
        else:
            backends.routing.call("create_call_centre", scope(ctx), enterprise, payload)
    except ValidationFailed as exc:
        errors: Errors = {}
        for name, messages in routing_errors(ctx, exc).items():
            errors.setdefault(name.split(".")[0], []).extend(messages)
        return form(ctx, backends, enterprise, centre_id, values=values, errors=errors, status=422)
    return go(ctx, _base(enterprise), saved="saved" if centre_id else "created")


def new(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return form(ctx, backends, enterprise_id)


def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return save(ctx, backends, enterprise_id)


def delete(ctx: RequestContext, backends: Backends, enterprise_id: Any, centre_id: Any) -> Response:
    backends.routing.call("delete_call_centre", scope(ctx), str(centre_id))
    return go(ctx, _base(str(enterprise_id)), saved="deleted")


def _agent(joined: bool) -> Any:
    def view(ctx: RequestContext, backends: Backends, enterprise_id: Any, centre_id: Any, user_id: Any) -> Response:
        backends.routing.call("set_call_centre_agent", scope(ctx), str(centre_id), str(user_id), {"joined": joined})
        return go(ctx, f"{_base(str(enterprise_id))}/{centre_id}", saved="joined" if joined else "left")

    view.__name__ = "agent_joins" if joined else "agent_leaves"
    return view


BASE = "/enterprises/<uuid:enterprise_id>/call-centres"
PAGES = [
    Page("GET", BASE, index),
    Page("GET", f"{BASE}/new", new),
    Page("POST", BASE, create),
    Page("GET", f"{BASE}/<uuid:centre_id>", form),
    Page("POST", f"{BASE}/<uuid:centre_id>", save),
    Page("POST", f"{BASE}/<uuid:centre_id>/delete", delete),
    Page("POST", f"{BASE}/<uuid:centre_id>/agents/<uuid:user_id>/join", _agent(True)),
    Page("POST", f"{BASE}/<uuid:centre_id>/agents/<uuid:user_id>/leave", _agent(False)),
]
