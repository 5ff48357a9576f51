"""Calls placed by a line (and forwards to a number): emergency first, then extensions, the enterprise's own
DIDs, and finally the outside world through restrictions (RTE-02), zones (RTE-03), account codes (RTE-13) and
department limits (RTE-14)."""

from __future__ import annotations

from routing.engine.features import (
    account_codes,
    authorization_codes,
    emergency,
    limits,
    numbers,
    pickup_park,
    restrictions,
    speed_codes,
    zones,
)
from routing.engine.model import (
    CallClass,
    Contact,
    ContactKind,
    Plan,
    Ring,
    RingMode,
    Stage,
    Target,
    User,
)
from routing.engine.walk import Walk
from routing.engine.wording import CALL_CLASSES, N_, kind, line, name_of

FEATURE = "RTE-01"
VOICEMAIL_ACCESS = "*98"  # a line dials this to reach its own voicemail box (MED-04)
EXTERNAL_RING_SECONDS = 120
FORWARDED_RING_SECONDS = 60


def dial(walk: Walk, caller: User | None, dialled: str, *, interactive: bool) -> Plan:
    """What `caller` reaches by dialling `dialled`. `caller` is None for a group's overflow or a menu's transfer,
    which no line places; `interactive` is False for those and for forwards, where nobody can be asked for an
    account code."""
    snapshot = walk.snapshot
    number = dialled.strip()
    if number == VOICEMAIL_ACCESS and caller is not None and interactive:
        return walk.voicemail_box("MED-04", caller)
    is_code = number.startswith("*") and caller is not None and interactive
    if is_code and caller is not None and (feature := pickup_park.feature_code(walk, caller, number)) is not None:
        return feature
    if (emergency_number := emergency.exact_emergency(walk, number)) is not None:
        return emergency.emergency_call(walk, emergency_number, caller)
    if (internal := snapshot.extensions.get(number)) is not None:
        return _extension(walk, number, internal)
    if (expanded := speed_codes.expand(walk, caller, number)) is not None:
        number = expanded
        if (internal := snapshot.extensions.get(number)) is not None:
            return _extension(walk, number, internal)
    if (emergency_number := emergency.emergency_by_prefix(number, snapshot.country)) is not None:
        return emergency.emergency_call(walk, emergency_number, caller)
    if numbers.is_special_short_number(number, snapshot.country):
        walk.note("RTE-03", "SPECIAL", N_("{number} is a special service number"), number=number)
        return _external(walk, caller, number, CallClass.SPECIAL, interactive=interactive)
    parsed = numbers.parse(number, snapshot.country)
    if parsed is None:
        return walk.reject(FEATURE, "invalid_number", 484, N_("'{number}' is not a valid phone number"), number=dialled)
    if (did := snapshot.dids_by_number.get(parsed.e164)) is not None:
        walk.note(
            FEATURE,
            "OWN_DID",
            N_("{number} is one of the enterprise's numbers: {kind} {name}"),
            number=parsed.e164,
            kind=kind(did.target.kind),
            name=name_of(snapshot, did.target),
        )
        return walk.reach(did.target)
    if restrictions.denying_rule(walk, caller, parsed) is not None:
        if caller is None:
            return walk.reject(
                restrictions.FEATURE, "restricted", 403, N_("This enterprise may not call {number}"), number=parsed.e164
            )
        return walk.reject(
            restrictions.FEATURE,
            "restricted",
            403,
            N_("Line {line} may not call {number}"),
            line=line(caller),
            number=parsed.e164,
        )
    call_class = zones.classify(walk, caller, parsed)
    return _external(walk, caller, parsed.e164, call_class, interactive=interactive)


def _extension(walk: Walk, number: str, internal: Target) -> Plan:
    walk.note(
        FEATURE,
        "EXTENSION",
        N_("{number} is the extension of {kind} {name}"),
        number=number,
        kind=kind(internal.kind),
        name=name_of(walk.snapshot, internal),
    )
    return walk.reach(internal)


def _external(walk: Walk, caller: User | None, number: str, call_class: CallClass, *, interactive: bool) -> Plan:
    if caller is not None and interactive and authorization_codes.needed(walk, caller):
        if caller.id in walk.request.context.blocked_user_ids:
            return _blocked(walk, caller)
        return authorization_codes.ask(walk, caller, number, call_class, 0)
    return after_authorization(walk, caller, number, call_class, interactive=interactive)


def _blocked(walk: Walk, caller: User) -> Plan:
    return walk.reject(
        account_codes.FEATURE,
        "line_blocked",
        403,
        N_("Line {line} is blocked for calls that need a code"),
        line=line(caller),
    )


def after_authorization(
    walk: Walk, caller: User | None, number: str, call_class: CallClass, *, interactive: bool
) -> Plan:
    if (
        caller is not None
        and interactive
        and (policy := account_codes.needs_code(walk, caller, call_class)) is not None
    ):
        if caller.id in walk.request.context.blocked_user_ids:
            return _blocked(walk, caller)
        return account_codes.ask(walk, caller, policy, number, call_class, 0)
    return place_external(walk, caller, number, call_class, account_code=None)


def place_external(
    walk: Walk, caller: User | None, number: str, call_class: CallClass, account_code: str | None
) -> Plan:
    if not limits.admit_external(walk, caller, "out"):
        return walk.reject(limits.FEATURE, "outgoing_limit", 503, N_("The limit of external calls is reached"))
    carrier_code = limits.carrier_code(walk, call_class)
    forwarded = bool(walk.forwarded_by)
    walk.note(
        FEATURE,
        "EXTERNAL",
        N_("Forwarded to {number} through the trunk ({call_class})")
        if forwarded
        else N_("Call to {number} through the trunk ({call_class})"),
        number=number,
        call_class=CALL_CLASSES[call_class],
    )
    fallback: Plan | None = None
    forwarder = walk.snapshot.users_by_id.get(walk.forwarded_by)
    if forwarder is not None:
        fallback = walk.fork().voicemail(
            FEATURE, forwarder, N_("{number} did not answer: voicemail of line {line}"), number=number
        )
    return Ring(
        contacts=(Contact(ContactKind.EXTERNAL, number),),
        mode=RingMode.SEQUENTIAL,
        timeout_seconds=FORWARDED_RING_SECONDS if forwarded else EXTERNAL_RING_SECONDS,
        fallback=fallback,
        call_class=call_class,
        account_code=account_code,
        carrier_code=carrier_code,
        trace=tuple(walk.trace),
        state=walk.state(Stage.RINGING_EXTERNAL, number),
        updates=tuple(walk.updates),
    )
