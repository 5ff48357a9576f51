"""State every routing replica shares, read in one round trip and changed only by atomic statements.

A plan's updates are applied as compare-and-set statements against the values the engine was given: when another
replica changed a hunt position or a counter in between, ``apply_updates`` answers False and the caller routes the
call again with fresh values. Department counters only grow while below the department's limit, and each counted
call records what it holds in ``calls_in_progress``, so its end releases exactly that, once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from routing.engine import (
    ExternalCallCounted,
    HuntMemberCallCounted,
    HuntPositionUpdate,
    LineBlocked,
    Snapshot,
    StateUpdate,
)
from routing.storage.base import Queries

# Every call-time decision reads this; prepared once per connection (planning it cost three times its run).
_SHARED_STATE = (
    "SELECT"
    " (SELECT coalesce(sum(version), 0) FROM config_versions WHERE tenant_id = ANY($1::uuid[])) AS version,"
    " (SELECT jsonb_object_agg(group_id, position) FROM hunt_positions WHERE tenant_id = $2::uuid) AS positions,"
    " (SELECT jsonb_agg(jsonb_build_array(group_id, user_id, calls)) FROM hunt_member_calls"
    "   WHERE tenant_id = $2::uuid) AS member_calls,"
    " (SELECT jsonb_object_agg(department_id::text || ':' || direction, in_progress) FROM department_calls"
    "   WHERE tenant_id = $2::uuid) AS external_calls,"
    " (SELECT array_agg(user_id::text) FROM line_blocks WHERE tenant_id = $2::uuid) AS blocked"
)


@dataclass(frozen=True)
class SharedState:
    version: int
    hunt_positions: dict[str, int] = field(default_factory=dict)
    hunt_member_calls: dict[str, dict[str, int]] = field(default_factory=dict)
    external_calls: dict[str, int] = field(default_factory=dict)
    blocked_user_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EndedCall:
    released: tuple[str, ...]
    first_end: bool


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


class CallStateQueries(Queries):
    def enterprise_of_number(self, e164: str) -> str | None:
        return self.tx.scalar(
            "SELECT tenant_id::text FROM dids WHERE number = %s"
            " UNION ALL SELECT tenant_id::text FROM hunt_groups WHERE pilot = %s LIMIT 1",
            (e164, e164),
        )

    def enterprise_of_line(self, user_id: str) -> str | None:
        return self.tx.scalar("SELECT tenant_id::text FROM lines WHERE user_id = %s", (user_id,))

    def shared_state(self, enterprise_id: str, path: list[str]) -> SharedState:
        row = self.tx.prepared_one(
            "routing_shared_state", _SHARED_STATE, ([uuid.UUID(str(p)) for p in path], uuid.UUID(str(enterprise_id)))
        )
        assert row is not None
        member_calls: dict[str, dict[str, int]] = {}
        for group_id, user_id, calls in _json(row["member_calls"]) or ():
            member_calls.setdefault(group_id, {})[user_id] = calls
        return SharedState(
            version=int(row["version"]),
            hunt_positions=_json(row["positions"]) or {},
            hunt_member_calls=member_calls,
            external_calls=_json(row["external_calls"]) or {},
            blocked_user_ids=frozenset(row["blocked"] or ()),
        )

    def lock_shared_keys(self, keys: set[str]) -> None:
        """Take transaction-scoped locks on shared-state keys, always in the same order (no deadlock)."""
        for key in sorted(keys):
            self.tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"routing:{key}",))

    def apply_updates(
        self, call_id: str, snapshot: Snapshot, updates: tuple[StateUpdate, ...], seen: SharedState
    ) -> bool:
        """Apply a plan's updates; False when another replica got there first (the caller retries)."""
        tenant = snapshot.enterprise_id
        counted: list[str] = []
        for update in updates:
            match update:
                case HuntPositionUpdate(group_id=group_id, position=position):
                    ok = self._compare_and_set(
                        "hunt_positions",
                        "position",
                        {"group_id": group_id},
                        tenant,
                        seen.hunt_positions.get(group_id),
                        position,
                    )
                case HuntMemberCallCounted(group_id=group_id, user_id=user_id):
                    before = seen.hunt_member_calls.get(group_id, {}).get(user_id)
                    ok = self._compare_and_set(
                        "hunt_member_calls",
                        "calls",
                        {"group_id": group_id, "user_id": user_id},
                        tenant,
                        before,
                        (before or 0) + 1,
                    )
                case ExternalCallCounted(key=key):
                    if self._has_ended(call_id):
                        continue
                    ok = self._count_external_call(snapshot, key)
                    counted.append(key)
                case LineBlocked(user_id=user_id, reason=reason):
                    self.tx.execute(
                        "INSERT INTO line_blocks (user_id, tenant_id, reason) VALUES (%s, %s, %s)"
                        " ON CONFLICT (user_id) DO NOTHING",
                        (user_id, tenant, reason),
                    )
                    ok = True
            if not ok:
                return False
        if counted:
            self.tx.execute(
                "INSERT INTO calls_in_progress AS c (call_id, tenant_id, counters) VALUES (%s, %s, %s)"
                " ON CONFLICT (call_id) DO UPDATE SET counters = c.counters || EXCLUDED.counters",
                (call_id, tenant, counted),
            )
        return True

    def _compare_and_set(
        self, table: str, column: str, key: dict[str, str], tenant: str, before: int | None, after: int
    ) -> bool:
        names = list(key)
        if before is None:
            columns = ", ".join([*names, "tenant_id", column])
            placeholders = ", ".join(["%s"] * (len(names) + 2))
            return bool(
                self.tx.scalar(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING RETURNING 1",
                    (*key.values(), tenant, after),
                )
            )
        where = " AND ".join(f"{name} = %s" for name in names)
        return bool(
            self.tx.scalar(
                f"UPDATE {table} SET {column} = %s WHERE {where} AND {column} = %s RETURNING 1",
                (after, *key.values(), before),
            )
        )

    def _count_external_call(self, snapshot: Snapshot, key: str) -> bool:
        department_id, _, direction = key.rpartition(":")
        department = snapshot.departments_by_id.get(department_id)
        limit = None
        if department is not None:
            limit = department.max_incoming_external if direction == "in" else department.max_outgoing_external
        elif department_id == snapshot.enterprise_id:  # the enterprise's own limit (RTE-14)
            settings = snapshot.external_calls
            limit = settings.max_incoming if direction == "in" else settings.max_outgoing
        return bool(
            self.tx.scalar(
                "INSERT INTO department_calls AS d (department_id, direction, tenant_id, in_progress)"
                " VALUES (%s, %s, %s, 1) ON CONFLICT (department_id, direction)"
                " DO UPDATE SET in_progress = d.in_progress + 1"
                " WHERE %s::integer IS NULL OR d.in_progress < %s::integer RETURNING 1",
                (department_id, direction, snapshot.enterprise_id, limit, limit),
            )
        )

    def _has_ended(self, call_id: str) -> bool:
        return bool(self.tx.scalar("SELECT 1 FROM ended_calls WHERE call_id = %s", (call_id,)))

    def end_call(self, call_id: str) -> EndedCall:
        """Release what the call holds; a second end (or one for a call that held nothing) releases nothing."""
        row = self.tx.one("DELETE FROM calls_in_progress WHERE call_id = %s RETURNING counters", (call_id,))
        released = tuple(row["counters"]) if row else ()
        self._release(released)
        first = self.tx.scalar(
            "INSERT INTO ended_calls (call_id) VALUES (%s) ON CONFLICT DO NOTHING RETURNING 1", (call_id,)
        )
        return EndedCall(released, bool(first))

    def _release(self, counters: tuple[str, ...] | list[str]) -> None:
        for key in counters:
            department_id, _, direction = key.rpartition(":")
            self.tx.execute(
                "UPDATE department_calls SET in_progress = greatest(in_progress - 1, 0)"
                " WHERE department_id = %s AND direction = %s",
                (department_id, direction),
            )

    def release_stale_calls(self, max_call_seconds: int, keep_ended_seconds: int) -> int:
        """Calls whose end never came hold their counters only this long; old end markers are forgotten."""
        rows = self.tx.all(
            "DELETE FROM calls_in_progress WHERE started_at < now() - make_interval(secs => %s) RETURNING counters",
            (max_call_seconds,),
        )
        for row in rows:
            self._release(row["counters"])
        self.tx.execute(
            "DELETE FROM ended_calls WHERE ended_at < now() - make_interval(secs => %s)", (keep_ended_seconds,)
        )
        return len(rows)

    def unblock_line(self, user_id: str) -> bool:
        return bool(self.tx.scalar("DELETE FROM line_blocks WHERE user_id = %s RETURNING 1", (user_id,)))

    def park(self, tenant_id: str, call_id: str, parked_by: str | None, slots: int) -> int | None:
        """The lowest free slot for the call (or the one it already holds); None when all are taken (RTE-10)."""
        held = self.tx.scalar("SELECT slot FROM park_slots WHERE call_id = %s", (call_id,))
        if held is not None:
            return int(held)
        return self.tx.scalar(
            "INSERT INTO park_slots (tenant_id, slot, call_id, parked_by)"
            " SELECT %s, s, %s, %s FROM generate_series(1, %s) AS s"
            " WHERE NOT EXISTS (SELECT 1 FROM park_slots p WHERE p.tenant_id = %s AND p.slot = s)"
            " ORDER BY s LIMIT 1 ON CONFLICT DO NOTHING RETURNING slot",
            (tenant_id, call_id, parked_by, slots, tenant_id),
        )

    def retrieve_parked(self, tenant_id: str, slot: int) -> str | None:
        return self.tx.scalar(
            "DELETE FROM park_slots WHERE tenant_id = %s AND slot = %s RETURNING call_id", (tenant_id, slot)
        )
