"""RTE-09 (entry only): a call to a call centre waits in its queue; agents are chosen by the service."""

from __future__ import annotations

from routing.engine.model import CallCentre, Plan, Queue, Stage
from routing.engine.walk import Walk

FEATURE = "RTE-09"


def reach_call_centre(walk: Walk, centre: CallCentre) -> Plan:
    if not centre.active:
        walk.note(FEATURE, "CALL_CENTRE_INACTIVE", f"call centre {centre.name or centre.id} is not active")
        return overflow(walk, centre)
    waiting = walk.request.context.queue_lengths.get(centre.id, 0)
    walk.note(FEATURE, "QUEUED", f"queued in call centre {centre.name or centre.id} at position {waiting + 1}")
    return Queue(
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
        return walk.reject(FEATURE, "no_agent", 480, f"{centre.name or centre.id} has no overflow destination")
    walk.note(FEATURE, "OVERFLOW", f"overflow to {centre.overflow.kind} {centre.overflow.ref}")
    return walk.reach(centre.overflow)
