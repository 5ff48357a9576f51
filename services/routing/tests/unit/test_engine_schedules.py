"""RTE-07 business hours, holidays and group night forwarding, in America/Toronto across daylight-saving changes."""

from datetime import UTC, date, datetime, time

import pytest

from routing.engine import (
    CallRequest,
    Contact,
    ContactKind,
    Did,
    Holiday,
    NightForwarding,
    NightForwardingMode,
    Origin,
    Plan,
    Ring,
    Schedule,
    Snapshot,
    Target,
    TargetKind,
    User,
    WeeklyHours,
    route,
)
from routing.engine.features import schedules
from routing.engine.router import reach
from routing.engine.walk import Walk

OFFICE = Schedule(
    "office",
    name="Office",
    weekly=tuple(WeeklyHours(day, time(9), time(17)) for day in range(5)),
    holidays=(Holiday(date(2026, 7, 1), date(2026, 7, 1), name="Canada Day"),),
)
NIGHTS = Schedule(
    "nights",
    weekly=(WeeklyHours(6, time(1), time(2)), WeeklyHours(6, time(2), time(3)), WeeklyHours(5, time(22), time(0))),
)
YEAR_END = Schedule("year_end", holidays=(Holiday(date(2000, 12, 24), date(2000, 1, 2), name="Fêtes", yearly=True),))


def is_open(
    moment: datetime, business: str | None = "office", holidays: str | None = None, zone: str = "America/Toronto"
) -> bool:
    snapshot = Snapshot("ent", time_zone=zone, schedules=(OFFICE, NIGHTS, YEAR_END))
    walk = Walk(snapshot, CallRequest("x", "y", Origin.TRUNK), moment, reach)
    return schedules.is_business_hours(walk, business, holidays)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Friday before spring-forward: Toronto is UTC-5.
        (utc(2026, 3, 6, 13, 59), False),
        (utc(2026, 3, 6, 14, 0), True),
        (utc(2026, 3, 6, 21, 59), True),
        (utc(2026, 3, 6, 22, 0), False),
        # Monday after spring-forward (8 March 2026): UTC-4, so 09:00 is 13:00 UTC.
        (utc(2026, 3, 9, 12, 59), False),
        (utc(2026, 3, 9, 13, 0), True),
        (utc(2026, 3, 9, 20, 59), True),
        (utc(2026, 3, 9, 21, 0), False),
        # Friday before fall-back: still UTC-4.
        (utc(2026, 10, 30, 13, 0), True),
        (utc(2026, 10, 30, 21, 0), False),
        # Monday after fall-back (1 November 2026): UTC-5 again.
        (utc(2026, 11, 2, 13, 30), False),
        (utc(2026, 11, 2, 14, 0), True),
        (utc(2026, 11, 2, 22, 0), False),
        # Weekend.
        (utc(2026, 3, 7, 15, 0), False),
    ],
)
def test_rte07_business_hours_follow_the_local_clock_across_dst(moment: datetime, expected: bool) -> None:
    assert is_open(moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (utc(2026, 11, 1, 5, 30), True),  # 01:30 EDT, first pass through the repeated hour
        (utc(2026, 11, 1, 6, 30), True),  # 01:30 EST, second pass
        (utc(2026, 11, 1, 7, 30), True),  # 02:30 EST
        (utc(2026, 11, 1, 8, 30), False),  # 03:30 EST
        (utc(2026, 3, 8, 6, 59), True),  # 01:59 EST
        (utc(2026, 3, 8, 7, 0), False),  # 03:00 EDT: the 02:00–03:00 range never occurs that night
        (utc(2026, 3, 8, 3, 30), True),  # Saturday 22:30 EST, in a range that ends at midnight
    ],
)
def test_rte07_ranges_on_the_nights_of_the_change(moment: datetime, expected: bool) -> None:
    assert is_open(moment, business="nights") is expected


@pytest.mark.parametrize(
    ("moment", "holidays", "expected"),
    [
        (utc(2026, 7, 1, 15, 0), None, False),  # Canada Day, a Wednesday, on the business schedule itself
        (utc(2026, 7, 1, 3, 30), None, False),  # 30 June 23:30 local: not the holiday, but after hours
        (utc(2026, 6, 30, 15, 0), None, True),
        (utc(2026, 12, 24, 15, 0), "year_end", False),  # yearly range across the new year
        (utc(2027, 1, 1, 15, 0), "year_end", False),
        (utc(2027, 1, 4, 15, 0), "year_end", True),
        (utc(2026, 12, 23, 15, 0), "year_end", True),
    ],
)
def test_rte07_holidays_close_the_day(moment: datetime, holidays: str | None, expected: bool) -> None:
    assert is_open(moment, holidays=holidays) is expected


def test_rte07_no_schedule_means_open_and_a_missing_one_is_traced() -> None:
    assert is_open(utc(2026, 3, 7, 3, 0), business=None)
    assert is_open(utc(2026, 3, 7, 3, 0), business="deleted")


def test_rte07_unknown_time_zone_falls_back_to_utc() -> None:
    assert is_open(utc(2026, 3, 6, 9, 30), zone="Mars/Olympus")
    assert not is_open(utc(2026, 3, 6, 8, 30), zone="Mars/Olympus")


NIGHT_DESK = Target(TargetKind.USER, "guard")


def call_alice(moment: datetime, *rules: NightForwarding) -> Plan:
    snapshot = Snapshot(
        "ent",
        users=(User("alice"), User("guard")),
        dids=(Did("+15145550001", Target(TargetKind.USER, "alice")),),
        schedules=(OFFICE,),
        night_forwarding=rules,
    )
    return route(snapshot, CallRequest("+16135550100", "+15145550001", Origin.TRUNK), moment)


@pytest.mark.parametrize(
    ("rule", "moment", "rings"),
    [
        (NightForwarding(NIGHT_DESK, NightForwardingMode.OFF), utc(2026, 3, 7, 3, 0), "alice"),
        (NightForwarding(NIGHT_DESK, NightForwardingMode.ON), utc(2026, 3, 6, 15, 0), "guard"),
        (NightForwarding(NIGHT_DESK, NightForwardingMode.SCHEDULED, "office"), utc(2026, 3, 6, 15, 0), "alice"),
        (NightForwarding(NIGHT_DESK, NightForwardingMode.SCHEDULED, "office"), utc(2026, 3, 7, 3, 0), "guard"),
        (NightForwarding(NIGHT_DESK, NightForwardingMode.SCHEDULED, "office"), utc(2026, 7, 1, 15, 0), "guard"),
        (NightForwarding(NIGHT_DESK, NightForwardingMode.ON, user_ids=("bob",)), utc(2026, 3, 6, 15, 0), "alice"),
    ],
)
def test_rte07_group_night_forwarding_manual_or_scheduled(rule: NightForwarding, moment: datetime, rings: str) -> None:
    plan = call_alice(moment, rule)
    assert isinstance(plan, Ring)
    assert plan.contacts == (Contact(ContactKind.USER, rings),)
