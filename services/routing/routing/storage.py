"""Routing's SQL: its projections of accounts' data."""

from __future__ import annotations

from typing import Any

from relais_kit.db import Transaction


class RoutingStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def upsert_tenant(self, tenant_id: Any, kind: str, parent_id: Any, path: list[Any], name: str) -> None:
        self.tx.execute(
            "INSERT INTO tenants (id, kind, parent_id, path, name) VALUES (%s, %s, %s, %s::uuid[], %s)"
            " ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id,"
            " path = EXCLUDED.path, name = EXCLUDED.name, updated_at = now()",
            (str(tenant_id), kind, str(parent_id) if parent_id else None, [str(p) for p in path], name),
        )
