"""DID inventory and number blocks (NUM-01, NUM-02)."""

from __future__ import annotations

import uuid
from typing import Any

from accounts.storage.base import Queries
from accounts.storage.lines import like_pattern
from relais_kit.validation import as_uuid

DID_COLUMNS = "id, number, tenant_id, block_id, target_type, target_id, created_at"
# What the inventory page shows beside a number: what it rings, its block and the block's department (NUM-01, 02).
DID_NAMES = (
    "CASE target_type WHEN 'user' THEN (SELECT u.display_name FROM users u WHERE u.id = dids.target_id)"
    " WHEN 'department' THEN (SELECT d.name FROM departments d WHERE d.id = dids.target_id) END AS target_name,"
    " (SELECT b.name FROM number_blocks b WHERE b.id = dids.block_id) AS block_name,"
    " (SELECT d.name FROM number_blocks b JOIN departments d ON d.id = b.department_id"
    "  WHERE b.id = dids.block_id) AS department_name"
)
BLOCK_COLUMNS = (
    "b.id, b.enterprise_id, b.department_id, b.name, b.first_number, b.last_number, b.created_at,"
    " (SELECT count(*) FROM dids n WHERE n.block_id = b.id) AS size,"
    " (SELECT count(*) FROM dids n WHERE n.block_id = b.id AND n.target_type IS NOT NULL) AS assigned"
)


class NumberQueries(Queries):
    def did(self, did_id: Any) -> dict[str, Any] | None:
        found = as_uuid(did_id)
        return self.tx.one(f"SELECT {DID_COLUMNS} FROM dids WHERE id = %s", (found,)) if found else None

    def dids_taken(self, numbers: list[str]) -> set[str]:
        rows = self.tx.all("SELECT number FROM dids WHERE number = ANY(%s)", (numbers,))
        return {str(r["number"]) for r in rows}

    def add_dids(self, tenant_id: Any, numbers: list[str], block_id: Any = None) -> list[dict[str, Any]]:
        added = []
        for number in numbers:
            row = self.tx.one(
                f"INSERT INTO dids (id, number, tenant_id, block_id) VALUES (%s, %s, %s, %s) RETURNING {DID_COLUMNS}",
                (str(uuid.uuid4()), number, str(tenant_id), str(block_id) if block_id else None),
            )
            assert row is not None
            added.append(row)
        return added

    def dids_page(
        self, tenant_id: Any, state: str, search: str | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        rows = self.tx.all(
            f"SELECT {DID_COLUMNS}, {DID_NAMES}, count(*) OVER () AS total FROM dids WHERE tenant_id = %s"
            " AND (%s = 'all' OR (%s = 'used') = (target_type IS NOT NULL))"
            " AND (%s::text IS NULL OR number LIKE %s) ORDER BY number LIMIT %s OFFSET %s",
            (str(tenant_id), state, state, search, like_pattern(search or ""), limit, offset),
        )
        return rows, int(rows[0]["total"]) if rows else 0

    def dids_of_target(self, target_type: str, target_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {DID_COLUMNS} FROM dids WHERE target_type = %s AND target_id = %s ORDER BY number",
            (target_type, str(target_id)),
        )

    def assign_did(self, did_id: Any, target_type: str | None, target_id: Any) -> dict[str, Any]:
        row = self.tx.one(
            "UPDATE dids SET target_type = %s, target_id = %s, updated_at = now() WHERE id = %s"
            f" RETURNING {DID_COLUMNS}",
            (target_type, str(target_id) if target_id else None, str(did_id)),
        )
        assert row is not None
        return row

    def delete_did(self, did_id: Any) -> None:
        self.tx.execute("DELETE FROM dids WHERE id = %s", (str(did_id),))

    def number_block(self, block_id: Any) -> dict[str, Any] | None:
        found = as_uuid(block_id)
        return self.tx.one(f"SELECT {BLOCK_COLUMNS} FROM number_blocks b WHERE b.id = %s", (found,)) if found else None

    def number_blocks_of(self, enterprise_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {BLOCK_COLUMNS} FROM number_blocks b WHERE b.enterprise_id = %s ORDER BY b.first_number",
            (str(enterprise_id),),
        )

    def block_overlaps(self, first: str, last: str) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM number_blocks WHERE char_length(first_number) = char_length(%s)"
                " AND first_number <= %s AND last_number >= %s)",
                (first, last, first),
            )
        )

    def create_number_block(self, enterprise_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        block_id = uuid.uuid4()
        self.tx.execute(
            "INSERT INTO number_blocks (id, enterprise_id, department_id, name, first_number, last_number)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (
                str(block_id),
                str(enterprise_id),
                str(data["department_id"]) if data.get("department_id") else None,
                data["name"],
                data["first_number"],
                data["last_number"],
            ),
        )
        row = self.number_block(block_id)
        assert row is not None
        return row

    def block_in_use(self, block_id: Any) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM dids WHERE block_id = %s AND target_type IS NOT NULL)", (str(block_id),)
            )
        )

    def delete_number_block(self, block_id: Any) -> None:
        self.tx.execute("DELETE FROM dids WHERE block_id = %s", (str(block_id),))
        self.tx.execute("DELETE FROM number_blocks WHERE id = %s", (str(block_id),))
