"""The accounts service's SQL, and only here. Every read takes the caller's scope (ACC-01)."""

from __future__ import annotations

import uuid
from typing import Any

from relais_kit.db import Transaction

_USER_COLUMNS = (
    "u.id, u.tenant_id, t.path AS tenant_path, t.name AS tenant_name, u.user_number, u.identifier, u.email,"
    " u.display_name, u.role, u.language, u.presence"
)


class AccountsStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    # tenants
    def system_tenant(self) -> dict[str, Any] | None:
        return self.tx.one("SELECT * FROM tenants WHERE kind = 'system'")

    def create_tenant(
        self, kind: str, parent: dict[str, Any] | None, name: str, language: str = "fr", **extra: Any
    ) -> dict[str, Any]:
        tenant_id = uuid.uuid4()
        path = [*(str(p) for p in (parent["path"] if parent else [])), str(tenant_id)]
        row = self.tx.one(
            "INSERT INTO tenants (id, kind, parent_id, path, name, language, contact_email, billing_owner)"
            " VALUES (%s, %s, %s, %s::uuid[], %s, %s, %s, %s) RETURNING *",
            (
                str(tenant_id),
                kind,
                str(parent["id"]) if parent else None,
                path,
                name,
                language,
                extra.get("contact_email"),
                extra.get("billing_owner"),
            ),
        )
        assert row is not None
        return row

    def sibling_name_taken(self, parent_id: Any, name: str) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM tenants WHERE parent_id = %s AND lower(name) = lower(%s))",
                (str(parent_id), name),
            )
        )

    def tenants_under(self, scope_id: Any, kind: str) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT * FROM tenants WHERE kind = %s AND path @> ARRAY[%s]::uuid[] ORDER BY lower(name)",
            (kind, str(scope_id)),
        )

    def first_tenant(self, kind: str) -> dict[str, Any] | None:
        return self.tx.one("SELECT * FROM tenants WHERE kind = %s ORDER BY created_at LIMIT 1", (kind,))

    # users
    def create_user(
        self,
        tenant_id: Any,
        identifier: str,
        display_name: str,
        role: str,
        password_hash: str,
        email: str | None = None,
        language: str = "fr",
        account_kind: str = "professional",
    ) -> dict[str, Any]:
        user_id = uuid.uuid4()
        self.tx.execute(
            "INSERT INTO users (id, tenant_id, user_number, identifier, email, display_name, role, account_kind,"
            " language, password_hash)"
            " VALUES (%s, %s, lpad(nextval('user_number_seq')::text, 4, '0'), %s, %s, %s, %s, %s, %s, %s)",
            (
                str(user_id),
                str(tenant_id),
                identifier,
                email,
                display_name,
                role,
                account_kind,
                language,
                password_hash,
            ),
        )
        user = self.user_profile(user_id)
        assert user is not None
        return user

    def user_profile(self, user_id: Any) -> dict[str, Any] | None:
        return self.tx.one(
            f"SELECT {_USER_COLUMNS} FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = %s",
            (str(user_id),),
        )

    def user_for_sign_in(self, identifier: str) -> dict[str, Any] | None:
        """By identifier or e-mail, case-insensitively (ACC-05)."""
        return self.tx.one(
            f"SELECT {_USER_COLUMNS}, u.password_hash FROM users u JOIN tenants t ON t.id = u.tenant_id"
            " WHERE lower(u.identifier) = lower(%s) OR lower(u.email) = lower(%s)"
            " ORDER BY (lower(u.identifier) = lower(%s)) DESC LIMIT 1",
            (identifier, identifier, identifier),
        )

    def update_password_hash(self, user_id: Any, password_hash: str) -> None:
        self.tx.execute(
            "UPDATE users SET password_hash = %s, updated_at = now() WHERE id = %s", (password_hash, str(user_id))
        )

    def identifier_taken(self, identifier: str) -> bool:
        return bool(
            self.tx.scalar("SELECT EXISTS (SELECT 1 FROM users WHERE lower(identifier) = lower(%s))", (identifier,))
        )

    def set_presence(self, user_id: Any, presence: str) -> None:
        self.tx.execute("UPDATE users SET presence = %s, updated_at = now() WHERE id = %s", (presence, str(user_id)))
