"""Settings the engine now applies (issue 5): enterprise-wide external-call limits and carrier access codes (RTE-14),
authorization codes compared by keyed hash (RTE-13), paging originators and the instant group call's answer
confirmation (RTE-11), pickup and park codes (RTE-10), and the call centre's agents in the queue plan (RTE-09)."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from routing.engine import (
    AccountCodeEntered,
    AccountCodePolicy,
    AskAccountCode,
    AuthorizationCode,
    CallCentre,
    CallClass,
    CallRequest,
    Contact,
    ContactKind,
    Department,
    Did,
    ExternalCallCounted,
    ExternalCallSettings,
    InputTimeout,
    InstantGroupCall,
    LineBlocked,
    Origin,
    PagingGroup,
    Park,
    ParkGroup,
    Pickup,
    PickupGroup,
    Plan,
    Queue,
    Reject,
    RetrieveParked,
    Ring,
    RouteContext,
    Snapshot,
    Stage,
    Target,
    TargetKind,
    User,
    Voicemail,
    route,
    step,
)
from routing.engine.features.authorization_codes import code_hash

NOW = datetime(2026, 6, 22, 14, 0, tzinfo=UTC)
ENTERPRISE = "ent-1"
SALES = "dept-sales"
ALICE = User("alice", extension="2001", department_id=SALES, dids=("+15145550101",))
BRUNO = User("bruno", extension="2002")
CLAIRE = User("claire", extension="2003")
DAVID = User("david", extension="2004")
BASE = Snapshot(
    enterprise_id=ENTERPRISE,
    users=(ALICE, BRUNO, CLAIRE, DAVID),
    departments=(Department(SALES, "Ventes", max_outgoing_external=5),),
    dids=(
        Did("+15145550101", Target(TargetKind.USER, "alice")),
        Did("+15145550150", Target(TargetKind.CALL_CENTRE, "centre")),
    ),
    call_centres=(CallCentre("centre", "Service", agent_user_ids=("bruno", "ghost", "claire", "bruno")),),
    paging_groups=(
        PagingGroup("paging", "Atelier", ("bruno", "claire"), extension="701", originator_user_ids=("alice",)),
    ),
    instant_group_calls=(
        InstantGroupCall("now", "Urgence", ("bruno",), ("+15145550199",), extension="702", answer_confirmation=True),
        InstantGroupCall("plain", "Réunion", ("claire",), extension="703"),
    ),
    pickup_groups=(PickupGroup("pick", "Accueil", ("alice", "bruno", "claire")),),
    park_groups=(ParkGroup("park", "Quai", ("alice", "bruno"), recall_seconds=90),),
    external_calls=ExternalCallSettings(
        max_outgoing=2, max_incoming=1, local_carrier_code="101", international_carrier_code="1010"
    ),
    authorization_key=ENTERPRISE,
)


def call(snapshot: Snapshot, caller: User, dialled: str, context: RouteContext | None = None) -> Plan:
    request = CallRequest(caller.extension or "", dialled, Origin.INTERNAL, caller.id, context or RouteContext())
    return route(snapshot, request, NOW)


# --- RTE-14 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "counters", "outcome", "counted"),
    [
        (BRUNO, {}, Ring, [f"{ENTERPRISE}:out"]),  # no department: only the enterprise counts
        (ALICE, {}, Ring, [f"{SALES}:out", f"{ENTERPRISE}:out"]),  # both count
        (BRUNO, {f"{ENTERPRISE}:out": 1}, Ring, [f"{ENTERPRISE}:out"]),  # one left
        (BRUNO, {f"{ENTERPRISE}:out": 2}, Reject, []),  # the enterprise is full
        (ALICE, {f"{SALES}:out": 5}, Reject, []),  # the department is full first
        (ALICE, {f"{ENTERPRISE}:out": 9}, Reject, []),  # over (a limit lowered meanwhile)
    ],
)
def test_rte14_enterprise_outgoing_limit(
    caller: User, counters: dict[str, int], outcome: type, counted: list[str]
) -> None:
    plan = call(BASE, caller, "5145550188", RouteContext(external_calls=counters))
    assert isinstance(plan, outcome), plan
    assert list(plan.updates) == [ExternalCallCounted(key) for key in counted]
    if isinstance(plan, Reject):
        assert (plan.reason, plan.sip_code) == ("outgoing_limit", 503)


def test_rte14_no_enterprise_limit_counts_nothing() -> None:
    snapshot = replace(BASE, external_calls=ExternalCallSettings())
    plan = call(snapshot, BRUNO, "5145550188")
    assert isinstance(plan, Ring) and plan.updates == ()


@pytest.mark.parametrize(
    ("dialled", "call_class", "carrier_code"),
    [
        ("5145550188", CallClass.LOCAL, "101"),
        ("+33142685300", CallClass.INTERNATIONAL, "1010"),
        ("4165550188", CallClass.LONG_DISTANCE, None),  # no long-distance code set: dialled as is
        ("18005550100", CallClass.TOLL_FREE, None),  # toll free has no carrier code
        ("2002", CallClass.INTERNAL, None),
    ],
)
def test_rte14_carrier_access_code_by_call_class(dialled: str, call_class: CallClass, carrier_code: str | None) -> None:
    plan = call(BASE, ALICE, dialled)
    assert isinstance(plan, Ring), plan
    assert (plan.call_class, plan.carrier_code) == (call_class, carrier_code)


@pytest.mark.parametrize(
    ("dialled", "counters", "outcome"),
    [
        ("+15145550150", {}, Queue),  # to a call centre, under the limit
        ("+15145550150", {f"{ENTERPRISE}:in": 1}, Reject),  # full: refused as busy
        ("+15145550101", {f"{ENTERPRISE}:in": 1}, Voicemail),  # to a line: as if busy
    ],
)
def test_rte14_enterprise_incoming_limit(dialled: str, counters: dict[str, int], outcome: type) -> None:
    request = CallRequest("+16135550100", dialled, Origin.TRUNK, context=RouteContext(external_calls=counters))
    plan = route(BASE, request, NOW)
    assert isinstance(plan, outcome), plan
    if isinstance(plan, Reject):
        assert (plan.reason, plan.sip_code) == ("incoming_limit", 486)
    if outcome is Queue:
        assert ExternalCallCounted(f"{ENTERPRISE}:in") in plan.updates


# --- RTE-13 authorization codes ----------------------------------------------------------------------------------


def with_codes(*codes: tuple[str, str | None]) -> Snapshot:
    return replace(
        BASE,
        external_calls=ExternalCallSettings(),
        authorization_codes=tuple(AuthorizationCode(code_hash(ENTERPRISE, c), user) for c, user in codes),
    )


@pytest.mark.parametrize(
    ("codes", "caller", "asked"),
    [
        ((), ALICE, False),
        ((("4321", None),), ALICE, True),  # an enterprise code: every line must authorize
        ((("4321", None),), BRUNO, True),
        ((("4321", "alice"),), ALICE, True),  # her own code
        ((("4321", "alice"),), BRUNO, False),  # someone else's code does not bind Bruno
    ],
)
def test_rte13_who_must_enter_an_authorization_code(
    codes: tuple[tuple[str, str | None], ...], caller: User, asked: bool
) -> None:
    plan = call(with_codes(*codes), caller, "5145550188")
    assert isinstance(plan, AskAccountCode if asked else Ring), plan
    if isinstance(plan, AskAccountCode):
        assert plan.purpose == "authorization"
        assert plan.state is not None and plan.state.stage is Stage.AUTHORIZATION_CODE


def test_rte13_internal_and_emergency_calls_need_no_authorization() -> None:
    snapshot = with_codes(("4321", None))
    assert isinstance(call(snapshot, ALICE, "2002"), Ring)
    assert isinstance(call(snapshot, ALICE, "911"), Ring)


@pytest.mark.parametrize(
    ("entered", "accepted"),
    [
        ("4321", True),  # the enterprise's code
        ("777", True),  # her own
        ("999", False),  # Bruno's: not hers
        ("432", False),
        ("43210", False),
        ("", False),
        ("12ab", False),
    ],
)
def test_rte13_authorization_code_is_compared_by_keyed_hash(entered: str, accepted: bool) -> None:
    snapshot = with_codes(("4321", None), ("777", "alice"), ("999", "bruno"))
    asked = call(snapshot, ALICE, "5145550188")
    assert isinstance(asked, AskAccountCode) and asked.state is not None
    plan = step(snapshot, asked.state, AccountCodeEntered(entered), NOW)
    if accepted:
        assert isinstance(plan, Ring) and plan.contacts == (Contact(ContactKind.EXTERNAL, "+15145550188"),)
        assert any(s.code == "AUTHORIZED" for s in plan.trace)
    else:
        assert isinstance(plan, AskAccountCode) and plan.purpose == "authorization"


def test_rte13_a_wrong_key_never_matches() -> None:
    snapshot = replace(with_codes(("4321", None)), authorization_key="another-enterprise")
    asked = call(snapshot, ALICE, "5145550188")
    assert isinstance(asked, AskAccountCode) and asked.state is not None
    assert isinstance(step(snapshot, asked.state, AccountCodeEntered("4321"), NOW), AskAccountCode)


def test_rte13_authorization_then_account_code() -> None:
    policy = AccountCodePolicy(required_for=frozenset({CallClass.LOCAL}), codes=("55",))
    snapshot = replace(with_codes(("4321", None)), account_codes=policy)
    asked = call(snapshot, ALICE, "5145550188")
    assert isinstance(asked, AskAccountCode) and asked.state is not None
    second = step(snapshot, asked.state, AccountCodeEntered("4321"), NOW)
    assert isinstance(second, AskAccountCode) and second.purpose == "account" and second.state is not None
    final = step(snapshot, second.state, AccountCodeEntered("55"), NOW)
    assert isinstance(final, Ring) and final.account_code == "55"


def test_rte13_too_many_wrong_authorization_codes_block_the_line() -> None:
    snapshot = replace(with_codes(("4321", None)), account_codes=AccountCodePolicy(max_attempts=2))
    plan = call(snapshot, ALICE, "5145550188")
    for _ in range(2):
        assert isinstance(plan, AskAccountCode) and plan.state is not None
        plan = step(snapshot, plan.state, InputTimeout(), NOW)
    assert isinstance(plan, Reject) and plan.reason == "authorization_blocked"
    assert LineBlocked("alice", "authorization_code_attempts") in plan.updates
    blocked = call(snapshot, ALICE, "5145550188", RouteContext(blocked_user_ids=frozenset({"alice"})))
    assert isinstance(blocked, Reject) and blocked.reason == "line_blocked"


# --- RTE-11 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "outcome"),
    [(ALICE, Ring), (BRUNO, Reject), (DAVID, Reject)],  # only Alice may page, members included
)
def test_rte11_only_originators_page(caller: User, outcome: type) -> None:
    plan = call(BASE, caller, "701")
    assert isinstance(plan, outcome), plan
    if isinstance(plan, Ring):
        assert plan.paging and [c.address for c in plan.contacts] == ["bruno", "claire"]
    else:
        assert isinstance(plan, Reject) and (plan.reason, plan.sip_code) == ("not_an_originator", 403)


def test_rte11_no_originator_means_nobody_pages() -> None:
    snapshot = replace(BASE, paging_groups=(PagingGroup("paging", "Atelier", ("bruno",), extension="701"),))
    plan = call(snapshot, ALICE, "701")
    assert isinstance(plan, Reject) and plan.reason == "not_an_originator"


@pytest.mark.parametrize(("dialled", "confirm"), [("702", True), ("703", False)])
def test_rte11_instant_group_call_answer_confirmation(dialled: str, confirm: bool) -> None:
    plan = call(BASE, DAVID, dialled)
    assert isinstance(plan, Ring) and plan.contacts
    assert all(contact.confirm_answer is confirm for contact in plan.contacts)


# --- RTE-09 -------------------------------------------------------------------------------------------------------


def test_rte09_queue_plan_lists_the_logged_in_agents_once_in_order() -> None:
    plan = route(BASE, CallRequest("+16135550100", "+15145550150", Origin.TRUNK), NOW)
    assert isinstance(plan, Queue)
    assert plan.agents == (Contact(ContactKind.USER, "bruno"), Contact(ContactKind.USER, "claire"))


def test_rte09_an_agent_calling_their_own_centre_is_not_offered_the_call() -> None:
    snapshot = replace(BASE, call_centres=(replace(BASE.call_centres[0], extension="700"),))
    plan = call(snapshot, BRUNO, "700")
    assert isinstance(plan, Queue) and plan.agents == (Contact(ContactKind.USER, "claire"),)


# --- RTE-10 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "dialled", "expected"),
    [
        (ALICE, "*8", Pickup(user_ids=("bruno", "claire"), group_id="pick")),
        (BRUNO, "*8", Pickup(user_ids=("alice", "claire"), group_id="pick")),
        (DAVID, "*8", "not_in_pickup_group"),
        (ALICE, "*972002", Pickup(user_ids=("bruno",), group_id="pick", directed=True)),
        (ALICE, "*972004", "not_in_same_pickup_group"),  # David is in no pickup group
        (ALICE, "*972001", "not_in_same_pickup_group"),  # herself
        (ALICE, "*97701", "not_in_same_pickup_group"),  # a paging group, not a line
        (DAVID, "*972002", "not_in_pickup_group"),
        (ALICE, "*68", Park(group_id="park", recall_seconds=90)),
        (CLAIRE, "*68", "not_in_park_group"),
        (BRUNO, "*883", RetrieveParked(group_id="park", slot=3)),
        (BRUNO, "*88999", RetrieveParked(group_id="park", slot=999)),
        (BRUNO, "*880", "invalid_park_slot"),
        (BRUNO, "*881000", "invalid_park_slot"),
        (CLAIRE, "*883", "not_in_park_group"),
    ],
)
def test_rte10_pickup_and_park_codes(caller: User, dialled: str, expected: Plan | str) -> None:
    plan = call(BASE, caller, dialled)
    if isinstance(expected, str):
        assert isinstance(plan, Reject) and plan.reason == expected, plan
        return
    assert type(plan) is type(expected)
    assert replace(plan, trace=(), state=None) == expected
    assert plan.state is not None and plan.state.stage is Stage.DONE
    assert plan.trace[-1].feature == "RTE-10"


def test_rte10_codes_are_not_feature_codes_in_a_forward() -> None:
    forwarding = replace(BRUNO.forwarding, always=None)
    snapshot = replace(BASE, users=(ALICE, replace(BRUNO, forwarding=forwarding), CLAIRE, DAVID))
    plan = route(snapshot, CallRequest("+16135550100", "*8", Origin.TRUNK), NOW)
    assert not isinstance(plan, Pickup)
