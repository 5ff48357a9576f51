"""RTE-12: speed codes and speed dials in the engine, and RTE-09/11 extensions of call centres and paging groups:
a line's own speed dial first, then its department's codes, then the enterprise's; extensions always win.
RTE-11: series completion."""

from datetime import UTC, datetime

import pytest

from routing.engine import (
    Busy,
    CallCentre,
    CallRequest,
    ContactKind,
    InstantGroupCall,
    Origin,
    PagingGroup,
    Queue,
    Reject,
    Ring,
    RingMode,
    RouteContext,
    Snapshot,
    SpeedCode,
    Target,
    TargetKind,
    User,
    Voicemail,
    route,
    step,
)

NOW = datetime(2026, 6, 22, 14, 0, tzinfo=UTC)
SALES, SUPPORT = "dept-sales", "dept-support"
ALICE = User(
    "alice", extension="2001", department_id=SALES, speed_dials=(("2", "+15145550102"), ("#07", "+15145550107"))
)
BRUNO = User("bruno", extension="2002", department_id=SUPPORT)
CLAIRE = User("claire", extension="2003")
SNAPSHOT = Snapshot(
    enterprise_id="acme",
    users=(ALICE, BRUNO, CLAIRE),
    speed_codes=(
        SpeedCode("10", "+15145550110"),
        SpeedCode("10", "+15145550210", SALES),
        SpeedCode("11", "2003"),
        SpeedCode("2001", "+15145559999"),  # shadowed by the extension
    ),
    call_centres=(CallCentre("centre", "Service", extension="700"),),
    paging_groups=(
        PagingGroup("paging", "Atelier", ("bruno", "claire"), extension="701", originator_user_ids=("alice",)),
    ),
)


def dial(caller: User, dialled: str) -> Ring | Queue:
    plan = route(SNAPSHOT, CallRequest(caller.extension or "", dialled, Origin.INTERNAL, caller.id), NOW)
    assert isinstance(plan, Ring | Queue), plan
    return plan


@pytest.mark.parametrize(
    ("caller", "dialled", "reached"),
    [
        (ALICE, "2", "+15145550102"),  # speed dial 8
        (ALICE, "2#", "+15145550102"),  # speed dial 8 with #
        (ALICE, "#07", "+15145550107"),  # speed dial 100
        (ALICE, "10", "+15145550210"),  # her department's code wins over the enterprise's
        (BRUNO, "10", "+15145550110"),  # another department: the enterprise's code
        (CLAIRE, "10", "+15145550110"),  # no department: the enterprise's code
        (BRUNO, "11", "claire"),  # a code standing for an extension rings the line
        (BRUNO, "2001", "alice"),  # an extension wins over a code
    ],
)
def test_speed_codes_expand(caller: User, dialled: str, reached: str) -> None:
    plan = dial(caller, dialled)
    assert isinstance(plan, Ring)
    assert [c.address for c in plan.contacts] == [reached]
    if reached.startswith("+"):
        assert plan.contacts[0].kind == ContactKind.EXTERNAL
        assert any(step.feature == "RTE-12" for step in plan.trace)


def test_another_lines_speed_dial_is_not_mine() -> None:
    plan = route(SNAPSHOT, CallRequest("2002", "#07", Origin.INTERNAL, "bruno"), NOW)
    assert not any(step.feature == "RTE-12" for step in plan.trace)


def test_call_centre_and_paging_extensions() -> None:
    assert isinstance(dial(CLAIRE, "700"), Queue)
    paging = dial(ALICE, "701")
    assert isinstance(paging, Ring) and paging.paging
    assert sorted(c.address for c in paging.contacts) == ["bruno", "claire"]


# --- RTE-11: series completion ---------------------------------------------------------------------------------------

SERIES = Snapshot(
    enterprise_id="acme",
    users=(ALICE, BRUNO, CLAIRE, User("denis", extension="2004")),
    series_completions=(("alice", "bruno", "claire"),),
)


@pytest.mark.parametrize(
    ("dialled", "busy", "reached"),
    [
        ("2001", set(), ["alice"]),  # free: the line itself
        ("2001", {"alice"}, ["bruno"]),  # busy: the next line of the series
        ("2001", {"alice", "bruno"}, ["claire"]),  # the next free one, in order
        ("2002", {"bruno"}, ["claire"]),  # never back to an earlier line
    ],
)
def test_series_completion_rings_the_next_free_line(dialled: str, busy: set[str], reached: list[str]) -> None:
    request = CallRequest(
        "2004", dialled, Origin.INTERNAL, "denis", context=RouteContext(busy_user_ids=frozenset(busy))
    )
    plan = route(SERIES, request, NOW)
    assert isinstance(plan, Ring), plan
    assert [c.address for c in plan.contacts] == reached


def test_a_busy_series_ends_in_the_lines_voicemail() -> None:
    busy = RouteContext(busy_user_ids=frozenset({"bruno", "claire"}))
    plan = route(SERIES, CallRequest("2004", "2002", Origin.INTERNAL, "denis", context=busy), NOW)
    assert isinstance(plan, Voicemail) and plan.mailbox == "bruno"


def test_a_busy_event_moves_along_the_series() -> None:
    ringing = route(SERIES, CallRequest("2004", "2001", Origin.INTERNAL, "denis"), NOW)
    assert isinstance(ringing, Ring) and ringing.state is not None
    moved = step(SERIES, ringing.state, Busy(), NOW)
    assert isinstance(moved, Ring) and [c.address for c in moved.contacts] == ["bruno"]


# --- RTE-09: the call centre's queue -------------------------------------------------------------------------------

CENTRE = CallCentre(
    "centre", "Service", extension="700", queue_max_callers=2, overflow=Target(TargetKind.USER, "alice")
)


@pytest.mark.parametrize(("waiting", "queued"), [(0, True), (1, True), (2, False), (5, False)])
def test_a_full_queue_overflows(waiting: int, queued: bool) -> None:
    snapshot = Snapshot(enterprise_id="acme", users=(ALICE, CLAIRE), call_centres=(CENTRE,))
    context = RouteContext(queue_lengths={"centre": waiting})
    plan = route(snapshot, CallRequest("2003", "700", Origin.INTERNAL, "claire", context=context), NOW)
    if queued:
        assert isinstance(plan, Queue) and plan.position == waiting + 1
    else:
        assert isinstance(plan, Ring) and [c.address for c in plan.contacts] == ["alice"]
        assert any(step.code == "QUEUE_FULL" for step in plan.trace)


# --- RTE-11: instant group calls ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "caller", "reached"),
    [
        (InstantGroupCall("g", member_user_ids=("alice", "bruno"), external_numbers=("+15145550199",), extension="702"),
         CLAIRE, ["alice", "bruno", "+15145550199"]),
        (InstantGroupCall("g", member_user_ids=("alice", "bruno"), extension="702"), ALICE, ["bruno"]),  # not caller
        (InstantGroupCall("g", member_user_ids=("alice", "ghost"), extension="702"), CLAIRE, ["alice"]),  # lines only
        (InstantGroupCall("g", member_user_ids=("alice",), active=False, extension="702"), CLAIRE, []),
    ],
)  # fmt: skip
def test_instant_group_call_rings_everyone_at_once(call: InstantGroupCall, caller: User, reached: list[str]) -> None:
    snapshot = Snapshot(enterprise_id="acme", users=(ALICE, BRUNO, CLAIRE), instant_group_calls=(call,))
    plan = route(snapshot, CallRequest(caller.extension or "", "702", Origin.INTERNAL, caller.id), NOW)
    if not reached:
        assert isinstance(plan, Reject) and plan.reason == "group_call_unavailable"
        return
    assert isinstance(plan, Ring) and plan.mode == RingMode.SIMULTANEOUS
    assert [c.address for c in plan.contacts] == reached
