"""The routing engine alone, in process, on one core (README "Routing engine"; issue 5's first figure).

An enterprise of N users (100, 10,000 and 100,000 by default) with 200 hunt groups of 10 members, 50 auto
attendants of two menu levels on business and holiday schedules, 500 restriction rules and 1,000 phone zones; a
call mix of trunk calls to users' DIDs, to hunt-group pilots and to attendants, extension-to-extension calls, and
outbound local, long-distance, international (some restricted) and emergency calls. Each decision is route() on
the prepared snapshot, timed one by one; the process is pinned to one CPU.

    .venv/bin/python bench/engine_scale.py [--users 100,10000,100000] [--decisions 50000]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import statistics
import time
import warnings
from datetime import UTC, date, datetime
from datetime import time as clock

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from routing.engine import CallRequest, Origin, route  # noqa: E402
from routing.engine.model import (  # noqa: E402
    AutoAttendant,
    Did,
    Forwarding,
    ForwardRule,
    Holiday,
    HuntAlgorithm,
    HuntGroup,
    HuntMember,
    Menu,
    MenuAction,
    MenuKey,
    PhoneZone,
    RestrictionLevel,
    RestrictionMatch,
    RestrictionRule,
    Schedule,
    Snapshot,
    Target,
    TargetKind,
    User,
    WeeklyHours,
)

ENTERPRISE = "e0000000-0000-0000-0000-000000000001"
WEDNESDAY_10 = datetime(2026, 6, 10, 14, 0, tzinfo=UTC)  # 10:00 in Toronto
ALGORITHMS = list(HuntAlgorithm)
OUTSIDE = "+16135550100"


def did_of(n: int) -> str:
    return f"+1514{2000000 + n:07d}"


def extension_of(n: int) -> str:
    return str(100000 + n)


def build(users: int, rng: random.Random) -> Snapshot:
    people = []
    for n in range(users):
        forwarding = Forwarding()
        if n % 7 == 0:
            forwarding = Forwarding(busy=ForwardRule(Target(TargetKind.USER, f"u{(n + 1) % users}")))
        if n % 11 == 0:
            forwarding = Forwarding(no_answer=ForwardRule(Target(TargetKind.NUMBER, "+15145550123")))
        people.append(
            User(id=f"u{n}", extension=extension_of(n), dids=(did_of(n),), forwarding=forwarding, language="fr")
        )
    weekly = tuple(WeeklyHours(day, clock(8, 30), clock(17, 0)) for day in range(5))
    schedules = (
        Schedule(id="business", name="Heures", weekly=weekly),
        Schedule(id="holidays", name="Fériés", holidays=(Holiday(date(2026, 12, 25), date(2026, 12, 26), "Noël"),)),
    )
    groups = tuple(
        HuntGroup(
            id=f"g{g}",
            name=f"Groupe {g}",
            pilot=f"+1438{3000000 + g:07d}",
            extension=f"9{g:03d}",
            members=tuple(HuntMember(f"u{(g * 10 + m) % users}") for m in range(10)),
            algorithm=ALGORITHMS[g % len(ALGORITHMS)],
        )
        for g in range(200)
    )
    attendants = tuple(
        AutoAttendant(
            id=f"a{a}",
            name=f"Standard {a}",
            extension=f"8{a:03d}",
            business_hours_menu_id="main",
            after_hours_menu_id="night",
            business_schedule_id="business",
            holiday_schedule_id="holidays",
            menus=(
                Menu(
                    "main",
                    "welcome",
                    (
                        MenuKey("1", MenuAction.TRANSFER, extension_of(a % users)),
                        MenuKey("2", MenuAction.SUBMENU, "sales"),
                        MenuKey("0", MenuAction.OPERATOR),
                    ),
                ),
                Menu("sales", "sales", (MenuKey("1", MenuAction.TRANSFER, f"9{a % 200:03d}"),)),
                Menu("night", "closed", (MenuKey("1", MenuAction.VOICEMAIL, f"u{a % users}"),)),
            ),
        )
        for a in range(50)
    )
    dids = [Did(did_of(n), Target(TargetKind.USER, f"u{n}")) for n in range(users)]
    dids += [Did(group.pilot or "", Target(TargetKind.HUNT_GROUP, group.id)) for group in groups]
    dids += [Did(f"+1438{4000000 + a:07d}", Target(TargetKind.AUTO_ATTENDANT, f"a{a}")) for a in range(50)]
    countries = ["FR", "GB", "DE", "CU", "KP", "IR", "SY", "RU", "CN", "IN"]
    rules = []
    for r in range(500):
        if r % 5 == 0:
            rule = RestrictionRule(f"r{r}", RestrictionMatch.COUNTRY, countries[r % len(countries)])
        elif r % 5 == 1:
            rule = RestrictionRule(f"r{r}", RestrictionMatch.PREFIX, f"+1900{r:03d}")
        else:
            rule = RestrictionRule(
                f"r{r}",
                RestrictionMatch.AREA_CODE,
                f"+1{200 + r % 700}",
                level=RestrictionLevel.ENTERPRISE,
                owner_id=ENTERPRISE,
                per_user=r % 2 == 0,
            )
        rules.append(rule)
    zones = tuple(
        PhoneZone(f"z{z}", f"Zone {z}", tuple(f"+1{200 + (z * 3 + k) % 800}" for k in range(3))) for z in range(1000)
    )
    return Snapshot(
        enterprise_id=ENTERPRISE,
        users=tuple(people),
        dids=tuple(dids),
        hunt_groups=groups,
        auto_attendants=attendants,
        schedules=schedules,
        restriction_rules=tuple(rules),
        zones=zones,
    )


def mix(users: int, rng: random.Random, size: int = 4000) -> list[CallRequest]:
    calls = []
    outbound = ["+15145550199", "+14165550100", "+19005550100", "+442079460000", "+33142685300", "911", "+15815550000"]
    for _ in range(size):
        n = rng.randrange(users)
        kind = rng.randrange(6)
        if kind == 0:
            calls.append(CallRequest(OUTSIDE, did_of(n), Origin.TRUNK))
        elif kind == 1:
            calls.append(CallRequest(OUTSIDE, f"+1438{3000000 + rng.randrange(200):07d}", Origin.TRUNK))
        elif kind == 2:
            calls.append(CallRequest(OUTSIDE, f"+1438{4000000 + rng.randrange(50):07d}", Origin.TRUNK))
        elif kind == 3:
            other = rng.randrange(users)
            calls.append(CallRequest(extension_of(n), extension_of(other), Origin.INTERNAL, f"u{n}"))
        else:
            calls.append(CallRequest(extension_of(n), rng.choice(outbound), Origin.INTERNAL, f"u{n}"))
    return calls


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(users: int, decisions: int) -> str:
    rng = random.Random(users)
    started = time.perf_counter()
    snapshot = build(users, rng)
    built = time.perf_counter() - started
    calls = mix(users, rng)
    started = time.perf_counter()
    for request in calls[:200]:  # the snapshot's indexes are built on first use, once per configuration version
        route(snapshot, request, WEDNESDAY_10)
    indexed = time.perf_counter() - started
    kinds: dict[str, int] = {}
    samples = []
    gc.collect()
    gc.disable()
    try:
        total_started = time.perf_counter()
        for request in itertools.islice(itertools.cycle(calls), decisions):
            started = time.perf_counter()
            plan = route(snapshot, request, WEDNESDAY_10)
            samples.append((time.perf_counter() - started) * 1000)
            kinds[type(plan).__name__] = kinds.get(type(plan).__name__, 0) + 1
        elapsed = time.perf_counter() - total_started
    finally:
        gc.enable()
    samples.sort()
    outcome = ", ".join(f"{name} {count * 100 // decisions}%" for name, count in sorted(kinds.items()))
    return (
        f"{users:>7} users: {decisions / elapsed:>8.0f} decisions/s, p50 {percentile(samples, 50):.3f} ms,"
        f" p99 {percentile(samples, 99):.3f} ms, max {samples[-1]:.2f} ms, mean {statistics.fmean(samples):.3f} ms"
        f" | snapshot built in {built * 1000:.0f} ms, indexed in {indexed * 1000:.0f} ms | {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="100,10000,100000")
    parser.add_argument("--decisions", type=int, default=50000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print("200 hunt groups x 10 members, 50 auto attendants, 500 restriction rules, 1,000 zones; one core")
    for users in (int(u) for u in args.users.split(",")):
        print(measure(users, args.decisions))


if __name__ == "__main__":
    main()
