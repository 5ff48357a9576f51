"""route() and step(): where a call goes first, and where it goes after each event."""

from __future__ import annotations

from datetime import datetime

from routing.engine import wording
from routing.engine.features import account_codes as codes
from routing.engine.features import (
    authorization_codes,
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
    TraceParam,
    Unreachable,
)
from routing.engine.walk import Walk
from routing.engine.wording import N_

TRACER = "RTE-18"


def route(snapshot: Snapshot, request: CallRequest, now: datetime) -> Plan:
    """The plan for a new call at instant `now` (timezone-aware)."""
    walk = Walk(snapshot, request, _aware(now), reach)
    if request.origin is Origin.TRUNK:
        walk.note(TRACER, "CALL", N_("Call from {caller}, outside the enterprise, to {dialled}"), **_numbers(request))
    else:
        walk.note(TRACER, "CALL", N_("Call from line {caller} to {dialled}"), **_numbers(request))
    if request.origin is Origin.TRUNK:
        return inbound.route_inbound(walk)
    caller = snapshot.users_by_id.get(request.caller_user_id or "")
    if caller is None:
        return walk.reject(
            TRACER, "unknown_caller", 403, N_("No line '{line}' in this enterprise"), line=request.caller_user_id or ""
        )
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
    walk.note(
        TRACER,
        "EVENT",
        N_("{event} {stage} {name}"),
        event=_event_word(event),
        stage=wording.STAGES.get(state.stage, state.stage),
        name=_stage_name(snapshot, state),
    )
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
        case Stage.AUTHORIZATION_CODE:
            return _authorization_code_event(walk, state, event)
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
            return walk.voicemail("RTE-04", user, N_("Voicemail of line {line}"))
        case TargetKind.HUNT_GROUP if (group := snapshot.hunt_groups_by_id.get(target.ref)) is not None:
            return hunt_groups.reach_group(walk, group)
        case TargetKind.AUTO_ATTENDANT if (attendant := snapshot.auto_attendants_by_id.get(target.ref)) is not None:
            return auto_attendant.enter(walk, attendant)
        case TargetKind.CALL_CENTRE if (centre := snapshot.call_centres_by_id.get(target.ref)) is not None:
            return call_centres.reach_call_centre(walk, centre)
        case TargetKind.PAGING_GROUP if (paging_group := snapshot.paging_groups_by_id.get(target.ref)) is not None:
            return paging.reach_paging_group(walk, paging_group)
        case TargetKind.INSTANT_GROUP_CALL if (
            instant := snapshot.instant_group_calls_by_id.get(target.ref)
        ) is not None:
            return paging.reach_instant_group_call(walk, instant)
        case TargetKind.NUMBER:
            dialler = snapshot.users_by_id.get(walk.forwarded_by)
            return outbound.dial(walk, dialler, target.ref, interactive=False)
    return walk.reject(
        "RTE-01",
        "unknown_target",
        404,
        N_("{kind} '{ref}' does not exist"),
        kind=wording.kind(target.kind),
        ref=target.ref,
    )


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
            return walk.voicemail(
                "RTE-04", forwarder, N_("{number} did not take the call: voicemail of line {line}"), number=state.ref
            )
        case Busy():
            return walk.reject("RTE-01", "busy", 486, N_("{number} is busy"), number=state.ref)
        case NoAnswer():
            return walk.reject("RTE-01", "no_answer", 480, N_("{number} did not answer"), number=state.ref)
        case Unreachable():
            return walk.reject("RTE-01", "unreachable", 503, N_("{number} could not be reached"), number=state.ref)
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
            walk.note(codes.FEATURE, "CODE_ACCEPTED", N_("Account code accepted"))
            call_class = state.call_class or CallClass.LONG_DISTANCE
            return outbound.place_external(walk, caller, state.destination, call_class, code)
        case AccountCodeEntered() | InputTimeout():
            call_class = state.call_class or CallClass.LONG_DISTANCE
            return codes.wrong_code(walk, caller, policy, state.destination, call_class, state.attempts + 1)
    return _unexpected(walk, event)


def _authorization_code_event(walk: Walk, state: CallState, event: Event) -> Plan:
    caller = walk.snapshot.users_by_id.get(state.ref)
    if caller is None:
        return _gone(walk, state)
    call_class = state.call_class or CallClass.LONG_DISTANCE
    match event:
        case AccountCodeEntered(code=code) if authorization_codes.is_valid(walk, caller, code):
            walk.note(authorization_codes.FEATURE, "AUTHORIZED", N_("Authorization code accepted"))
            return outbound.after_authorization(walk, caller, state.destination, call_class, interactive=True)
        case AccountCodeEntered() | InputTimeout():
            return authorization_codes.wrong_code(walk, caller, state.destination, call_class, state.attempts + 1)
    return _unexpected(walk, event)


def _gone(walk: Walk, state: CallState) -> Plan:
    return walk.reject(
        TRACER, "configuration_changed", 480, N_("The configuration changed: '{ref}' no longer exists"), ref=state.ref
    )


def _unexpected(walk: Walk, event: Event) -> Plan:
    return walk.reject(
        TRACER, "unexpected_event", 500, N_("{event}: makes no sense at this stage"), event=_event_word(event)
    )


def _numbers(request: CallRequest) -> dict[str, TraceParam]:
    return {"caller": request.caller, "dialled": request.dialled}


def _event_word(event: Event) -> str:
    name = type(event).__name__
    return wording.EVENTS.get(name, name)


def _stage_name(snapshot: Snapshot, state: CallState) -> str:
    """What the stage is about, by name: a line, a group or centre, an auto attendant, or the number ringing."""
    match state.stage:
        case Stage.RINGING_USER | Stage.ACCOUNT_CODE | Stage.AUTHORIZATION_CODE:
            return wording.line_of(snapshot, state.ref)
        case Stage.RINGING_GROUP | Stage.QUEUED if state.ref in snapshot.hunt_groups_by_id:
            return wording.named(snapshot.hunt_groups_by_id[state.ref])
        case Stage.RINGING_GROUP | Stage.QUEUED if state.ref in snapshot.call_centres_by_id:
            return wording.named(snapshot.call_centres_by_id[state.ref])
        case Stage.MENU | Stage.DIRECTORY if state.ref in snapshot.auto_attendants_by_id:
            return wording.named(snapshot.auto_attendants_by_id[state.ref])
    return state.ref


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now
