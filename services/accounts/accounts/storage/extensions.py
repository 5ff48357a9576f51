"""The enterprise extension plan (NUM-05)."""

from __future__ import annotations

import uuid
from typing import Any

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

EXTENSION_COLUMNS = "id, enterprise_id, number, user_id, created_at"


class ExtensionQueries(Queries):
    def extension(self, extension_id: Any) -> dict[str, Any] | None:
        found = as_uuid(extension_id)
        return self.tx.one(f"SELECT {EXTENSION_COLUMNS} FROM extensions WHERE id = %s", (found,)) if found else None

    def extension_of_user(self, user_id: Any) -> dict[str, Any] | None:
        return self.tx.one(f"SELECT {EXTENSION_COLUMNS} FROM extensions WHERE user_id = %s", (str(user_id),))

    def extensions_of(self, enterprise_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {EXTENSION_COLUMNS}, (SELECT u.display_name FROM users u WHERE u.id = extensions.user_id)"
            " AS user_name FROM extensions WHERE enterprise_id = %s ORDER BY lpad(number, 6, '0')",
            (str(enterprise_id),),
        )

    def extensions_taken(self, enterprise_id: Any, numbers: list[str], except_id: Any = None) -> list[str]:
        rows = self.tx.all(
            "SELECT number FROM extensions WHERE enterprise_id = %s AND number = ANY(%s) AND id IS DISTINCT FROM %s"
            " ORDER BY number",
            (str(enterprise_id), numbers, str(except_id) if except_id else None),
        )
        return [str(r["number"]) for r in rows]

    def add_extension(self, enterprise_id: Any, number: str, user_id: Any = None) -> dict[str, Any]:
        row = self.tx.one(
            f"INSERT INTO extensions (id, enterprise_id, number, user_id) VALUES (%s, %s, %s, %s)"
            f" RETURNING {EXTENSION_COLUMNS}",
            (str(uuid.uuid4()), str(enterprise_id), number, str(user_id) if user_id else None),
        )
        assert row is not None
        return row

    def update_extension(self, extension_id: Any, number: str, user_id: Any) -> dict[str, Any]:
        row = self.tx.one(
            f"UPDATE extensions SET number = %s, user_id = %s WHERE id = %s RETURNING {EXTENSION_COLUMNS}",
            (number, str(user_id) if user_id else None, str(extension_id)),
        )
        assert row is not None
        return row

    def delete_extension(self, extension_id: Any) -> None:
        self.tx.execute("DELETE FROM extensions WHERE id = %s", (str(extension_id),))
