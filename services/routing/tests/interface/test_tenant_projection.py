"""Routing's tenant projection, fed by accounts' reseller_created over real RabbitMQ (ARCHITECTURE: projections)."""

import uuid
from typing import Any

from nameko.standalone.events import event_dispatcher

from relais_kit.contracts import envelope, validate_event
from relais_kit.testing.plugin import wait_for
from routing.service import RoutingService


def reseller_event(name: str, **extra_data: Any) -> dict[str, Any]:
    system_id, reseller_id = str(uuid.uuid4()), str(uuid.uuid4())
    data = {
        "reseller_id": reseller_id,
        "parent_id": system_id,
        "name": name,
        "language": "fr",
        "billing_owner": "reseller",
        **extra_data,
    }
    event = envelope("accounts", "reseller_created", data, [system_id, reseller_id])
    validate_event(event)
    return event


def projected(sql_query: Any) -> list[dict[str, Any]]:
    return sql_query("SELECT id::text, kind, name, path::text[] AS path FROM routing.tenants ORDER BY name")


def test_reseller_created_lands_in_the_projection_once(run_services: Any, sql_query: Any) -> None:
    run_services(RoutingService)
    event = reseller_event("Acme", brand_colour="#123456")  # a field routing does not know
    dispatch = event_dispatcher()
    for _ in range(3):  # redelivered: still one row
        dispatch("accounts", "reseller_created", event)
    rows = wait_for(lambda: projected(sql_query))
    assert rows == [
        {"id": event["data"]["reseller_id"], "kind": "reseller", "name": "Acme", "path": event["tenant_path"]}
    ]
    done = sql_query("SELECT count(*) AS n FROM routing.processed_events WHERE event_id = %s", (event["event_id"],))
    assert done[0]["n"] == 1
