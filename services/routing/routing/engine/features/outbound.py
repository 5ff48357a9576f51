"""Calls placed by a line (and forwards to a number): emergency first, then extensions, the enterprise's own
DIDs, and finally the outside world through restrictions (RTE-02), zones (RTE-03), account codes (RTE-13) and
department limits (RTE-14)."""

from __future__ import annotations

from routing.engine.features import account_codes, emergency, limits, numbers, restrictions, zones
from routing.engine.model import (
    CallClass,
    Contact,
    ContactKind,
    Plan,
    Ring,
    RingMode,
    Stage,
    User,
)
from routing.engine.walk import Walk

FEATURE = "RTE-01"
EXTERNAL_RING_SECONDS = 120
FORWARDED_RING_SECONDS = 60


def dial(walk: Walk, caller: User | None, dialled: str, *, interactive: bool) -> Plan:
    """What `caller` reaches by dialling `dialled`. `caller` is None for a group's overflow or a menu's transfer,
    which no line places; `interactive` is False for those and for forwards, where nobody can be asked for an
    account code."""
    snapshot = walk.snapshot
    number = dialled.strip()
    if (emergency_number := emergency.exact_emergency(walk, number)) is not None:
        return emergency.emergency_call(walk, emergency_number, caller)
    if (internal := snapshot.extensions.get(number)) is not None:
        walk.note(FEATURE, "EXTENSION", f"{number} is extension of {internal.kind} {internal.ref}")
        return walk.reach(internal)
    if (emergency_number := emergency.emergency_by_prefix(number, snapshot.country)) is not None:
        return emergency.emergency_call(walk, emergency_number, caller)
    if numbers.is_special_short_number(number, snapshot.country):
        walk.note("RTE-03", "SPECIAL", f"{number} is a special service number")
        return _external(walk, caller, number, CallClass.SPECIAL, interactive=interactive)
    parsed = numbers.parse(number, snapshot.country)
    if parsed is None:
        return walk.reject(FEATURE, "invalid_number", 484, f"{dialled!r} is not a valid phone number")
    if (did := snapshot.dids_by_number.get(parsed.e164)) is not None:
        walk.note(FEATURE, "OWN_DID", f"{parsed.e164} is one of the enterprise's numbers: {did.target.kind}")
        return walk.reach(did.target)
    if restrictions.denying_rule(walk, caller, parsed) is not None:
        who = caller.id if caller else "this enterprise"
        return walk.reject(restrictions.FEATURE, "restricted", 403, f"{who} may not call {parsed.e164}")
    call_class = zones.classify(walk, caller, parsed)
    return _external(walk, caller, parsed.e164, call_class, interactive=interactive)


def _external(walk: Walk, caller: User | None, number: str, call_class: CallClass, *, interactive: bool) -> Plan:
    if (
        caller is not None
        and interactive
        and (policy := account_codes.needs_code(walk, caller, call_class)) is not None
    ):
        if caller.id in walk.request.context.blocked_user_ids:
            return walk.reject(account_codes.FEATURE, "line_blocked", 403, f"{caller.id} is blocked for coded calls")
        return account_codes.ask(walk, caller, policy, number, call_class, 0)
    return place_external(walk, caller, number, call_class, account_code=None)


def place_external(
    walk: Walk, caller: User | None, number: str, call_class: CallClass, account_code: str | None
) -> Plan:
    if caller is not None and not limits.admit_external(walk, caller, "out"):
        return walk.reject(limits.FEATURE, "outgoing_limit", 503, "the department's external call limit is reached")
    forwarded = bool(walk.forwarded_by)
    walk.note(FEATURE, "EXTERNAL", f"{'forward' if forwarded else 'call'} to {number} ({call_class}) via trunk")
    fallback: Plan | None = None
    forwarder = walk.snapshot.users_by_id.get(walk.forwarded_by)
    if forwarder is not None:
        fallback = walk.fork().voicemail(FEATURE, forwarder, f"{number} did not answer: voicemail of {forwarder.id}")
    return Ring(
        contacts=(Contact(ContactKind.EXTERNAL, number),),
        mode=RingMode.SEQUENTIAL,
        timeout_seconds=FORWARDED_RING_SECONDS if forwarded else EXTERNAL_RING_SECONDS,
        fallback=fallback,
        call_class=call_class,
        account_code=account_code,
        trace=tuple(walk.trace),
        state=walk.state(Stage.RINGING_EXTERNAL, number),
        updates=tuple(walk.updates),
    )
