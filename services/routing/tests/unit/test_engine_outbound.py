"""Calls placed by a line: RTE-02 restrictions with exemptions at each level, RTE-03 zones, RTE-15 emergency
numbers, RTE-13 account codes, RTE-14 department limits, and numbers read with phonenumbers."""

from datetime import UTC, datetime

import pytest

from routing.engine import (
    AccountCodeEntered,
    AccountCodePolicy,
    AskAccountCode,
    CallClass,
    CallRequest,
    Contact,
    ContactKind,
    Department,
    EmergencyNotice,
    EmergencyRecipient,
    EmergencySettings,
    ExternalCallCounted,
    InputTimeout,
    LineBlocked,
    NotificationChannel,
    Origin,
    PhoneZone,
    Plan,
    Reject,
    RestrictionExemption,
    RestrictionLevel,
    RestrictionMatch,
    RestrictionRule,
    Ring,
    RouteContext,
    Snapshot,
    User,
    route,
    step,
)
from routing.engine.features import numbers

NOW = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)
ALICE = User("alice", extension="201", dids=("+15145550001",), department_id="compta", restriction_ids=("no-fr",))
BOB = User("bob", extension="911", dids=("+16135550002",), department_id="ventes")
CAROL = User("carol", extension="1120")
MONTREAL = PhoneZone("mtl", name="Montréal", area_codes=("+1514", "+1438", "+1450"))
RULES = (
    RestrictionRule("premium", RestrictionMatch.PREFIX, "+1900", name="Premium"),
    RestrictionRule("cuba", RestrictionMatch.COUNTRY, "CU", level=RestrictionLevel.RESELLER, owner_id="res"),
    RestrictionRule("other-reseller", RestrictionMatch.COUNTRY, "GB", level=RestrictionLevel.RESELLER, owner_id="x"),
    RestrictionRule("no-416", RestrictionMatch.AREA_CODE, "+1416", level=RestrictionLevel.ENTERPRISE, owner_id="ent"),
    RestrictionRule("no-fr", RestrictionMatch.COUNTRY, "FR", level=RestrictionLevel.ENTERPRISE, per_user=True),
    RestrictionRule("paris-ok", RestrictionMatch.PREFIX, "+331", level=RestrictionLevel.ENTERPRISE, allow=True),
    RestrictionRule("bob-no-de", RestrictionMatch.COUNTRY, "DE", level=RestrictionLevel.USER, owner_id="bob"),
)


def snapshot(**extra: object) -> Snapshot:
    base: dict[str, object] = {
        "reseller_id": "res",
        "users": (ALICE, BOB, CAROL),
        "zones": (MONTREAL,),
        "restriction_rules": RULES,
        "departments": (Department("compta", max_outgoing_external=2), Department("ventes")),
    }
    return Snapshot("ent", **{**base, **extra})  # type: ignore[arg-type]


def dial(dialled: str, user: User = ALICE, context: RouteContext | None = None, **extra: object) -> Plan:
    request = CallRequest(user.extension or "", dialled, Origin.INTERNAL, user.id, context or RouteContext())
    return route(snapshot(**extra), request, NOW)


def external(plan: Plan) -> tuple[str, CallClass]:
    assert isinstance(plan, Ring), plan
    assert plan.contacts[0].kind is ContactKind.EXTERNAL
    return plan.contacts[0].address, plan.call_class


# --- RTE-02 ---


@pytest.mark.parametrize(
    ("dialled", "user", "allowed"),
    [
        ("1 900 555 0123", ALICE, False),  # system prefix rule
        ("+53 7 123 4567", ALICE, False),  # reseller country rule
        ("+44 20 7946 0000", ALICE, True),  # another reseller's rule does not bind us
        ("416 555 0123", ALICE, False),  # enterprise area-code rule
        ("+33 6 12 34 56 78", ALICE, False),  # ticked company-list rule
        ("+33 6 12 34 56 78", BOB, True),  # not ticked by bob
        ("+33 1 42 68 53 00", ALICE, True),  # a more specific allow beats the country deny
        ("+49 30 123456", BOB, False),  # bob's own rule
        ("+49 30 123456", ALICE, True),
    ],
)
def test_rte02_rules_by_country_area_code_and_prefix(dialled: str, user: User, allowed: bool) -> None:
    plan = dial(dialled, user)
    if allowed:
        external(plan)
    else:
        assert isinstance(plan, Reject)
        assert (plan.reason, plan.sip_code) == ("restricted", 403)
        assert plan.trace[-2].code == "DENIED"


@pytest.mark.parametrize(
    "exemption",
    [
        RestrictionExemption("premium", RestrictionLevel.RESELLER, "res"),
        RestrictionExemption("premium", RestrictionLevel.ENTERPRISE, "ent"),
        RestrictionExemption("premium", RestrictionLevel.USER, "alice"),
    ],
)
def test_rte02_system_rule_exempted_at_each_level(exemption: RestrictionExemption) -> None:
    plan = dial("1 900 555 0123", restriction_exemptions=(exemption,))
    assert external(plan) == ("+19005550123", CallClass.PREMIUM)
    assert "EXEMPTED" in [step.code for step in plan.trace]


@pytest.mark.parametrize(
    "exemption",
    [
        RestrictionExemption("premium", RestrictionLevel.RESELLER, "other"),
        RestrictionExemption("premium", RestrictionLevel.ENTERPRISE, "other"),
        RestrictionExemption("premium", RestrictionLevel.USER, "bob"),
        RestrictionExemption("cuba", RestrictionLevel.USER, "alice"),
    ],
)
def test_rte02_exemption_for_someone_else_changes_nothing(exemption: RestrictionExemption) -> None:
    assert isinstance(dial("1 900 555 0123", restriction_exemptions=(exemption,)), Reject)


def test_rte02_internal_calls_are_never_restricted() -> None:
    plan = dial("1120", restriction_rules=(RestrictionRule("all", RestrictionMatch.PREFIX, "+"),))
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "carol"),)


# --- RTE-03 ---


@pytest.mark.parametrize(
    ("dialled", "user", "call_class"),
    [
        ("514 555 0199", ALICE, CallClass.LOCAL),
        ("438 555 0199", ALICE, CallClass.LOCAL),
        ("450 555 0199", ALICE, CallClass.LOCAL),
        ("613 555 0199", ALICE, CallClass.LONG_DISTANCE),
        ("613 555 0199", BOB, CallClass.LOCAL),  # 613 is in no zone: only its own area code is local
        ("514 555 0199", BOB, CallClass.LONG_DISTANCE),
        ("011 33 6 12 34 56 78", BOB, CallClass.INTERNATIONAL),
        ("1 800 555 0199", ALICE, CallClass.TOLL_FREE),
        ("212 555 0199", ALICE, CallClass.LONG_DISTANCE),  # New York shares +1: long distance, not international
    ],
)
def test_rte03_local_or_long_distance_by_zone(dialled: str, user: User, call_class: CallClass) -> None:
    assert external(dial(dialled, user))[1] is call_class


def test_rte03_caller_without_number_uses_the_enterprise_main_number() -> None:
    assert external(dial("514 555 0199", CAROL, main_number="+14385550000"))[1] is CallClass.LOCAL
    assert external(dial("514 555 0199", CAROL))[1] is CallClass.LONG_DISTANCE


@pytest.mark.parametrize(
    ("dialled", "reason", "sip_code"),
    [("12345678", "invalid_number", 484), ("+1 514 555", "invalid_number", 484), ("abc", "invalid_number", 484)],
)
def test_invalid_numbers_are_rejected_with_a_reason(dialled: str, reason: str, sip_code: int) -> None:
    plan = dial(dialled)
    assert isinstance(plan, Reject)
    assert (plan.reason, plan.sip_code) == (reason, sip_code)
    assert repr(dialled) in plan.trace[-1].message


@pytest.mark.parametrize(
    ("number", "e164", "area_code", "region"),
    [
        ("(514) 555-0199", "+15145550199", "+1514", "CA"),
        ("+33 1 42 68 53 00", "+33142685300", "+331", "FR"),
        ("011 44 20 7946 0000", "+442079460000", "+4420", "GB"),
    ],
)
def test_numbers_are_read_with_phonenumbers(number: str, e164: str, area_code: str, region: str) -> None:
    parsed = numbers.parse(number, "CA")
    assert parsed is not None
    assert (parsed.e164, parsed.area_code, parsed.region) == (e164, area_code, region)


# --- RTE-15 ---

EVERYTHING_DENIED = (RestrictionRule("all", RestrictionMatch.PREFIX, "+"),)


@pytest.mark.parametrize(("dialled", "number"), [("911", "911"), ("112", "112"), ("9111", "911")])
def test_rte15_emergency_numbers_are_always_allowed(dialled: str, number: str) -> None:
    context = RouteContext(blocked_user_ids=frozenset({"alice"}), external_calls={"compta:out": 99})
    plan = dial(
        dialled,
        context=context,
        restriction_rules=EVERYTHING_DENIED,
        account_codes=AccountCodePolicy(required_for=frozenset(CallClass)),
    )
    assert external(plan) == (number, CallClass.EMERGENCY)
    assert plan.updates == ()


def test_rte15_emergency_number_wins_over_an_extension_of_the_same_digits() -> None:
    assert external(dial("911", BOB))[1] is CallClass.EMERGENCY


def test_rte15_extension_that_merely_starts_like_an_emergency_number_stays_internal() -> None:
    plan = dial("1120")
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, "carol"),)


def test_rte15_enterprise_extra_emergency_number() -> None:
    plan = dial("5555", emergency=EmergencySettings(extra_numbers=("5555",)))
    assert external(plan)[1] is CallClass.EMERGENCY


def test_rte15_department_recipients_are_notified() -> None:
    recipients = (
        EmergencyRecipient(NotificationChannel.EMAIL, "securite@example.com"),
        EmergencyRecipient(NotificationChannel.PHONE, "+15145550123", department_id="compta"),
        EmergencyRecipient(NotificationChannel.EMAIL, "ventes@example.com", department_id="ventes"),
    )
    settings = EmergencySettings(notifications_enabled=True, recipients=recipients)
    plan = dial("911", emergency=settings)
    assert isinstance(plan, Ring)
    assert plan.notifications == (
        EmergencyNotice(NotificationChannel.EMAIL, "securite@example.com", "alice", "911"),
        EmergencyNotice(NotificationChannel.PHONE, "+15145550123", "alice", "911"),
    )
    off = dial("911", emergency=EmergencySettings(notifications_enabled=False, recipients=recipients))
    assert isinstance(off, Ring)
    assert off.notifications == ()


# --- RTE-13 and RTE-14 ---

POLICY = AccountCodePolicy(
    required_for=frozenset({CallClass.LONG_DISTANCE, CallClass.INTERNATIONAL}),
    codes=("1234", "5678"),
    min_length=4,
    max_length=4,
    max_attempts=2,
)


def test_rte13_local_calls_need_no_code() -> None:
    assert external(dial("514 555 0199", account_codes=POLICY))[1] is CallClass.LOCAL


def test_rte13_long_distance_asks_for_a_code_then_places_the_call() -> None:
    ask = dial("613 555 0199", account_codes=POLICY)
    assert isinstance(ask, AskAccountCode)
    assert (ask.min_length, ask.max_length, ask.attempts_left) == (4, 4, 2)
    assert ask.state is not None
    plan = step(snapshot(account_codes=POLICY), ask.state, AccountCodeEntered("5678"), NOW)
    assert external(plan) == ("+16135550199", CallClass.LONG_DISTANCE)
    assert isinstance(plan, Ring)
    assert plan.account_code == "5678"


def test_rte13_wrong_codes_block_the_line_after_the_limit() -> None:
    current: Plan = dial("613 555 0199", account_codes=POLICY)
    assert isinstance(current, AskAccountCode) and current.state is not None
    current = step(snapshot(account_codes=POLICY), current.state, AccountCodeEntered("0000"), NOW)
    assert isinstance(current, AskAccountCode) and current.state is not None
    assert current.attempts_left == 1
    current = step(snapshot(account_codes=POLICY), current.state, InputTimeout(), NOW)
    assert isinstance(current, Reject)
    assert (current.reason, current.sip_code) == ("account_code_blocked", 403)
    assert current.updates == (LineBlocked("alice", "account_code_attempts"),)
    blocked = dial("613 555 0199", context=RouteContext(blocked_user_ids=frozenset({"alice"})), account_codes=POLICY)
    assert isinstance(blocked, Reject)
    assert blocked.reason == "line_blocked"


def test_rte13_unlisted_code_of_the_right_length_is_enough_when_validity_is_not_required() -> None:
    policy = AccountCodePolicy(required_for=frozenset({CallClass.LONG_DISTANCE}), must_be_valid=False, min_length=3)
    user = User("dave", extension="205", dids=("+15145550005",), account_codes=policy)
    ask = dial("613 555 0199", user, users=(user,))
    assert isinstance(ask, AskAccountCode) and ask.state is not None
    assert isinstance(step(snapshot(users=(user,)), ask.state, AccountCodeEntered("987"), NOW), Ring)


@pytest.mark.parametrize(("in_progress", "allowed"), [(0, True), (1, True), (2, False)])
def test_rte14_department_outgoing_limit(in_progress: int, allowed: bool) -> None:
    plan = dial("514 555 0199", context=RouteContext(external_calls={"compta:out": in_progress}))
    if allowed:
        assert isinstance(plan, Ring)
        assert plan.updates == (ExternalCallCounted("compta:out"),)
    else:
        assert isinstance(plan, Reject)
        assert (plan.reason, plan.sip_code) == ("outgoing_limit", 503)


def test_rte03_special_short_number_goes_out_as_special() -> None:
    assert external(dial("411")) == ("411", CallClass.SPECIAL)
