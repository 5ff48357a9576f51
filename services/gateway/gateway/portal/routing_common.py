"""What the routing screens share (RTE-01..08, 18): the caller's scope, the enterprise's directory of things a
call can be sent to (lines by extension, hunt groups, auto attendants), and routing's field errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gateway.backends import Backends
from gateway.i18n import N_, translate_field_errors
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed

Errors = dict[str, list[str]]

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


@dataclass
class Directory:
    """The enterprise's lines (with their extensions), hunt groups and auto attendants, to choose targets from."""

    lines: list[dict[str, Any]] = field(default_factory=list)  # {id, name, extension}
    hunt_groups: list[dict[str, Any]] = field(default_factory=list)
    auto_attendants: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)

    @property
    def extensions(self) -> list[tuple[str, str]]:
        """(extension, label) of everything with an extension, by number."""
        found = [(line["extension"], line["name"]) for line in self.lines if line["extension"]]
        found += [(g["extension"], g["name"]) for g in self.hunt_groups + self.auto_attendants if g.get("extension")]
        return sorted(found, key=lambda pair: (len(pair[0]), pair[0]))

    def line_name(self, user_id: str) -> str:
        return next((line["name"] for line in self.lines if line["id"] == user_id), user_id)


def directory(ctx: RequestContext, backends: Backends, enterprise_id: str, *, schedules: bool = False) -> Directory:
    routing_scope = scope(ctx)
    found = Directory()
    found.hunt_groups = list(backends.routing.call("list_hunt_groups", routing_scope, enterprise_id))
    found.auto_attendants = list(backends.routing.call("list_auto_attendants", routing_scope, enterprise_id))
    if schedules:
        found.schedules = list(backends.routing.call("list_schedules", routing_scope, enterprise_id))
    found.lines = _lines(ctx, backends, enterprise_id)
    return found


def overflow_options(ctx: RequestContext, found: Directory, skip_group: str | None = None) -> list[tuple[str, str]]:
    """Where a hunt group's or call centre's overflow can send a call (a group never overflows into itself)."""
    options = [("", ctx._("None: the caller hears busy"))]
    options += [(f"voicemail:{line['id']}", f"{ctx._('Voicemail of')} {line['name']}") for line in found.lines]
    options += [(f"user:{line['id']}", f"{line['name']} ({line['extension'] or '—'})") for line in found.lines]
    options += [
        (f"hunt_group:{g['id']}", f"{ctx._('Hunt group')}: {g['name']}")
        for g in found.hunt_groups
        if g["id"] != skip_group
    ]
    options += [(f"auto_attendant:{a['id']}", f"{ctx._('Auto attendant')}: {a['name']}") for a in found.auto_attendants]
    return options


def enterprise_lines(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[dict[str, Any]]:
    """The enterprise's lines {id, name, extension}, by name; none when the caller may not list them."""
    return _lines(ctx, backends, enterprise_id)


def _lines(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[dict[str, Any]]:
    try:
        extensions = backends.accounts.call("list_extensions", ctx.caller, enterprise_id)
        users = backends.accounts.call("list_users_of", ctx.caller, enterprise_id)
    except (NotFound, PermissionDenied):
        return []
    by_user = {str(e["user_id"]): e["number"] for e in extensions if e.get("user_id")}
    lines = [
        {"id": str(u["id"]), "name": u["display_name"], "extension": by_user.get(str(u["id"]))}
        for u in users
        if u.get("account_kind") != "administrator"
    ]
    return sorted(lines, key=lambda line: str(line["name"]).lower())


def routing_errors(ctx: RequestContext, exc: ValidationFailed) -> Errors:
    return translate_field_errors(ctx.language, exc.field_errors)


def checked(ctx: RequestContext, name: str) -> bool:
    return ctx.request.form.get(name) in ("on", "true", "1")


def integer(value: str) -> int | str:
    """Digits as a number; anything else goes on as typed so routing names the mistake with the other fields."""
    return int(value) if value.strip().isdigit() else value


def time_zone_of(ctx: RequestContext, backends: Backends, enterprise_id: str) -> str:
    """The enterprise's time zone, in which its schedules and the tracer's times are read (RTE-07)."""
    try:
        customer = backends.accounts.call("get_customer", ctx.caller, enterprise_id)
    except (NotFound, PermissionDenied):
        return "America/Toronto"
    return str(customer.get("time_zone") or "America/Toronto")
