"""Remote-provisioning API keys of resellers (ACC-26) and the lines of an enterprise for export (NUM-08)."""

from __future__ import annotations

from typing import Any

from accounts.storage.base import Queries
from accounts.storage.lines import LINE_SELECT
from relais_kit.validation import as_uuid

KEY_COLUMNS = "id, reseller_id, created_by, name, prefix, created_at, last_used_at, revoked_at"


class ProvisioningQueries(Queries):
    def provisioning_keys_of(self, reseller_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {KEY_COLUMNS} FROM provisioning_keys WHERE reseller_id = %s ORDER BY created_at DESC",
            (str(reseller_id),),
        )

    def provisioning_key(self, key_id: Any) -> dict[str, Any] | None:
        found = as_uuid(key_id)
        return self.tx.one(f"SELECT {KEY_COLUMNS} FROM provisioning_keys WHERE id = %s", (found,)) if found else None

    def provisioning_key_by_prefix(self, prefix: str) -> dict[str, Any] | None:
        return self.tx.one(
            f"SELECT {KEY_COLUMNS}, key_hash FROM provisioning_keys WHERE prefix = %s AND revoked_at IS NULL",
            (prefix,),
        )

    def add_provisioning_key(self, key: dict[str, Any]) -> dict[str, Any]:
        row = self.tx.one(
            "INSERT INTO provisioning_keys (id, reseller_id, created_by, name, prefix, key_hash)"
            f" VALUES (%(id)s, %(reseller_id)s, %(created_by)s, %(name)s, %(prefix)s, %(key_hash)s)"
            f" RETURNING {KEY_COLUMNS}",
            key,
        )
        assert row is not None
        return row

    def revoke_provisioning_key(self, key_id: Any) -> None:
        self.tx.execute(
            "UPDATE provisioning_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = %s", (str(key_id),)
        )

    def provisioning_key_used(self, key_id: Any) -> None:
        self.tx.execute("UPDATE provisioning_keys SET last_used_at = now() WHERE id = %s", (str(key_id),))

    def lines_for_export(self, enterprise_id: Any, departments: list[str] | None) -> list[dict[str, Any]]:
        """Every line of the enterprise (or of these departments), sorted by department then name (NUM-08)."""
        return self.tx.all(
            f"SELECT x.* FROM ({LINE_SELECT} WHERE u.tenant_id = %s) x"
            " WHERE (%s::text[] IS NULL OR x.department_id::text = ANY(%s::text[]))"
            " ORDER BY x.department_name NULLS FIRST, lower(x.display_name), x.id",
            (str(enterprise_id), departments, departments),
        )
