"""The audit log (ACC-28): every change, who made it and as whom, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg2.extras

from accounts.storage.base import Queries


class AuditQueries(Queries):
    def add_audit_entry(self, entry: dict[str, Any]) -> None:
        self.tx.execute(
            "INSERT INTO audit_log (tenant_path, actor_id, actor_name, acting_as_id, acting_as_name, action,"
            " target_type, target_id, target_name, before, after)"
            " VALUES (%s::uuid[], %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                [str(t) for t in entry["tenant_path"]],
                entry["actor_id"],
                entry["actor_name"],
                entry.get("acting_as_id"),
                entry.get("acting_as_name"),
                entry["action"],
                entry["target_type"],
                entry.get("target_id"),
                entry.get("target_name"),
                psycopg2.extras.Json(entry["before"]) if entry.get("before") is not None else None,
                psycopg2.extras.Json(entry["after"]) if entry.get("after") is not None else None,
            ),
        )

    def audit_entries(
        self,
        scope_id: Any,
        search: str | None,
        since: datetime | None,
        until: datetime | None,
        limit: int,
        offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
        pattern = f"%{search.strip()}%" if search and search.strip() else None
        rows = self.tx.all(
            "SELECT id, occurred_at, actor_name, acting_as_name, action, target_type, target_id, target_name,"
            " before, after, count(*) OVER () AS total FROM audit_log"
            " WHERE tenant_path @> ARRAY[%s]::uuid[]"
            " AND (%s::timestamptz IS NULL OR occurred_at >= %s) AND (%s::timestamptz IS NULL OR occurred_at < %s)"
            " AND (%s::text IS NULL OR actor_name ILIKE %s OR acting_as_name ILIKE %s OR action ILIKE %s"
            "      OR target_name ILIKE %s OR target_type ILIKE %s)"
            " ORDER BY occurred_at DESC, id DESC LIMIT %s OFFSET %s",
            (
                str(scope_id),
                since,
                since,
                until,
                until,
                pattern,
                pattern,
                pattern,
                pattern,
                pattern,
                pattern,
                limit,
                offset,
            ),
        )
        return rows, int(rows[0]["total"]) if rows else 0
