"""Routing's lines follow accounts' user events in the order they occurred, not the order they arrive: a user event
delivered late (an older occurred_at) never overwrites a newer one, over real RabbitMQ and PostgreSQL (RTE-01)."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from nameko.standalone.events import event_dispatcher

from relais_kit.contracts import envelope, validate_event
from relais_kit.testing.plugin import wait_for
from routing.service import RoutingService

SYSTEM, RESELLER, ENTERPRISE, USER = (str(uuid.uuid4()) for _ in range(4))
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def user_event(event_type: str, extension: str, language: str, at: datetime) -> dict[str, Any]:
    data = {
        "user_id": USER,
        "tenant_id": ENTERPRISE,
        "department_id": None,
        "user_number": "0001",
        "extension": extension,
        "display_name": "Alice Martin",
        "language": language,
        "role": "user",
        "enterprise_role": None,
        "account_kind": "employee",
        "status": "activated",
    }
    built = envelope("accounts", event_type, data, [SYSTEM, RESELLER, ENTERPRISE])
    built["occurred_at"] = at.isoformat()
    validate_event(built)
    return built


def line(sql_query: Any) -> list[dict[str, Any]]:
    return sql_query("SELECT extension, language FROM routing.lines WHERE user_id = %s", (USER,))


def test_a_late_user_event_never_overwrites_a_newer_one(run_services: Any, sql_query: Any) -> None:
    run_services(RoutingService)
    dispatch = event_dispatcher()
    dispatch("accounts", "user_created", user_event("user_created", "2001", "fr", T0))
    wait_for(lambda: line(sql_query) == [{"extension": "2001", "language": "fr"}])
    newest = user_event("user_updated", "2003", "en", T0 + timedelta(minutes=2))
    dispatch("accounts", "user_updated", newest)
    wait_for(lambda: line(sql_query) == [{"extension": "2003", "language": "en"}])
    stale = user_event("user_updated", "2002", "fr", T0 + timedelta(minutes=1))
    dispatch("accounts", "user_updated", stale)
    # its handling is recorded in the same transaction as its effect: once recorded, the line shows what it did
    wait_for(lambda: sql_query("SELECT 1 FROM routing.processed_events WHERE event_id = %s", (stale["event_id"],)))
    assert line(sql_query) == [{"extension": "2003", "language": "en"}]
    # the same instant again is not older: it is applied (a redelivery or a second change in the same instant)
    same = user_event("user_updated", "2004", "en", T0 + timedelta(minutes=2))
    dispatch("accounts", "user_updated", same)
    wait_for(lambda: line(sql_query) == [{"extension": "2004", "language": "en"}])
