"""RTE-11: paging (every member's phone answers at once on speaker; only the group's originators may page) and
instant group calls (one call rings the group's lines and outside numbers at once; the first to answer takes it, after
pressing 1 when the group asks for an answer confirmation)."""

from __future__ import annotations

from routing.engine.model import Contact, ContactKind, InstantGroupCall, PagingGroup, Plan, Ring, RingMode, Stage
from routing.engine.walk import Walk
from routing.engine.wording import N_, named

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
        return walk.reject(
            FEATURE, "paging_unavailable", 480, N_("Paging group {name} is inactive or empty"), name=named(group)
        )
    caller = walk.request.caller_user_id
    if caller is None or caller not in group.originator_user_ids:
        return walk.reject(
            FEATURE, "not_an_originator", 403, N_("Only its originators may page {name}"), name=named(group)
        )
    walk.note(FEATURE, "PAGE", N_("Page {count} phone(s) of {name}"), count=len(members), name=named(group))
    return Ring(
        contacts=tuple(Contact(ContactKind.USER, user_id) for user_id in members),
        mode=RingMode.SIMULTANEOUS,
        timeout_seconds=PAGING_SECONDS,
        paging=True,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, group.id),
        updates=tuple(walk.updates),
    )


INSTANT_CALL_SECONDS = 60


def reach_instant_group_call(walk: Walk, call: InstantGroupCall) -> Plan:
    users = walk.snapshot.users_by_id
    members = [u for u in dict.fromkeys(call.member_user_ids) if u in users and u != walk.request.caller_user_id]
    confirm = call.answer_confirmation
    contacts = tuple(Contact(ContactKind.USER, u, confirm) for u in members)
    contacts += tuple(Contact(ContactKind.EXTERNAL, n, confirm) for n in dict.fromkeys(call.external_numbers))
    if not call.active or not contacts:
        return walk.reject(
            FEATURE,
            "group_call_unavailable",
            480,
            N_("Instant group call {name} is inactive or empty"),
            name=named(call),
        )
    walk.note(
        FEATURE,
        "GROUP_CALL",
        N_("{count} lines and numbers of {name} ring at once"),
        count=len(contacts),
        name=named(call),
    )
    if confirm:
        walk.note(FEATURE, "ANSWER_CONFIRMATION", N_("Whoever answers presses 1 to take the call"))
    return Ring(
        contacts=contacts,
        mode=RingMode.SIMULTANEOUS,
        timeout_seconds=INSTANT_CALL_SECONDS,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, call.id),
        updates=tuple(walk.updates),
    )
