"""The call journal of worker legs (media migration 0003): facts with a unique key, published through the outbox.

A fact is inserted with ``ON CONFLICT DO NOTHING``; only when it is new is its event added to the media outbox in
the same transaction, so each fact is recorded and published once even if a worker retries it, the pool closes a
dead worker's legs, or the media service restarts (its outbox relay publishes whatever was committed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from relais_kit.db import Transaction, TransactionSource
from relais_kit.events import OutboxWriter

UNKNOWN_TENANT = "00000000-0000-0000-0000-000000000000"  # a call refused before routing found its enterprise


@dataclass
class Leg:
    """Who a leg is; ``leg_id`` is '<call_id>:in' for the caller's leg and '<call_id>:out<n>' for placed legs."""

    call_id: str
    leg_id: str
    direction: str
    worker: str
    caller: str = ""
    callee: str = ""
    enterprise_id: str | None = None
    tenant_path: list[str] = field(default_factory=list)
    answered_at: datetime | None = None

    def path(self) -> list[str]:
        if self.tenant_path:
            return self.tenant_path
        return [self.enterprise_id] if self.enterprise_id else [UNKNOWN_TENANT]


def _now() -> datetime:
    return datetime.now(UTC)


class Journal:
    def __init__(self, source: TransactionSource) -> None:
        self.source = source
        self.outbox = OutboxWriter("media")  # the media service's relay publishes committed rows

    def started(self, leg: Leg, at: datetime | None = None) -> bool:
        at = at or _now()
        return self._record(leg, "started", at, {"started_at": at.isoformat()})

    def answered(self, leg: Leg, at: datetime | None = None) -> bool:
        at = at or _now()
        leg.answered_at = leg.answered_at or at
        return self._record(leg, "answered", at, {"answered_at": at.isoformat()})

    def ended(self, leg: Leg, disposition: str, cause: int | None, at: datetime | None = None) -> bool:
        at = at or _now()
        duration = (at - leg.answered_at).total_seconds() if leg.answered_at else None
        cause = cause if cause and 100 <= cause <= 699 else None
        data: dict[str, Any] = {
            "ended_at": at.isoformat(),
            "disposition": disposition,
            "cause": cause,
            "duration_seconds": max(duration, 0.0) if duration is not None else None,
        }
        return self._record(leg, "ended", at, data, disposition, cause)

    def _record(
        self,
        leg: Leg,
        fact: str,
        at: datetime,
        extra: dict[str, Any],
        disposition: str | None = None,
        cause: int | None = None,
    ) -> bool:
        data = {
            "call_id": leg.call_id,
            "leg_id": leg.leg_id,
            "direction": leg.direction,
            "handled_by": "worker",
            "worker": leg.worker,
            "caller": leg.caller[:128],
            "callee": leg.callee[:128],
            "enterprise_id": leg.enterprise_id,
            **extra,
        }
        with self.source.transaction() as tx:
            if not leg.tenant_path and leg.enterprise_id:
                # the enterprise's full path from media's copy of the tenant tree (fed by accounts' events)
                path = tx.scalar("SELECT path::text[] FROM directory_tenants WHERE id = %s", (leg.enterprise_id,))
                leg.tenant_path = [str(p) for p in path or []]
            return record_fact(tx, self.outbox, leg, fact, at, data, disposition, cause)

    def open_legs(self, worker: str) -> list[Leg]:
        """Legs a worker instance started and never ended (it died, or the media service went down with it)."""
        with self.source.transaction() as tx:
            rows = tx.all(
                "SELECT s.leg_id, s.call_id, s.direction, s.worker, s.caller, s.callee, s.enterprise_id,"
                " s.tenant_path, a.occurred_at AS answered_at FROM call_facts s"
                " LEFT JOIN call_facts a ON a.fact_key = s.leg_id || ':answered'"
                " WHERE s.fact = 'started' AND s.worker = %s"
                " AND NOT EXISTS (SELECT 1 FROM call_facts e WHERE e.fact_key = s.leg_id || ':ended')",
                (worker,),
            )
        return [_leg(row) for row in rows]

    def open_workers(self) -> list[str]:
        with self.source.transaction() as tx:
            rows = tx.all(
                "SELECT DISTINCT s.worker FROM call_facts s WHERE s.fact = 'started'"
                " AND NOT EXISTS (SELECT 1 FROM call_facts e WHERE e.fact_key = s.leg_id || ':ended')"
            )
        return [row["worker"] for row in rows]

    def close_lost(self, worker: str, disposition: str = "worker_lost") -> int:
        """End every open leg of a worker instance that is gone; returns how many facts were new."""
        return sum(self.ended(leg, disposition, None) for leg in self.open_legs(worker))


def _leg(row: dict[str, Any]) -> Leg:
    return Leg(
        call_id=row["call_id"],
        leg_id=row["leg_id"],
        direction=row["direction"],
        worker=row["worker"],
        caller=row["caller"],
        callee=row["callee"],
        enterprise_id=str(row["enterprise_id"]) if row["enterprise_id"] else None,
        tenant_path=[str(t) for t in row["tenant_path"]],
        answered_at=row["answered_at"],
    )


def record_fact(
    tx: Transaction,
    outbox: OutboxWriter,
    leg: Leg,
    fact: str,
    at: datetime,
    data: dict[str, Any],
    disposition: str | None,
    cause: int | None,
) -> bool:
    inserted = tx.scalar(
        "INSERT INTO call_facts (fact_key, leg_id, call_id, fact, direction, worker, caller, callee, enterprise_id,"
        " tenant_path, occurred_at, disposition, cause, event_id)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::uuid[], %s, %s, %s, gen_random_uuid())"
        " ON CONFLICT (fact_key) DO NOTHING RETURNING 1",
        (
            f"{leg.leg_id}:{fact}",
            leg.leg_id,
            leg.call_id,
            fact,
            leg.direction,
            leg.worker,
            leg.caller,
            leg.callee,
            leg.enterprise_id,
            leg.path(),
            at,
            disposition,
            cause,
        ),
    )
    if not inserted:
        return False  # already journaled (and so already in the outbox): nothing more to publish
    event = outbox.add(tx, f"call_{fact}", data, leg.path())
    tx.execute("UPDATE call_facts SET event_id = %s WHERE fact_key = %s", (event["event_id"], f"{leg.leg_id}:{fact}"))
    return True
