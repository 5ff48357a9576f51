"""Users as the tenancy work needs them: profiles, administrators, sign-in lookups (ACC-02, ACC-03, ACC-21)."""

from __future__ import annotations

import uuid
from typing import Any

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

USER_COLUMNS = (
    "u.id, u.tenant_id, t.path AS tenant_path, t.name AS tenant_name, t.kind AS tenant_kind,"
    " t.time_zone AS tenant_time_zone, u.user_number,"
    " u.identifier, u.email, u.display_name, u.role, u.enterprise_role, u.account_kind, u.department_id, u.language,"
    " u.presence, u.phone, u.locked_at, u.last_sign_in_at, u.created_at,"
    # the account's expiry is shown at each access, and an admin-managed user changes no setting (ACC-16)
    " (SELECT o.account_expires_on FROM user_options o WHERE o.user_id = u.id) AS account_expires_on,"
    " coalesce((SELECT o.admin_managed FROM user_options o WHERE o.user_id = u.id), false) AS admin_managed"
)


class UserQueries(Queries):
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
        enterprise_role: str | None = None,
    ) -> dict[str, Any]:
        user_id = uuid.uuid4()
        self.tx.execute(
            "INSERT INTO users (id, tenant_id, user_number, identifier, email, display_name, role, account_kind,"
            " language, password_hash, enterprise_role)"
            " VALUES (%s, %s, nextval('user_number_seq')::text, %s, %s, %s, %s, %s, %s, %s, %s)",
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
                enterprise_role,
            ),
        )
        user = self.user_profile(user_id)
        assert user is not None
        return user

    def user_profile(self, user_id: Any) -> dict[str, Any] | None:
        found = as_uuid(user_id)
        if found is None:
            return None
        return self.tx.one(
            f"SELECT {USER_COLUMNS} FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = %s", (found,)
        )

    def users_of_tenant(self, tenant_id: Any, roles: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {USER_COLUMNS} FROM users u JOIN tenants t ON t.id = u.tenant_id"
            " WHERE u.tenant_id = %s AND (%s::text[] IS NULL OR u.role = ANY(%s) OR u.enterprise_role = ANY(%s))"
            " ORDER BY lower(u.display_name)",
            (str(tenant_id), list(roles) if roles else None, list(roles or ()), list(roles or ())),
        )

    def delete_user(self, user_id: Any) -> None:
        self.tx.execute("DELETE FROM users WHERE id = %s", (str(user_id),))

    def count_users_of_tenant(self, tenant_id: Any) -> int:
        return int(self.tx.scalar("SELECT count(*) FROM users WHERE tenant_id = %s", (str(tenant_id),)))

    def update_user(self, user_id: Any, **changes: Any) -> None:
        allowed = {"display_name", "email", "language", "phone", "presence"}
        for key, value in changes.items():
            if key in allowed:
                self.tx.execute(
                    f"UPDATE users SET {key} = %s, updated_at = now() WHERE id = %s",  # key is from the allow-list
                    (value, str(user_id)),
                )

    def identifier_taken(self, identifier: str) -> bool:
        return bool(
            self.tx.scalar("SELECT EXISTS (SELECT 1 FROM users WHERE lower(identifier) = lower(%s))", (identifier,))
        )

    def email_taken(self, email: str, except_id: Any = None) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(%s) AND id IS DISTINCT FROM %s)",
                (email, str(except_id) if except_id else None),
            )
        )

    def set_presence(self, user_id: Any, presence: str) -> None:
        self.tx.execute("UPDATE users SET presence = %s, updated_at = now() WHERE id = %s", (presence, str(user_id)))
