"""SQL of the SIP front: subscribers and trunks projected from accounts, pending plans, facts of proxied calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg2.extras

from relais_kit.db import Transaction


class FrontStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    # --- projections from accounts -----------------------------------------------------------------------------

    def put_subscriber(self, data: dict[str, Any], tenant_path: list[str]) -> None:
        self.tx.execute(
            """INSERT INTO subscriber (username, domain, ha1, user_id, kind, enterprise_id, tenant_path)
               VALUES (%(username)s, %(realm)s, %(ha1)s, %(user_id)s, %(kind)s, %(enterprise_id)s, %(path)s::uuid[])
               ON CONFLICT (user_id, kind) DO UPDATE SET username = EXCLUDED.username, domain = EXCLUDED.domain,
                   ha1 = EXCLUDED.ha1, enterprise_id = EXCLUDED.enterprise_id, tenant_path = EXCLUDED.tenant_path,
                   updated_at = now()""",
            {**data, "user_id": str(data["user_id"]), "enterprise_id": str(data["enterprise_id"]), "path": tenant_path},
        )

    def drop_subscriber(self, user_id: str, kind: str | None) -> None:
        if kind is None:
            self.tx.execute("DELETE FROM subscriber WHERE user_id = %s", (user_id,))
        else:
            self.tx.execute("DELETE FROM subscriber WHERE user_id = %s AND kind = %s", (user_id, kind))

    def put_trunk(self, data: dict[str, Any], tenant_path: list[str], changed_at: Any) -> None:
        self.tx.execute(
            """INSERT INTO trunks (trunk_id, tenant_id, tenant_path, name, host, port, transport, username, register,
                                   allowed_sources, caller_id_rules, changed_at, password_encrypted)
               VALUES (%(trunk_id)s, %(tenant_id)s, %(path)s::uuid[], %(name)s, %(host)s, %(port)s, %(transport)s,
                       %(username)s, %(register)s, %(allowed_sources)s, %(rules)s, %(changed_at)s, %(token)s)
               ON CONFLICT (trunk_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id,
                   tenant_path = EXCLUDED.tenant_path, name = EXCLUDED.name, host = EXCLUDED.host,
                   port = EXCLUDED.port, transport = EXCLUDED.transport, username = EXCLUDED.username,
                   register = EXCLUDED.register, allowed_sources = EXCLUDED.allowed_sources,
                   caller_id_rules = EXCLUDED.caller_id_rules, changed_at = EXCLUDED.changed_at,
                   password_encrypted = EXCLUDED.password_encrypted
               WHERE trunks.changed_at <= EXCLUDED.changed_at""",
            {
                **data,
                "trunk_id": str(data["trunk_id"]),
                "tenant_id": str(data["tenant_id"]),
                "path": tenant_path,
                "allowed_sources": list(data["allowed_sources"]),
                "rules": psycopg2.extras.Json(list(data["caller_id_rules"])),
                "changed_at": changed_at,
                "token": data.get("password_encrypted"),
            },
        )

    def drop_trunk(self, trunk_id: str) -> None:
        self.tx.execute("DELETE FROM trunks WHERE trunk_id = %s", (trunk_id,))

    def registering_trunks(self) -> list[dict[str, Any]]:
        """Trunks that register to their carrier, with the password's Fernet token (media.sipfront.registrations)."""
        return self.tx.all(
            "SELECT trunk_id::text, host, port, username, register, password_encrypted FROM trunks WHERE register"
        )

    # --- what a decision reads ------------------------------------------------------------------------------------

    def trunks(self) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT trunk_id::text, tenant_id::text, tenant_path::text[] AS tenant_path, host, port, transport,"
            " caller_id_rules FROM trunks ORDER BY array_length(tenant_path, 1) DESC, name"
        )

    def user_path(self, user_id: str) -> list[str] | None:
        path = self.tx.scalar(
            "SELECT tenant_path::text[] FROM subscriber WHERE user_id = %s ORDER BY kind LIMIT 1", (user_id,)
        )
        return list(path) if path else None

    def enterprise_path(self, enterprise_id: str) -> list[str] | None:
        """From media's copy of the tenant tree (accounts' events), else from one of the enterprise's lines."""
        path = self.tx.scalar("SELECT path::text[] FROM directory_tenants WHERE id = %s", (enterprise_id,))
        if path:
            return list(path)
        path = self.tx.scalar(
            "SELECT tenant_path::text[] FROM subscriber WHERE enterprise_id = %s LIMIT 1", (enterprise_id,)
        )
        return list(path) if path else None

    # --- plans for the workers, facts of proxied calls ------------------------------------------------------------

    def parked_worker(self, enterprise_id: str, slot: int) -> str | None:
        """The worker address holding the call parked on this slot (RTE-10; the worker writes it)."""
        found = self.tx.scalar(
            "SELECT worker_address FROM parked_calls WHERE enterprise_id = %s AND slot = %s", (enterprise_id, slot)
        )
        return str(found) if found else None

    def put_pending_plan(self, call_id: str, plan: dict[str, Any]) -> None:
        self.tx.execute(
            "INSERT INTO pending_plans (call_id, plan) VALUES (%s, %s)"
            " ON CONFLICT (call_id) DO UPDATE SET plan = EXCLUDED.plan, created_at = now()",
            (call_id, psycopg2.extras.Json(plan)),
        )

    def drop_started(self, call_id: str) -> None:
        """Forget the started fact of a call the front rang and then handed to a worker (Front._hand_over)."""
        self.tx.execute("DELETE FROM front_call_facts WHERE call_id = %s AND fact = 'started'", (call_id,))

    def claim_fact(
        self,
        call_id: str,
        fact: str,
        who: dict[str, Any],
        at: datetime | None = None,
        disposition: str | None = None,
        cause: int | None = None,
    ) -> dict[str, Any] | None:
        """The fact's row the first time it is recorded (at ``at``, else now), None when it already was; an ended
        fact keeps its disposition and cause for the call history."""
        return self.tx.one(
            "INSERT INTO front_call_facts (call_id, fact, caller, callee, enterprise_id, tenant_path, occurred_at,"
            " disposition, cause) VALUES (%(call_id)s, %(fact)s, %(caller)s, %(callee)s, %(enterprise_id)s,"
            " %(tenant_path)s::uuid[], coalesce(%(at)s, now()), %(disposition)s, %(cause)s)"
            " ON CONFLICT DO NOTHING RETURNING occurred_at",
            {**who, "call_id": call_id, "fact": fact, "at": at, "disposition": disposition, "cause": cause},
        )

    def facts_of(self, call_ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """call id → its facts, for a batch in one query."""
        found: dict[str, dict[str, dict[str, Any]]] = {}
        if not call_ids:
            return found
        rows = self.tx.all(
            "SELECT call_id, fact, caller, callee, enterprise_id::text, tenant_path::text[] AS tenant_path, occurred_at"
            " FROM front_call_facts WHERE call_id = ANY(%s)",
            (call_ids,),
        )
        for row in rows:
            found.setdefault(row.pop("call_id"), {})[row["fact"]] = row
        return found

    def facts(self, call_id: str) -> dict[str, dict[str, Any]]:
        rows = self.tx.all(
            "SELECT fact, caller, callee, enterprise_id::text, tenant_path::text[] AS tenant_path, occurred_at"
            " FROM front_call_facts WHERE call_id = %s",
            (call_id,),
        )
        return {row["fact"]: row for row in rows}
