"""Media's copy of accounts' tenant tree (``directory_tenants``), for the wall checks of media.scope.

Fed by accounts' reseller and customer-account events; each handler validates with its own schema, ignores
fields it does not know and runs in the transaction that records the event id, so a redelivered event changes
nothing and an older event never overwrites a newer row.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from relais_kit.db import Transaction


class ResellerChanged(Schema):
    reseller_id = fields.UUID(required=True)


class CustomerAccountChanged(Schema):
    tenant_id = fields.UUID(required=True)
    kind = fields.String(required=True)


class TenantDeleted(Schema):
    tenant_id = fields.UUID(required=True)


def upsert_tenant(tx: Transaction, tenant_id: Any, kind: str, path: list[Any], occurred_at: Any = None) -> None:
    tx.execute(
        "INSERT INTO directory_tenants AS t (id, kind, path, updated_at)"
        " VALUES (%s, %s, %s::uuid[], coalesce(%s, now()))"
        " ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, path = EXCLUDED.path, updated_at = EXCLUDED.updated_at"
        " WHERE t.updated_at <= EXCLUDED.updated_at",
        (str(tenant_id), kind, [str(p) for p in path], occurred_at),
    )


def reseller_changed(tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
    upsert_tenant(tx, data["reseller_id"], "reseller", event["tenant_path"], event.get("occurred_at"))


def customer_account_changed(tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
    upsert_tenant(tx, data["tenant_id"], data["kind"], event["tenant_path"], event.get("occurred_at"))


def tenant_deleted(tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
    tx.execute("DELETE FROM directory_tenants WHERE id = %s", (str(data["tenant_id"]),))
