"""RTE-09: a call to a call centre waits in its queue, unless the queue is full; the queue offers the call to the
agents logged in (the snapshot lists them); when the wait runs out or the queue is full, the call overflows."""

from __future__ import annotations

from routing.engine.model import CallCentre, Contact, ContactKind, Plan, Queue, Stage
from routing.engine.walk import Walk
from routing.engine.wording import N_, kind, name_of, named

FEATURE = "RTE-09"


def reach_call_centre(walk: Walk, centre: CallCentre) -> Plan:
    if not centre.active:
        walk.note(FEATURE, "CALL_CENTRE_INACTIVE", N_("Call centre {name} is not active"), name=named(centre))
        return overflow(walk, centre)
    waiting = walk.request.context.queue_lengths.get(centre.id, 0)
    if waiting >= centre.queue_max_callers:
        walk.note(
            FEATURE, "QUEUE_FULL", N_("{waiting} callers already wait in {name}"), waiting=waiting, name=named(centre)
        )
        return overflow(walk, centre)
    walk.note(
        FEATURE,
        "QUEUED",
        N_("Waits in the queue of call centre {name} at position {position}"),
        name=named(centre),
        position=waiting + 1,
    )
    return Queue(
        agents=tuple(
            Contact(ContactKind.USER, agent)
            for agent in dict.fromkeys(centre.agent_user_ids)
            if agent in walk.snapshot.users_by_id and agent != walk.request.caller_user_id
        ),
        queue_id=centre.id,
        position=waiting + 1,
        max_wait_seconds=centre.max_wait_seconds,
        music=centre.music,
        then=overflow(walk.fork(), centre),
        trace=tuple(walk.trace),
        state=walk.state(Stage.QUEUED, centre.id),
        updates=tuple(walk.updates),
    )


def overflow(walk: Walk, centre: CallCentre) -> Plan:
    if centre.overflow is None:
        return walk.reject(FEATURE, "no_agent", 480, N_("{name} has no overflow destination"), name=named(centre))
    walk.note(
        FEATURE,
        "OVERFLOW",
        N_("Overflow to {kind} {name}"),
        kind=kind(centre.overflow.kind),
        name=name_of(walk.snapshot, centre.overflow),
    )
    return walk.reach(centre.overflow)
