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
    " u.telephone_sessions, u.last_telephone_session_at,"
    " (SELECT string_agg(n.number, ', ' ORDER BY n.number) FROM dids n"
    "  WHERE n.target_type = 'user' AND n.target_id = u.id) AS dids,"
    " (u.role IN ('enterprise_admin', 'reseller_admin', 'system_admin')"
    "  OR u.enterprise_role IN ('administrator', 'office_manager')"
    "  OR EXISTS (SELECT 1 FROM department_managers m WHERE m.user_id = u.id)) AS is_administrator,"
    " coalesce((SELECT array_agg(m.department_id::text ORDER BY m.department_id) FROM department_managers m"
    "  WHERE m.user_id = u.id), '{}') AS managed_department_ids"
    " FROM users u LEFT JOIN departments d ON d.id = u.department_id LEFT JOIN extensions e ON e.user_id = u.id"
)
# The users page sorts by any of its columns (ACC-09); names are mapped, never taken from input. Expressions are
# over the page query's light base (users u, its extension e, its department d) so the indexes of migration 0005
# give the first page without sorting the whole enterprise.
SORTS = {
    "user_number": "lpad(u.user_number, 10, '0')",
    "display_name": "lower(u.display_name)",
    "first_name": "lower(u.first_name)",
    "last_name": "lower(u.last_name)",
    "extension": "lpad(e.number, 6, '0')",
    "dids": "(SELECT min(n.number) FROM dids n WHERE n.target_type = 'user' AND n.target_id = u.id)",
    "email": "lower(u.email)",
    "department_name": "lower(d.name)",
    "status": "u.status",
    "role": "u.role",
    "created_at": "u.created_at",
    "telephone_sessions": "u.telephone_sessions",
    "last_telephone_session_at": "u.last_telephone_session_at",
}
NEVER_NULL_SORTS = frozenset({"user_number", "display_name", "status", "role", "created_at", "telephone_sessions"})
SEARCHABLE = (
    "user_number",
    "display_name",
    "first_name",
    "last_name",
    "extension",
    "dids",
    "email",
    "department_name",
    "status",
)
# A search tests the line's own columns on the users row; extension, DIDs and department are other tables, read
# once per search as a short list of ids (their trigram indexes of migration 0007 where pg_trgm is installed),
# never probed once per user. ``search_text`` (migration 0007) is number, names and e-mail in lower case.
USER_MATCH = {
    "user_number": "u.user_number LIKE %s",
    "display_name": "lower(u.display_name) LIKE %s",
    "first_name": "lower(u.first_name) LIKE %s",
    "last_name": "lower(u.last_name) LIKE %s",
    "email": "lower(u.email) LIKE %s",
    "status": "u.status LIKE %s",
    "all": "u.search_text LIKE %s",
}
INLINE_IDS = 500
# A search counts its matches up to this many; past it the page says "1,000+" and is read by walking the sort's
# index, which finds a page of a broad search's matches without reading them all (ACC-09).
COUNT_CAP = 1000
ELSEWHERE_MATCH = {
    "extension": "SELECT x.user_id FROM extensions x WHERE x.enterprise_id = %s AND x.number LIKE %s",
    "dids": "SELECT n.target_id FROM dids n WHERE n.tenant_id = %s AND n.target_type = 'user' AND n.number LIKE %s",
}
# What a sort needs joined to users (the filters never need a join).
SORT_JOINS = {
    "extension": "LEFT JOIN extensions e ON e.user_id = u.id",
    "department_name": "LEFT JOIN departments d ON d.id = u.department_id",
}
IS_ADMINISTRATOR = (
    "(u.role IN ('enterprise_admin', 'reseller_admin', 'system_admin')"
    " OR u.enterprise_role IN ('administrator', 'office_manager')"
    " OR EXISTS (SELECT 1 FROM department_managers m WHERE m.user_id = u.id))"
)
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
    ) -> tuple[list[dict[str, Any]], int, bool]:
        """One page of an enterprise's users, their count, and whether that count stopped at ``COUNT_CAP``;
        ``departments`` limits a manager to their subtree. The count and the page's ids read the users table
        (joined only to what a sort needs); the page's 50 rows are then read whole (DIDs, management), so a
        50,000-user enterprise answers in milliseconds (ACC-09)."""
        where: list[str] = ["u.tenant_id = %s"]
        params: list[Any] = [str(tenant_id)]
        if departments is not None:
            where.append("u.department_id = ANY(%s::uuid[])")
            params.append(departments)
        if filters.get("letter"):
            where.append(
                "(lower(left(u.first_name, 1)) = %s OR lower(left(u.last_name, 1)) = %s"
                " OR lower(left(u.display_name, 1)) = %s)"
            )
            params += [filters["letter"].lower()] * 3
        if filters.get("status"):
            where.append("u.status = %s")
            params.append(filters["status"])
        if filters.get("department_id"):
            where.append("u.department_id = %s")
            params.append(str(filters["department_id"]))
        if filters.get("administrators"):
            where.append(IS_ADMINISTRATOR)
        alternatives = (
            self._search(tenant_id, filters) if filters.get("search") and not filters.get("administrators") else []
        )
        sort = filters.get("sort") or "display_name"
        direction = "DESC" if filters.get("descending") else "ASC"
        if alternatives:
            # the condition as one test (for counting and the extension order), and the alternatives apart
            where.append("(" + " OR ".join(test for test, _ in alternatives) + ")")
            params_all = [*params, *(v for _, values in alternatives for v in values)]
        else:
            params_all = params
        condition = " AND ".join(where)
        capped = False
        if sort == "extension":
            ids, total = self._page_by_extension(condition, params_all, direction, limit, offset)
        elif len(where) == 1:
            # the whole enterprise: an index-only count, and the page read in index order
            total = int(self.tx.scalar(f"SELECT count(*) FROM users u WHERE {condition}", params_all))
            ids = self._page_ids(condition, params_all, sort, direction, limit, offset) if offset < total else []
        else:
            # filtered: the matches first (each alternative through its own index), counted, then the page
            base = " AND ".join(where[:-1]) if alternatives else condition
            branches = [(f"{base} AND {test}", [*params, *values]) for test, values in alternatives] or [
                (condition, params_all)
            ]
            total = int(
                self.tx.scalar(
                    f"SELECT count(*) FROM (SELECT 1 FROM users u WHERE {condition} LIMIT %s) s",
                    [*params_all, COUNT_CAP + 1],
                )
            )
            if total > COUNT_CAP:
                # a broad search: the sort's index walked in order, tested row by row, stops after a page
                total, capped = COUNT_CAP, True
                ids = self._page_ids(condition, params_all, sort, direction, limit, offset)
            else:
                ids = self._filtered_page(branches, sort, direction, limit, offset) if offset < total else []
        order = [str(r["id"]) for r in ids]
        rows = {str(r["id"]): r for r in self.tx.all(f"{LINE_SELECT} WHERE u.id = ANY(%s::uuid[])", (order,))}
        return [rows[i] for i in order if i in rows], total, capped

    def _search(self, tenant_id: Any, filters: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """The tests a search makes, any of which selects a user: (SQL on ``u``, its parameters)."""
        pattern = like_pattern(filters["search"].lower())
        column = filters.get("column")
        found: list[tuple[str, list[Any]]] = []
        if column in USER_MATCH or not column:
            found.append((USER_MATCH[column or "all"], [pattern]))
        for name, select in ELSEWHERE_MATCH.items():
            if column not in (None, name):
                continue
            # usually a handful of ids (none for a name being typed): given as a list, the users row is read once;
            # a long list stays a sub-query
            ids = self.tx.all(f"{select} LIMIT {INLINE_IDS + 1}", (str(tenant_id), pattern))
            if len(ids) <= INLINE_IDS:
                if ids or column:
                    found.append(("u.id = ANY(%s::uuid[])", [[str(next(iter(r.values()))) for r in ids]]))
            else:
                found.append((f"u.id IN ({select})", [str(tenant_id), pattern]))
        if column in (None, "department_name"):
            # the few departments whose name matches, found first so the planner sees what they weigh
            named = self.tx.all(
                "SELECT id::text FROM departments WHERE enterprise_id = %s AND lower(name) LIKE %s",
                (str(tenant_id), pattern),
            )
            if named or column:
                found.append(("u.department_id = ANY(%s::uuid[])", [[r["id"] for r in named]]))
        return found

    def _page_ids(
        self, condition: str, params: list[Any], sort: str, direction: str, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        nulls = "" if sort in NEVER_NULL_SORTS else " NULLS LAST"
        return self.tx.all(
            f"SELECT u.id FROM users u {SORT_JOINS.get(sort, '')} WHERE {condition}"
            f" ORDER BY {SORTS[sort]} {direction}{nulls}, u.id {direction} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )

    def _filtered_page(
        self, branches: list[tuple[str, list[Any]]], sort: str, direction: str, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        """The users any branch selects, with their count and sort key, then the page. Materialised first: walking
        a name index in order would read the whole enterprise to find a few matches."""
        nulls = "" if sort in NEVER_NULL_SORTS else " NULLS LAST"
        join = SORT_JOINS.get(sort, "")
        union = " UNION ".join(
            f"SELECT u.id, {SORTS[sort]} AS k FROM users u {join} WHERE {test}" for test, _ in branches
        )
        return self.tx.all(
            f"WITH found AS MATERIALIZED ({union})"
            f" SELECT id, count(*) OVER () AS total FROM found ORDER BY k {direction}{nulls}, id {direction}"
            " LIMIT %s OFFSET %s",
            [*(v for _, values in branches for v in values), limit, offset],
        )

    def _page_by_extension(
        self, condition: str, params: list[Any], direction: str, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Users with an extension first, in the order of the extensions index; then those without, by id."""
        with_extension = (
            f"FROM extensions e JOIN users u ON u.id = e.user_id WHERE e.enterprise_id = u.tenant_id AND {condition}"
        )
        ids = self.tx.all(
            f"SELECT u.id {with_extension} AND e.enterprise_id = %s"
            f" ORDER BY lpad(e.number, 6, '0') {direction}, u.id {direction} LIMIT %s OFFSET %s",
            [*params, params[0], limit, offset],
        )
        total = int(self.tx.scalar(f"SELECT count(*) FROM users u WHERE {condition}", params))
        if len(ids) == limit or offset >= total:
            return ids, total
        counted = offset + len(ids) if ids else int(self.tx.scalar(f"SELECT count(*) {with_extension}", params))
        without = "NOT EXISTS (SELECT 1 FROM extensions x WHERE x.user_id = u.id)"
        ids += self.tx.all(
            f"SELECT u.id FROM users u WHERE {condition} AND {without} ORDER BY u.id {direction} LIMIT %s OFFSET %s",
            [*params, limit - len(ids), max(0, offset - counted)],
        )
        return ids, total

    def record_telephone_session(self, user_id: Any) -> None:
        self.tx.execute(
            "UPDATE users SET telephone_sessions = telephone_sessions + 1, last_telephone_session_at = now()"
            " WHERE id = %s",
            (str(user_id),),
        )

    def accounts_expiring(self, within_days: int) -> list[dict[str, Any]]:
        """Users whose account ends within ``within_days`` and who were not yet warned of that date (ACC-16)."""
        return self.tx.all(
            "SELECT u.id, u.display_name, u.identifier, u.user_number, u.email, u.language, o.account_expires_on"
            " FROM user_options o JOIN users u ON u.id = o.user_id"
            " WHERE o.account_expires_on IS NOT NULL AND o.account_expires_on <= current_date + %s"
            " AND o.account_expires_on >= current_date AND u.email IS NOT NULL"
            " AND o.expiry_warned_for IS DISTINCT FROM o.account_expires_on"
            " ORDER BY o.account_expires_on LIMIT 500 FOR UPDATE OF o SKIP LOCKED",
            (within_days,),
        )

    def mark_expiry_warned(self, user_id: Any, expires_on: Any) -> None:
        self.tx.execute("UPDATE user_options SET expiry_warned_for = %s WHERE user_id = %s", (expires_on, str(user_id)))

    def activate_if_pending(self, user_id: Any) -> None:
        self.tx.execute(
            "UPDATE users SET status = 'activated', updated_at = now() WHERE id = %s AND status <> 'activated'",
            (str(user_id),),
        )

    def account_expires_on(self, user_id: Any) -> Any:
        return self.tx.scalar("SELECT account_expires_on FROM user_options WHERE user_id = %s", (str(user_id),))

    def user_number_taken(self, number: str) -> bool:
        return bool(self.tx.scalar("SELECT EXISTS (SELECT 1 FROM users WHERE user_number = %s)", (number,)))

    def next_user_number(self) -> str:
        """The next number of the sequence not already given by hand (UserID -1 in imports)."""
        while True:
            number = str(self.tx.scalar("SELECT nextval('user_number_seq')::text"))
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
