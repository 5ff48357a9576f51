"""RTE-04 call forwarding (always, busy, no answer, unreachable, selective, voicemail after N seconds, straight to
voicemail) and the loop guard: forward to self, chains, ping-pong, forwarding through hunt groups."""

from datetime import UTC, datetime

import pytest

from routing.engine import (
    MAX_HOPS,
    RING_SECONDS,
    Busy,
    CallRequest,
    Contact,
    ContactKind,
    Did,
    Forwarding,
    ForwardRule,
    HuntGroup,
    HuntMember,
    NoAnswer,
    Origin,
    Plan,
    Reject,
    Ring,
    RouteContext,
    SelectiveForward,
    Snapshot,
    Target,
    TargetKind,
    Unreachable,
    User,
    Voicemail,
    route,
    step,
)

NOW = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)


def to_user(user_id: str) -> Target:
    return Target(TargetKind.USER, user_id)


def to_number(number: str) -> Target:
    return Target(TargetKind.NUMBER, number)


def snapshot_of(*users: User, **extra: object) -> Snapshot:
    dids = tuple(Did(f"+1514555{index:04d}", to_user(user.id)) for index, user in enumerate(users, start=1))
    return Snapshot("ent", users=users, dids=dids, **extra)  # type: ignore[arg-type]


def call(snapshot: Snapshot, user_id: str, caller: str = "+16135550100", context: RouteContext | None = None) -> Plan:
    did = next(did.number for did in snapshot.dids if did.target == to_user(user_id))
    return route(snapshot, CallRequest(caller, did, Origin.TRUNK, context=context or RouteContext()), NOW)


def codes(plan: Plan) -> list[str]:
    return [step.code for step in plan.trace]


def test_rte04_plain_line_rings_then_voicemail_after_its_seconds() -> None:
    plan = call(snapshot_of(User("a", forwarding=Forwarding(ring_seconds=6 * RING_SECONDS))), "a")
    assert isinstance(plan, Ring)
    assert plan.timeout_seconds == 30
    assert "6 rings" in plan.trace[-1].message
    assert isinstance(plan.fallback, Voicemail)
    assert plan.fallback.mailbox == "a"


@pytest.mark.parametrize(("seconds", "expected"), [(0, 5), (3, 5), (20, 20), (10_000, 300)])
def test_rte04_ring_time_is_kept_within_one_ring_and_five_minutes(seconds: int, expected: int) -> None:
    plan = call(snapshot_of(User("a", forwarding=Forwarding(ring_seconds=seconds))), "a")
    assert isinstance(plan, Ring)
    assert plan.timeout_seconds == expected


def test_rte04_forward_always_to_a_colleague() -> None:
    snapshot = snapshot_of(User("a", forwarding=Forwarding(always=ForwardRule(to_user("b")))), User("b"))
    plan = call(snapshot, "a")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "b"),)
    assert "FORWARD" in codes(plan)


def test_rte04_disabled_forward_is_ignored() -> None:
    snapshot = snapshot_of(User("a", forwarding=Forwarding(always=ForwardRule(to_user("b"), enabled=False))), User("b"))
    plan = call(snapshot, "a")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "a"),)


def test_rte04_forward_always_to_an_external_number_falls_back_to_own_voicemail() -> None:
    plan = call(snapshot_of(User("a", forwarding=Forwarding(always=ForwardRule(to_number("613-555-0199"))))), "a")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.EXTERNAL, "+16135550199"),)
    assert isinstance(plan.fallback, Voicemail)
    assert plan.fallback.mailbox == "a"
    assert plan.state is not None
    after = step(snapshot_of(User("a")), plan.state, Busy(), NOW)
    assert isinstance(after, Voicemail)
    assert after.mailbox == "a"


def test_rte04_straight_to_voicemail() -> None:
    plan = call(snapshot_of(User("a", forwarding=Forwarding(straight_to_voicemail=True))), "a")
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "a"


@pytest.mark.parametrize(
    ("forwarding", "event", "expected"),
    [
        (Forwarding(busy=ForwardRule(to_user("b"))), Busy(), "ring b"),
        (Forwarding(no_answer=ForwardRule(to_user("b"))), NoAnswer(), "ring b"),
        (Forwarding(unreachable=ForwardRule(to_user("b"))), Unreachable(), "ring b"),
        (Forwarding(), Busy(), "voicemail a"),
        (Forwarding(), NoAnswer(), "voicemail a"),
        (Forwarding(), Unreachable(), "voicemail a"),
        (Forwarding(busy=ForwardRule(to_user("b"))), NoAnswer(), "voicemail a"),
    ],
)
def test_rte04_conditional_forwards_follow_the_event(forwarding: Forwarding, event: object, expected: str) -> None:
    snapshot = snapshot_of(User("a", forwarding=forwarding), User("b"))
    first = call(snapshot, "a")
    assert isinstance(first, Ring)
    assert first.state is not None
    plan = step(snapshot, first.state, event, NOW)  # type: ignore[arg-type]
    match plan:
        case Ring(contacts=(Contact(address=address),)):
            assert expected == f"ring {address}"
        case Voicemail(mailbox=mailbox):
            assert expected == f"voicemail {mailbox}"
        case _:
            pytest.fail(f"unexpected {plan}")


def test_rte04_no_answer_fallback_is_the_same_as_the_no_answer_step() -> None:
    snapshot = snapshot_of(User("a", forwarding=Forwarding(no_answer=ForwardRule(to_user("b")))), User("b"))
    first = call(snapshot, "a")
    assert isinstance(first, Ring)
    assert first.state is not None
    stepped = step(snapshot, first.state, NoAnswer(), NOW)
    assert isinstance(stepped, Ring)
    assert isinstance(first.fallback, Ring)
    assert stepped.contacts == first.fallback.contacts


@pytest.mark.parametrize(
    ("event", "reason", "sip_code"),
    [(Busy(), "busy", 486), (NoAnswer(), "no_answer", 480), (Unreachable(), "unreachable", 480)],
)
def test_rte04_without_voicemail_the_caller_is_told_why(event: object, reason: str, sip_code: int) -> None:
    snapshot = snapshot_of(User("a", voicemail_enabled=False))
    first = call(snapshot, "a")
    assert first.state is not None
    plan = step(snapshot, first.state, event, NOW)  # type: ignore[arg-type]
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == (reason, sip_code)


def test_rte04_busy_line_known_in_advance_takes_the_busy_forward() -> None:
    snapshot = snapshot_of(User("a", forwarding=Forwarding(busy=ForwardRule(to_user("b")))), User("b"))
    plan = call(snapshot, "a", context=RouteContext(busy_user_ids=frozenset({"a"})))
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "b"),)
    assert "LINE_BUSY" in codes(plan)


@pytest.mark.parametrize(
    ("caller", "selected"),
    [("+16135550100", True), ("613 555 0100", True), ("+16135550101", False), ("201", False)],
)
def test_rte04_selective_forward_matches_callers_in_any_notation(caller: str, selected: bool) -> None:
    rule = SelectiveForward(callers=("(613) 555-0100",), target=to_user("b"))
    snapshot = snapshot_of(User("a", forwarding=Forwarding(selective=(rule,))), User("b"))
    plan = call(snapshot, "a", caller=caller)
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "b" if selected else "a"),)


def test_rte04_selective_forward_from_an_internal_extension() -> None:
    rule = SelectiveForward(callers=("203",), target=to_user("b"))
    snapshot = snapshot_of(
        User("a", extension="201", forwarding=Forwarding(selective=(rule,))), User("b"), User("c", extension="203")
    )
    plan = route(snapshot, CallRequest("203", "201", Origin.INTERNAL, caller_user_id="c"), NOW)
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "b"),)


# --- loops ---


def test_rte04_forward_to_self_goes_to_voicemail_with_the_reason() -> None:
    plan = call(
        snapshot_of(User("a", extension="201", forwarding=Forwarding(always=ForwardRule(to_number("201"))))), "a"
    )
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "a"
    assert "LOOP_DETECTED" in codes(plan)


def test_rte04_ping_pong_between_two_users_ends_in_the_dialled_users_voicemail() -> None:
    snapshot = snapshot_of(
        User("a", forwarding=Forwarding(always=ForwardRule(to_user("b")))),
        User("b", forwarding=Forwarding(always=ForwardRule(to_user("a")))),
    )
    plan = call(snapshot, "a")
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "a"
    assert codes(plan).count("FORWARD") == 2
    assert "LOOP_DETECTED" in codes(plan)


def test_rte04_loop_without_any_voicemail_is_rejected_as_a_loop() -> None:
    snapshot = snapshot_of(
        User("a", voicemail_enabled=False, forwarding=Forwarding(always=ForwardRule(to_user("b")))),
        User("b", voicemail_enabled=False, forwarding=Forwarding(always=ForwardRule(to_user("a")))),
    )
    plan = call(snapshot, "a")
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("loop_detected", 482)


def test_rte04_long_chain_is_cut_at_the_hop_limit() -> None:
    users = [
        User(f"u{index}", forwarding=Forwarding(always=ForwardRule(to_user(f"u{index + 1}")))) for index in range(30)
    ]
    plan = call(snapshot_of(*users, User("u30")), "u0")
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "u0"
    assert "TOO_MANY_HOPS" in codes(plan)
    assert codes(plan).count("FORWARD") == MAX_HOPS


def test_rte04_no_answer_chain_ending_in_a_loop_is_cut_in_the_fallback() -> None:
    snapshot = snapshot_of(
        User("a", forwarding=Forwarding(no_answer=ForwardRule(to_user("b")))),
        User("b", forwarding=Forwarding(no_answer=ForwardRule(to_user("a")))),
    )
    plan = call(snapshot, "a")
    assert isinstance(plan, Ring)
    assert isinstance(plan.fallback, Ring)
    assert isinstance(plan.fallback.fallback, Voicemail)
    assert "LOOP_DETECTED" in codes(plan.fallback.fallback)


def test_rte04_rte08_forward_through_a_hunt_group_that_overflows_back_is_cut() -> None:
    group = HuntGroup("sales", members=(HuntMember("b", logged_in=False),), overflow=to_user("a"))
    snapshot = snapshot_of(
        User("a", forwarding=Forwarding(always=ForwardRule(Target(TargetKind.HUNT_GROUP, "sales")))),
        User("b"),
        hunt_groups=(group,),
    )
    plan = call(snapshot, "a")
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "a"
    assert codes(plan)[-2:] == ["LOOP_DETECTED", "VOICEMAIL"]


def test_rte04_forward_to_a_user_that_no_longer_exists_is_rejected() -> None:
    plan = call(snapshot_of(User("a", forwarding=Forwarding(always=ForwardRule(to_user("gone"))))), "a")
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("unknown_target", 404)
