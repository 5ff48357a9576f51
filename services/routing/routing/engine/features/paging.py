"""RTE-11 (paging only): every member's phone answers at once on speaker."""

from __future__ import annotations

from routing.engine.model import Contact, ContactKind, PagingGroup, Plan, Ring, RingMode, Stage
from routing.engine.walk import Walk

FEATURE = "RTE-11"
PAGING_SECONDS = 10


def reach_paging_group(walk: Walk, group: PagingGroup) -> Plan:
    users = walk.snapshot.users_by_id
    members = tuple(
        dict.fromkeys(
            user_id for user_id in group.member_user_ids if user_id in users and user_id != walk.request.caller_user_id
        )
    )
    if not group.active or not members:
        return walk.reject(FEATURE, "paging_unavailable", 480, f"paging group {group.id} is inactive or empty")
    walk.note(FEATURE, "PAGE", f"page {len(members)} phone(s) of {group.name or group.id}")
    return Ring(
        contacts=tuple(Contact(ContactKind.USER, user_id) for user_id in members),
        mode=RingMode.SIMULTANEOUS,
        timeout_seconds=PAGING_SECONDS,
        paging=True,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, group.id),
        updates=tuple(walk.updates),
    )
