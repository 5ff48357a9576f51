"""RTE-08: hunt groups. Members who are logged out or already on a call are skipped; the algorithm orders the
rest; when none is free the call queues (if the group queues and has room) or overflows.

Circular and uniform hunting need state shared by every replica; it comes in through RouteContext and the new
value goes out as a StateUpdate on the plan, for the service to store atomically.
"""

from __future__ import annotations

from routing.engine.model import (
    Contact,
    ContactKind,
    HuntAlgorithm,
    HuntGroup,
    HuntMember,
    HuntMemberCallCounted,
    HuntPositionUpdate,
    Plan,
    Queue,
    Ring,
    RingMode,
    Stage,
)
from routing.engine.walk import Walk
from routing.engine.wording import N_, kind, line, name_of, named

FEATURE = "RTE-08"
HUNTING = {
    HuntAlgorithm.REGULAR: N_("Regular hunting in {name}: {lines}"),
    HuntAlgorithm.CIRCULAR: N_("Circular hunting in {name}: {lines}"),
    HuntAlgorithm.UNIFORM: N_("Uniform hunting in {name}: {lines}"),
    HuntAlgorithm.SIMULTANEOUS: N_("{name} rings all at once: {lines}"),
    HuntAlgorithm.WEIGHTED: N_("Weighted hunting in {name}: {lines}"),
}


def reach_group(walk: Walk, group: HuntGroup) -> Plan:
    if not group.active:
        walk.note(FEATURE, "GROUP_INACTIVE", N_("Hunt group {name} is not active"), name=named(group))
        return overflow(walk, group, "unavailable", 480)
    members = _known_members(walk, group)
    logged_in = [member for member in members if member.logged_in]
    if not logged_in:
        walk.note(FEATURE, "ALL_LOGGED_OUT", N_("No member of {name} is logged in"), name=named(group))
        return overflow(walk, group, "no_member_logged_in", 480)
    busy = walk.request.context.busy_user_ids
    free = [member for member in logged_in if member.user_id not in busy]
    if not free:
        walk.note(FEATURE, "ALL_BUSY", N_("All {count} logged-in member(s) are on a call"), count=len(logged_in))
        return queue_or_overflow(walk, group)
    ordered = _order(walk, group, free)
    mode = RingMode.SIMULTANEOUS if group.algorithm is HuntAlgorithm.SIMULTANEOUS else RingMode.SEQUENTIAL
    users = walk.snapshot.users_by_id
    walk.note(
        FEATURE,
        "HUNT",
        HUNTING[group.algorithm],
        name=named(group),
        lines=tuple(line(users[member.user_id]) for member in ordered),
    )
    return Ring(
        contacts=tuple(Contact(ContactKind.USER, member.user_id) for member in ordered),
        mode=mode,
        timeout_seconds=max(group.ring_seconds_per_member, 1),
        fallback=after_no_answer(walk.fork(), group),
        trace=tuple(walk.trace),
        state=walk.state(Stage.RINGING_GROUP, group.id),
        updates=tuple(walk.updates),
    )


def after_no_answer(walk: Walk, group: HuntGroup) -> Plan:
    walk.note(FEATURE, "NO_MEMBER_ANSWERED", N_("No member of {name} answered"), name=named(group))
    return overflow(walk, group, "no_answer", 480)


def queue_or_overflow(walk: Walk, group: HuntGroup) -> Plan:
    waiting = walk.request.context.queue_lengths.get(group.id, 0)
    if not group.queue_enabled:
        return overflow(walk, group, "busy", 486)
    if waiting >= group.queue_max_callers:
        walk.note(FEATURE, "QUEUE_FULL", N_("{waiting} caller(s) already waiting, the most allowed"), waiting=waiting)
        return overflow(walk, group, "busy", 486)
    walk.note(
        FEATURE,
        "QUEUED",
        N_("Waits in the queue of {name} at position {position} for up to {seconds} s"),
        name=named(group),
        position=waiting + 1,
        seconds=group.queue_max_wait_seconds,
    )
    return Queue(
        queue_id=group.id,
        position=waiting + 1,
        max_wait_seconds=group.queue_max_wait_seconds,
        music=group.queue_music,
        then=overflow(walk.fork(), group, "queue_timeout", 480),
        trace=tuple(walk.trace),
        state=walk.state(Stage.QUEUED, group.id),
        updates=tuple(walk.updates),
    )


def overflow(walk: Walk, group: HuntGroup, reason: str, sip_code: int) -> Plan:
    if group.overflow is None:
        return walk.reject(FEATURE, reason, sip_code, N_("{name} has no overflow destination"), name=named(group))
    walk.note(
        FEATURE,
        "OVERFLOW",
        N_("Overflow to {kind} {name}"),
        kind=kind(group.overflow.kind),
        name=name_of(walk.snapshot, group.overflow),
    )
    return walk.reach(group.overflow)


def _known_members(walk: Walk, group: HuntGroup) -> list[HuntMember]:
    users = walk.snapshot.users_by_id
    seen: set[str] = set()
    members = []
    for member in group.members:
        if member.user_id in users and member.user_id not in seen:
            seen.add(member.user_id)
            members.append(member)
    return members


def _order(walk: Walk, group: HuntGroup, free: list[HuntMember]) -> list[HuntMember]:
    context = walk.request.context
    match group.algorithm:
        case HuntAlgorithm.CIRCULAR:
            everyone = list(group.members)
            start = (context.hunt_positions.get(group.id, -1) + 1) % len(everyone)
            ordered = [member for member in everyone[start:] + everyone[:start] if member in free]
            ordered = list(dict.fromkeys(ordered))
            walk.updates.append(HuntPositionUpdate(group.id, everyone.index(ordered[0])))
            return ordered
        case HuntAlgorithm.UNIFORM:
            calls = context.hunt_member_calls.get(group.id, {})
            ordered = sorted(free, key=lambda member: calls.get(member.user_id, 0))
            walk.updates.append(HuntMemberCallCounted(group.id, ordered[0].user_id))
            return ordered
        case HuntAlgorithm.WEIGHTED:
            return _weighted(free, context.entropy)
    return free


def _weighted(free: list[HuntMember], entropy: int) -> list[HuntMember]:
    """The first member is drawn with a chance proportional to its weight; the rest follow by weight."""
    total = sum(max(member.weight, 0) for member in free)
    by_weight = sorted(free, key=lambda member: -member.weight)
    if total == 0:
        return by_weight
    draw = entropy % total
    for member in free:
        draw -= max(member.weight, 0)
        if draw < 0:
            return [member, *(other for other in by_weight if other is not member)]
    return by_weight
