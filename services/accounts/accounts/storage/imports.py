"""Bulk user imports (ACC-15): import jobs and their rows, the look-ups a preview makes for a whole file at once,
and the set-based writes of a commit (execute_values: thousands of users in a few statements)."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg2.extras
from psycopg2 import sql

from accounts.storage.base import Queries
from relais_kit.validation import as_uuid

JOB_COLUMNS = (
    "id, enterprise_id, started_by, source, file_name, state, errors, total, done, report, created_at, updated_at"
)
ROW_COLUMNS = "position, data, errors, duplicate_of, included, outcome, user_id"
JOB_FIELDS = frozenset({"state", "errors", "total", "done", "report"})
PAGE = 1000


def _json(value: Any) -> Any:
    return psycopg2.extras.Json(value) if isinstance(value, dict | list) else value


class ImportQueries(Queries):
    # jobs and rows
    def create_import_job(
        self, enterprise_id: Any, started_by: dict[str, Any], source: str, file_name: str | None
    ) -> dict[str, Any]:
        row = self.tx.one(
            f"INSERT INTO user_import_jobs (id, enterprise_id, started_by, source, file_name)"
            f" VALUES (%s, %s, %s, %s, %s) RETURNING {JOB_COLUMNS}",
            (str(uuid.uuid4()), str(enterprise_id), _json(started_by), source, file_name),
        )
        assert row is not None
        return row

    def import_job(self, job_id: Any) -> dict[str, Any] | None:
        found = as_uuid(job_id)
        return self.tx.one(f"SELECT {JOB_COLUMNS} FROM user_import_jobs WHERE id = %s", (found,)) if found else None

    def update_import_job(self, job_id: Any, expected_state: str | None = None, **changes: Any) -> bool:
        """Change a job; with ``expected_state`` only if it is still in that state (one commit per job)."""
        columns = [c for c in changes if c in JOB_FIELDS]
        query = sql.SQL("UPDATE user_import_jobs SET {}, updated_at = now() WHERE id = %s{}").format(
            sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in columns),
            sql.SQL(" AND state = %s") if expected_state else sql.SQL(""),
        )
        params = [_json(changes[c]) for c in columns] + [str(job_id)]
        self.tx.execute(query, params + ([expected_state] if expected_state else []))
        return bool(self.tx.cursor.rowcount)

    def interrupt_import_jobs(self, state: str, new_state: str, errors: Any) -> int:
        """Every job left in ``state`` (its thread died with the process) moved to ``new_state``."""
        self.tx.execute(
            "UPDATE user_import_jobs SET state = %s, errors = %s, updated_at = now() WHERE state = %s",
            (new_state, _json(errors), state),
        )
        return int(self.tx.cursor.rowcount)

    def add_import_rows(self, job_id: Any, rows: list[dict[str, Any]]) -> None:
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "INSERT INTO user_import_rows (job_id, position, data, errors, duplicate_of, included) VALUES %s",
            [
                (
                    str(job_id),
                    r["position"],
                    _json(r["data"]),
                    _json(r["errors"]),
                    str(r["duplicate_of"]) if r["duplicate_of"] else None,
                    r["included"],
                )
                for r in rows
            ],
            page_size=PAGE,
        )

    def import_rows(
        self, job_id: Any, limit: int | None = None, offset: int = 0, included_only: bool = False
    ) -> list[dict[str, Any]]:
        return self.tx.all(
            f"SELECT {ROW_COLUMNS} FROM user_import_rows WHERE job_id = %s AND (NOT %s OR included)"
            " ORDER BY position LIMIT %s OFFSET %s",
            (str(job_id), included_only, limit, offset),
        )

    def import_row_counts(self, job_id: Any) -> dict[str, int]:
        row = self.tx.one(
            "SELECT count(*) AS rows, count(*) FILTER (WHERE errors <> '{}'::jsonb) AS with_errors,"
            " count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates,"
            " count(*) FILTER (WHERE included) AS included FROM user_import_rows WHERE job_id = %s",
            (str(job_id),),
        )
        assert row is not None
        return {k: int(v) for k, v in row.items()}

    def set_import_ticks(self, job_id: Any, ticked: list[int], unticked: list[int]) -> None:
        """Tick or untick rows; a row with errors stays unticked."""
        self.tx.execute(
            "UPDATE user_import_rows SET included = (position = ANY(%s::int[])) AND errors = '{}'::jsonb"
            " WHERE job_id = %s AND position = ANY(%s::int[])",
            (ticked, str(job_id), ticked + unticked),
        )

    def set_import_row_errors(self, job_id: Any, errors: dict[int, Any]) -> None:
        """Errors found again at commit time: the rows are unticked and show them."""
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "UPDATE user_import_rows r SET errors = v.errors::jsonb, included = false"
            " FROM (VALUES %s) v(job_id, position, errors) WHERE r.job_id = v.job_id::uuid AND r.position = v.position",
            [(str(job_id), p, psycopg2.extras.Json(e)) for p, e in errors.items()],
            page_size=PAGE,
        )

    def set_import_outcomes(self, job_id: Any, outcomes: list[tuple[int, str, str | None]]) -> None:
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "UPDATE user_import_rows r SET outcome = v.outcome, user_id = v.user_id::uuid"
            " FROM (VALUES %s) v(job_id, position, outcome, user_id)"
            " WHERE r.job_id = v.job_id::uuid AND r.position = v.position",
            [(str(job_id), *o) for o in outcomes],
            page_size=PAGE,
        )

    # what a preview looks up for the whole file at once
    def accounts_by_email(self, emails: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.tx.all(
            "SELECT lower(email) AS key, id, tenant_id, user_number, role FROM users WHERE lower(email) = ANY(%s)",
            (emails,),
        )
        return {r["key"]: r for r in rows}

    def identifiers_in_use(self, identifiers: list[str]) -> set[str]:
        rows = self.tx.all(
            "SELECT lower(identifier) AS key FROM users WHERE lower(identifier) = ANY(%s)", (identifiers,)
        )
        return {r["key"] for r in rows}

    def user_numbers_in_use(self, numbers: list[str]) -> dict[str, str]:
        rows = self.tx.all("SELECT user_number, id FROM users WHERE user_number = ANY(%s)", (numbers,))
        return {r["user_number"]: str(r["id"]) for r in rows}

    def extensions_by_number(self, enterprise_id: Any, numbers: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.tx.all(
            "SELECT id, number, user_id FROM extensions WHERE enterprise_id = %s AND number = ANY(%s)",
            (str(enterprise_id), numbers),
        )
        return {r["number"]: r for r in rows}

    def dids_by_number(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.tx.all(
            "SELECT id, number, tenant_id, target_type, target_id FROM dids WHERE number = ANY(%s)", (numbers,)
        )
        return {r["number"]: r for r in rows}

    def phones_by_id(self, enterprise_id: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.tx.all(
            "SELECT id, enterprise_id, mac, model, user_id, department_id FROM phones"
            " WHERE enterprise_id = %s AND id = ANY(%s::uuid[])",
            (str(enterprise_id), ids),
        )
        return {str(r["id"]): r for r in rows}

    # the phone system as a source
    def free_extensions(self, enterprise_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT id, number FROM extensions WHERE enterprise_id = %s AND user_id IS NULL"
            " ORDER BY lpad(number, 6, '0')",
            (str(enterprise_id),),
        )

    def unassigned_phones(self, enterprise_id: Any) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT id, mac, model FROM phones WHERE enterprise_id = %s AND user_id IS NULL ORDER BY mac",
            (str(enterprise_id),),
        )

    # a commit's set-based writes
    def take_user_numbers(self, count: int) -> list[str]:
        """``count`` numbers of the user-number sequence that nobody holds yet."""
        found: list[str] = []
        while len(found) < count:
            rows = self.tx.all(
                "SELECT n FROM (SELECT nextval('user_number_seq')::text AS n"
                " FROM generate_series(1, %s)) s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_number = s.n)",
                (count - len(found),),
            )
            found.extend(r["n"] for r in rows)
        return found

    def insert_lines(self, lines: list[dict[str, Any]]) -> None:
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "INSERT INTO users (id, tenant_id, user_number, identifier, email, display_name, first_name, last_name,"
            " role, account_kind, language, password_hash, department_id, phone, status, activation_email) VALUES %s",
            [
                (
                    line["id"],
                    line["tenant_id"],
                    line["user_number"],
                    line["identifier"],
                    line["email"],
                    line["display_name"],
                    line["first_name"],
                    line["last_name"],
                    line["role"],
                    line["account_kind"],
                    line["language"],
                    line["password_hash"],
                    line["department_id"],
                    line["phone"],
                    line["status"],
                    line["activation_email"],
                )
                for line in lines
            ],
            page_size=PAGE,
        )

    def update_lines_from_import(self, lines: list[dict[str, Any]]) -> None:
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "UPDATE users u SET first_name = v.first_name, last_name = v.last_name, display_name = v.display_name,"
            " language = v.language, phone = coalesce(v.phone, u.phone), updated_at = now()"
            " FROM (VALUES %s) v(id, first_name, last_name, display_name, language, phone) WHERE u.id = v.id::uuid",
            [
                (
                    line["id"],
                    line["first_name"],
                    line["last_name"],
                    line["display_name"],
                    line["language"],
                    line["phone"],
                )
                for line in lines
            ],
            page_size=PAGE,
        )

    def upsert_contact_details(self, details: list[dict[str, Any]]) -> None:
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "INSERT INTO user_contact_details (user_id, mobile, home, business, mail_protocol, mail_server,"
            " mail_username) VALUES %s ON CONFLICT (user_id) DO UPDATE SET mobile = EXCLUDED.mobile,"
            " home = EXCLUDED.home, business = EXCLUDED.business, mail_protocol = EXCLUDED.mail_protocol,"
            " mail_server = EXCLUDED.mail_server, mail_username = EXCLUDED.mail_username, updated_at = now()",
            [
                (
                    d["user_id"],
                    d["mobile"],
                    d["home"],
                    d["business"],
                    d["protocol"],
                    d["mail_server"],
                    d["mail_username"],
                )
                for d in details
            ],
            page_size=PAGE,
        )

    def contact_details(self, user_id: Any) -> dict[str, Any] | None:
        return self.tx.one("SELECT * FROM user_contact_details WHERE user_id = %s", (str(user_id),))

    def give_extensions(self, enterprise_id: Any, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """(number, user id): a free extension of the plan is given to the user, a new one is added."""
        if not pairs:
            return []
        rows = psycopg2.extras.execute_values(
            self.tx.cursor,
            "INSERT INTO extensions (id, enterprise_id, number, user_id)"
            " SELECT gen_random_uuid(), v.enterprise_id::uuid, v.number, v.user_id::uuid"
            " FROM (VALUES %s) v(enterprise_id, number, user_id)"
            " ON CONFLICT (enterprise_id, number) DO UPDATE SET user_id = EXCLUDED.user_id"
            " WHERE extensions.user_id IS NULL RETURNING id, enterprise_id, number, user_id",
            [(str(enterprise_id), number, user_id) for number, user_id in pairs],
            page_size=PAGE,
            fetch=True,
        )
        return [dict(r) for r in rows]

    def give_dids(self, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """(DID id, user id): free DIDs assigned to the users."""
        if not pairs:
            return []
        rows = psycopg2.extras.execute_values(
            self.tx.cursor,
            "UPDATE dids d SET target_type = 'user', target_id = v.user_id::uuid, updated_at = now()"
            " FROM (VALUES %s) v(id, user_id) WHERE d.id = v.id::uuid AND d.target_type IS NULL"
            " RETURNING d.id, d.number, d.tenant_id, d.target_type, d.target_id",
            pairs,
            page_size=PAGE,
            fetch=True,
        )
        return [dict(r) for r in rows]

    def give_phones(self, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
        if not pairs:
            return []
        rows = psycopg2.extras.execute_values(
            self.tx.cursor,
            "UPDATE phones p SET user_id = v.user_id::uuid, updated_at = now()"
            " FROM (VALUES %s) v(id, user_id) WHERE p.id = v.id::uuid AND p.user_id IS NULL"
            " RETURNING p.id, p.enterprise_id, p.mac, p.model, p.user_id, p.department_id",
            pairs,
            page_size=PAGE,
            fetch=True,
        )
        return [dict(r) for r in rows]

    def lines_by_ids(self, ids: list[str]) -> list[dict[str, Any]]:
        """What a user event carries, for many users at once."""
        if not ids:
            return []
        return self.tx.all(
            "SELECT u.id, u.tenant_id, u.department_id, u.user_number, e.number AS extension, u.display_name,"
            " u.language, u.role, u.enterprise_role, u.account_kind, u.status"
            " FROM users u LEFT JOIN extensions e ON e.user_id = u.id WHERE u.id = ANY(%s::uuid[]) ORDER BY u.id",
            (ids,),
        )

    def mark_unticked_skipped(self, job_id: Any) -> int:
        self.tx.execute(
            "UPDATE user_import_rows SET outcome = 'skipped' WHERE job_id = %s AND outcome IS NULL", (str(job_id),)
        )
        return int(self.tx.cursor.rowcount)

    def add_audit_entries(self, entries: list[dict[str, Any]]) -> None:
        psycopg2.extras.execute_values(
            self.tx.cursor,
            "INSERT INTO audit_log (tenant_path, actor_id, actor_name, acting_as_id, acting_as_name, action,"
            " target_type, target_id, target_name, before, after) VALUES %s",
            [
                (
                    [str(t) for t in e["tenant_path"]],
                    e["actor_id"],
                    e["actor_name"],
                    e.get("acting_as_id"),
                    e.get("acting_as_name"),
                    e["action"],
                    e["target_type"],
                    e.get("target_id"),
                    e.get("target_name"),
                    _json(e.get("before")),
                    _json(e.get("after")),
                )
                for e in entries
            ],
            template="(%s::uuid[], %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            page_size=PAGE,
        )
