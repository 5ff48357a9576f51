"""Where a worker's plans come from: the front's ``media.pending_plans`` row for the call, else routing itself."""

from __future__ import annotations

from typing import Any

from relais_kit.callpath import CallPathClient
from relais_kit.db import TransactionSource


class PlanSource:
    def __init__(self, source: TransactionSource, routing: CallPathClient) -> None:
        self.source = source
        self.routing = routing

    def take_pending(self, call_id: str) -> dict[str, Any] | None:
        with self.source.transaction() as tx:
            row = tx.one("DELETE FROM pending_plans WHERE call_id = %s RETURNING plan", (call_id,))
        return dict(row["plan"]) if row else None

    def first_plan(self, call_id: str, caller: str, dialled: str, origin: str) -> dict[str, Any]:
        """The front's plan for this call; a call sent straight to a worker asks routing (same payload as the RPC)."""
        pending = self.take_pending(call_id)
        if pending is not None:
            return pending
        return self.routing.route_call({"call_id": call_id, "caller": caller, "dialled": dialled, "origin": origin})

    def step(self, state: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
        return self.routing.step_call(state, event)

    def ended(self, call_id: str) -> None:
        self.routing.call_ended(call_id)
