"""Two routing replicas on one vhost and one database share the circular-hunt turn and the department limits
under concurrent calls, and late or repeated call ends repair the counters (RTE-08, RTE-14).

These use a real database of their own instead of the per-test rolled-back transaction: replicas must see each
other's commits, which savepoints on one shared connection would hide."""

import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import nameko
import pytest
from nameko.runners import ServiceRunner
from nameko.standalone.rpc import ServiceRpcClient

from relais_kit.db import ConnectionPool
from relais_kit.testing.plugin import create_database, drop_database, free_port, migrate_everything
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.service import RoutingService
from routing.storage import RoutingStore


@pytest.fixture()
def replicas(platform_config: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Two RoutingService runners on their own committed database; yields its URL and an RPC client."""
    name = f"relais_replicas_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    migrate_everything(url)
    runners = []
    try:
        for _ in range(2):
            addresses = {**platform_config["HTTP_ADDRESSES"], "routing": f"127.0.0.1:{free_port()}"}
            with nameko.config.patch({"DATABASE_URL": url, "HTTP_ADDRESSES": addresses}):
                runner = ServiceRunner()
                runner.add_service(RoutingService)
                runner.start()
                runners.append(runner)
        with ServiceRpcClient("routing", timeout=30) as client:
            yield url, client
    finally:
        for runner in runners:
            runner.kill()
        drop_database(name)


def seed(url: str, **options: Any) -> SeededEnterprise:
    pool = ConnectionPool(url, "routing", size=1)
    try:
        with pool.transaction() as tx:
            return seed_enterprise(RoutingStore(tx), **options)
    finally:
        pool.close()


def query(url: str, sql: str) -> list[dict[str, Any]]:
    pool = ConnectionPool(url, "routing", size=1)
    try:
        with pool.transaction() as tx:
            return tx.all(sql)
    finally:
        pool.close()


def concurrently(client: Any, method: str, payloads: list[Any]) -> list[Any]:
    replies = [getattr(client, method).call_async(payload) for payload in payloads]
    return [reply.result() for reply in replies]


def test_rte08_replicas_hand_out_circular_turns_exactly_once(replicas: tuple[str, Any]) -> None:
    url, client = replicas
    enterprise = seed(url, users=4, algorithm="circular")
    pilot = enterprise.hunt_groups[0]["pilot"]
    calls = [{"call_id": f"c{n}", "caller": "+16135550100", "dialled": pilot, "origin": "trunk"} for n in range(40)]
    plans = concurrently(client, "route_call", calls)
    firsts = Counter(plan["contacts"][0]["address"] for plan in plans)
    assert firsts == {user: 10 for user in enterprise.users}
    assert query(url, "SELECT position FROM hunt_positions") == [{"position": 3}]


def test_rte14_replicas_never_exceed_a_department_limit_and_ends_repair_it(replicas: tuple[str, Any]) -> None:
    url, client = replicas
    enterprise = seed(url, users=3, outgoing_limit=5, hunt_groups=0, auto_attendants=0)
    calls = [
        {
            "call_id": f"out{n}",
            "caller": "2000",
            "dialled": f"+1416555{n:04d}",
            "origin": "internal",
            "caller_user_id": enterprise.users[n % 3],
        }
        for n in range(30)
    ]
    plans = concurrently(client, "route_call", calls)
    outcomes = Counter(plan["kind"] if plan["kind"] == "ring" else plan["reason"] for plan in plans)
    assert outcomes == {"ring": 5, "outgoing_limit": 25}
    assert query(url, "SELECT in_progress FROM department_calls") == [{"in_progress": 5}]
    ends = concurrently(client, "call_ended", [c["call_id"] for c in calls] * 2)  # every end delivered twice
    assert sum(len(end["released"]) for end in ends) == 5
    assert query(url, "SELECT in_progress FROM department_calls") == [{"in_progress": 0}]
    assert query(url, "SELECT count(*) AS n FROM calls_in_progress") == [{"n": 0}]
