"""Routing's projections of accounts' users, extensions, DIDs and phones over real RabbitMQ and PostgreSQL (RTE-01,
NUM-01, NUM-05, NUM-06): every event delivered twice is applied once, the snapshot the engine routes on is built from
them, and `relais rebuild-projections` followed by a replay of the same events gives the very same state."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import nameko
import pytest
from nameko.runners import ServiceRunner
from nameko.standalone.events import event_dispatcher

from relais.operations import rebuild_routing_projections
from relais_kit.contracts import envelope, validate_event
from relais_kit.db import ConnectionPool
from relais_kit.testing.plugin import create_database, drop_database, migrate_everything, wait_for
from routing.engine import Snapshot
from routing.service import RoutingService
from routing.storage import RoutingStore

SYSTEM, RESELLER, ENTERPRISE, DEPARTMENT = (str(uuid.uuid4()) for _ in range(4))
ALICE, BRUNO, CLAIRE, PHONE = (str(uuid.uuid4()) for _ in range(4))
PATH = [SYSTEM, RESELLER, ENTERPRISE]


@pytest.fixture()
def database() -> Iterator[str]:
    name = f"relais_lines_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    migrate_everything(url)
    yield url
    drop_database(name)


def event(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    built = envelope("accounts", event_type, data, PATH)
    validate_event(built)
    return built


def user(user_id: str, number: str, extension: str | None, name: str) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "tenant_id": ENTERPRISE,
        "department_id": DEPARTMENT,
        "user_number": number,
        "extension": extension,
        "display_name": name,
        "language": "fr",
        "role": "user",
        "enterprise_role": None,
        "account_kind": "employee",
        "status": "activated",
    }


def history() -> list[tuple[str, dict[str, Any]]]:
    """What accounts published, in order."""
    customer = {
        "tenant_id": ENTERPRISE,
        "kind": "enterprise",
        "reseller_id": RESELLER,
        "name": "Acme",
        "language": "fr",
        "time_zone": "America/Montreal",
    }
    department = {
        "department_id": DEPARTMENT,
        "enterprise_id": ENTERPRISE,
        "parent_id": None,
        "path": [DEPARTMENT],
        "name": "Ventes",
        "operator_number": None,
        "max_incoming_calls": None,
        "max_outgoing_calls": 3,
    }
    events = [
        ("customer_account_created", customer),
        ("department_changed", department),
        ("user_created", user(ALICE, "1001", "2001", "Alice")),
        ("user_created", user(BRUNO, "1002", "2002", "Bruno")),
        ("user_created", user(CLAIRE, "1003", "2003", "Claire")),
        ("user_updated", user(BRUNO, "1002", "2004", "Bruno B.")),
        ("extension_changed", {"extension_id": str(uuid.uuid4()), "enterprise_id": ENTERPRISE, "number": "2002",
                               "user_id": None, "deleted": True}),
        ("did_assigned", {"did_id": str(uuid.uuid4()), "number": "+15145550100", "tenant_id": ENTERPRISE,
                          "target_type": "user", "target_id": ALICE}),
        ("did_assigned", {"did_id": str(uuid.uuid4()), "number": "+15145550101", "tenant_id": ENTERPRISE,
                          "target_type": "user", "target_id": BRUNO}),
        ("did_assigned", {"did_id": str(uuid.uuid4()), "number": "+15145550101", "tenant_id": ENTERPRISE,
                          "target_type": None, "target_id": None}),
        ("phone_assigned", {"phone_id": PHONE, "enterprise_id": ENTERPRISE, "mac": "00:11:22:33:44:55",
                            "model": "Yealink T54W", "user_id": ALICE, "department_id": None, "deleted": False}),
        ("user_deleted", user(CLAIRE, "1003", "2003", "Claire")),
    ]  # fmt: skip
    return [(event_type, event(event_type, data)) for event_type, data in events]


def query(url: str, sql: str) -> list[dict[str, Any]]:
    pool = ConnectionPool(url, "routing", size=1)
    try:
        with pool.transaction() as tx:
            tx.execute(sql)
            return [dict(row) for row in tx.cursor.fetchall()] if tx.cursor.description else []
    finally:
        pool.close()


def state(url: str) -> dict[str, Any]:
    return {
        "lines": query(url, "SELECT user_id::text, tenant_id::text, department_id::text, extension, language"
                            " FROM lines ORDER BY user_id"),
        "dids": query(url, "SELECT number, target_kind, target_ref FROM dids ORDER BY number"),
        "phones": query(url, "SELECT phone_id::text, user_id::text, mac, model FROM phones ORDER BY phone_id"),
        "pickup": query(url, "SELECT name, member_user_ids::text[] AS members FROM pickup_groups"),
    }  # fmt: skip


def snapshot(url: str) -> Snapshot:
    pool = ConnectionPool(url, "routing", size=1)
    try:
        with pool.transaction() as tx:
            return RoutingStore(tx).load_snapshot(ENTERPRISE, PATH)
    finally:
        pool.close()


EXPECTED = {
    "lines": [
        {"user_id": u, "tenant_id": ENTERPRISE, "department_id": DEPARTMENT, "extension": ext, "language": "fr"}
        for u, ext in sorted([(ALICE, "2001"), (BRUNO, "2004")])
    ],
    "dids": [{"number": "+15145550100", "target_kind": "user", "target_ref": ALICE}],
    "phones": [{"phone_id": PHONE, "user_id": ALICE, "mac": "00:11:22:33:44:55", "model": "Yealink T54W"}],
}


def test_events_twice_apply_once_and_a_rebuild_gives_the_same_snapshot(
    database: str, platform_config: dict[str, Any], private_amqp_uri: str
) -> None:
    events = history()
    with nameko.config.patch({"DATABASE_URL": database, "AMQP_URI": private_amqp_uri}):
        runner = ServiceRunner()
        runner.add_service(RoutingService)
        runner.start()
        try:
            dispatch = event_dispatcher()
            mine = "SELECT count(*) AS n FROM processed_events"

            def processed(n: int) -> None:
                """Wait until n events are processed; on a loaded machine (CI) that can take well over 10 s."""
                wait_for(lambda: query(database, mine) == [{"n": n}] or None, timeout=60)

            def play(batch: list[tuple[str, dict[str, Any]]], done: int) -> int:
                """One event at a time: each event type has its own queue, so only this fixes their order."""
                for event_type, built_event in batch:
                    dispatch("accounts", event_type, built_event)
                    done += 1
                    processed(done)
                return done

            done = play(events[:5], 0)
            # routing's own configuration naming Claire, who is then deleted: she leaves the group
            query(
                database,
                f"INSERT INTO pickup_groups (id, tenant_id, name, member_user_ids)"
                f" VALUES (gen_random_uuid(), '{ENTERPRISE}', 'Accueil', ARRAY['{ALICE}', '{CLAIRE}']::uuid[])",
            )
            play(events[5:], done)
            for event_type, built_event in events:  # every event delivered a second time: nothing more happens
                dispatch("accounts", event_type, built_event)
            # then, per queue, a fresh copy of its latest event: once it is processed, the duplicate before it was
            latest = {event_type: built_event for event_type, built_event in events}
            latest["user_created"] = events[2][1]  # Alice as she is (Claire's creation would bring her back)
            for event_type, built_event in latest.items():
                dispatch("accounts", event_type, event(event_type, built_event["data"]))
            processed(len(events) + len(latest))
            before = state(database)
            assert {k: before[k] for k in EXPECTED} == EXPECTED
            assert before["pickup"] == [{"name": "Accueil", "members": [ALICE]}]
            built = snapshot(database)
            assert sorted((u.id, u.extension, u.dids) for u in built.users) == sorted(
                [(ALICE, "2001", ("+15145550100",)), (BRUNO, "2004", ())]
            )
            assert [d.number for d in built.dids] == ["+15145550100"]

            lines = rebuild_routing_projections(database)
            assert any(line.startswith("rebuild-projections: emptied routing.phones (1 rows)") for line in lines)
            assert state(database)["lines"] == [] and state(database)["phones"] == []
            assert query(database, mine) == [{"n": 0}]
            play(events, 0)  # the replay, from scratch
            assert state(database) == before
            assert snapshot(database) == built
        finally:
            runner.kill()
