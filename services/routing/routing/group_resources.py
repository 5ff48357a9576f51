"""The group services managed object by object (RTE-07, RTE-09..12): their schema and tables, and what the RPCs
check beyond the schema (members are lines of the enterprise, a line sits in one pickup or series group)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from routing import group_schemas as schemas
from routing.resources import Resource, Row, _ids, flatten_targets, nest_targets
from routing.storage import ChildTable, TableSpec


@dataclass(frozen=True)
class GroupService:
    resource: Resource
    member_fields: tuple[str, ...] = ()
    """Payload fields holding line ids, each of which must be a line of the enterprise."""
    exclusive: bool = False
    """A line may belong to one group of this kind only."""
    plural: str = ""

    @property
    def name(self) -> str:
        return self.resource.name


def _night_row(payload: Row) -> Row:
    return _ids(flatten_targets(payload, ("target",)))


def _centre_row(payload: Row) -> Row:
    row = _ids(flatten_targets(payload, ("overflow",)))
    row["agents"] = [_ids(a) for a in payload["agents"]]
    return row


def _members_row(*names: str) -> Any:
    """Member lists stay uuid.UUID values, which psycopg2 sends as uuid[]."""

    def to_row(payload: Row) -> Row:
        return {**_ids(payload), **{name: list(payload[name]) for name in names}}

    return to_row


NIGHT_FORWARDING = GroupService(
    Resource(
        "night_forwarding",
        schemas.NightForwardingSchema,
        TableSpec(
            "night_forwarding",
            ("name", "target_kind", "target_ref", "mode", "business_schedule_id", "holiday_schedule_id", "user_ids"),
        ),
        to_row=_night_row,
        from_row=lambda row: nest_targets(row, ("target",)),
        schedule_refs=lambda p: [p["business_schedule_id"], p["holiday_schedule_id"]],
    ),
    member_fields=("user_ids",),
    plural="night_forwardings",
)
CALL_CENTRE = GroupService(
    Resource(
        "call_centre",
        schemas.CallCentreSchema,
        TableSpec(
            "call_centres",
            (
                "name",
                "active",
                "extension",
                "policy",
                "max_wait_seconds",
                "queue_max_callers",
                "music",
                "overflow_kind",
                "overflow_ref",
                "agents_join_by_default",
            ),
            (ChildTable("call_centre_agents", "agents", "centre_id", ("user_id", "joined"), positioned=True),),
        ),
        to_row=_centre_row,
        from_row=lambda row: nest_targets(row, ("overflow",)),
    ),
    member_fields=("agents",),
    plural="call_centres",
)
PICKUP_GROUP = GroupService(
    Resource(
        "pickup_group",
        schemas.PickupGroupSchema,
        TableSpec("pickup_groups", ("name", "member_user_ids")),
        to_row=_members_row("member_user_ids"),
    ),
    member_fields=("member_user_ids",),
    exclusive=True,
    plural="pickup_groups",
)
PARK_GROUP = GroupService(
    Resource(
        "park_group",
        schemas.ParkGroupSchema,
        TableSpec("park_groups", ("name", "member_user_ids", "recall_seconds")),
        to_row=_members_row("member_user_ids"),
    ),
    member_fields=("member_user_ids",),
    exclusive=True,
    plural="park_groups",
)
PAGING_GROUP = GroupService(
    Resource(
        "paging_group",
        schemas.PagingGroupSchema,
        TableSpec("paging_groups", ("name", "active", "extension", "member_user_ids", "originator_user_ids")),
        to_row=_members_row("member_user_ids", "originator_user_ids"),
    ),
    member_fields=("member_user_ids", "originator_user_ids"),
    plural="paging_groups",
)
INSTANT_GROUP_CALL = GroupService(
    Resource(
        "instant_group_call",
        schemas.InstantGroupCallSchema,
        TableSpec(
            "instant_group_calls",
            ("name", "active", "extension", "member_user_ids", "external_numbers", "answer_confirmation"),
        ),
        to_row=_members_row("member_user_ids"),
    ),
    member_fields=("member_user_ids",),
    plural="instant_group_calls",
)
SERIES_COMPLETION = GroupService(
    Resource(
        "series_completion",
        schemas.SeriesCompletionSchema,
        TableSpec("series_completions", ("name", "member_user_ids")),
        to_row=_members_row("member_user_ids"),
    ),
    member_fields=("member_user_ids",),
    exclusive=True,
    plural="series_completions",
)
SPEED_CODE = GroupService(
    Resource(
        "speed_code",
        schemas.SpeedCodeSchema,
        TableSpec("speed_codes", ("code", "number", "name", "department_id")),
    ),
    plural="speed_codes",
)

GROUP_SERVICES = (
    NIGHT_FORWARDING,
    CALL_CENTRE,
    PICKUP_GROUP,
    PARK_GROUP,
    PAGING_GROUP,
    INSTANT_GROUP_CALL,
    SERIES_COMPLETION,
    SPEED_CODE,
)
