"""The configuration objects the RPCs manage: their payload schema, their tables, and the mapping between the
two (targets are ``{"kind", "ref"}`` in payloads and ``<name>_kind`` / ``<name>_ref`` columns in tables)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from marshmallow import Schema

from routing import config_schemas as schemas
from routing.storage import ChildTable, TableSpec

Row = dict[str, Any]


def plain(value: Any) -> Any:
    """Values read from PostgreSQL as JSON values."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _ids(row: Row) -> Row:
    return {k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in row.items()}


def flatten_targets(payload: Row, names: tuple[str, ...]) -> Row:
    row = dict(payload)
    for name in names:
        value = row.pop(name, None)
        row[f"{name}_kind"] = value["kind"] if value else None
        row[f"{name}_ref"] = value["ref"] if value else None
    return row


def nest_targets(row: Row, names: tuple[str, ...]) -> Row:
    out = dict(row)
    for name in names:
        kind, ref = out.pop(f"{name}_kind", None), out.pop(f"{name}_ref", None)
        out[name] = {"kind": kind, "ref": ref} if kind else None
    return out


@dataclass(frozen=True)
class Resource:
    name: str
    schema: type[Schema]
    spec: TableSpec
    to_row: Callable[[Row], Row] = _ids
    from_row: Callable[[Row], Row] = lambda row: row
    schedule_refs: Callable[[Row], list[Any]] = field(default=lambda payload: [])
    """The schedules the payload names, which must belong to the same enterprise."""


def _hunt_group_row(payload: Row) -> Row:
    row = _ids(flatten_targets(payload, ("overflow",)))
    row["members"] = [_ids(m) for m in payload["members"]]
    return row


def _schedule_row(payload: Row) -> Row:
    row = dict(payload)
    row["weekly"] = [
        {"weekday": h["weekday"], "start_time": h["start"], "end_time": h["end"]} for h in payload["weekly"]
    ]
    row["holidays"] = [
        {"name": h["name"], "start_date": h["start"], "end_date": h["end"], "yearly": h["yearly"]}
        for h in payload["holidays"]
    ]
    return row


def _schedule_out(row: Row) -> Row:
    out = dict(row)
    out["weekly"] = [{"weekday": h["weekday"], "start": h["start_time"], "end": h["end_time"]} for h in row["weekly"]]
    out["holidays"] = [
        {"name": h["name"], "start": h["start_date"], "end": h["end_date"], "yearly": h["yearly"]}
        for h in row["holidays"]
    ]
    return out


def _forwarding_row(payload: Row) -> Row:
    simultaneous = payload["simultaneous"] or {"numbers": [], "enabled": False, "screening": False}
    return {
        "ring_seconds": payload["ring_seconds"],
        "straight_to_voicemail": payload["straight_to_voicemail"],
        "simultaneous_numbers": simultaneous["numbers"],
        "simultaneous_enabled": simultaneous["enabled"],
        "simultaneous_screening": simultaneous["screening"],
        "rules": [
            {
                "condition": condition,
                "enabled": rule["enabled"],
                **flatten_targets({"target": rule["target"]}, ("target",)),
            }
            for condition in ("always", "busy", "no_answer", "unreachable")
            if (rule := payload[condition]) is not None
        ],
        "selective": [_ids(flatten_targets(s, ("target",))) for s in payload["selective"]],
    }


def _forwarding_out(row: Row) -> Row:
    rules = {r["condition"]: r for r in row["rules"]}
    out: Row = {
        "user_id": row["user_id"],
        "tenant_id": row["tenant_id"],
        "ring_seconds": row["ring_seconds"],
        "straight_to_voicemail": row["straight_to_voicemail"],
        "simultaneous": {
            "numbers": row["simultaneous_numbers"],
            "enabled": row["simultaneous_enabled"],
            "screening": row["simultaneous_screening"],
        }
        if row["simultaneous_numbers"]
        else None,
        "selective": [nest_targets(s, ("target",)) for s in row["selective"]],
    }
    for condition in ("always", "busy", "no_answer", "unreachable"):
        rule = rules.get(condition)
        out[condition] = (
            {
                "enabled": rule["enabled"],
                **nest_targets({k: rule[k] for k in ("target_kind", "target_ref")}, ("target",)),
            }
            if rule
            else None
        )
    return out


def _attendant_row(payload: Row) -> Row:
    return _ids(flatten_targets(payload, ("operator",)))


RESTRICTION_RULE = Resource(
    "restriction_rule",
    schemas.RestrictionRuleSchema,
    TableSpec("restriction_rules", ("level", "owner_id", "match", "value", "allow", "per_user", "name")),
)
PHONE_ZONE = Resource("phone_zone", schemas.PhoneZoneSchema, TableSpec("phone_zones", ("name", "area_codes")))
SCHEDULE = Resource(
    "schedule",
    schemas.ScheduleSchema,
    TableSpec(
        "schedules",
        ("name",),
        (
            ChildTable("schedule_hours", "weekly", "schedule_id", ("weekday", "start_time", "end_time")),
            ChildTable(
                "schedule_holidays",
                "holidays",
                "schedule_id",
                ("name", "start_date", "end_date", "yearly"),
                positioned=True,
            ),
        ),
    ),
    to_row=_schedule_row,
    from_row=_schedule_out,
)
HUNT_GROUP = Resource(
    "hunt_group",
    schemas.HuntGroupSchema,
    TableSpec(
        "hunt_groups",
        (
            "name",
            "pilot",
            "extension",
            "algorithm",
            "ring_seconds_per_member",
            "queue_enabled",
            "queue_max_callers",
            "queue_max_wait_seconds",
            "queue_music",
            "overflow_kind",
            "overflow_ref",
            "active",
            "members_log_in_by_default",
            "service_level",
        ),
        (ChildTable("hunt_group_members", "members", "group_id", ("user_id", "logged_in", "weight"), positioned=True),),
    ),
    to_row=_hunt_group_row,
    from_row=lambda row: nest_targets(row, ("overflow",)),
)
AUTO_ATTENDANT = Resource(
    "auto_attendant",
    schemas.AutoAttendantSchema,
    TableSpec(
        "auto_attendants",
        (
            "name",
            "active",
            "extension",
            "business_hours_menu",
            "after_hours_menu",
            "business_schedule_id",
            "holiday_schedule_id",
            "simple_menu",
            "operator_kind",
            "operator_ref",
            "max_attempts",
        ),
        (
            ChildTable(
                "attendant_menus",
                "menus",
                "attendant_id",
                ("menu", "prompt", "timeout_seconds"),
                children=(
                    ChildTable(
                        "attendant_menu_keys", "keys", "attendant_id", ("key", "action", "ref"), inherit=("menu",)
                    ),
                ),
            ),
        ),
    ),
    to_row=_attendant_row,
    from_row=lambda row: nest_targets(row, ("operator",)),
    schedule_refs=lambda p: [p["business_schedule_id"], p["holiday_schedule_id"]],
)
FORWARDING = Resource(
    "forwarding",
    schemas.ForwardingSchema,
    TableSpec(
        "line_forwarding",
        (
            "ring_seconds",
            "straight_to_voicemail",
            "simultaneous_numbers",
            "simultaneous_enabled",
            "simultaneous_screening",
        ),
        (
            ChildTable("forwarding_rules", "rules", "user_id", ("condition", "target_kind", "target_ref", "enabled")),
            ChildTable(
                "selective_forwards",
                "selective",
                "user_id",
                ("callers", "target_kind", "target_ref", "enabled", "business_schedule_id"),
                positioned=True,
            ),
        ),
        key="user_id",
    ),
    to_row=_forwarding_row,
    from_row=_forwarding_out,
    schedule_refs=lambda p: [s["business_schedule_id"] for s in p["selective"]],
)
