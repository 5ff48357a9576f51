"""route() and step(): where a call goes first, and where it goes after each event."""

from __future__ import annotations

from datetime import datetime

from routing.engine.features import account_codes as codes
from routing.engine.features import (
    auto_attendant,
    call_centres,
    forwarding,
    hunt_groups,
    inbound,
    outbound,
    paging,
)
from routing.engine.model import (
    AccountCodeEntered,
    Busy,
    CallClass,
    CallRequest,
    CallState,
    DigitsPressed,
    Event,
    InputTimeout,
    NoAnswer,
    Origin,
    Plan,
    Snapshot,
    Stage,
    Target,
    TargetKind,
    Unreachable,
)
from routing.engine.walk import Walk

TRACER = "RTE-18"


def route(snapshot: Snapshot, request: CallRequest, now: datetime) -> Plan:
    """The plan for a new call at instant `now` (timezone-aware)."""
    walk = Walk(snapshot, request, _aware(now), reach)
    walk.note(TRACER, "CALL", f"{request.origin} call from {request.caller!r} to {request.dialled!r}")
    if request.origin is Origin.TRUNK:
        return inbound.route_inbound(walk)
    caller = snapshot.users_by_id.get(request.caller_user_id or "")
    if caller is None:
        return walk.reject(TRACER, "unknown_caller", 403, f"no line {request.caller_user_id!r} in this enterprise")
    return outbound.dial(walk, caller, request.dialled, interactive=True)


def step(snapshot: Snapshot, state: CallState, event: Event, now: datetime) -> Plan:
    """The plan after `event` happened to a call in `state` (the state of the previous plan)."""
    walk = Walk(
        snapshot,
        state.request,
        _aware(now),
        reach,
        visited=list(state.visited),
        hops=state.hops,
        forwarded_by=state.forwarded_by,
    )
    walk.note(TRACER, "EVENT", f"{type(event).__name__} while {state.stage} {state.ref}".rstrip())
    match state.stage:
        case Stage.RINGING_USER:
            return _user_event(walk, state, event)
        case Stage.RINGING_GROUP | Stage.QUEUED:
            return _group_event(walk, state, event)
        case Stage.RINGING_EXTERNAL:
            return _external_event(walk, state, event)
        case Stage.MENU | Stage.DIRECTORY:
            return _menu_event(walk, state, event)
        case Stage.ACCOUNT_CODE:
            return _account_code_event(walk, state, event)
    return _unexpected(walk, event)


def reach(walk: Walk, target: Target) -> Plan:
    """Send the call to `target`, unless that would loop."""
    cut = walk.enter(f"{target.kind}:{target.ref}")
    if cut is not None:
        return cut
    snapshot = walk.snapshot
    match target.kind:
        case TargetKind.USER if (user := snapshot.users_by_id.get(target.ref)) is not None:
            return forwarding.reach_user(walk, user)
        case TargetKind.VOICEMAIL if (user := snapshot.users_by_id.get(target.ref)) is not None:
            return walk.voicemail("RTE-04", user, f"voicemail of {user.id}")
        case TargetKind.HUNT_GROUP if (group := snapshot.hunt_groups_by_id.get(target.ref)) is not None:
            return hunt_groups.reach_group(walk, group)
        case TargetKind.AUTO_ATTENDANT if (attendant := snapshot.auto_attendants_by_id.get(target.ref)) is not None:
            return auto_attendant.enter(walk, attendant)
        case TargetKind.CALL_CENTRE if (centre := snapshot.call_centres_by_id.get(target.ref)) is not None:
            return call_centres.reach_call_centre(walk, centre)
        case TargetKind.PAGING_GROUP if (paging_group := snapshot.paging_groups_by_id.get(target.ref)) is not None:
            return paging.reach_paging_group(walk, paging_group)
        case TargetKind.NUMBER:
            dialler = snapshot.users_by_id.get(walk.forwarded_by)
            return outbound.dial(walk, dialler, target.ref, interactive=False)
    return walk.reject("RTE-01", "unknown_target", 404, f"{target.kind} {target.ref!r} does not exist")


def _user_event(walk: Walk, state: CallState, event: Event) -> Plan:
    user = walk.snapshot.users_by_id.get(state.ref)
    if user is None:
        return _gone(walk, state)
    match event:
        case Busy():
            return forwarding.on_busy(walk, user)
        case NoAnswer():
            return forwarding.on_no_answer(walk, user)
        case Unreachable():
            return forwarding.on_unreachable(walk, user)
    return _unexpected(walk, event)


def _group_event(walk: Walk, state: CallState, event: Event) -> Plan:
    if not isinstance(event, Busy | NoAnswer | Unreachable | InputTimeout):
        return _unexpected(walk, event)
    if (group := walk.snapshot.hunt_groups_by_id.get(state.ref)) is not None:
        if state.stage is Stage.QUEUED:
            return hunt_groups.overflow(walk, group, "queue_timeout", 480)
        return hunt_groups.after_no_answer(walk, group)
    if (centre := walk.snapshot.call_centres_by_id.get(state.ref)) is not None:
        return call_centres.overflow(walk, centre)
    return _gone(walk, state)


def _external_event(walk: Walk, state: CallState, event: Event) -> Plan:
    forwarder = walk.snapshot.users_by_id.get(state.forwarded_by)
    match event:
        case Busy() | NoAnswer() | Unreachable() if forwarder is not None:
            return walk.voicemail("RTE-04", forwarder, f"{state.ref} did not take the call: voicemail")
        case Busy():
            return walk.reject("RTE-01", "busy", 486, f"{state.ref} is busy")
        case NoAnswer():
            return walk.reject("RTE-01", "no_answer", 480, f"{state.ref} did not answer")
        case Unreachable():
            return walk.reject("RTE-01", "unreachable", 503, f"{state.ref} could not be reached")
    return _unexpected(walk, event)


def _menu_event(walk: Walk, state: CallState, event: Event) -> Plan:
    attendant = walk.snapshot.auto_attendants_by_id.get(state.ref)
    if attendant is None:
        return _gone(walk, state)
    match event:
        case DigitsPressed(digits=digits) if state.stage is Stage.DIRECTORY:
            return auto_attendant.on_directory_digits(walk, attendant, state, digits)
        case DigitsPressed(digits=digits):
            return auto_attendant.on_digits(walk, attendant, state, digits)
        case InputTimeout():
            return auto_attendant.on_timeout(walk, attendant, state)
    return _unexpected(walk, event)


def _account_code_event(walk: Walk, state: CallState, event: Event) -> Plan:
    caller = walk.snapshot.users_by_id.get(state.ref)
    if caller is None:
        return _gone(walk, state)
    policy = codes.policy_for(walk, caller)
    if policy is None:
        return _gone(walk, state)
    match event:
        case AccountCodeEntered(code=code) if codes.is_acceptable(policy, code):
            walk.note(codes.FEATURE, "CODE_ACCEPTED", "account code accepted")
            call_class = state.call_class or CallClass.LONG_DISTANCE
            return outbound.place_external(walk, caller, state.destination, call_class, code)
        case AccountCodeEntered() | InputTimeout():
            call_class = state.call_class or CallClass.LONG_DISTANCE
            return codes.wrong_code(walk, caller, policy, state.destination, call_class, state.attempts + 1)
    return _unexpected(walk, event)


def _gone(walk: Walk, state: CallState) -> Plan:
    return walk.reject(TRACER, "configuration_changed", 480, f"{state.stage} {state.ref!r} no longer exists")


def _unexpected(walk: Walk, event: Event) -> Plan:
    return walk.reject(TRACER, "unexpected_event", 500, f"{type(event).__name__} makes no sense at this stage")


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now
