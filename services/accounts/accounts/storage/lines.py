"""Users of an enterprise as lines: the users page, options, SIP credentials, line resets (ACC-09..19)."""

from __future__ import annotations

import uuid
from typing import Any

from psycopg2 import sql

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

LINE_SELECT = (
    "SELECT u.id, u.tenant_id, u.user_number, u.identifier, u.first_name, u.last_name, u.display_name, u.email,"
    " u.language, u.role, u.enterprise_role, u.account_kind, u.department_id, d.name AS department_name, u.status,"
    " u.activation_email, u.phone, u.locked_at, u.last_sign_in_at, u.created_at, e.number AS extension,"
    " (SELECT string_agg(n.number, ', ' ORDER BY n.number) FROM dids n"
    "  WHERE n.target_type = 'user' AND n.target_id = u.id) AS dids,"
    " (u.role IN ('enterprise_admin', 'reseller_admin', 'system_admin')"
    "  OR u.enterprise_role IN ('administrator', 'office_manager')"
    "  OR EXISTS (SELECT 1 FROM department_managers m WHERE m.user_id = u.id)) AS is_administrator,"
    " coalesce((SELECT array_agg(m.department_id::text ORDER BY m.department_id) FROM department_managers m"
    "  WHERE m.user_id = u.id), '{}') AS managed_department_ids"
    " FROM users u LEFT JOIN departments d ON d.id = u.department_id LEFT JOIN extensions e ON e.user_id = u.id"
)
# The users page sorts by any of its columns (ACC-09); names are mapped, never taken from input.
SORTS = {
    "user_number": "x.user_number",
    "display_name": "lower(x.display_name)",
    "first_name": "lower(x.first_name)",
    "last_name": "lower(x.last_name)",
    "extension": "lpad(x.extension, 6, '0')",
    "dids": "x.dids",
    "email": "lower(x.email)",
    "department_name": "lower(x.department_name)",
    "status": "x.status",
    "role": "x.role",
    "created_at": "x.created_at",
}
SEARCHABLE = {
    "user_number": "x.user_number",
    "display_name": "x.display_name",
    "first_name": "x.first_name",
    "last_name": "x.last_name",
    "extension": "x.extension",
    "dids": "x.dids",
    "email": "x.email",
    "department_name": "x.department_name",
    "status": "x.status",
}
OPTION_COLUMNS = (
    "max_messages_fetched",
    "max_contacts",
    "max_voicemails",
    "max_faxes",
    "account_expires_on",
    "public_contacts_access",
    "admin_managed",
    "assistant_on_received_calls",
    "assistant_after_placed_calls",
)
# The column defaults of user_options, for users who never changed theirs.
DEFAULT_OPTIONS: dict[str, Any] = {
    "max_messages_fetched": 50,
    "max_contacts": 500,
    "max_voicemails": 100,
    "max_faxes": 50,
    "account_expires_on": None,
    "public_contacts_access": True,
    "admin_managed": False,
    "assistant_on_received_calls": False,
    "assistant_after_placed_calls": False,
}
DETAIL_COLUMNS = frozenset(
    {
        "first_name",
        "last_name",
        "display_name",
        "email",
        "language",
        "phone",
        "department_id",
        "enterprise_role",
        "status",
        "activation_email",
        "identifier",
        "tenant_id",
        "account_kind",
    }
)


def like_pattern(text: str, prefix_only: bool = False) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix_only else f"%{escaped}%"


class LineQueries(Queries):
    def line(self, user_id: Any) -> dict[str, Any] | None:
        found = as_uuid(user_id)
        if found is None:
            return None
        return self.tx.one(f"{LINE_SELECT} WHERE u.id = %s", (found,))

    def lines_page(
        self,
        tenant_id: Any,
        departments: list[str] | None,
        filters: dict[str, Any],
        limit: int,
        offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of an enterprise's users; ``departments`` limits a manager to their subtree."""
        where: list[sql.Composable] = [sql.SQL("x.tenant_id = %s")]
        params: list[Any] = [str(tenant_id)]
        if departments is not None:
            where.append(sql.SQL("x.department_id = ANY(%s::uuid[])"))
            params.append(departments)
        if filters.get("letter"):
            where.append(sql.SQL("(x.first_name ILIKE %s OR x.last_name ILIKE %s OR x.display_name ILIKE %s)"))
            params += [like_pattern(filters["letter"], prefix_only=True)] * 3
        if filters.get("status"):
            where.append(sql.SQL("x.status = %s"))
            params.append(filters["status"])
        if filters.get("department_id"):
            where.append(sql.SQL("x.department_id = %s"))
            params.append(str(filters["department_id"]))
        if filters.get("administrators"):
            where.append(sql.SQL("x.is_administrator"))
        elif filters.get("search"):
            column = filters.get("column")
            target: sql.Composable
            if column:
                target = sql.SQL(SEARCHABLE[column])
            else:
                target = sql.SQL("concat_ws(' ', {})").format(sql.SQL(", ").join(map(sql.SQL, SEARCHABLE.values())))
            where.append(sql.SQL("{} ILIKE %s").format(target))
            params.append(like_pattern(filters["search"]))
        order = sql.SQL(SORTS[filters.get("sort") or "display_name"])
        direction = sql.SQL("DESC" if filters.get("descending") else "ASC")
        query = sql.SQL(
            "SELECT x.*, count(*) OVER () AS total FROM ({}) x WHERE {} ORDER BY {} {} NULLS LAST, x.id"
            " LIMIT %s OFFSET %s"
        ).format(sql.SQL(LINE_SELECT), sql.SQL(" AND ").join(where), order, direction)
        rows = self.tx.all(query, [*params, limit, offset])
        return rows, int(rows[0]["total"]) if rows else 0

    def user_number_taken(self, number: str) -> bool:
        return bool(self.tx.scalar("SELECT EXISTS (SELECT 1 FROM users WHERE user_number = %s)", (number,)))

    def next_user_number(self) -> str:
        """The next number of the sequence not already given by hand (UserID -1 in imports)."""
        while True:
            number = str(self.tx.scalar("SELECT lpad(nextval('user_number_seq')::text, 4, '0')"))
            if not self.user_number_taken(number):
                return number

    def create_line(self, tenant_id: Any, data: dict[str, Any], password_hash: str) -> dict[str, Any]:
        user_id = uuid.uuid4()
        self.tx.execute(
            "INSERT INTO users (id, tenant_id, user_number, identifier, email, display_name, first_name, last_name,"
            " role, account_kind, enterprise_role, language, password_hash, department_id, phone, status,"
            " activation_email)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'user', 'employee', %s, %s, %s, %s, %s, %s, %s)",
            (
                str(user_id),
                str(tenant_id),
                data["user_number"],
                data["identifier"],
                data["email"],
                data["display_name"],
                data["first_name"],
                data["last_name"],
                data.get("enterprise_role"),
                data["language"],
                password_hash,
                str(data["department_id"]) if data.get("department_id") else None,
                data.get("phone"),
                data["status"],
                data.get("activation_email"),
            ),
        )
        row = self.line(user_id)
        assert row is not None
        return row

    def update_line(self, user_id: Any, changes: dict[str, Any]) -> None:
        changes = {k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in changes.items() if k in DETAIL_COLUMNS}
        if changes:
            self.tx.execute(
                sql.SQL("UPDATE users SET {}, updated_at = now() WHERE id = %s").format(
                    sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in changes)
                ),
                [*changes.values(), str(user_id)],
            )

    def user_options(self, user_id: Any) -> dict[str, Any]:
        row = self.tx.one(f"SELECT {', '.join(OPTION_COLUMNS)} FROM user_options WHERE user_id = %s", (str(user_id),))
        return row if row is not None else dict(DEFAULT_OPTIONS)

    def set_user_options(self, user_id: Any, options: dict[str, Any]) -> None:
        columns = [c for c in OPTION_COLUMNS if c in options]
        self.tx.execute(
            sql.SQL(
                "INSERT INTO user_options (user_id, {}) VALUES (%s, {}) ON CONFLICT (user_id) DO UPDATE SET {},"
                " updated_at = now()"
            ).format(
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(sql.Placeholder() * len(columns)),
                sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in columns),
            ),
            [str(user_id), *(options[c] for c in columns)],
        )

    def clear_user_options(self, user_id: Any) -> None:
        self.tx.execute("DELETE FROM user_options WHERE user_id = %s", (str(user_id),))

    def sip_credentials(self, user_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT kind, username, password_encrypted, updated_at FROM sip_credentials WHERE user_id = %s"
            " ORDER BY kind",
            (str(user_id),),
        )

    def set_sip_credentials(self, user_id: Any, kind: str, username: str, password_encrypted: str) -> None:
        self.tx.execute(
            "INSERT INTO sip_credentials (user_id, kind, username, password_encrypted) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (user_id, kind) DO UPDATE SET username = EXCLUDED.username,"
            " password_encrypted = EXCLUDED.password_encrypted, updated_at = now()",
            (str(user_id), kind, username, password_encrypted),
        )

    def delete_sip_credentials(self, user_id: Any) -> None:
        self.tx.execute("DELETE FROM sip_credentials WHERE user_id = %s", (str(user_id),))

    def all_encrypted_secrets(self) -> list[dict[str, Any]]:
        """For key rotation: every stored secret, by table and key."""
        return self.tx.all(
            "SELECT 'sip' AS source, user_id::text || '/' || kind AS key, password_encrypted FROM sip_credentials"
            " UNION ALL SELECT 'trunk', id::text, password_encrypted FROM trunks WHERE password_encrypted IS NOT NULL"
        )

    def replace_encrypted_secret(self, source: str, key: str, token: str) -> None:
        if source == "sip":
            user_id, kind = key.split("/")
            self.tx.execute(
                "UPDATE sip_credentials SET password_encrypted = %s WHERE user_id = %s AND kind = %s",
                (token, user_id, kind),
            )
        else:
            self.tx.execute("UPDATE trunks SET password_encrypted = %s WHERE id = %s", (token, key))

    def set_department_manager(self, department_id: Any, user_id: Any, manager: bool) -> None:
        if manager:
            self.tx.execute(
                "INSERT INTO department_managers (department_id, user_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (str(department_id), str(user_id)),
            )
        else:
            self.tx.execute(
                "DELETE FROM department_managers WHERE department_id = %s AND user_id = %s",
                (str(department_id), str(user_id)),
            )

    def leave_all_departments_management(self, user_id: Any) -> None:
        self.tx.execute("DELETE FROM department_managers WHERE user_id = %s", (str(user_id),))

    def reset_line_secrets(self, user_id: Any, password_hash: str, pin_hash: str) -> None:
        self.tx.execute(
            "UPDATE users SET password_hash = %s, pin_hash = %s, failed_sign_ins = 0, locked_at = NULL,"
            " password_changed_at = now(), presence = 'available', updated_at = now() WHERE id = %s",
            (password_hash, pin_hash, str(user_id)),
        )
