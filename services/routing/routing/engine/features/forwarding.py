"""RTE-04: what happens to a call that reaches a line: forwarding (selective, always, busy, no answer,
unreachable), straight to voicemail, and voicemail after the line has rung its N seconds.

Precedence, first match wins: group night forwarding (RTE-07), selective, always, straight to voicemail,
then the line rings (with its simultaneous-ring phones, RTE-05) and busy / no answer / unreachable apply.
"""

from __future__ import annotations

from routing.engine.features import numbers, schedules, series, simultaneous
from routing.engine.model import (
    RING_SECONDS,
    ForwardRule,
    Plan,
    Ring,
    SelectiveForward,
    Stage,
    Target,
    User,
)
from routing.engine.walk import Walk
from routing.engine.wording import N_, kind, line, name_of

FEATURE = "RTE-04"
MAX_RING_SECONDS = 300


def reach_user(walk: Walk, user: User) -> Plan:
    night_target = schedules.night_forward_target(walk, user)
    if night_target is not None:
        return forward(walk, user, night_target, N_("Night forwarding: line {line} → {kind} {name}"))
    settings = user.forwarding
    for rule in settings.selective:
        if _selects(walk, rule):
            return forward(walk, user, rule.target, N_("Selective forwarding: line {line} → {kind} {name}"))
    if (target := _target(settings.always)) is not None:
        return forward(walk, user, target, N_("Forward always: line {line} → {kind} {name}"))
    if settings.straight_to_voicemail:
        return walk.voicemail(FEATURE, user, N_("Line {line} sends every call straight to voicemail"))
    if user.id in walk.request.context.busy_user_ids:
        walk.note(FEATURE, "LINE_BUSY", N_("Line {line} is already on a call"), line=line(user))
        return on_busy(walk, user)
    return ring_user(walk, user)


def ring_user(walk: Walk, user: User) -> Ring:
    contacts, mode = simultaneous.contacts_for(walk, user)
    seconds = min(max(user.forwarding.ring_seconds, RING_SECONDS), MAX_RING_SECONDS)
    walk.note(
        FEATURE,
        "RING",
        N_("Line {line} rings for {seconds} s ({rings} rings)"),
        line=line(user),
        seconds=seconds,
        rings=seconds // RING_SECONDS,
    )
    return Ring(
        contacts=contacts,
        mode=mode,
        timeout_seconds=seconds,
        fallback=on_no_answer(walk.fork(), user),
        trace=tuple(walk.trace),
        state=walk.state(Stage.RINGING_USER, user.id),
        updates=tuple(walk.updates),
    )


def forward(walk: Walk, user: User, target: Target, msgid: str) -> Plan:
    """Forward `user`'s call to `target`; `msgid` says why, naming {line}, {kind} and {name}."""
    walk.note(FEATURE, "FORWARD", msgid, line=line(user), kind=kind(target.kind), name=name_of(walk.snapshot, target))
    walk.forwarded_by = user.id
    return walk.reach(target)


def on_busy(walk: Walk, user: User) -> Plan:
    if (free := series.next_free(walk, user)) is not None:
        return reach_user(walk, free)
    if (target := _target(user.forwarding.busy)) is not None:
        return forward(walk, user, target, N_("Forward when busy: line {line} → {kind} {name}"))
    if not user.voicemail_enabled:
        return walk.reject(FEATURE, "busy", 486, N_("Line {line} is busy and has no voicemail"), line=line(user))
    return walk.voicemail(FEATURE, user, N_("Line {line} is busy: voicemail"))


def on_no_answer(walk: Walk, user: User) -> Plan:
    if (target := _target(user.forwarding.no_answer)) is not None:
        return forward(walk, user, target, N_("Forward on no answer: line {line} → {kind} {name}"))
    if not user.voicemail_enabled:
        return walk.reject(
            FEATURE, "no_answer", 480, N_("Line {line} did not answer and has no voicemail"), line=line(user)
        )
    return walk.voicemail(FEATURE, user, N_("Line {line} did not answer: voicemail"))


def on_unreachable(walk: Walk, user: User) -> Plan:
    if (target := _target(user.forwarding.unreachable)) is not None:
        return forward(walk, user, target, N_("Forward when unreachable: line {line} → {kind} {name}"))
    if not user.voicemail_enabled:
        return walk.reject(
            FEATURE, "unreachable", 480, N_("Line {line} is unreachable and has no voicemail"), line=line(user)
        )
    return walk.voicemail(FEATURE, user, N_("Line {line} is unreachable: voicemail"))


def _target(rule: ForwardRule | None) -> Target | None:
    return rule.target if rule is not None and rule.enabled else None


def _selects(walk: Walk, rule: SelectiveForward) -> bool:
    if not rule.enabled or not _caller_matches(walk, rule.callers):
        return False
    if rule.business_schedule_id is not None:
        return schedules.is_business_hours(walk, rule.business_schedule_id, None)
    return True


def _caller_matches(walk: Walk, callers: tuple[str, ...]) -> bool:
    request = walk.request
    country = walk.snapshot.country
    caller_e164 = numbers.to_e164(request.caller, country)
    calling_user = walk.snapshot.users_by_id.get(request.caller_user_id or "")
    own = {request.caller}
    if caller_e164:
        own.add(caller_e164)
    if calling_user is not None:
        own.update(calling_user.dids)
        if calling_user.extension:
            own.add(calling_user.extension)
    return any(entry in own or numbers.to_e164(entry, country) in own for entry in callers)
