"""How the route tracer (RTE-18) names things: the English words the portal translates (kinds of destination, call
classes, events, stages, weekdays) and the names of the enterprise's objects (a group's or an auto attendant's
name, a line's extension), looked up from the snapshot.

`N_` marks a template or a word for `make messages`, which extracts the routing engine into the portal's
catalogues; it changes nothing at run time.
"""

from __future__ import annotations

from routing.engine.model import CallClass, RestrictionLevel, Snapshot, Stage, Target, TargetKind, User


def N_(text: str) -> str:  # noqa: N802 (the gettext convention)
    return text


KINDS: dict[str, str] = {
    TargetKind.USER: N_("line"),
    TargetKind.AUTO_ATTENDANT: N_("auto attendant"),
    TargetKind.HUNT_GROUP: N_("hunt group"),
    TargetKind.CALL_CENTRE: N_("call centre"),
    TargetKind.PAGING_GROUP: N_("paging group"),
    TargetKind.INSTANT_GROUP_CALL: N_("instant group call"),
    TargetKind.VOICEMAIL: N_("voicemail of line"),
    TargetKind.NUMBER: N_("number"),
}

CALL_CLASSES: dict[CallClass, str] = {
    CallClass.INTERNAL: N_("internal"),
    CallClass.LOCAL: N_("local"),
    CallClass.LONG_DISTANCE: N_("long-distance"),
    CallClass.INTERNATIONAL: N_("international"),
    CallClass.TOLL_FREE: N_("toll-free"),
    CallClass.PREMIUM: N_("premium-rate"),
    CallClass.SPECIAL: N_("special service"),
    CallClass.EMERGENCY: N_("emergency"),
}

EVENTS: dict[str, str] = {
    "DigitsPressed": N_("Keys pressed"),
    "InputTimeout": N_("Nothing keyed in time"),
    "Busy": N_("Busy"),
    "NoAnswer": N_("No answer"),
    "Unreachable": N_("Unreachable"),
    "AccountCodeEntered": N_("Code keyed in"),
}

STAGES: dict[Stage, str] = {
    Stage.RINGING_USER: N_("while ringing line"),
    Stage.RINGING_GROUP: N_("while ringing group"),
    Stage.RINGING_EXTERNAL: N_("while ringing"),
    Stage.MENU: N_("in the menu of"),
    Stage.DIRECTORY: N_("in the directory of"),
    Stage.ACCOUNT_CODE: N_("while asking an account code of line"),
    Stage.AUTHORIZATION_CODE: N_("while asking an authorization code of line"),
    Stage.QUEUED: N_("while waiting in the queue of"),
    Stage.DONE: N_("after the call was placed"),
}

LEVELS: dict[RestrictionLevel, str] = {
    RestrictionLevel.SYSTEM: N_("system level"),
    RestrictionLevel.RESELLER: N_("reseller level"),
    RestrictionLevel.ENTERPRISE: N_("enterprise level"),
    RestrictionLevel.USER: N_("line level"),
}

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


def line(user: User) -> str:
    """A line as people know it: its extension, else its first number (routing's projection holds no names)."""
    return user.extension or (user.dids[0] if user.dids else user.id)


def line_of(snapshot: Snapshot, user_id: str) -> str:
    user = snapshot.users_by_id.get(user_id)
    return line(user) if user is not None else user_id


def kind(target_kind: str) -> str:
    return KINDS.get(target_kind, target_kind)


def name_of(snapshot: Snapshot, target: Target) -> str:
    """The name of what `target` reaches: a group's, a centre's or an attendant's name (else its extension), a
    line's extension, or the number itself; its id when the snapshot no longer has it."""
    found: object
    match target.kind:
        case TargetKind.USER | TargetKind.VOICEMAIL:
            return line_of(snapshot, target.ref)
        case TargetKind.HUNT_GROUP:
            found = snapshot.hunt_groups_by_id.get(target.ref)
        case TargetKind.AUTO_ATTENDANT:
            found = snapshot.auto_attendants_by_id.get(target.ref)
        case TargetKind.CALL_CENTRE:
            found = snapshot.call_centres_by_id.get(target.ref)
        case TargetKind.PAGING_GROUP:
            found = snapshot.paging_groups_by_id.get(target.ref)
        case TargetKind.INSTANT_GROUP_CALL:
            found = snapshot.instant_group_calls_by_id.get(target.ref)
        case _:
            return target.ref
    return named(found) if found is not None else target.ref


def named(thing: object) -> str:
    """A group's, centre's, attendant's or schedule's name, else its extension, else its id."""
    return str(getattr(thing, "name", "") or getattr(thing, "extension", None) or getattr(thing, "id", ""))
