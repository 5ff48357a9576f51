"""RTE-08 hunt groups: algorithms, login state, busy members, queue, overflow, shared positions as updates."""

from datetime import UTC, datetime

import pytest

from routing.engine import (
    Busy,
    CallRequest,
    Did,
    HuntAlgorithm,
    HuntGroup,
    HuntMember,
    HuntMemberCallCounted,
    HuntPositionUpdate,
    NoAnswer,
    Origin,
    Plan,
    Queue,
    Reject,
    Ring,
    RingMode,
    RouteContext,
    Snapshot,
    Target,
    TargetKind,
    User,
    Voicemail,
    route,
    step,
)

NOW = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)
MEMBERS = (HuntMember("a"), HuntMember("b"), HuntMember("c"), HuntMember("d"))


def call_group(group: HuntGroup, context: RouteContext | None = None) -> Plan:
    snapshot = Snapshot(
        "ent",
        users=(User("a"), User("b"), User("c"), User("d"), User("boss")),
        hunt_groups=(group,),
        dids=(Did("+15145550100", Target(TargetKind.HUNT_GROUP, group.id)),),
    )
    request = CallRequest("+16135550100", "+15145550100", Origin.TRUNK, context=context or RouteContext())
    return route(snapshot, request, NOW)


def rung(plan: Plan) -> list[str]:
    assert isinstance(plan, Ring), plan
    return [contact.address for contact in plan.contacts]


def group(**settings: object) -> HuntGroup:
    return HuntGroup("sales", name="Ventes", members=MEMBERS, **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("algorithm", "context", "order", "updates"),
    [
        (HuntAlgorithm.REGULAR, RouteContext(), ["a", "b", "c", "d"], ()),
        (HuntAlgorithm.SIMULTANEOUS, RouteContext(), ["a", "b", "c", "d"], ()),
        (HuntAlgorithm.CIRCULAR, RouteContext(), ["a", "b", "c", "d"], (HuntPositionUpdate("sales", 0),)),
        (
            HuntAlgorithm.CIRCULAR,
            RouteContext(hunt_positions={"sales": 1}),
            ["c", "d", "a", "b"],
            (HuntPositionUpdate("sales", 2),),
        ),
        (
            HuntAlgorithm.CIRCULAR,
            RouteContext(hunt_positions={"sales": 3}),
            ["a", "b", "c", "d"],
            (HuntPositionUpdate("sales", 0),),
        ),
        (
            HuntAlgorithm.CIRCULAR,
            RouteContext(hunt_positions={"sales": 1}, busy_user_ids=frozenset({"c"})),
            ["d", "a", "b"],
            (HuntPositionUpdate("sales", 3),),
        ),
        (
            HuntAlgorithm.UNIFORM,
            RouteContext(hunt_member_calls={"sales": {"a": 5, "b": 2, "c": 2, "d": 9}}),
            ["b", "c", "a", "d"],
            (HuntMemberCallCounted("sales", "b"),),
        ),
    ],
)
def test_rte08_algorithms_order_the_free_members(
    algorithm: HuntAlgorithm, context: RouteContext, order: list[str], updates: tuple[object, ...]
) -> None:
    plan = call_group(group(algorithm=algorithm), context)
    assert rung(plan) == order
    assert isinstance(plan, Ring)
    assert plan.mode is (RingMode.SIMULTANEOUS if algorithm is HuntAlgorithm.SIMULTANEOUS else RingMode.SEQUENTIAL)
    assert plan.updates == updates


@pytest.mark.parametrize(("entropy", "first"), [(0, "a"), (0 + 1, "b"), (3, "b"), (4, "c"), (9, "c"), (10, "a")])
def test_rte08_weighted_draw_follows_the_weights(entropy: int, first: str) -> None:
    members = (HuntMember("a", weight=1), HuntMember("b", weight=3), HuntMember("c", weight=6))
    plan = call_group(
        HuntGroup("sales", members=members, algorithm=HuntAlgorithm.WEIGHTED), RouteContext(entropy=entropy)
    )
    order = rung(plan)
    assert order[0] == first
    assert sorted(order) == ["a", "b", "c"]


def test_rte08_weighted_with_zero_weights_still_rings_everyone() -> None:
    members = (HuntMember("a", weight=0), HuntMember("b", weight=0))
    plan = call_group(HuntGroup("sales", members=members, algorithm=HuntAlgorithm.WEIGHTED))
    assert sorted(rung(plan)) == ["a", "b"]


def test_rte08_logged_out_and_unknown_members_are_skipped() -> None:
    members = (HuntMember("a", logged_in=False), HuntMember("ghost"), HuntMember("b"), HuntMember("b"))
    assert rung(call_group(HuntGroup("sales", members=members))) == ["b"]


def test_rte08_all_members_logged_out_overflows() -> None:
    members = tuple(HuntMember(m.user_id, logged_in=False) for m in MEMBERS)
    plan = call_group(HuntGroup("sales", members=members, overflow=Target(TargetKind.VOICEMAIL, "boss")))
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "boss"
    assert [step.code for step in plan.trace][-3:-1] == ["ALL_LOGGED_OUT", "OVERFLOW"]


def test_rte08_all_members_logged_out_without_overflow_is_rejected() -> None:
    plan = call_group(HuntGroup("sales", members=(HuntMember("a", logged_in=False),)))
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("no_member_logged_in", 480)


ALL_BUSY = RouteContext(busy_user_ids=frozenset({"a", "b", "c", "d"}))


def test_rte08_all_busy_queues_with_its_position_then_overflows() -> None:
    settings = {"queue_enabled": True, "queue_max_callers": 3, "overflow": Target(TargetKind.USER, "boss")}
    plan = call_group(group(**settings), RouteContext(busy_user_ids=ALL_BUSY.busy_user_ids, queue_lengths={"sales": 2}))
    assert isinstance(plan, Queue)
    assert (plan.queue_id, plan.position) == ("sales", 3)
    assert rung(plan.then) == ["boss"]  # type: ignore[arg-type]


def test_rte08_full_queue_overflows_at_once() -> None:
    settings = {"queue_enabled": True, "queue_max_callers": 3, "overflow": Target(TargetKind.USER, "boss")}
    plan = call_group(group(**settings), RouteContext(busy_user_ids=ALL_BUSY.busy_user_ids, queue_lengths={"sales": 3}))
    assert rung(plan) == ["boss"]
    assert "QUEUE_FULL" in [step.code for step in plan.trace]


def test_rte08_all_busy_without_queue_or_overflow_is_busy() -> None:
    plan = call_group(group(), ALL_BUSY)
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("busy", 486)


def test_rte08_nobody_answers_then_overflow_in_fallback_and_step() -> None:
    snapshot_group = group(overflow=Target(TargetKind.USER, "boss"))
    plan = call_group(snapshot_group)
    assert isinstance(plan, Ring)
    assert rung(plan.fallback) == ["boss"]  # type: ignore[arg-type]
    assert plan.state is not None
    snapshot = Snapshot("ent", users=(User("boss"),), hunt_groups=(snapshot_group,))
    for event in (NoAnswer(), Busy()):
        assert rung(step(snapshot, plan.state, event, NOW)) == ["boss"]


def test_rte08_inactive_group_overflows() -> None:
    plan = call_group(group(active=False, overflow=Target(TargetKind.USER, "boss")))
    assert rung(plan) == ["boss"]


def test_rte08_overflow_to_itself_is_cut() -> None:
    members = (HuntMember("a", logged_in=False),)
    plan = call_group(HuntGroup("sales", members=members, overflow=Target(TargetKind.HUNT_GROUP, "sales")))
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("loop_detected", 482)
