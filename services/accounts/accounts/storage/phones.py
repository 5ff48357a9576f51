"""SIP phones and their programmable keys (NUM-06, NUM-07)."""

from __future__ import annotations

import uuid
from typing import Any

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

PHONE_COLUMNS = (
    "p.id, p.enterprise_id, p.mac, p.model, p.status, p.user_id, p.department_id, p.created_at,"
    " u.display_name AS user_name, d.name AS department_name"
)
PHONE_FROM = "phones p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN departments d ON d.id = p.department_id"


class PhoneQueries(Queries):
    def phone(self, phone_id: Any) -> dict[str, Any] | None:
        found = as_uuid(phone_id)
        return self.tx.one(f"SELECT {PHONE_COLUMNS} FROM {PHONE_FROM} WHERE p.id = %s", (found,)) if found else None

    def phones_of(self, enterprise_id: Any, departments: list[str] | None = None) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {PHONE_COLUMNS} FROM {PHONE_FROM} WHERE p.enterprise_id = %s"
            " AND (%s::uuid[] IS NULL OR p.department_id = ANY(%s::uuid[]) OR u.department_id = ANY(%s::uuid[]))"
            " ORDER BY p.mac",
            (str(enterprise_id), departments, departments, departments),
        )

    def phones_of_user(self, user_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(f"SELECT {PHONE_COLUMNS} FROM {PHONE_FROM} WHERE p.user_id = %s", (str(user_id),))

    def mac_taken(self, mac: str, except_id: Any = None) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM phones WHERE mac = %s AND id IS DISTINCT FROM %s)",
                (mac, str(except_id) if except_id else None),
            )
        )

    def add_phone(self, enterprise_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        phone_id = uuid.uuid4()
        self.tx.execute(
            "INSERT INTO phones (id, enterprise_id, mac, model, status, user_id, department_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                str(phone_id),
                str(enterprise_id),
                data["mac"],
                data["model"],
                data["status"],
                str(data["user_id"]) if data.get("user_id") else None,
                str(data["department_id"]) if data.get("department_id") else None,
            ),
        )
        row = self.phone(phone_id)
        assert row is not None
        return row

    def update_phone(self, phone_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        self.tx.execute(
            "UPDATE phones SET mac = %s, model = %s, status = %s, updated_at = now() WHERE id = %s",
            (data["mac"], data["model"], data["status"], str(phone_id)),
        )
        row = self.phone(phone_id)
        assert row is not None
        return row

    def assign_phone(self, phone_id: Any, user_id: Any, department_id: Any) -> dict[str, Any]:
        self.tx.execute(
            "UPDATE phones SET user_id = %s, department_id = %s, updated_at = now() WHERE id = %s",
            (str(user_id) if user_id else None, str(department_id) if department_id else None, str(phone_id)),
        )
        row = self.phone(phone_id)
        assert row is not None
        return row

    def delete_phone(self, phone_id: Any) -> None:
        self.tx.execute("DELETE FROM phones WHERE id = %s", (str(phone_id),))

    def phone_keys(self, phone_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT kind, position, action, label, value FROM phone_keys WHERE phone_id = %s ORDER BY kind, position",
            (str(phone_id),),
        )

    def set_phone_keys(self, phone_id: Any, keys: list[dict[str, Any]]) -> None:
        self.tx.execute("DELETE FROM phone_keys WHERE phone_id = %s", (str(phone_id),))
        for key in keys:
            self.tx.execute(
                "INSERT INTO phone_keys (phone_id, kind, position, action, label, value)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (str(phone_id), key["kind"], key["position"], key["action"], key.get("label"), key.get("value")),
            )
