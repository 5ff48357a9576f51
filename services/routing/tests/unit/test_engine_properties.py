"""Property tests (RTE-01..RTE-18): any snapshot, any call, any events: the engine always answers a plan, in
bounded steps, without an exception or a loop."""

from datetime import UTC, datetime, timedelta
from string import Formatter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.engine import (
    MAX_HOPS,
    AccountCodeEntered,
    AccountCodePolicy,
    AskAccountCode,
    AutoAttendant,
    Busy,
    CallClass,
    CallRequest,
    Did,
    DigitsPressed,
    Event,
    Forwarding,
    ForwardRule,
    HuntAlgorithm,
    HuntGroup,
    HuntMember,
    InputTimeout,
    Menu,
    MenuAction,
    MenuKey,
    NightForwarding,
    NightForwardingMode,
    NoAnswer,
    Origin,
    Plan,
    PlayMenu,
    Queue,
    Reject,
    RestrictionExemption,
    RestrictionLevel,
    RestrictionMatch,
    RestrictionRule,
    Ring,
    RouteContext,
    Schedule,
    SelectiveForward,
    SimultaneousRing,
    Snapshot,
    Stage,
    Target,
    TargetKind,
    Unreachable,
    User,
    Voicemail,
    WeeklyHours,
    route,
    step,
    wording,
)
from routing.engine.model import TRANSLATED_PARAMS, TraceStep

USER_IDS = [f"u{index}" for index in range(5)]
GROUP_IDS = ["g0", "g1"]
ATTENDANT_IDS = ["a0", "a1"]
EXTENSIONS = ["201", "202", "203", "204", "205", "300", "301", "800"]
DIALLED = [*EXTENSIONS, "911", "9111", "411", "5145550100", "+16135550199", "+19005550100", "+33142685300", "12", "x"]
DIDS = ["+15145550001", "+15145550002", "+15145550003", "+15145550004"]
SIP_CODES = {403, 404, 480, 482, 483, 484, 486, 500, 503}

refs = st.sampled_from([*USER_IDS, *GROUP_IDS, *ATTENDANT_IDS, "cc", "pg", "ghost"])
targets = st.builds(Target, st.sampled_from(list(TargetKind)), refs) | st.builds(
    Target, st.just(TargetKind.NUMBER), st.sampled_from(DIALLED)
)
rules = st.none() | st.builds(ForwardRule, targets, st.booleans())
forwardings = st.builds(
    Forwarding,
    always=rules,
    busy=rules,
    no_answer=rules,
    unreachable=rules,
    selective=st.lists(
        st.builds(SelectiveForward, st.tuples(st.sampled_from(DIALLED)), targets, st.booleans()), max_size=2
    ).map(tuple),
    ring_seconds=st.integers(-5, 400),
    straight_to_voicemail=st.booleans(),
)
policies = st.none() | st.builds(
    AccountCodePolicy,
    required_for=st.frozensets(st.sampled_from(list(CallClass))),
    must_be_valid=st.booleans(),
    codes=st.lists(st.sampled_from(["1", "12", "1234"]), max_size=2).map(tuple),
    min_length=st.integers(-1, 20),
    max_length=st.integers(-1, 20),
    max_attempts=st.integers(-1, 5),
)


@st.composite
def users(draw: st.DrawFn) -> tuple[User, ...]:
    return tuple(
        User(
            user_id,
            extension=draw(st.none() | st.sampled_from(EXTENSIONS)),
            dids=tuple(draw(st.lists(st.sampled_from(DIDS), max_size=1))),
            department_id=draw(st.none() | st.just("d0")),
            forwarding=draw(forwardings),
            simultaneous_ring=draw(
                st.none() | st.builds(SimultaneousRing, st.lists(st.sampled_from(DIALLED), max_size=3).map(tuple))
            ),
            voicemail_enabled=draw(st.booleans()),
            account_codes=draw(policies),
        )
        for user_id in USER_IDS
    )


members = st.lists(
    st.builds(HuntMember, st.sampled_from([*USER_IDS, "ghost"]), st.booleans(), st.integers(-2, 5)), max_size=5
).map(tuple)
groups = st.tuples(
    *(
        st.builds(
            HuntGroup,
            st.just(group_id),
            extension=st.none() | st.sampled_from(EXTENSIONS),
            members=members,
            algorithm=st.sampled_from(list(HuntAlgorithm)),
            ring_seconds_per_member=st.integers(-1, 30),
            queue_enabled=st.booleans(),
            queue_max_callers=st.integers(0, 3),
            overflow=st.none() | targets,
            active=st.booleans(),
        )
        for group_id in GROUP_IDS
    )
)
menu_keys = st.lists(
    st.builds(
        MenuKey,
        st.sampled_from(["0", "1", "2", "*"]),
        st.sampled_from(list(MenuAction)),
        st.sampled_from([*DIALLED, "m0", "m1", *USER_IDS]),
    ),
    max_size=4,
).map(tuple)
attendants = st.tuples(
    *(
        st.builds(
            AutoAttendant,
            st.just(attendant_id),
            active=st.booleans(),
            extension=st.none() | st.sampled_from(EXTENSIONS),
            business_hours_menu_id=st.sampled_from(["m0", "m1", "missing"]),
            after_hours_menu_id=st.none() | st.sampled_from(["m0", "m1"]),
            business_schedule_id=st.none() | st.sampled_from(["s0", "missing"]),
            simple_menu=st.booleans(),
            menus=st.tuples(
                st.builds(Menu, st.just("m0"), st.just("p0"), menu_keys),
                st.builds(Menu, st.just("m1"), st.just("p1"), menu_keys),
            ),
            operator=st.none() | targets,
            max_attempts=st.integers(-1, 4),
        )
        for attendant_id in ATTENDANT_IDS
    )
)
schedules = st.builds(
    Schedule,
    st.just("s0"),
    weekly=st.lists(st.builds(WeeklyHours, st.integers(0, 6), st.times(), st.times()), max_size=4).map(tuple),
)
restriction_rules = st.lists(
    st.builds(
        RestrictionRule,
        st.sampled_from(["r0", "r1", "r2"]),
        st.sampled_from(list(RestrictionMatch)),
        st.sampled_from(["CA", "FR", "+1514", "+1900", "+", "", "+33"]),
        level=st.sampled_from(list(RestrictionLevel)),
        owner_id=st.none() | st.sampled_from(["ent", "res", "u0"]),
        allow=st.booleans(),
        per_user=st.booleans(),
    ),
    max_size=4,
).map(tuple)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    return Snapshot(
        "ent",
        reseller_id="res",
        time_zone=draw(st.sampled_from(["America/Toronto", "Europe/Paris", "UTC", "Not/AZone"])),
        users=draw(users()),
        dids=tuple(Did(number, draw(targets)) for number in DIDS),
        hunt_groups=draw(groups),
        auto_attendants=draw(attendants),
        schedules=(draw(schedules),),
        night_forwarding=tuple(
            draw(
                st.lists(
                    st.builds(NightForwarding, targets, st.sampled_from(list(NightForwardingMode)), st.just("s0")),
                    max_size=1,
                )
            )
        ),
        restriction_rules=draw(restriction_rules),
        restriction_exemptions=tuple(
            draw(
                st.lists(
                    st.builds(
                        RestrictionExemption,
                        st.sampled_from(["r0", "r1"]),
                        st.sampled_from(list(RestrictionLevel)),
                        st.sampled_from(["ent", "res", "u0"]),
                    ),
                    max_size=2,
                )
            )
        ),
        account_codes=draw(policies),
        virtual_operator=draw(st.none() | targets),
    )


contexts = st.builds(
    RouteContext,
    busy_user_ids=st.frozensets(st.sampled_from(USER_IDS)),
    hunt_positions=st.dictionaries(st.sampled_from(GROUP_IDS), st.integers(-10, 10)),
    queue_lengths=st.dictionaries(st.sampled_from(GROUP_IDS), st.integers(0, 5)),
    external_calls=st.dictionaries(st.sampled_from(["d0:in", "d0:out"]), st.integers(0, 5)),
    blocked_user_ids=st.frozensets(st.sampled_from(USER_IDS)),
    entropy=st.integers(0, 2**32),
)
requests = st.one_of(
    st.builds(
        CallRequest,
        st.just("+16135550100"),
        st.sampled_from([*DIDS, "+15145559999", "bad"]),
        st.just(Origin.TRUNK),
        context=contexts,
    ),
    st.builds(
        CallRequest,
        st.sampled_from(EXTENSIONS),
        st.sampled_from(DIALLED),
        st.just(Origin.INTERNAL),
        st.sampled_from([*USER_IDS, "ghost"]),
        contexts,
    ),
)
events: st.SearchStrategy[Event] = st.one_of(
    st.builds(DigitsPressed, st.sampled_from(["0", "1", "2", "*", "9", *EXTENSIONS])),
    st.builds(InputTimeout),
    st.builds(Busy),
    st.builds(NoAnswer),
    st.builds(Unreachable),
    st.builds(AccountCodeEntered, st.sampled_from(["1", "12", "1234", "abc", ""])),
)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC))


WORDS = {
    *wording.KINDS.values(),
    *wording.CALL_CLASSES.values(),
    *wording.EVENTS.values(),
    *wording.STAGES.values(),
    *wording.LEVELS.values(),
    *wording.WEEKDAYS,
}


def check_step(step: TraceStep) -> None:
    """RTE-18: a step names exactly the placeholders of its template, the words to translate are known words, and
    its English text is complete."""
    placeholders = {name for _, name, _, _ in Formatter().parse(step.msgid) if name}
    assert placeholders == set(step.params), step
    for name in TRANSLATED_PARAMS & placeholders:
        assert step.params[name] in WORDS, step
    assert "{" not in step.message and step.message.strip(), step


def check(plan: Plan, depth: int = 0) -> None:
    """Every plan is a known variant, traced, finite, and its nested fallbacks are bounded."""
    assert isinstance(plan, Ring | PlayMenu | AskAccountCode | Voicemail | Reject | Queue)
    assert plan.trace, plan
    for trace_step in plan.trace:
        check_step(trace_step)
    assert depth <= 3 * MAX_HOPS
    if isinstance(plan, Reject):
        assert plan.sip_code in SIP_CODES
        assert plan.reason
    if isinstance(plan, Ring):
        assert plan.timeout_seconds > 0
        assert plan.contacts
        if plan.fallback is not None:
            check(plan.fallback, depth + 1)
    if isinstance(plan, Queue) and plan.then is not None:
        check(plan.then, depth + 1)
    if isinstance(plan, AskAccountCode):
        assert 1 <= plan.min_length <= plan.max_length <= 15
        assert plan.attempts_left >= 1


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), requests, moments, st.lists(events, max_size=12))
def test_rte18_any_call_and_any_events_always_end_in_a_plan(
    snapshot: Snapshot, request: CallRequest, now: datetime, followups: list[Event]
) -> None:
    plan = route(snapshot, request, now)
    check(plan)
    for event in followups:
        if plan.state is None or plan.state.stage is Stage.DONE:
            break
        now += timedelta(seconds=7)
        plan = step(snapshot, plan.state, event, now)
        check(plan)
        assert plan.state is not None
        assert plan.state.hops <= MAX_HOPS


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.builds(WeeklyHours, st.integers(0, 6), st.times(), st.times()), max_size=5), moments)
def test_rte07_schedules_answer_for_any_instant(weekly: list[WeeklyHours], now: datetime) -> None:
    attendant = AutoAttendant(
        "a0",
        business_hours_menu_id="day",
        after_hours_menu_id="night",
        business_schedule_id="s0",
        menus=(Menu("day", "day"), Menu("night", "night")),
    )
    snapshot = Snapshot(
        "ent",
        schedules=(Schedule("s0", weekly=tuple(weekly)),),
        auto_attendants=(attendant,),
        dids=(Did(DIDS[0], Target(TargetKind.AUTO_ATTENDANT, "a0")),),
    )
    plan = route(snapshot, CallRequest("+16135550100", DIDS[0], Origin.TRUNK), now)
    assert isinstance(plan, PlayMenu)
    assert plan.menu_id in {"day", "night"}
