"""RTE-06 auto attendants: business/after-hours menus, simple-menu switch, active flag, key actions, retries."""

from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from routing.engine import (
    AutoAttendant,
    CallRequest,
    CallState,
    Contact,
    ContactKind,
    Did,
    DigitsPressed,
    HuntGroup,
    HuntMember,
    InputTimeout,
    Menu,
    MenuAction,
    MenuKey,
    Origin,
    Plan,
    PlayMenu,
    Reject,
    Ring,
    Schedule,
    Snapshot,
    Stage,
    Target,
    TargetKind,
    User,
    Voicemail,
    WeeklyHours,
    route,
    step,
)

OPEN = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)  # Monday 11:00 in Toronto
CLOSED = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)  # Monday 19:00
OFFICE = Schedule("office", weekly=tuple(WeeklyHours(day, time(9), time(17)) for day in range(5)))
MAIN = Menu(
    "main",
    prompt="main_greeting",
    keys=(
        MenuKey("1", MenuAction.TRANSFER, "201"),
        MenuKey("2", MenuAction.SUBMENU, "sales"),
        MenuKey("3", MenuAction.DIRECTORY),
        MenuKey("4", MenuAction.VOICEMAIL, "202"),
        MenuKey("0", MenuAction.OPERATOR),
        MenuKey("*", MenuAction.REPEAT),
        MenuKey("5", MenuAction.TRANSFER, "300"),
        MenuKey("6", MenuAction.SUBMENU, "deleted"),
    ),
)
SALES = Menu("sales", prompt="sales_menu", keys=(MenuKey("1", MenuAction.TRANSFER, "202"),))
NIGHT = Menu("night", prompt="closed_greeting", keys=(MenuKey("1", MenuAction.VOICEMAIL, "alice"),))
RECEPTION = AutoAttendant(
    "reception",
    name="Réception",
    extension="800",
    business_hours_menu_id="main",
    after_hours_menu_id="night",
    business_schedule_id="office",
    menus=(MAIN, SALES, NIGHT),
    operator=Target(TargetKind.USER, "bob"),
    max_attempts=3,
)
OVERFLOWING = HuntGroup(
    "support",
    extension="300",
    members=(HuntMember("alice", logged_in=False),),
    overflow=Target(TargetKind.AUTO_ATTENDANT, "reception"),
)


def snapshot_with(attendant: AutoAttendant = RECEPTION) -> Snapshot:
    return Snapshot(
        "ent",
        users=(User("alice", extension="201"), User("bob", extension="202")),
        dids=(Did("+15145550800", Target(TargetKind.AUTO_ATTENDANT, attendant.id)),),
        auto_attendants=(attendant,),
        hunt_groups=(OVERFLOWING,),
        schedules=(OFFICE,),
    )


def enter(now: datetime = OPEN, attendant: AutoAttendant = RECEPTION) -> PlayMenu:
    plan = route(snapshot_with(attendant), CallRequest("+16135550100", "+15145550800", Origin.TRUNK), now)
    assert isinstance(plan, PlayMenu)
    return plan


def press(plan: Plan, digits: str, attendant: AutoAttendant = RECEPTION) -> Plan:
    assert plan.state is not None
    return step(snapshot_with(attendant), plan.state, DigitsPressed(digits), OPEN)


def wait(plan: Plan) -> Plan:
    assert plan.state is not None
    return step(snapshot_with(), plan.state, InputTimeout(), OPEN)


@pytest.mark.parametrize(
    ("now", "attendant", "menu"),
    [
        (OPEN, RECEPTION, "main"),
        (CLOSED, RECEPTION, "night"),
        (CLOSED, replace(RECEPTION, simple_menu=True), "main"),
        (CLOSED, replace(RECEPTION, after_hours_menu_id=None), "main"),
    ],
)
def test_rte06_schedule_picks_the_menu_unless_simple(now: datetime, attendant: AutoAttendant, menu: str) -> None:
    plan = enter(now, attendant)
    assert plan.menu_id == menu
    assert plan.state is not None and plan.state.stage is Stage.MENU


def test_rte06_inactive_attendant_is_refused() -> None:
    plan = route(
        snapshot_with(replace(RECEPTION, active=False)),
        CallRequest("+16135550100", "+15145550800", Origin.TRUNK),
        OPEN,
    )
    assert isinstance(plan, Reject)
    assert plan.reason == "auto_attendant_inactive"


def test_rte06_key_transfers_to_an_extension() -> None:
    plan = press(enter(), "1")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "alice"),)


def test_rte06_multi_level_menu() -> None:
    submenu = press(enter(), "2")
    assert isinstance(submenu, PlayMenu)
    assert (submenu.menu_id, submenu.prompt) == ("sales", "sales_menu")
    plan = press(submenu, "1")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "bob"),)


def test_rte06_directory_dials_by_extension() -> None:
    directory = press(enter(), "3")
    assert isinstance(directory, PlayMenu)
    assert directory.state is not None and directory.state.stage is Stage.DIRECTORY
    assert directory.max_digits == 3
    assert isinstance(press(directory, "999"), PlayMenu)
    plan = press(directory, "202")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "bob"),)


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("4", "voicemail bob"), ("0", "ring bob"), ("*", "menu main")],
)
def test_rte06_voicemail_operator_and_repeat_keys(digits: str, expected: str) -> None:
    match press(enter(), digits):
        case Voicemail(mailbox=mailbox):
            assert expected == f"voicemail {mailbox}"
        case Ring(contacts=(Contact(address=address),)):
            assert expected == f"ring {address}"
        case PlayMenu(menu_id=menu_id):
            assert expected == f"menu {menu_id}"
        case other:
            pytest.fail(f"unexpected {other}")


def test_rte06_wrong_keys_and_silence_are_retried_then_go_to_the_operator() -> None:
    first = press(enter(), "9")
    assert isinstance(first, PlayMenu)
    assert first.prompt == "main_greeting:invalid"
    second = wait(first)
    assert isinstance(second, PlayMenu)
    assert second.state is not None and second.state.attempts == 2
    third = wait(second)
    assert isinstance(third, Ring)
    assert third.contacts == (Contact(ContactKind.USER, "bob"),)
    assert "TOO_MANY_ATTEMPTS" in [step.code for step in third.trace]


def test_rte06_without_an_operator_the_caller_is_disconnected() -> None:
    attendant = replace(RECEPTION, operator=None, max_attempts=1)
    plan = press(enter(attendant=attendant), "9", attendant)
    assert isinstance(plan, Reject)
    assert plan.reason == "no_operator"


def test_rte06_missing_submenu_goes_to_the_operator() -> None:
    plan = press(enter(), "6")
    assert isinstance(plan, Ring)
    assert "MENU_MISSING" in [step.code for step in plan.trace]


def test_rte06_rte08_overflow_back_to_the_menu_after_a_key_is_not_a_loop() -> None:
    plan = press(enter(), "5")
    assert isinstance(plan, PlayMenu)
    assert plan.menu_id == "main"
    assert "LOOP_DETECTED" not in [step.code for step in plan.trace]


def test_rte06_digits_for_a_vanished_attendant_end_cleanly() -> None:
    state = CallState(CallRequest("x", "+15145550800", Origin.TRUNK), Stage.MENU, ref="gone", menu_id="main")
    plan = step(snapshot_with(), state, DigitsPressed("1"), OPEN)
    assert isinstance(plan, Reject)
    assert plan.reason == "configuration_changed"
