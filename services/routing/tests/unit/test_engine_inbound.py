"""RTE-01 inbound routing (DID → target) and RTE-18 route tracer, with the call-centre and paging entries."""

from datetime import UTC, datetime

import pytest

from routing.engine import (
    CallCentre,
    CallRequest,
    Contact,
    ContactKind,
    Did,
    Origin,
    PagingGroup,
    Plan,
    Queue,
    Reject,
    Ring,
    RouteContext,
    Snapshot,
    Target,
    TargetKind,
    User,
    Voicemail,
    route,
)

NOW = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)
ALICE = User("alice", extension="201", dids=("+15145550001",))
BOB = User("bob", extension="202")
SNAPSHOT = Snapshot(
    "ent",
    users=(ALICE, BOB),
    call_centres=(CallCentre("cc", name="Support", overflow=Target(TargetKind.USER, "bob")),),
    paging_groups=(PagingGroup("pg", member_user_ids=("alice", "bob", "ghost")),),
    dids=(
        Did("+15145550001", Target(TargetKind.USER, "alice")),
        Did("+15145550002", Target(TargetKind.VOICEMAIL, "bob")),
        Did("+15145550003", Target(TargetKind.CALL_CENTRE, "cc")),
        Did("+15145550004", Target(TargetKind.PAGING_GROUP, "pg")),
        Did("+15145550005", Target(TargetKind.HUNT_GROUP, "missing")),
    ),
)


def from_trunk(dialled: str, context: RouteContext | None = None) -> Plan:
    return route(SNAPSHOT, CallRequest("+16135550100", dialled, Origin.TRUNK, context=context or RouteContext()), NOW)


@pytest.mark.parametrize("dialled", ["+15145550001", "5145550001", "1 514 555 0001", "(514) 555-0001"])
def test_rte01_did_in_any_notation_reaches_its_user(dialled: str) -> None:
    plan = from_trunk(dialled)
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "alice"),)


@pytest.mark.parametrize(
    ("dialled", "reason", "sip_code"),
    [
        ("+15145559999", "unknown_did", 404),
        ("555", "invalid_number", 404),
        ("not a number", "invalid_number", 404),
        ("+15145550005", "unknown_target", 404),
    ],
)
def test_rte01_unknown_or_invalid_numbers_are_rejected_with_a_reason(dialled: str, reason: str, sip_code: int) -> None:
    plan = from_trunk(dialled)
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == (reason, sip_code)
    assert plan.trace[-1].code == reason.upper()


def test_rte01_did_to_voicemail_goes_straight_to_the_mailbox() -> None:
    plan = from_trunk("+15145550002")
    assert isinstance(plan, Voicemail)
    assert plan.mailbox == "bob"


def test_rte01_rte09_did_to_call_centre_queues_then_overflows() -> None:
    plan = from_trunk("+15145550003", RouteContext(queue_lengths={"cc": 2}))
    assert isinstance(plan, Queue)
    assert (plan.queue_id, plan.position) == ("cc", 3)
    assert isinstance(plan.then, Ring)
    assert plan.then.contacts == (Contact(ContactKind.USER, "bob"),)


def test_rte01_rte11_an_outside_caller_is_no_originator_of_a_paging_group() -> None:
    plan = from_trunk("+15145550004")
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("not_an_originator", 403)


def test_rte18_trace_lists_each_decision_in_order() -> None:
    plan = from_trunk("+15145550001")
    assert [(step.feature, step.code) for step in plan.trace] == [
        ("RTE-18", "CALL"),
        ("RTE-01", "DID"),
        ("RTE-04", "RING"),
    ]
    assert all(step.message for step in plan.trace)


def test_rte01_internal_call_to_an_own_did_stays_inside() -> None:
    plan = route(SNAPSHOT, CallRequest("202", "5145550001", Origin.INTERNAL, caller_user_id="bob"), NOW)
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "alice"),)
    assert "OWN_DID" in [step.code for step in plan.trace]


def test_rte01_internal_call_from_an_unknown_line_is_refused() -> None:
    plan = route(SNAPSHOT, CallRequest("299", "201", Origin.INTERNAL, caller_user_id="nobody"), NOW)
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == ("unknown_caller", 403)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        route(SNAPSHOT, CallRequest("x", "+15145550001", Origin.TRUNK), datetime(2026, 1, 1))
