"""Outbox and inbox over real RabbitMQ and PostgreSQL (ARCHITECTURE convention 4).

A committed event is published, a rolled-back one never is, a stranded one is relayed; a consumer counts a
redelivered event once, ignores unknown fields and drops malformed events without effect.
"""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from marshmallow import Schema, fields
from nameko.rpc import rpc
from nameko.standalone.events import event_dispatcher

from relais_kit.contracts import envelope
from relais_kit.db import Database, SavepointConnection, Transaction
from relais_kit.events import Outbox, consumes
from relais_kit.testing.plugin import wait_for

SCHEMA = "kit_events_test"
SYSTEM_ID, RESELLER_ID = str(uuid.uuid4()), str(uuid.uuid4())


def reseller_data(name: str = "Acme") -> dict[str, Any]:
    return {
        "reseller_id": RESELLER_ID,
        "parent_id": SYSTEM_ID,
        "name": name,
        "language": "fr",
        "billing_owner": "reseller",
    }


class Producer:
    name = "accounts"  # the schema of reseller_created says its source is accounts

    db = Database(SCHEMA)
    outbox = Outbox(SCHEMA, relay_interval=0.2)

    @rpc
    def create(self, name: str, fail: bool = False) -> None:
        with self.db.transaction() as tx:
            self.outbox.add(tx, "reseller_created", reseller_data(name), [SYSTEM_ID, RESELLER_ID])
            if fail:
                raise ValueError("the business change failed")


class ResellerCreated(Schema):
    reseller_id = fields.UUID(required=True)
    name = fields.String(required=True)


class Consumer:
    name = "kit_consumer"

    db = Database(SCHEMA)

    @consumes("accounts", "reseller_created", ResellerCreated)
    def on_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        tx.execute("INSERT INTO seen (name) VALUES (%s)", (data["name"],))


@pytest.fixture()
def tables(db_connection: SavepointConnection) -> None:
    with db_connection.savepoint("public") as tx:
        tx.execute(f"CREATE SCHEMA {SCHEMA}")
        tx.execute(
            f"CREATE TABLE {SCHEMA}.outbox (event_id uuid PRIMARY KEY, event_type text NOT NULL,"
            " payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)"
        )
        tx.execute(
            f"CREATE TABLE {SCHEMA}.processed_events (event_id uuid, consumer text, processed_at timestamptz"
            " DEFAULT now(), PRIMARY KEY (event_id, consumer))"
        )
        tx.execute(f"CREATE TABLE {SCHEMA}.seen (name text)")


def seen(sql_query: Callable[..., list[dict[str, Any]]]) -> list[str]:
    return [row["name"] for row in sql_query(f"SELECT name FROM {SCHEMA}.seen ORDER BY name")]


def test_committed_event_is_published_and_consumed(tables: None, run_services: Any, rpc: Any, sql_query: Any) -> None:
    run_services(Producer, Consumer)
    rpc("accounts").create("Acme")
    assert wait_for(lambda: seen(sql_query)) == ["Acme"]
    rows = sql_query(f"SELECT published_at FROM {SCHEMA}.outbox")
    assert len(rows) == 1 and rows[0]["published_at"] is not None


def test_rolled_back_change_publishes_nothing(tables: None, run_services: Any, rpc: Any, sql_query: Any) -> None:
    run_services(Producer, Consumer)
    with pytest.raises(Exception, match="ValueError"):
        rpc("accounts").create("Ghost", fail=True)
    rpc("accounts").create("Real")
    assert wait_for(lambda: seen(sql_query)) == ["Real"]
    assert sql_query(f"SELECT count(*) AS n FROM {SCHEMA}.outbox")[0]["n"] == 1


def test_stranded_event_is_relayed(tables: None, run_services: Any, sql_query: Any) -> None:
    """Committed while the broker was unreachable: the relay publishes it later."""
    event = envelope("accounts", "reseller_created", reseller_data("Late"), [SYSTEM_ID, RESELLER_ID])
    sql_query(
        f"INSERT INTO {SCHEMA}.outbox (event_id, event_type, payload, created_at)"
        " VALUES (%s, 'reseller_created', %s::jsonb, now() - interval '1 minute')",
        (event["event_id"], __import__("json").dumps(event)),
    )
    run_services(Producer, Consumer)
    assert wait_for(lambda: seen(sql_query)) == ["Late"]


def test_redelivered_event_counts_once_and_unknown_fields_are_ignored(
    tables: None, run_services: Any, platform_config: dict[str, Any], sql_query: Any
) -> None:
    run_services(Consumer)
    event = envelope("accounts", "reseller_created", reseller_data("Once"), [SYSTEM_ID, RESELLER_ID])
    event["a_field_from_the_future"] = {"x": 1}
    event["data"]["also_new"] = True
    dispatch = event_dispatcher()
    dispatch("accounts", "reseller_created", event)
    dispatch("accounts", "reseller_created", event)
    wait_for(lambda: seen(sql_query))
    marker = envelope("accounts", "reseller_created", reseller_data("Zmarker"), [SYSTEM_ID, RESELLER_ID])
    dispatch("accounts", "reseller_created", marker)
    wait_for(lambda: "Zmarker" in seen(sql_query))
    assert seen(sql_query) == ["Once", "Zmarker"]


def test_malformed_event_changes_nothing(tables: None, run_services: Any, sql_query: Any) -> None:
    run_services(Consumer)
    dispatch = event_dispatcher()
    broken = envelope("accounts", "reseller_created", {"name": "No id"}, [SYSTEM_ID])
    dispatch("accounts", "reseller_created", broken)
    dispatch("accounts", "reseller_created", {"not": "an envelope"})
    dispatch(
        "accounts", "reseller_created", envelope("accounts", "reseller_created", reseller_data("After"), [SYSTEM_ID])
    )
    assert wait_for(lambda: seen(sql_query)) == ["After"]
    assert sql_query(f"SELECT count(*) AS n FROM {SCHEMA}.processed_events")[0]["n"] == 1


def test_publishing_an_event_off_contract_fails_before_anything_is_written(
    tables: None, db_connection: SavepointConnection, sql_query: Any
) -> None:
    from relais_kit.contracts import ContractError
    from relais_kit.events import OutboxWriter

    writer = OutboxWriter("accounts")
    with pytest.raises(ContractError, match="name"), db_connection.savepoint(SCHEMA) as tx:
        writer.add(tx, "reseller_created", {**reseller_data(), "name": ""}, [SYSTEM_ID])
    assert sql_query(f"SELECT count(*) AS n FROM {SCHEMA}.outbox")[0]["n"] == 0
