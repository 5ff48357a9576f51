"""The call-path RPCs' work: route a new call, step an existing one, end it, and trace a route (RTE-01..18).

Each decision reads the enterprise's snapshot (cached) and the shared state in one transaction, runs the pure
engine, and applies the plan's updates in the same transaction with compare-and-set statements. When another
replica changed that state in between, the transaction is rolled back and the call is decided again with fresh
values, so replicas never hand two calls the same circular-hunt turn nor exceed a department's limit.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import eventlet
import psycopg2.extensions

from relais_kit.db import TransactionSource
from relais_kit.errors import NotFound
from relais_kit.validation import load
from routing.engine import (
    CallRequest,
    ExternalCallCounted,
    HuntMemberCallCounted,
    HuntPositionUpdate,
    Origin,
    Plan,
    RouteContext,
    Snapshot,
    route,
    step,
)
from routing.engine.features import numbers
from routing.exceptions import RoutingContention
from routing.plans import event_from_dict, plan_to_dict, state_from_dict
from routing.schemas import CallEndedSchema, CallEventSchema, CallRequestSchema, CallStateSchema, TraceRouteSchema
from routing.scope import Scope, require_tenant
from routing.snapshots import SnapshotCache
from routing.storage import RoutingStore, SharedState

MAX_ATTEMPTS = 20
DEFAULT_COUNTRY = "CA"
TRACE_CALL_ID = "route-trace"

# Built once: a marshmallow schema deep-copies its fields when constructed, which cost more than the decision.
_CALL_REQUEST, _CALL_STATE = CallRequestSchema(), CallStateSchema()
_CALL_EVENT, _CALL_ENDED = CallEventSchema(), CallEndedSchema()


class _Raced(Exception):
    """Shared state moved between reading it and applying the plan's updates."""

    def __init__(self, keys: set[str]) -> None:
        super().__init__(keys)
        self.keys = keys


def _contended_keys(plan: Plan) -> set[str]:
    keys = set()
    for update in plan.updates:
        match update:
            case HuntPositionUpdate(group_id=group) | HuntMemberCallCounted(group_id=group):
                keys.add(f"hunt:{group}")
            case ExternalCallCounted(key=key):
                keys.add(f"department:{key}")
    return keys


def _context(shared: SharedState, live: Mapping[str, Any]) -> RouteContext:
    return RouteContext(
        busy_user_ids=frozenset(str(u) for u in live.get("busy_user_ids", ())),
        hunt_positions=shared.hunt_positions,
        hunt_member_calls=shared.hunt_member_calls,
        queue_lengths={str(k): v for k, v in live.get("queue_lengths", {}).items()},
        external_calls=shared.external_calls,
        blocked_user_ids=shared.blocked_user_ids,
        entropy=random.getrandbits(31),
    )


def _decide(
    source: TransactionSource,
    cache: SnapshotCache,
    call_id: str,
    enterprise_of: Callable[[RoutingStore], str | None],
    decide: Callable[[Snapshot, RouteContext], Plan],
    live: Mapping[str, Any],
) -> dict[str, Any]:
    contended: set[str] = set()
    for attempt in range(MAX_ATTEMPTS):
        try:
            if not contended:
                # Most decisions change no shared state: read without a transaction, and open one only to apply
                # the plan's compare-and-set updates (read committed gave no more than that inside one either).
                with source.reads() as tx:
                    store = RoutingStore(tx)
                    enterprise = enterprise_of(store)
                    if enterprise is None:
                        empty = decide(Snapshot(enterprise_id=""), _context(SharedState(0), live))
                        return plan_to_dict(empty, call_id, "")
                    snapshot, shared = cache.current(store, enterprise)
                plan = decide(snapshot, _context(shared, live))
                if plan.updates:
                    with source.transaction() as tx:
                        if not RoutingStore(tx).apply_updates(call_id, snapshot, plan.updates, shared):
                            raise _Raced(_contended_keys(plan))
                return plan_to_dict(plan, call_id, enterprise)
            with source.transaction() as tx:
                store = RoutingStore(tx)
                # After losing a race, queue behind the others on what was contended instead of racing again.
                store.lock_shared_keys(contended)
                enterprise = enterprise_of(store)
                if enterprise is None:
                    return plan_to_dict(decide(Snapshot(enterprise_id=""), _context(SharedState(0), live)), call_id, "")
                snapshot, shared = cache.current(store, enterprise)
                plan = decide(snapshot, _context(shared, live))
                if plan.updates and not store.apply_updates(call_id, snapshot, plan.updates, shared):
                    raise _Raced(_contended_keys(plan))
                return plan_to_dict(plan, call_id, enterprise)
        except _Raced as raced:
            contended |= raced.keys
        except psycopg2.extensions.TransactionRollbackError:
            eventlet.sleep(random.uniform(0, 0.002 * (attempt + 1)))
    raise RoutingContention(call_id)


def route_call(source: TransactionSource, cache: SnapshotCache, payload: Any) -> dict[str, Any]:
    data = load(_CALL_REQUEST, payload)
    now = data["at"] or datetime.now(UTC)
    origin = Origin(data["origin"])
    caller_user_id = str(data["caller_user_id"]) if data["caller_user_id"] else None

    def enterprise_of(store: RoutingStore) -> str | None:
        if data["enterprise_id"] is not None:
            return str(data["enterprise_id"])
        if origin is Origin.INTERNAL:
            return store.enterprise_of_line(caller_user_id) if caller_user_id else None
        e164 = numbers.to_e164(data["dialled"], DEFAULT_COUNTRY)
        return store.enterprise_of_number(e164) if e164 else None

    def decide(snapshot: Snapshot, context: RouteContext) -> Plan:
        request = CallRequest(data["caller"], data["dialled"], origin, caller_user_id, context)
        return route(snapshot, request, now)

    return _decide(source, cache, data["call_id"], enterprise_of, decide, data)


def step_call(
    source: TransactionSource, cache: SnapshotCache, state_payload: Any, event_payload: Any
) -> dict[str, Any]:
    state = load(_CALL_STATE, state_payload)
    event_data = load(_CALL_EVENT, event_payload)
    now = event_data["at"] or datetime.now(UTC)
    event = event_from_dict(event_data)

    def decide(snapshot: Snapshot, context: RouteContext) -> Plan:
        return step(snapshot, state_from_dict(state, context), event, now)

    enterprise = str(state["enterprise_id"])
    return _decide(source, cache, state["call_id"], lambda _: enterprise, decide, event_data)


def call_ended(source: TransactionSource, payload: Any) -> dict[str, Any]:
    """Release what the call held; idempotent (a second end, or one for an unknown call, releases nothing)."""
    call_id = load(_CALL_ENDED, payload)["call_id"]
    with source.transaction() as tx:
        ended = RoutingStore(tx).end_call(call_id)
    return {"call_id": call_id, "released": list(ended.released), "first_end": ended.first_end}


def trace_route(source: TransactionSource, cache: SnapshotCache, scope: Scope, payload: Any) -> dict[str, Any]:
    """RTE-18: what would happen if `caller_number` called `dialled_number` at `at`; nothing is changed.

    A caller number that is a line's extension or DID of the enterprise makes it an internal call from that line;
    any other number is an outside caller reaching the enterprise through a trunk."""
    data = load(TraceRouteSchema(), payload)
    now = data["at"] or datetime.now(UTC)
    with source.transaction() as tx:
        store = RoutingStore(tx)
        enterprise_id = str(data["enterprise_id"]) if data["enterprise_id"] else scope.tenant
        path = require_tenant(store, scope, enterprise_id, "enterprise")
        if path[-1] != enterprise_id:
            raise NotFound("enterprise")
        snapshot, shared = cache.current(store, enterprise_id)
    caller = _line_calling(snapshot, data["caller_number"])
    origin = Origin.INTERNAL if caller is not None else Origin.TRUNK
    request = CallRequest(data["caller_number"], data["dialled_number"], origin, caller, _context(shared, {}))
    plan = plan_to_dict(route(snapshot, request, now), TRACE_CALL_ID, enterprise_id)
    return {
        "enterprise_id": enterprise_id,
        "origin": origin.value,
        "caller_user_id": caller,
        "at": now.isoformat(),
        "trace": plan["trace"],
        "plan": plan,
    }


def _line_calling(snapshot: Snapshot, caller_number: str) -> str | None:
    target = snapshot.extensions.get(caller_number)
    if target is not None and target.kind == "user":
        return target.ref
    e164 = numbers.to_e164(caller_number, snapshot.country)
    return next((user.id for user in snapshot.users if e164 and e164 in user.dids), None)
