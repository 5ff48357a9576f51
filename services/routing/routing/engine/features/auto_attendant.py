"""RTE-06: auto attendants. The business-hours or after-hours menu plays (RTE-07 decides which, unless the
simple-menu switch is on); each key runs an action; timeouts and wrong keys are counted and, past the limit, the
caller goes to the operator.

A valid key is a caller's decision, so the loop guard starts afresh after it: an overflow that comes back to the
menu is not a loop, since the menu waits for the caller again."""

from __future__ import annotations

from routing.engine.features import schedules
from routing.engine.model import (
    AutoAttendant,
    CallState,
    Menu,
    MenuAction,
    MenuKey,
    Plan,
    PlayMenu,
    Stage,
    Target,
    TargetKind,
    User,
)
from routing.engine.walk import Walk

FEATURE = "RTE-06"
DIRECTORY_MENU = "directory"
DIRECTORY_PROMPT = "directory"
INVALID_PROMPT_SUFFIX = ":invalid"


def enter(walk: Walk, attendant: AutoAttendant) -> Plan:
    if not attendant.active:
        return walk.reject(FEATURE, "auto_attendant_inactive", 480, f"{attendant.name or attendant.id} is off")
    if attendant.simple_menu:
        walk.note(FEATURE, "SIMPLE_MENU", "simple menu: schedule ignored, business-hours menu")
        menu_id = attendant.business_hours_menu_id
    elif schedules.is_business_hours(walk, attendant.business_schedule_id, attendant.holiday_schedule_id):
        menu_id = attendant.business_hours_menu_id
    else:
        menu_id = attendant.after_hours_menu_id or attendant.business_hours_menu_id
    return play(walk, attendant, menu_id, attempts=0)


def play(walk: Walk, attendant: AutoAttendant, menu_id: str, *, attempts: int, invalid: bool = False) -> Plan:
    menu = attendant.menus_by_id.get(menu_id)
    if menu is None:
        walk.note(FEATURE, "MENU_MISSING", f"menu {menu_id!r} of {attendant.id} does not exist")
        return to_operator(walk, attendant)
    walk.note(FEATURE, "PLAY_MENU", f"play menu {menu.id} of {attendant.name or attendant.id}")
    return PlayMenu(
        menu_id=menu.id,
        prompt=menu.prompt + (INVALID_PROMPT_SUFFIX if invalid else ""),
        max_digits=max((len(key.key) for key in menu.keys), default=1),
        timeout_seconds=max(menu.timeout_seconds, 1),
        language=_language(walk),
        trace=tuple(walk.trace),
        state=walk.state(Stage.MENU, attendant.id, menu_id=menu.id, attempts=attempts),
        updates=tuple(walk.updates),
    )


def on_digits(walk: Walk, attendant: AutoAttendant, state: CallState, digits: str) -> Plan:
    menu = attendant.menus_by_id.get(state.menu_id)
    key = _key(menu, digits) if menu else None
    if key is None:
        walk.note(FEATURE, "INVALID_KEY", f"no action for {digits!r} in menu {state.menu_id}")
        return retry(walk, attendant, state)
    walk.note(FEATURE, "KEY", f"key {key.key}: {key.action} {key.ref}".rstrip())
    if key.action not in (MenuAction.REPEAT, MenuAction.SUBMENU):
        walk.visited.clear()
        walk.hops = 0
    match key.action:
        case MenuAction.TRANSFER:
            return walk.reach(Target(TargetKind.NUMBER, key.ref))
        case MenuAction.SUBMENU:
            return play(walk, attendant, key.ref, attempts=0)
        case MenuAction.REPEAT:
            return play(walk, attendant, state.menu_id, attempts=state.attempts)
        case MenuAction.OPERATOR:
            return to_operator(walk, attendant)
        case MenuAction.VOICEMAIL:
            user = _user(walk, key.ref)
            if user is None:
                return walk.reject(FEATURE, "unknown_mailbox", 404, f"no mailbox {key.ref!r}")
            return walk.voicemail(FEATURE, user, f"leave a message for {user.id}")
        case MenuAction.DIRECTORY:
            return directory(walk, attendant, attempts=0)
    return retry(walk, attendant, state)


def on_timeout(walk: Walk, attendant: AutoAttendant, state: CallState) -> Plan:
    walk.note(FEATURE, "NO_INPUT", f"no key pressed in menu {state.menu_id}")
    return retry(walk, attendant, state)


def retry(walk: Walk, attendant: AutoAttendant, state: CallState) -> Plan:
    attempts = state.attempts + 1
    if attempts >= max(attendant.max_attempts, 1):
        walk.note(FEATURE, "TOO_MANY_ATTEMPTS", f"{attempts} attempt(s) without a valid choice")
        return to_operator(walk, attendant)
    if state.stage is Stage.DIRECTORY:
        return directory(walk, attendant, attempts=attempts, invalid=True)
    return play(walk, attendant, state.menu_id, attempts=attempts, invalid=True)


def directory(walk: Walk, attendant: AutoAttendant, *, attempts: int, invalid: bool = False) -> Plan:
    """Dial by extension: the caller keys in the extension of the person they want."""
    longest = max((len(extension) for extension in walk.snapshot.extensions), default=1)
    walk.note(FEATURE, "DIRECTORY", "caller keys in an extension")
    return PlayMenu(
        menu_id=DIRECTORY_MENU,
        prompt=DIRECTORY_PROMPT + (INVALID_PROMPT_SUFFIX if invalid else ""),
        max_digits=longest,
        timeout_seconds=10,
        language=_language(walk),
        trace=tuple(walk.trace),
        state=walk.state(Stage.DIRECTORY, attendant.id, menu_id=DIRECTORY_MENU, attempts=attempts),
        updates=tuple(walk.updates),
    )


def on_directory_digits(walk: Walk, attendant: AutoAttendant, state: CallState, digits: str) -> Plan:
    target = walk.snapshot.extensions.get(digits)
    if target is None:
        walk.note(FEATURE, "UNKNOWN_EXTENSION", f"no extension {digits!r}")
        return retry(walk, attendant, state)
    walk.note(FEATURE, "DIRECTORY_TRANSFER", f"extension {digits}: {target.kind} {target.ref}")
    walk.visited.clear()
    walk.hops = 0
    return walk.reach(target)


def to_operator(walk: Walk, attendant: AutoAttendant) -> Plan:
    operator = attendant.operator or walk.snapshot.virtual_operator
    if operator is None:
        return walk.reject(FEATURE, "no_operator", 480, "no operator to take the call")
    walk.note(FEATURE, "OPERATOR", f"to the operator: {operator.kind} {operator.ref}")
    return walk.reach(operator)


def _key(menu: Menu, digits: str) -> MenuKey | None:
    return next((key for key in menu.keys if key.key == digits), None)


def _user(walk: Walk, ref: str) -> User | None:
    user = walk.snapshot.users_by_id.get(ref)
    if user is not None:
        return user
    target = walk.snapshot.extensions.get(ref)
    return walk.snapshot.users_by_id.get(target.ref) if target and target.kind is TargetKind.USER else None


def _language(walk: Walk) -> str:
    """Prompts speak the language of the called line when the caller came through one, French otherwise."""
    for key in walk.visited:
        kind, _, ref = key.partition(":")
        user = walk.snapshot.users_by_id.get(ref)
        if kind == TargetKind.USER and user is not None:
            return user.language
    return "fr"
