"""RTE-05 simultaneous ring and the single number with smart call screening."""

from datetime import UTC, datetime

from routing.engine import (
    CallRequest,
    Contact,
    ContactKind,
    Did,
    Forwarding,
    Origin,
    RestrictionMatch,
    RestrictionRule,
    Ring,
    RingMode,
    SimultaneousRing,
    Snapshot,
    Target,
    TargetKind,
    User,
    Voicemail,
    route,
)

NOW = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)


def ring_alice(settings: SimultaneousRing | None, **extra: object) -> Ring:
    alice = User("alice", extension="201", simultaneous_ring=settings, forwarding=Forwarding(ring_seconds=25))
    snapshot = Snapshot(
        "ent",
        users=(alice, User("bob", extension="202")),
        dids=(
            Did("+15145550001", Target(TargetKind.USER, "alice")),
            Did("+15145550002", Target(TargetKind.USER, "alice")),
        ),
        **extra,  # type: ignore[arg-type]
    )
    plan = route(snapshot, CallRequest("+16135550100", "+15145550002", Origin.TRUNK), NOW)
    assert isinstance(plan, Ring)
    return plan


def test_rte05_rings_the_line_and_its_other_phones_at_once() -> None:
    plan = ring_alice(SimultaneousRing(("202", "514-555-0177", "202")))
    assert plan.mode is RingMode.SIMULTANEOUS
    assert plan.contacts == (
        Contact(ContactKind.USER, "alice"),
        Contact(ContactKind.USER, "bob"),
        Contact(ContactKind.EXTERNAL, "+15145550177"),
    )
    assert plan.timeout_seconds == 25
    assert isinstance(plan.fallback, Voicemail)


def test_rte05_smart_screening_asks_external_phones_to_accept() -> None:
    plan = ring_alice(SimultaneousRing(("202", "+15145550177"), screening=True))
    assert [contact.confirm_answer for contact in plan.contacts] == [False, False, True]


def test_rte05_switched_off_rings_only_the_line() -> None:
    plan = ring_alice(SimultaneousRing(("202",), enabled=False))
    assert plan.contacts == (Contact(ContactKind.USER, "alice"),)
    assert plan.mode is RingMode.SEQUENTIAL


def test_rte05_invalid_and_restricted_phones_are_skipped_with_a_reason() -> None:
    rule = RestrictionRule("premium", RestrictionMatch.PREFIX, "+1900")
    plan = ring_alice(SimultaneousRing(("12", "1 900 555 0100")), restriction_rules=(rule,))
    assert plan.contacts == (Contact(ContactKind.USER, "alice"),)
    assert [step.code for step in plan.trace].count("SKIPPED_PHONE") == 2


def test_rte05_single_number_every_did_reaches_the_same_line() -> None:
    alice = User("alice")
    snapshot = Snapshot(
        "ent",
        users=(alice,),
        dids=(
            Did("+15145550001", Target(TargetKind.USER, "alice")),
            Did("+15145550002", Target(TargetKind.USER, "alice")),
        ),
    )
    for did in ("+15145550001", "+15145550002"):
        plan = route(snapshot, CallRequest("+16135550100", did, Origin.TRUNK), NOW)
        assert isinstance(plan, Ring)
        assert plan.contacts == (Contact(ContactKind.USER, "alice"),)
