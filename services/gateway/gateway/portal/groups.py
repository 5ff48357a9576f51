"""Group services made of lines (guide 002 §6.1-6.14, guide 004 "Groupes de prise d'appel"): night forwarding of a
group (RTE-07), pickup and park groups (RTE-10), paging groups, instant group calls and series completion (RTE-11),
each a list, an add/edit form and a delete; and the hub listing every group service of the enterprise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, checked, directory, integer, routing_errors
from gateway.rendering import render
from gateway.routing_scope import is_routing_admin, scope
from gateway.web import RequestContext
from relais_kit.errors import NotFound, ValidationFailed


@dataclass(frozen=True)
class Kind:
    slug: str  # in the portal's paths
    name: str  # routing's RPC names: create_<name>, …
    plural: str  # list_<plural>
    title: str
    add: str
    intro: str
    empty: str
    extras: tuple[str, ...] = ()  # the form's fields beyond name and members
    members_field: str = "member_user_ids"
    members_label: str = N_("Members")
    ordered: bool = False  # members in the order they are tried
    originators: bool = False  # paging: who may page


KINDS = (
    Kind(
        "night-forwarding", "night_forwarding", "night_forwardings", N_("Group night forwarding"),
        N_("Add a night forwarding"),
        N_("Calls to the chosen lines go to one number, by hand (on or off) or automatically outside business hours "
           "or on holidays."),
        N_("No night forwarding yet"),
        extras=("target_number", "mode", "business_schedule_id", "holiday_schedule_id"),
        members_field="user_ids", members_label=N_("Lines whose calls are forwarded"),
    ),
    Kind(
        "pickup-groups", "pickup_group", "pickup_groups", N_("Call pickup groups"), N_("Add a pickup group"),
        N_("Members answer, on their own phone, any line of the group that is ringing."),
        N_("No pickup group yet"),
    ),
    Kind(
        "park-groups", "park_group", "park_groups", N_("Call park groups"), N_("Add a park group"),
        N_("Members park calls on the group; anyone in the group picks them up, and a call left parked rings back."),
        N_("No park group yet"),
        extras=("recall_seconds",),
    ),
    Kind(
        "paging-groups", "paging_group", "paging_groups", N_("Paging groups"), N_("Add a paging group"),
        N_("One call is heard on the speaker of every phone of the group."),
        N_("No paging group yet"),
        extras=("active", "extension"), members_label=N_("Phones paged"), originators=True,
    ),
    Kind(
        "instant-group-calls", "instant_group_call", "instant_group_calls", N_("Instant group calls"),
        N_("Add an instant group call"),
        N_("One call rings a group of users, and outside numbers, all at once."),
        N_("No instant group call yet"),
        extras=("active", "extension", "external_numbers", "answer_confirmation"),
    ),
    Kind(
        "series-completions", "series_completion", "series_completions", N_("Series completion"),
        N_("Add a series completion"),
        N_("When a line is busy, its calls go to the next free line of the series, in order."),
        N_("No series completion yet"),
        members_label=N_("Lines of the series, in order"), ordered=True,
    ),
)  # fmt: skip
BY_SLUG = {kind.slug: kind for kind in KINDS}
MODES = (
    ("off", N_("Off")),
    ("on", N_("On, whatever the time")),
    ("scheduled", N_("By schedule: outside business hours and on holidays")),
)
NOTICES = {"created": N_("Created."), "saved": N_("Saved."), "deleted": N_("Deleted.")}


def hub(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    """Guide 002 §6.1: every group service of the enterprise, with how many it has of each."""
    enterprise, routing_scope = str(enterprise_id), scope(ctx)
    counts = {
        plural: len(backends.routing.call(f"list_{plural}", routing_scope, enterprise))
        for plural in (*(k.plural for k in KINDS), "call_centres", "speed_codes")
    }
    return render(ctx, "group_services/hub.html", active="groupservices", enterprise_id=enterprise, kinds=KINDS,
                  counts=counts)  # fmt: skip


def own(ctx: RequestContext, backends: Backends) -> Response:
    profile = ctx.profile
    if profile.get("tenant_kind") in ("enterprise", "professional") and is_routing_admin(profile):
        return go(ctx, f"/enterprises/{profile['tenant_id']}/group-services")
    raise NotFound("enterprise")


def _values(kind: Kind, item: dict[str, Any] | None) -> dict[str, Any]:
    item = item or {}
    target = item.get("target") or {}
    members = item.get(kind.members_field) or []
    return {
        "name": item.get("name", ""),
        "recall_seconds": str(item.get("recall_seconds", 120)),
        "active": item.get("active", True),
        "extension": item.get("extension") or "",
        "external_numbers": "\n".join(item.get("external_numbers") or []),
        "answer_confirmation": item.get("answer_confirmation", False),
        "target_number": target.get("ref", ""),
        "mode": item.get("mode", "off"),
        "business_schedule_id": item.get("business_schedule_id") or "",
        "holiday_schedule_id": item.get("holiday_schedule_id") or "",
        "members": {user_id: str(n + 1) for n, user_id in enumerate(members)},
        "originators": set(item.get("originator_user_ids") or []),
    }


def _payload(ctx: RequestContext, kind: Kind) -> tuple[dict[str, Any], dict[str, Any]]:
    form_ = ctx.request.form
    text = {k: (form_.get(k) or "").strip() for k in form_}
    chosen = {u: text.get(f"position-{u}", "") for u in form_.getlist("member")}
    ordered = sorted(chosen, key=lambda u: int(chosen[u]) if chosen[u].isdigit() else 10_000)
    values = {
        **_values(kind, None),
        **{k: text.get(k, "") for k in ("name", "recall_seconds", "extension", "external_numbers", "target_number",
                                         "mode", "business_schedule_id", "holiday_schedule_id")},
        "active": checked(ctx, "active"),
        "answer_confirmation": checked(ctx, "answer_confirmation"),
        "members": chosen,
        "originators": set(form_.getlist("originator")),
    }  # fmt: skip
    payload: dict[str, Any] = {"name": values["name"], kind.members_field: ordered}
    extras = set(kind.extras)
    if "recall_seconds" in extras:
        payload["recall_seconds"] = integer(values["recall_seconds"] or "120")
    if "active" in extras:
        payload["active"] = values["active"]
    if "extension" in extras:
        payload["extension"] = values["extension"] or None
    if "external_numbers" in extras:
        payload["external_numbers"] = [n.strip() for n in values["external_numbers"].splitlines() if n.strip()]
        payload["answer_confirmation"] = values["answer_confirmation"]
    if "target_number" in extras:
        payload["target"] = {"kind": "number", "ref": values["target_number"]}
        payload["mode"] = values["mode"]
        payload["business_schedule_id"] = values["business_schedule_id"] or None
        payload["holiday_schedule_id"] = values["holiday_schedule_id"] or None
    if kind.originators:
        payload["originator_user_ids"] = sorted(values["originators"])
    return values, payload


def _errors(ctx: RequestContext, kind: Kind, exc: ValidationFailed) -> Errors:
    errors: Errors = {}
    for name, messages in routing_errors(ctx, exc).items():
        field = name.split(".")[0]
        field = {
            kind.members_field: "members",
            "originator_user_ids": "originators",
            "target": "target_number",
            "schedule": "business_schedule_id",
        }.get(field, field)
        errors.setdefault(field, []).extend(messages)
    return errors


def _views(kind: Kind) -> list[Page]:
    base = f"/enterprises/<uuid:enterprise_id>/{kind.slug}"

    def index(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
        enterprise = str(enterprise_id)
        items = backends.routing.call(f"list_{kind.plural}", scope(ctx), enterprise)
        notice = ctx.request.args.get("saved", "")
        return render(ctx, "group_services/groups.html", active="groupservices", enterprise_id=enterprise, kind=kind,
                      items=items, modes=dict(MODES), members_field=kind.members_field,
                      notice=ctx._(NOTICES[notice]) if notice in NOTICES else None)  # fmt: skip

    def form(
        ctx: RequestContext,
        backends: Backends,
        enterprise_id: Any,
        object_id: Any = None,
        *,
        values: dict[str, Any] | None = None,
        errors: Errors | None = None,
        status: int = 200,
    ) -> Response:
        enterprise = str(enterprise_id)
        item = backends.routing.call(f"get_{kind.name}", scope(ctx), str(object_id)) if object_id else None
        found = directory(ctx, backends, enterprise, schedules="mode" in kind.extras)
        values = values if values is not None else _values(kind, item)
        chosen = values["members"]
        lines = sorted(found.lines, key=lambda line: (line["id"] not in chosen, _order(chosen.get(line["id"]))))
        schedules = [("", ctx._("None"))] + [(s["id"], s["name"]) for s in found.schedules]
        return render(ctx, "group_services/group_form.html", status=status, active="groupservices",
                      enterprise_id=enterprise, kind=kind, item=item, values=values, errors=errors or {}, lines=lines,
                      modes=[(k, ctx._(v)) for k, v in MODES], schedules=schedules)  # fmt: skip

    def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, object_id: Any = None) -> Response:
        enterprise = str(enterprise_id)
        values, payload = _payload(ctx, kind)
        try:
            if object_id:
                backends.routing.call(f"update_{kind.name}", scope(ctx), str(object_id), payload)
            else:
                backends.routing.call(f"create_{kind.name}", scope(ctx), enterprise, payload)
        except ValidationFailed as exc:
            return form(ctx, backends, enterprise, object_id, values=values, errors=_errors(ctx, kind, exc), status=422)
        return go(ctx, f"/enterprises/{enterprise}/{kind.slug}", saved="saved" if object_id else "created")

    def new(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
        return form(ctx, backends, enterprise_id)

    def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
        return save(ctx, backends, enterprise_id)

    def delete(ctx: RequestContext, backends: Backends, enterprise_id: Any, object_id: Any) -> Response:
        backends.routing.call(f"delete_{kind.name}", scope(ctx), str(object_id))
        return go(ctx, f"/enterprises/{enterprise_id}/{kind.slug}", saved="deleted")

    views: list[tuple[str, str, Callable[..., Response]]] = [
        ("GET", base, index),
        ("GET", f"{base}/new", new),
        ("POST", base, create),
        ("GET", f"{base}/<uuid:object_id>", form),
        ("POST", f"{base}/<uuid:object_id>", save),
        ("POST", f"{base}/<uuid:object_id>/delete", delete),
    ]
    pages = []
    for method, rule, view in views:
        view.__name__ = f"{kind.name}_{view.__name__}"  # entrypoint names must differ from kind to kind
        pages.append(Page(method, rule, view))
    return pages


def _order(position: str | None) -> int:
    return int(position) if position and position.isdigit() else 10_000


PAGES = [
    Page("GET", "/group-services", own),
    Page("GET", "/enterprises/<uuid:enterprise_id>/group-services", hub),
    *(page for kind in KINDS for page in _views(kind)),
]
