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
from routing.engine.wording import N_, kind, line, name_of, named

FEATURE = "RTE-06"
DIRECTORY_MENU = "directory"
DIRECTORY_PROMPT = "directory"
INVALID_PROMPT_SUFFIX = ":invalid"
KEY_ACTIONS = {
    MenuAction.TRANSFER: N_("Key {key}: transfer to {ref}"),
    MenuAction.SUBMENU: N_("Key {key}: submenu {ref}"),
    MenuAction.DIRECTORY: N_("Key {key}: dial by extension"),
    MenuAction.VOICEMAIL: N_("Key {key}: leave a message for line {ref}"),
    MenuAction.OPERATOR: N_("Key {key}: to the operator"),
    MenuAction.REPEAT: N_("Key {key}: hear the menu again"),
}


def enter(walk: Walk, attendant: AutoAttendant) -> Plan:
    if not attendant.active:
        return walk.reject(
            FEATURE, "auto_attendant_inactive", 480, N_("Auto attendant {name} is switched off"), name=named(attendant)
        )
    if attendant.simple_menu:
        walk.note(FEATURE, "SIMPLE_MENU", N_("Simple menu: the schedule is ignored, the business-hours menu plays"))
        menu_id = attendant.business_hours_menu_id
    elif schedules.is_business_hours(walk, attendant.business_schedule_id, attendant.holiday_schedule_id):
        menu_id = attendant.business_hours_menu_id
    else:
        menu_id = attendant.after_hours_menu_id or attendant.business_hours_menu_id
    return play(walk, attendant, menu_id, attempts=0)


def play(walk: Walk, attendant: AutoAttendant, menu_id: str, *, attempts: int, invalid: bool = False) -> Plan:
    menu = attendant.menus_by_id.get(menu_id)
    if menu is None:
        walk.note(
            FEATURE, "MENU_MISSING", N_("Menu '{menu}' of {name} does not exist"), menu=menu_id, name=named(attendant)
        )
        return to_operator(walk, attendant)
    if menu.id == attendant.business_hours_menu_id:
        walk.note(
            FEATURE,
            "PLAY_MENU",
            N_("{name} plays its business-hours menu ({menu})"),
            name=named(attendant),
            menu=menu.id,
        )
    elif menu.id == attendant.after_hours_menu_id:
        walk.note(
            FEATURE, "PLAY_MENU", N_("{name} plays its after-hours menu ({menu})"), name=named(attendant), menu=menu.id
        )
    else:
        walk.note(FEATURE, "PLAY_MENU", N_("{name} plays its menu {menu}"), name=named(attendant), menu=menu.id)
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
        walk.note(FEATURE, "INVALID_KEY", N_("No action for key {digits} in this menu"), digits=digits)
        return retry(walk, attendant, state)
    if key.action in (MenuAction.TRANSFER, MenuAction.SUBMENU):
        walk.note(FEATURE, "KEY", KEY_ACTIONS[key.action], key=key.key, ref=key.ref)
    elif key.action is MenuAction.VOICEMAIL:
        mailbox = _user(walk, key.ref)
        walk.note(FEATURE, "KEY", KEY_ACTIONS[key.action], key=key.key, ref=line(mailbox) if mailbox else key.ref)
    else:
        walk.note(FEATURE, "KEY", KEY_ACTIONS[key.action], key=key.key)
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
                return walk.reject(FEATURE, "unknown_mailbox", 404, N_("No mailbox '{ref}'"), ref=key.ref)
            return walk.voicemail(FEATURE, user, N_("The caller leaves a message for line {line}"))
        case MenuAction.DIRECTORY:
            return directory(walk, attendant, attempts=0)
    return retry(walk, attendant, state)


def on_timeout(walk: Walk, attendant: AutoAttendant, state: CallState) -> Plan:
    walk.note(FEATURE, "NO_INPUT", N_("No key pressed in time"))
    return retry(walk, attendant, state)


def retry(walk: Walk, attendant: AutoAttendant, state: CallState) -> Plan:
    attempts = state.attempts + 1
    if attempts >= max(attendant.max_attempts, 1):
        walk.note(FEATURE, "TOO_MANY_ATTEMPTS", N_("{attempts} attempt(s) without a valid choice"), attempts=attempts)
        return to_operator(walk, attendant)
    if state.stage is Stage.DIRECTORY:
        return directory(walk, attendant, attempts=attempts, invalid=True)
    return play(walk, attendant, state.menu_id, attempts=attempts, invalid=True)


def directory(walk: Walk, attendant: AutoAttendant, *, attempts: int, invalid: bool = False) -> Plan:
    """Dial by extension: the caller keys in the extension of the person they want."""
    longest = max((len(extension) for extension in walk.snapshot.extensions), default=1)
    walk.note(FEATURE, "DIRECTORY", N_("The caller keys in an extension"))
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
        walk.note(FEATURE, "UNKNOWN_EXTENSION", N_("No extension {digits}"), digits=digits)
        return retry(walk, attendant, state)
    walk.note(
        FEATURE,
        "DIRECTORY_TRANSFER",
        N_("Extension {digits}: {kind} {name}"),
        digits=digits,
        kind=kind(target.kind),
        name=name_of(walk.snapshot, target),
    )
    walk.visited.clear()
    walk.hops = 0
    return walk.reach(target)


def to_operator(walk: Walk, attendant: AutoAttendant) -> Plan:
    operator = attendant.operator or walk.snapshot.virtual_operator
    if operator is None:
        return walk.reject(FEATURE, "no_operator", 480, N_("No operator to take the call"))
    walk.note(
        FEATURE,
        "OPERATOR",
        N_("To the operator: {kind} {name}"),
        kind=kind(operator.kind),
        name=name_of(walk.snapshot, operator),
    )
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
