"""SIP trunks of the system, resellers and enterprises (NUM-04)."""

from __future__ import annotations

from typing import Any

import psycopg2.extras

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

TRUNK_COLUMNS = (
    "id, tenant_id, name, host, port, transport, username, password_encrypted, register,"
    " allowed_sources::text[] AS allowed_sources, codecs, caller_id_rules, created_at, updated_at"
)


class TrunkQueries(Queries):
    def trunk(self, trunk_id: Any) -> dict[str, Any] | None:
        found = as_uuid(trunk_id)
        return self.tx.one(f"SELECT {TRUNK_COLUMNS} FROM trunks WHERE id = %s", (found,)) if found else None

    def trunks_of(self, tenant_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {TRUNK_COLUMNS} FROM trunks WHERE tenant_id = %s ORDER BY lower(name)", (str(tenant_id),)
        )

    def trunk_name_taken(self, tenant_id: Any, name: str, except_id: Any = None) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM trunks WHERE tenant_id = %s AND lower(name) = lower(%s)"
                " AND id IS DISTINCT FROM %s)",
                (str(tenant_id), name, str(except_id) if except_id else None),
            )
        )

    def save_trunk(self, trunk_id: Any, tenant_id: Any, data: dict[str, Any], password_encrypted: str | None) -> None:
        """Insert or replace every setting; the password token is kept when ``password_encrypted`` is None."""
        values = (
            data["name"],
            data["host"],
            data["port"],
            data["transport"],
            data.get("username"),
            data["register"],
            data["allowed_sources"],
            data["codecs"],
            psycopg2.extras.Json(data["caller_id_rules"]),
        )
        self.tx.execute(
            "INSERT INTO trunks (id, tenant_id, name, host, port, transport, username, register, allowed_sources,"
            " codecs, caller_id_rules, password_encrypted)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::cidr[], %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, host = EXCLUDED.host, port = EXCLUDED.port,"
            " transport = EXCLUDED.transport, username = EXCLUDED.username, register = EXCLUDED.register,"
            " allowed_sources = EXCLUDED.allowed_sources, codecs = EXCLUDED.codecs,"
            " caller_id_rules = EXCLUDED.caller_id_rules,"
            " password_encrypted = coalesce(EXCLUDED.password_encrypted, trunks.password_encrypted),"
            " updated_at = now()",
            (str(trunk_id), str(tenant_id), *values, password_encrypted),
        )

    def clear_trunk_password(self, trunk_id: Any) -> None:
        self.tx.execute("UPDATE trunks SET password_encrypted = NULL WHERE id = %s", (str(trunk_id),))

    def delete_trunk(self, trunk_id: Any) -> None:
        self.tx.execute("DELETE FROM trunks WHERE id = %s", (str(trunk_id),))
