"""RTE-10: the feature codes of pickup and park groups, dialled by a line (guide 002 §6.6 and §6.7).

    *8          group pickup: answer a call ringing at any line of the caller's pickup group
    *97<ext>    directed pickup: answer the call ringing at that extension, a line of the caller's pickup group
    *68         park: the call this line transfers to *68 waits on a free park slot of the enterprise
    *88<slot>   retrieve: take back the call parked on that slot

Only members of a pickup group may pick up, and only its members' lines; only members of a park group may park
and retrieve. The engine says what to do; media knows which lines ring and calls routing's park_call and
retrieve_parked (the slots are shared state)."""

from __future__ import annotations

from routing.engine.model import Park, ParkGroup, Pickup, PickupGroup, Plan, RetrieveParked, Stage, User
from routing.engine.walk import Walk
from routing.engine.wording import N_, named

FEATURE = "RTE-10"
GROUP_PICKUP = "*8"
DIRECTED_PICKUP = "*97"
PARK = "*68"
RETRIEVE = "*88"
MAX_SLOT = 999


def feature_code(walk: Walk, caller: User, dialled: str) -> Plan | None:
    """The plan for a pickup or park code dialled by `caller`; None when `dialled` is none of them."""
    if dialled == GROUP_PICKUP:
        return _group_pickup(walk, caller)
    if dialled.startswith(DIRECTED_PICKUP) and dialled[len(DIRECTED_PICKUP) :].isdigit():
        return _directed_pickup(walk, caller, dialled[len(DIRECTED_PICKUP) :])
    if dialled == PARK:
        return _park(walk, caller)
    if dialled.startswith(RETRIEVE) and dialled[len(RETRIEVE) :].isdigit():
        return _retrieve(walk, caller, int(dialled[len(RETRIEVE) :]))
    return None


def _pickup_group_of(walk: Walk, user_id: str) -> PickupGroup | None:
    return next((g for g in walk.snapshot.pickup_groups if user_id in g.member_user_ids), None)


def _park_group_of(walk: Walk, user_id: str) -> ParkGroup | None:
    return next((g for g in walk.snapshot.park_groups if user_id in g.member_user_ids), None)


def _group_pickup(walk: Walk, caller: User) -> Plan:
    group = _pickup_group_of(walk, caller.id)
    if group is None:
        return walk.reject(FEATURE, "not_in_pickup_group", 403, N_("The line is in no pickup group"))
    others = tuple(u for u in dict.fromkeys(group.member_user_ids) if u != caller.id and u in walk.snapshot.users_by_id)
    if not others:
        return walk.reject(
            FEATURE, "nothing_to_pick_up", 480, N_("Pickup group {name} has no other line"), name=named(group)
        )
    walk.note(FEATURE, "GROUP_PICKUP", N_("Answer a call ringing in pickup group {name}"), name=named(group))
    return Pickup(
        user_ids=others,
        group_id=group.id,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, group.id),
        updates=tuple(walk.updates),
    )


def _directed_pickup(walk: Walk, caller: User, extension: str) -> Plan:
    group = _pickup_group_of(walk, caller.id)
    if group is None:
        return walk.reject(FEATURE, "not_in_pickup_group", 403, N_("The line is in no pickup group"))
    target = walk.snapshot.extensions.get(extension)
    if target is None or target.kind != "user" or target.ref == caller.id or target.ref not in group.member_user_ids:
        return walk.reject(
            FEATURE,
            "not_in_same_pickup_group",
            403,
            N_("{extension} is not another line of {name}"),
            extension=extension,
            name=named(group),
        )
    walk.note(FEATURE, "DIRECTED_PICKUP", N_("Answer the call ringing at {extension}"), extension=extension)
    return Pickup(
        user_ids=(target.ref,),
        group_id=group.id,
        directed=True,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, group.id),
        updates=tuple(walk.updates),
    )


def _park(walk: Walk, caller: User) -> Plan:
    group = _park_group_of(walk, caller.id)
    if group is None:
        return walk.reject(FEATURE, "not_in_park_group", 403, N_("The line is in no park group"))
    walk.note(
        FEATURE,
        "PARK",
        N_("Park the call in {name}; it rings back after {seconds} s"),
        name=named(group),
        seconds=group.recall_seconds,
    )
    return Park(
        group_id=group.id,
        recall_seconds=group.recall_seconds,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, group.id),
        updates=tuple(walk.updates),
    )


def _retrieve(walk: Walk, caller: User, slot: int) -> Plan:
    group = _park_group_of(walk, caller.id)
    if group is None:
        return walk.reject(FEATURE, "not_in_park_group", 403, N_("The line is in no park group"))
    if not 1 <= slot <= MAX_SLOT:
        return walk.reject(FEATURE, "invalid_park_slot", 404, N_("There is no park slot {slot}"), slot=slot)
    walk.note(FEATURE, "RETRIEVE", N_("Take back the call parked on slot {slot}"), slot=slot)
    return RetrieveParked(
        group_id=group.id,
        slot=slot,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, group.id),
        updates=tuple(walk.updates),
    )
