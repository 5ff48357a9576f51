"""Routing's projections of accounts' data: tenants and departments (fed by accounts' events), lines and DIDs.

``lines`` and ``dids`` are fed once accounts publishes user and DID events; until then ``upsert_line`` and
``upsert_did`` are called by tests and benchmarks only. An update never overwrites a newer one: each row keeps the
``occurred_at`` of the event that wrote it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from routing.storage.base import Queries, uuids

# The projections `relais rebuild-projections` empties, with the consumers whose processed events it forgets.
EVENT_FED_PROJECTIONS = ("tenants", "departments", "lines", "dids", "phones")

# Routing's configuration of a tenant goes when the tenant goes (restriction rules of a reseller included).
TENANT_OWNED_TABLES = (
    "restriction_rules",
    "restriction_exemptions",
    "user_restrictions",
    "phone_zones",
    "night_forwarding",
    "auto_attendants",
    "hunt_groups",
    "call_centres",
    "paging_groups",
    "line_forwarding",
    "emergency_settings",
    "emergency_recipients",
    "account_code_policies",
    "schedules",
    "enterprise_settings",
    "departments",
    "lines",
    "dids",
    "hunt_positions",
    "hunt_member_calls",
    "department_calls",
    "line_blocks",
    "park_slots",
    "call_centre_agents",
    "pickup_groups",
    "park_groups",
    "instant_group_calls",
    "series_completions",
    "speed_codes",
    "speed_dials",
    "authorization_codes",
    "external_call_settings",
    "phones",
)


class ProjectionQueries(Queries):
    def upsert_tenant(
        self,
        tenant_id: Any,
        kind: str,
        parent_id: Any,
        path: list[Any],
        name: str,
        *,
        time_zone: str | None = None,
        language: str | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        self.tx.execute(
            "INSERT INTO tenants AS t (id, kind, parent_id, path, name, time_zone, language, updated_at)"
            " VALUES (%s, %s, %s, %s::uuid[], %s, %s, %s, coalesce(%s, now()))"
            " ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id,"
            " path = EXCLUDED.path, name = EXCLUDED.name, time_zone = coalesce(EXCLUDED.time_zone, t.time_zone),"
            " language = coalesce(EXCLUDED.language, t.language), updated_at = EXCLUDED.updated_at"
            " WHERE t.updated_at <= EXCLUDED.updated_at",
            (
                str(tenant_id),
                kind,
                str(parent_id) if parent_id else None,
                uuids(path),
                name,
                time_zone,
                language,
                occurred_at,
            ),
        )

    def delete_tenant(self, tenant_id: Any) -> None:
        """The tenant, and everything routing keeps for it."""
        tenant = str(tenant_id)
        for table in TENANT_OWNED_TABLES:
            self.tx.execute(f"DELETE FROM {table} WHERE tenant_id = %s", (tenant,))
        self.tx.execute("DELETE FROM tenants WHERE id = %s", (tenant,))

    def tenant_path(self, tenant_id: Any) -> list[str] | None:
        path = self.tx.scalar("SELECT path::text[] FROM tenants WHERE id = %s", (str(tenant_id),))
        return list(path) if path is not None else None

    def tenant(self, tenant_id: Any) -> dict[str, Any] | None:
        return self.tx.one(
            "SELECT id::text, kind, path::text[] AS path, name, time_zone, language FROM tenants WHERE id = %s",
            (str(tenant_id),),
        )

    def upsert_department(self, data: dict[str, Any], occurred_at: datetime | None = None) -> None:
        self.tx.execute(
            "INSERT INTO departments AS d (id, tenant_id, parent_id, path, name, operator_number,"
            " max_incoming_calls, max_outgoing_calls, updated_at)"
            " VALUES (%s, %s, %s, %s::uuid[], %s, %s, %s, %s, coalesce(%s, now()))"
            " ON CONFLICT (id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, parent_id = EXCLUDED.parent_id,"
            " path = EXCLUDED.path, name = EXCLUDED.name, operator_number = EXCLUDED.operator_number,"
            " max_incoming_calls = EXCLUDED.max_incoming_calls, max_outgoing_calls = EXCLUDED.max_outgoing_calls,"
            " updated_at = EXCLUDED.updated_at WHERE d.updated_at <= EXCLUDED.updated_at",
            (
                str(data["department_id"]),
                str(data["enterprise_id"]),
                str(data["parent_id"]) if data.get("parent_id") else None,
                uuids(data["path"]),
                data["name"],
                data.get("operator_number"),
                data.get("max_incoming_calls"),
                data.get("max_outgoing_calls"),
                occurred_at,
            ),
        )

    def delete_department(self, department_id: Any) -> None:
        self.tx.execute("DELETE FROM departments WHERE id = %s", (str(department_id),))
        self.tx.execute("DELETE FROM department_calls WHERE department_id = %s", (str(department_id),))

    def upsert_line(
        self,
        user_id: Any,
        tenant_id: Any,
        *,
        department_id: Any = None,
        extension: str | None = None,
        language: str = "fr",
        voicemail_enabled: bool = True,
        occurred_at: datetime | str | None = None,
    ) -> bool:
        """Write the line, unless an event that occurred after `occurred_at` already did; False when skipped."""
        return bool(
            self.tx.scalar(
                "INSERT INTO lines AS l (user_id, tenant_id, department_id, extension, language, voicemail_enabled,"
                " event_at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET"
                " tenant_id = EXCLUDED.tenant_id, department_id = EXCLUDED.department_id,"
                " extension = EXCLUDED.extension, language = EXCLUDED.language,"
                " voicemail_enabled = EXCLUDED.voicemail_enabled, updated_at = now(),"
                " event_at = coalesce(EXCLUDED.event_at, l.event_at)"
                " WHERE l.event_at IS NULL OR EXCLUDED.event_at IS NULL OR l.event_at <= EXCLUDED.event_at"
                " RETURNING 1",
                (
                    str(user_id),
                    str(tenant_id),
                    str(department_id) if department_id else None,
                    extension,
                    language,
                    voicemail_enabled,
                    occurred_at,
                ),
            )
        )

    def line_is_newer(self, user_id: Any, occurred_at: datetime | str | None) -> bool:
        """Whether an event that occurred after `occurred_at` already wrote this line (a stale event is ignored)."""
        if occurred_at is None:
            return False
        return bool(
            self.tx.scalar(
                "SELECT 1 FROM lines WHERE user_id = %s AND event_at > %s::timestamptz", (str(user_id), occurred_at)
            )
        )

    def remove_line(self, user_id: Any) -> None:
        self.tx.execute("DELETE FROM lines WHERE user_id = %s", (str(user_id),))

    def upsert_did(self, number: str, tenant_id: Any, target_kind: str, target_ref: str) -> None:
        self.tx.execute(
            "INSERT INTO dids (number, tenant_id, target_kind, target_ref) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (number) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, target_kind = EXCLUDED.target_kind,"
            " target_ref = EXCLUDED.target_ref, updated_at = now()",
            (number, str(tenant_id), target_kind, target_ref),
        )

    def remove_did(self, number: str) -> None:
        self.tx.execute("DELETE FROM dids WHERE number = %s", (number,))

    def upsert_phone(self, data: dict[str, Any], occurred_at: datetime | None = None) -> None:
        """A phone and where it is assigned, unless a newer event already wrote it."""
        self.tx.execute(
            "INSERT INTO phones AS p (phone_id, tenant_id, mac, model, user_id, department_id, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, coalesce(%s, now()))"
            " ON CONFLICT (phone_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, mac = EXCLUDED.mac,"
            " model = EXCLUDED.model, user_id = EXCLUDED.user_id, department_id = EXCLUDED.department_id,"
            " updated_at = EXCLUDED.updated_at WHERE p.updated_at <= EXCLUDED.updated_at",
            (
                str(data["phone_id"]),
                str(data["enterprise_id"]),
                data["mac"],
                data["model"],
                str(data["user_id"]) if data.get("user_id") else None,
                str(data["department_id"]) if data.get("department_id") else None,
                occurred_at,
            ),
        )

    def remove_phone(self, phone_id: Any) -> None:
        self.tx.execute("DELETE FROM phones WHERE phone_id = %s", (str(phone_id),))

    def leave_groups(self, user_id: Any) -> None:
        """A deleted (or reset) line leaves every group and call centre, and its own settings go (ACC-18)."""
        line = str(user_id)
        for table in ("pickup_groups", "park_groups", "paging_groups", "instant_group_calls", "series_completions"):
            self.tx.execute(
                f"UPDATE {table} SET member_user_ids = array_remove(member_user_ids, %s::uuid)"
                " WHERE %s::uuid = ANY(member_user_ids)",
                (line, line),
            )
        self.tx.execute(
            "UPDATE paging_groups SET originator_user_ids = array_remove(originator_user_ids, %s::uuid)"
            " WHERE %s::uuid = ANY(originator_user_ids)",
            (line, line),
        )
        self.tx.execute(
            "UPDATE night_forwarding SET user_ids = array_remove(user_ids, %s::uuid) WHERE %s::uuid = ANY(user_ids)",
            (line, line),
        )
        for table in ("call_centre_agents", "hunt_group_members", "speed_dials", "user_restrictions", "line_blocks"):
            self.tx.execute(f"DELETE FROM {table} WHERE user_id = %s", (line,))
        self.tx.execute("DELETE FROM account_code_policies WHERE user_id = %s", (line,))
        self.tx.execute("DELETE FROM line_forwarding WHERE user_id = %s", (line,))

    def empty_event_fed_projections(self, consumers: list[str]) -> dict[str, int]:
        """Empty the projections accounts' events feed and forget those events, so a replay rebuilds them."""
        counts = {}
        for table in EVENT_FED_PROJECTIONS:
            counts[table] = int(self.tx.scalar(f"SELECT count(*) FROM {table}"))
            self.tx.execute(f"DELETE FROM {table}")
        counts["processed_events"] = int(
            self.tx.scalar("SELECT count(*) FROM processed_events WHERE consumer = ANY(%s)", (consumers,))
        )
        self.tx.execute("DELETE FROM processed_events WHERE consumer = ANY(%s)", (consumers,))
        return counts
