"""Tenants: the system, resellers, enterprises and professionals (ACC-01, ACC-08, ACC-21, ACC-25)."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg2.extras
from psycopg2 import sql

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

TENANT_COLUMNS = (
    "id, kind, parent_id, path, name, language, contact_email, contact_phone, address, billing_owner, brand_name,"
    " brand_primary_colour, brand_accent_colour, portal_host, logo_mime, support_phone, support_email, support_url,"
    " time_zone, setup_progress, created_at, updated_at"
)
# What TenantSchema shows, for lists that PostgreSQL writes as JSON (tenants_page).
TENANT_LIST_COLUMNS = (
    "id",
    "kind",
    "parent_id",
    "name",
    "language",
    "contact_email",
    "contact_phone",
    "address",
    "time_zone",
    "created_at",
)
UPDATABLE = frozenset(
    {
        "name",
        "language",
        "contact_email",
        "contact_phone",
        "address",
        "billing_owner",
        "brand_name",
        "brand_primary_colour",
        "brand_accent_colour",
        "portal_host",
        "support_phone",
        "support_email",
        "support_url",
        "time_zone",
        "setup_progress",
    }
)


class TenantQueries(Queries):
    def system_tenant(self) -> dict[str, Any] | None:
        return self.tx.one(f"SELECT {TENANT_COLUMNS} FROM tenants WHERE kind = 'system'")

    def tenant(self, tenant_id: Any) -> dict[str, Any] | None:
        found = as_uuid(tenant_id)
        return self.tx.one(f"SELECT {TENANT_COLUMNS} FROM tenants WHERE id = %s", (found,)) if found else None

    def create_tenant(
        self, kind: str, parent: dict[str, Any] | None, name: str, language: str = "fr", **extra: Any
    ) -> dict[str, Any]:
        tenant_id = uuid.uuid4()
        path = [*(str(p) for p in (parent["path"] if parent else [])), str(tenant_id)]
        columns = {k: v for k, v in extra.items() if k in UPDATABLE and v is not None}
        if "setup_progress" in columns:
            columns["setup_progress"] = psycopg2.extras.Json(columns["setup_progress"])
        names = ["id", "kind", "parent_id", "path", "name", "language", *columns]
        values = [str(tenant_id), kind, str(parent["id"]) if parent else None, path, name, language, *columns.values()]
        query = sql.SQL("INSERT INTO tenants ({}) VALUES ({}) RETURNING {}").format(
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(sql.SQL("%s::uuid[]") if n == "path" else sql.Placeholder() for n in names),
            sql.SQL(TENANT_COLUMNS),
        )
        row = self.tx.one(query, values)
        assert row is not None
        return row

    def update_tenant(self, tenant_id: Any, changes: dict[str, Any]) -> dict[str, Any]:
        changes = {k: v for k, v in changes.items() if k in UPDATABLE}
        if changes:
            values = [psycopg2.extras.Json(v) if k == "setup_progress" else v for k, v in changes.items()]
            self.tx.execute(
                sql.SQL("UPDATE tenants SET {}, updated_at = now() WHERE id = %s").format(
                    sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in changes)
                ),
                [*values, str(tenant_id)],
            )
        row = self.tenant(tenant_id)
        assert row is not None
        return row

    def delete_tenant(self, tenant_id: Any) -> None:
        self.tx.execute("DELETE FROM tenants WHERE id = %s", (str(tenant_id),))

    def sibling_name_taken(self, parent_id: Any, name: str, except_id: Any = None) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM tenants WHERE parent_id = %s AND lower(name) = lower(%s)"
                " AND id IS DISTINCT FROM %s)",
                (str(parent_id), name, str(except_id) if except_id else None),
            )
        )

    def portal_host_taken(self, host: str, except_id: Any = None) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM tenants WHERE lower(portal_host) = lower(%s) AND id IS DISTINCT FROM %s)",
                (host, str(except_id) if except_id else None),
            )
        )

    def tenants_page(
        self,
        scope_id: Any,
        kinds: tuple[str, ...],
        columns: tuple[str, ...],
        search: str | None,
        page: int,
        page_size: int,
    ) -> str:
        """One page of the tenants of these kinds at or under ``scope_id``, by name, as the JSON document
        ``{"items": [...], "total", "page", "page_size"}``. PostgreSQL writes the JSON (json_build_object is ~3×
        faster than to_jsonb here): a 1,000-row page costs ~8 ms instead of ~80 ms of per-row conversion in
        psycopg2 and marshmallow, and the REST API passes the text on untouched (bench/tenancy_scale.py).
        ``columns`` are ``"name"`` or ``"expression AS name"``."""
        names = [column.rsplit(" AS ", 1)[-1] for column in columns]
        item = sql.SQL("json_build_object({})").format(
            sql.SQL(", ").join(sql.SQL("{}, {}").format(sql.Literal(n), sql.Identifier(n)) for n in names)
        )
        pattern = f"%{search.strip()}%" if search and search.strip() else None
        query = sql.SQL(
            "SELECT json_build_object('items', coalesce(json_agg({item} ORDER BY sort_name, id), '[]'),"
            " 'total', coalesce(max(total), 0), 'page', %s, 'page_size', %s)::text FROM ("
            " SELECT {columns}, lower(name) AS sort_name, count(*) OVER () AS total FROM tenants"
            " WHERE kind = ANY(%s) AND path @> ARRAY[%s]::uuid[]"
            " AND (%s::text IS NULL OR name ILIKE %s OR contact_email ILIKE %s)"
            " ORDER BY lower(name), id LIMIT %s OFFSET %s) page"
        ).format(item=item, columns=sql.SQL(", ".join(columns)))
        document = self.tx.scalar(
            query,
            (page, page_size, list(kinds), str(scope_id), pattern, pattern, pattern, page_size, (page - 1) * page_size),
        )
        return str(document)

    def count_children(self, tenant_id: Any) -> int:
        return int(self.tx.scalar("SELECT count(*) FROM tenants WHERE parent_id = %s", (str(tenant_id),)))

    def first_tenant(self, kind: str) -> dict[str, Any] | None:
        return self.tx.one(f"SELECT {TENANT_COLUMNS} FROM tenants WHERE kind = %s ORDER BY created_at LIMIT 1", (kind,))

    def tenant_for_host(self, host: str) -> dict[str, Any] | None:
        return self.tx.one(f"SELECT {TENANT_COLUMNS} FROM tenants WHERE lower(portal_host) = lower(%s)", (host,))

    def logo(self, tenant_id: Any) -> tuple[bytes, str] | None:
        found = as_uuid(tenant_id)
        if found is None:
            return None
        row = self.tx.one("SELECT logo, logo_mime FROM tenants WHERE id = %s AND logo IS NOT NULL", (found,))
        return (bytes(row["logo"]), str(row["logo_mime"])) if row else None

    def set_logo(self, tenant_id: Any, data: bytes | None, mime: str | None) -> None:
        self.tx.execute(
            "UPDATE tenants SET logo = %s, logo_mime = %s, updated_at = now() WHERE id = %s",
            (psycopg2.Binary(data) if data is not None else None, mime, str(tenant_id)),
        )
