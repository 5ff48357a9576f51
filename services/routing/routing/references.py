"""What a configuration object names must exist in its enterprise (RTE-04..08): menu keys, operators, overflow
destinations, forwarding targets and hunt group members point at lines, groups and extensions that are there now.

Checked against the enterprise's current snapshot (the engine's view), so what is accepted is what calls can
reach. Every mistake is reported at once, each under the field that holds it; nothing is saved when one is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from relais_kit.errors import ValidationFailed
from relais_kit.validation import Msg
from routing.engine import MenuAction, Snapshot, TargetKind
from routing.resources import AUTO_ATTENDANT, FORWARDING, HUNT_GROUP, Resource, Row
from routing.storage import RoutingStore

MAX_ACD_GROUPS = 10
"""Guide 004: automatic call distribution for at most ten hunt groups of an enterprise."""
SHORT_NUMBER = re.compile(r"^[0-9]{1,6}$")
SERVICE_CODE = re.compile(r"^[2-9]11$")
FORWARD_CONDITIONS = ("always", "busy", "no_answer", "unreachable")

Errors = dict[str, list[dict[str, Any]]]


def _add(errors: Errors, field: str, message: Msg, **params: Any) -> None:
    errors.setdefault(field, []).append({"msgid": message.msgid, "params": params})


def is_extension_like(snapshot: Snapshot, dialled: str) -> bool:
    """A short all-digit number that is not a service or emergency code: it can only mean an extension."""
    return (
        SHORT_NUMBER.match(dialled) is not None
        and SERVICE_CODE.match(dialled) is None
        and dialled not in snapshot.emergency.extra_numbers
    )


def _check_dialled(snapshot: Snapshot, errors: Errors, field: str, dialled: str) -> None:
    if is_extension_like(snapshot, dialled) and dialled not in snapshot.extensions:
        _add(errors, field, Msg("Extension {extension} does not exist in this enterprise."), extension=dialled)


def _exists(snapshot: Snapshot, kind: str, ref: str) -> bool:
    lookups: dict[str, Callable[[str], object]] = {
        TargetKind.USER: snapshot.users_by_id.get,
        TargetKind.VOICEMAIL: snapshot.users_by_id.get,
        TargetKind.HUNT_GROUP: snapshot.hunt_groups_by_id.get,
        TargetKind.AUTO_ATTENDANT: snapshot.auto_attendants_by_id.get,
        TargetKind.CALL_CENTRE: snapshot.call_centres_by_id.get,
        TargetKind.PAGING_GROUP: snapshot.paging_groups_by_id.get,
        TargetKind.INSTANT_GROUP_CALL: snapshot.instant_group_calls_by_id.get,
    }
    lookup = lookups.get(kind)
    return lookup is None or lookup(ref) is not None


def check_target(snapshot: Snapshot, errors: Errors, field: str, target: Row | None) -> None:
    if not target:
        return
    if target["kind"] == TargetKind.NUMBER:
        _check_dialled(snapshot, errors, f"{field}.ref", target["ref"])
    elif not _exists(snapshot, target["kind"], target["ref"]):
        _add(errors, f"{field}.ref", Msg("Nothing of this kind with this id in this enterprise."))


def _attendant(store: RoutingStore, snapshot: Snapshot, errors: Errors, data: Row, object_id: str | None) -> None:
    for m, menu in enumerate(data["menus"]):
        for k, key in enumerate(menu["keys"]):
            field = f"menus.{m}.keys.{k}.ref"
            if key["action"] == MenuAction.TRANSFER:
                _check_dialled(snapshot, errors, field, key["ref"])
            elif key["action"] == MenuAction.VOICEMAIL:
                target = snapshot.extensions.get(key["ref"])
                user_ref = target.ref if target is not None and target.kind is TargetKind.USER else key["ref"]
                if user_ref not in snapshot.users_by_id:
                    _add(errors, field, Msg("No line with this extension in this enterprise."))
    check_target(snapshot, errors, "operator", data["operator"])
    _own_extension(snapshot, errors, data.get("extension"), object_id)


def _own_extension(snapshot: Snapshot, errors: Errors, extension: str | None, object_id: str | None) -> None:
    holder = snapshot.extensions.get(extension) if extension else None
    if holder is not None and holder.ref != object_id:
        _add(errors, "extension", Msg("Already used by another line or group of this enterprise."))


def _hunt_group(store: RoutingStore, snapshot: Snapshot, errors: Errors, data: Row, object_id: str | None) -> None:
    for index, member in enumerate(data["members"]):
        if str(member["user_id"]) not in snapshot.users_by_id:
            _add(errors, f"members.{index}.user_id", Msg("Not a line of this enterprise."))
    check_target(snapshot, errors, "overflow", data["overflow"])
    _own_extension(snapshot, errors, data.get("extension"), object_id)
    if data["service_level"] != "none" and store.acd_groups(snapshot.enterprise_id, object_id) >= MAX_ACD_GROUPS:
        _add(
            errors,
            "service_level",
            Msg("At most {max} hunt groups of an enterprise have automatic call distribution."),
            max=MAX_ACD_GROUPS,
        )


def _forwarding(store: RoutingStore, snapshot: Snapshot, errors: Errors, data: Row, object_id: str | None) -> None:
    for condition in FORWARD_CONDITIONS:
        if data[condition] is not None:
            check_target(snapshot, errors, f"{condition}.target", data[condition]["target"])
    for index, selective in enumerate(data["selective"]):
        check_target(snapshot, errors, f"selective.{index}.target", selective["target"])


CHECKS: dict[str, Callable[[RoutingStore, Snapshot, Errors, Row, str | None], None]] = {
    AUTO_ATTENDANT.name: _attendant,
    HUNT_GROUP.name: _hunt_group,
    FORWARDING.name: _forwarding,
}


def check(store: RoutingStore, resource: Resource, data: Row, enterprise_id: str, object_id: str | None) -> None:
    """Raise one ValidationFailed naming every reference of `data` that does not resolve in the enterprise."""
    checker = CHECKS.get(resource.name)
    if checker is None:
        return
    path = store.tenant_path(enterprise_id) or [enterprise_id]
    snapshot = store.load_snapshot(enterprise_id, path)
    errors: Errors = {}
    checker(store, snapshot, errors, data, object_id)
    if errors:
        raise ValidationFailed(errors)
