"""Handlers of the events routing consumes; each validates with its own schema and ignores unknown fields.

They keep routing's projections of accounts' tenants and departments. Each runs inside the transaction that
records the event id (relais_kit.events.consumes), so a redelivered event changes nothing; an event older than the
row it would change is ignored, so events handled out of order leave the newest state.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from routing.storage import RoutingStore

LANGUAGE = fields.String(load_default=None)


class ResellerChanged(Schema):
    reseller_id = fields.UUID(required=True)
    parent_id = fields.UUID(required=True)
    name = fields.String(required=True)
    language = LANGUAGE


class TenantDeleted(Schema):
    tenant_id = fields.UUID(required=True)
    kind = fields.String(required=True)


class CustomerAccountChanged(Schema):
    tenant_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    reseller_id = fields.UUID(required=True)
    name = fields.String(required=True)
    language = LANGUAGE
    time_zone = fields.String(load_default=None)


class DepartmentChanged(Schema):
    department_id = fields.UUID(required=True)
    enterprise_id = fields.UUID(required=True)
    parent_id = fields.UUID(load_default=None, allow_none=True)
    path = fields.List(fields.UUID(), required=True)
    name = fields.String(required=True)
    operator_number = fields.String(load_default=None, allow_none=True)
    max_incoming_calls = fields.Integer(load_default=None, allow_none=True)
    max_outgoing_calls = fields.Integer(load_default=None, allow_none=True)


class DepartmentDeleted(Schema):
    department_id = fields.UUID(required=True)
    enterprise_id = fields.UUID(required=True)


def reseller_changed(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    store.upsert_tenant(
        data["reseller_id"],
        "reseller",
        data["parent_id"],
        event["tenant_path"],
        data["name"],
        language=data["language"],
        occurred_at=event["occurred_at"],
    )


def customer_account_changed(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    store.upsert_tenant(
        data["tenant_id"],
        data["kind"],
        data["reseller_id"],
        event["tenant_path"],
        data["name"],
        time_zone=data["time_zone"],
        language=data["language"],
        occurred_at=event["occurred_at"],
    )


def tenant_deleted(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    store.delete_tenant(data["tenant_id"])


def department_changed(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    store.upsert_department(data, occurred_at=event["occurred_at"])


def department_deleted(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    store.delete_department(data["department_id"])
