"""Routing's projections of accounts' tenants and departments, fed by accounts' events over real RabbitMQ:
idempotent on redelivery, unknown fields ignored, deletions take routing's configuration with them (RTE-14)."""

import uuid
from typing import Any

from nameko.standalone.events import event_dispatcher

from relais_kit.contracts import envelope, validate_event
from relais_kit.testing.plugin import wait_for
from routing.service import RoutingService

SYSTEM, RESELLER, ENTERPRISE, DEPARTMENT = (str(uuid.uuid4()) for _ in range(4))


def event(event_type: str, data: dict[str, Any], path: list[str]) -> dict[str, Any]:
    built = envelope("accounts", event_type, data, path)
    validate_event(built)
    return built


def customer(event_type: str, name: str, time_zone: str) -> dict[str, Any]:
    data = {
        "tenant_id": ENTERPRISE,
        "kind": "enterprise",
        "reseller_id": RESELLER,
        "name": name,
        "language": "fr",
        "time_zone": time_zone,
    }
    return event(event_type, data, [SYSTEM, RESELLER, ENTERPRISE])


def department(max_out: int | None) -> dict[str, Any]:
    data = {
        "department_id": DEPARTMENT,
        "enterprise_id": ENTERPRISE,
        "parent_id": None,
        "path": [DEPARTMENT],
        "name": "Ventes",
        "operator_number": None,
        "max_incoming_calls": None,
        "max_outgoing_calls": max_out,
    }
    return event("department_changed", data, [SYSTEM, RESELLER, ENTERPRISE])


def tenants(sql_query: Any) -> list[dict[str, Any]]:
    return sql_query("SELECT id::text, kind, name, time_zone FROM routing.tenants ORDER BY kind")


def test_accounts_events_build_the_projections_once(run_services: Any, sql_query: Any) -> None:
    run_services(RoutingService)
    dispatch = event_dispatcher()
    reseller = event(
        "reseller_updated",
        {
            "reseller_id": RESELLER,
            "parent_id": SYSTEM,
            "name": "Nouveau nom",
            "language": "en",
            "billing_owner": "reseller",
        },
        [SYSTEM, RESELLER],
    )
    created = customer("customer_account_created", "Acme", "America/Montreal")
    created["data"]["brand_colour"] = "#123456"  # a field routing does not know
    updated = customer("customer_account_updated", "Acme inc.", "America/Vancouver")
    for _ in range(2):  # redelivered: same result
        dispatch("accounts", "reseller_updated", reseller)
        dispatch("accounts", "customer_account_created", created)
        dispatch("accounts", "department_changed", department(4))
    wait_for(lambda: len(tenants(sql_query)) == 2 and sql_query("SELECT 1 FROM routing.departments"))
    dispatch("accounts", "customer_account_updated", updated)
    wait_for(lambda: ("Acme inc.", "America/Vancouver") in [(t["name"], t["time_zone"]) for t in tenants(sql_query)])
    dispatch("accounts", "customer_account_created", created)  # a stale copy arriving late changes nothing
    assert tenants(sql_query) == [
        {"id": ENTERPRISE, "kind": "enterprise", "name": "Acme inc.", "time_zone": "America/Vancouver"},
        {"id": RESELLER, "kind": "reseller", "name": "Nouveau nom", "time_zone": None},
    ]
    assert sql_query("SELECT max_outgoing_calls FROM routing.departments") == [{"max_outgoing_calls": 4}]
    processed = sql_query(
        "SELECT count(*) AS n FROM routing.processed_events WHERE event_id = %s", (created["event_id"],)
    )
    assert processed == [{"n": 1}]


def test_deletions_remove_the_tenant_and_its_routing_configuration(run_services: Any, sql_query: Any) -> None:
    run_services(RoutingService)
    dispatch = event_dispatcher()
    dispatch("accounts", "customer_account_created", customer("customer_account_created", "Acme", "America/Montreal"))
    dispatch("accounts", "department_changed", department(None))
    wait_for(lambda: sql_query("SELECT 1 FROM routing.departments"))
    sql_query(
        "INSERT INTO routing.phone_zones (id, tenant_id, name, area_codes) VALUES (gen_random_uuid(), %s, 'Z', '{}')",
        (ENTERPRISE,),
    )
    path = [SYSTEM, RESELLER, ENTERPRISE]
    dispatch(
        "accounts",
        "department_deleted",
        event("department_deleted", {"department_id": DEPARTMENT, "enterprise_id": ENTERPRISE}, path),
    )
    wait_for(lambda: not sql_query("SELECT 1 FROM routing.departments"))
    deleted = event("customer_account_deleted", {"tenant_id": ENTERPRISE, "kind": "enterprise"}, path)
    dispatch("accounts", "customer_account_deleted", deleted)
    dispatch("accounts", "customer_account_deleted", deleted)
    wait_for(lambda: not tenants(sql_query))
    assert sql_query("SELECT 1 FROM routing.phone_zones") == []
