"""`relais rebuild-projections`: routing's projections of accounts' data are emptied and the events that built them
forgotten, so replaying the same events rebuilds them; routing's own configuration stays."""

import uuid
from collections.abc import Iterator
from typing import Any

import nameko
import pytest
from nameko.runners import ServiceRunner
from nameko.standalone.events import event_dispatcher

from relais.operations import rebuild_routing_projections
from relais_kit.contracts import envelope
from relais_kit.db import ConnectionPool
from relais_kit.testing.plugin import create_database, drop_database, migrate_everything, wait_for
from routing.service import RoutingService


@pytest.fixture()
def database() -> Iterator[str]:
    name = f"relais_rebuild_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    migrate_everything(url)
    yield url
    drop_database(name)


def query(url: str, sql: str) -> list[dict[str, Any]]:
    pool = ConnectionPool(url, "routing", size=1)
    try:
        with pool.transaction() as tx:
            tx.execute(sql)
            return [dict(row) for row in tx.cursor.fetchall()] if tx.cursor.description else []
    finally:
        pool.close()


def test_rebuild_then_replay_restores_the_projections(database: str, platform_config: dict[str, Any]) -> None:
    system, reseller = str(uuid.uuid4()), str(uuid.uuid4())
    created = envelope(
        "accounts",
        "reseller_created",
        {"reseller_id": reseller, "parent_id": system, "name": "Acme", "language": "fr", "billing_owner": "reseller"},
        [system, reseller],
    )
    with nameko.config.patch({"DATABASE_URL": database}):
        runner = ServiceRunner()
        runner.add_service(RoutingService)
        runner.start()
        try:
            dispatch = event_dispatcher()
            dispatch("accounts", "reseller_created", created)
            # The run's vhost may still hold reseller events that earlier tests published: look only at ours.
            mine = f"SELECT id::text, name FROM tenants WHERE id = '{reseller}'"
            wait_for(lambda: query(database, mine))
            query(
                database, f"INSERT INTO phone_zones (id, tenant_id, name) VALUES (gen_random_uuid(), '{reseller}', 'Z')"
            )

            lines = rebuild_routing_projections(database)

            assert any(line.startswith("rebuild-projections: emptied routing.tenants (") for line in lines), lines
            assert query(database, "SELECT 1 FROM tenants") == []
            assert query(database, "SELECT 1 FROM processed_events") == []
            assert query(database, "SELECT name FROM phone_zones") == [{"name": "Z"}]
            dispatch("accounts", "reseller_created", created)  # the replay: the very same event
            rows = wait_for(lambda: query(database, mine))
            assert rows == [{"id": reseller, "name": "Acme"}]
        finally:
            runner.kill()
