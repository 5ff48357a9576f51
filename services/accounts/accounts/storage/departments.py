"""Departments: a tree per enterprise with managers and call limits (ACC-20)."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

DEPARTMENT_COLUMNS = (
    "d.id, d.enterprise_id, d.parent_id, d.path, d.name, d.operator_number, d.max_incoming_calls,"
    " d.max_outgoing_calls, d.created_at,"
    " coalesce((SELECT array_agg(m.user_id::text ORDER BY m.user_id) FROM department_managers m"
    " WHERE m.department_id = d.id), '{}') AS manager_ids"
)


class DepartmentQueries(Queries):
    def department(self, department_id: Any) -> dict[str, Any] | None:
        found = as_uuid(department_id)
        if found is None:
            return None
        return self.tx.one(f"SELECT {DEPARTMENT_COLUMNS} FROM departments d WHERE d.id = %s", (found,))

    def departments_of(self, enterprise_id: Any, within: Any = None) -> list[dict[str, Any]]:
        """The enterprise's departments (or the subtree of ``within``), parents before children."""
        return self.tx.all(
            f"SELECT {DEPARTMENT_COLUMNS} FROM departments d WHERE d.enterprise_id = %s"
            " AND (%s::uuid IS NULL OR d.path @> ARRAY[%s::uuid])"
            " ORDER BY array_length(d.path, 1), lower(d.name)",
            (str(enterprise_id), str(within) if within else None, str(within) if within else None),
        )

    def departments_managed_by(self, user_id: Any) -> list[UUID]:
        rows = self.tx.all("SELECT department_id FROM department_managers WHERE user_id = %s", (str(user_id),))
        return [UUID(str(r["department_id"])) for r in rows]

    def create_department(
        self, enterprise_id: Any, parent: dict[str, Any] | None, data: dict[str, Any]
    ) -> dict[str, Any]:
        department_id = uuid.uuid4()
        path = [*(str(p) for p in (parent["path"] if parent else [])), str(department_id)]
        self.tx.execute(
            "INSERT INTO departments (id, enterprise_id, parent_id, path, name, operator_number, max_incoming_calls,"
            " max_outgoing_calls) VALUES (%s, %s, %s, %s::uuid[], %s, %s, %s, %s)",
            (
                str(department_id),
                str(enterprise_id),
                str(parent["id"]) if parent else None,
                path,
                data["name"],
                data.get("operator_number"),
                data.get("max_incoming_calls"),
                data.get("max_outgoing_calls"),
            ),
        )
        row = self.department(department_id)
        assert row is not None
        return row

    def update_department(self, department_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        self.tx.execute(
            "UPDATE departments SET name = %s, operator_number = %s, max_incoming_calls = %s,"
            " max_outgoing_calls = %s, updated_at = now() WHERE id = %s",
            (
                data["name"],
                data.get("operator_number"),
                data.get("max_incoming_calls"),
                data.get("max_outgoing_calls"),
                str(department_id),
            ),
        )
        row = self.department(department_id)
        assert row is not None
        return row

    def set_department_managers(self, department_id: Any, user_ids: list[str]) -> None:
        self.tx.execute("DELETE FROM department_managers WHERE department_id = %s", (str(department_id),))
        for user_id in user_ids:
            self.tx.execute(
                "INSERT INTO department_managers (department_id, user_id) VALUES (%s, %s)",
                (str(department_id), user_id),
            )

    def department_name_taken(self, enterprise_id: Any, parent_id: Any, name: str, except_id: Any = None) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM departments WHERE enterprise_id = %s"
                " AND parent_id IS NOT DISTINCT FROM %s AND lower(name) = lower(%s) AND id IS DISTINCT FROM %s)",
                (
                    str(enterprise_id),
                    str(parent_id) if parent_id else None,
                    name,
                    str(except_id) if except_id else None,
                ),
            )
        )

    def department_in_use(self, department_id: Any) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM departments WHERE parent_id = %s)"
                " OR EXISTS (SELECT 1 FROM users WHERE department_id = %s)",
                (str(department_id), str(department_id)),
            )
        )

    def delete_department(self, department_id: Any) -> None:
        self.tx.execute("DELETE FROM departments WHERE id = %s", (str(department_id),))
