"""The call-time side of the SIP front: Kamailio asks, this asks routing and answers what to do with the call.

Kamailio posts /sip/decide for a new INVITE, /sip/next when the rung contacts all failed (or timed out), and
/sip/facts with the facts of proxied calls (answered, ended) its timer process gathered. Routing is asked over its
keep-alive HTTP channel (relais_kit.callpath); its plan is turned into a relay, a hand-over to a pjsua2 worker or a
refusal (media.sipfront.decisions).

A decision that relays touches no database: the call's "started" fact waits in memory and is written in the
transaction of its next fact (answered, or ended: every relayed call ends with one), with the time it started.
Database calls block the service's event loop, and this keeps them off the path to the 180 and batched.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from media.sipfront import decisions
from media.sipfront.decisions import FrontCall, Trunk, reject
from media.sipfront.store import FrontStore
from relais_kit.callpath import CallPathClient, CallPathError
from relais_kit.db import TransactionSource
from relais_kit.events import OutboxWriter

log = logging.getLogger(__name__)
FORGET_AFTER_SECONDS = 6 * 3600
PATH_SECONDS = 60.0


class Front:
    def __init__(self, realm: str, routing: CallPathClient) -> None:
        self.realm = realm
        self.routing = routing
        self.calls: dict[str, tuple[float, FrontCall]] = {}
        self.unwritten: list[tuple[FrontCall, datetime]] = []  # started facts not yet in the database
        self.paths: dict[tuple[str, str], tuple[float, list[str] | None]] = {}

    # --- Kamailio's three questions --------------------------------------------------------------------------------

    def decide(self, source: TransactionSource, outbox: OutboxWriter, body: dict[str, Any]) -> dict[str, Any]:
        call = FrontCall(
            call_id=str(body.get("call_id") or ""),
            origin=str(body.get("origin") or ""),
            caller=str(body.get("caller") or "anonymous")[:64],
            dialled=str(body.get("dialled") or ""),
            inbound_trunk=body.get("trunk_id"),
            caller_user_id=body.get("caller_user_id"),
        )
        if not call.call_id or call.origin not in ("trunk", "internal", "bridge"):
            return reject(400, "Bad Request")
        if call.origin == "bridge":
            enterprise = str(body.get("enterprise_id") or "")
            call.enterprise_id = enterprise if _looks_like_id(enterprise) else None
            return self._bridge(source, call, str(body.get("original_caller") or "")[:64])
        request: dict[str, Any] = {
            "call_id": call.call_id,
            "caller": call.caller,
            "dialled": call.dialled,
            "origin": call.origin,
            "caller_user_id": call.caller_user_id,
        }
        try:
            plan = self.routing.route_call(request)
        except CallPathError as exc:
            log.info("routing refused call %s: %s %s", call.call_id, exc.status, exc.body)
            return reject(404 if exc.status in (404, 422) else 503)
        except (OSError, ValueError) as exc:
            log.warning("routing unreachable for call %s: %s", call.call_id, exc)
            return reject(503)
        self._forget_old()
        self.calls[call.call_id] = (time.monotonic(), call)
        return self._act(source, outbox, call, plan)

    def next(self, source: TransactionSource, outbox: OutboxWriter, body: dict[str, Any]) -> dict[str, Any]:
        """The contacts rung so far failed with ``code``: ring the next one, or ask routing what comes after."""
        call_id, code = str(body.get("call_id") or ""), int(body.get("code") or 480)
        held = self.calls.get(call_id)
        if held is None:
            return reject(480)
        call = held[1]
        if call.waiting:
            return self._relay(call, [call.waiting.pop(0)])
        if call.state is None or call.steps >= decisions.MAX_STEPS:
            return self._end(source, outbox, call, reject(code if 400 <= code < 700 else 480))
        call.steps += 1
        try:
            plan = self.routing.step_call(call.state, {"type": decisions.event_for(code)})
        except (CallPathError, OSError, ValueError) as exc:
            log.warning("step_call failed for call %s: %s", call_id, exc)
            return self._end(source, outbox, call, reject(480))
        return self._act(source, outbox, call, plan)

    def fact(self, source: TransactionSource, outbox: OutboxWriter, body: dict[str, Any]) -> dict[str, Any]:
        return {"recorded": self.facts(source, outbox, {"facts": [body]})["recorded"] == 1}

    def facts(self, source: TransactionSource, outbox: OutboxWriter, body: dict[str, Any]) -> dict[str, Any]:
        """A batch of {fact, call_id, code} from Kamailio's timer process, in one transaction."""
        wanted = []
        for item in body.get("facts") or ():
            if not isinstance(item, dict):
                continue
            call_id, fact = str(item.get("call_id") or ""), str(item.get("fact") or "")
            if fact in ("answered", "ended") and call_id:
                wanted.append((call_id, fact, _int(item.get("code"))))
        ended: list[str] = []
        with source.transaction() as tx:
            store = FrontStore(tx)
            events: Events = []
            self._flush(store, events)
            known = store.facts_of(sorted({call_id for call_id, _, _ in wanted}))
            for call_id, fact, code in wanted:
                if self._record(store, events, call_id, fact, code, known.setdefault(call_id, {})) and fact == "ended":
                    ended.append(call_id)
            _publish(outbox, store, events)
        for call_id in ended:
            self._release(call_id)
        return {"recorded": len(ended) + sum(1 for _, fact, _ in wanted if fact == "answered")}

    def _record(
        self,
        store: FrontStore,
        events: Events,
        call_id: str,
        fact: str,
        code: int = 0,
        known: dict[str, dict[str, Any]] | None = None,
    ) -> bool:
        """answered / ended of a call the front started; each published once (the table's key). ``known``: the
        call's facts read for the whole batch (kept up to date here), else read now."""
        if known is None:
            known = store.facts(call_id)
        started = known.get("started")
        if started is None or fact in known:
            return False  # not a call the front carried (a worker's, or unknown), or already recorded
        who = {k: started[k] for k in ("caller", "callee", "enterprise_id", "tenant_path")}
        answered = known.get("answered")
        disposition = _disposition(code, answered is not None) if fact == "ended" else None
        cause = code if fact == "ended" and 100 <= code <= 699 else None
        row = store.claim_fact(call_id, fact, who, None, disposition, cause)
        if row is None:
            return False
        at = row["occurred_at"]
        known[fact] = {**who, "occurred_at": at}
        data = {**_leg(call_id, who)}
        if fact == "answered":
            data["answered_at"] = at.isoformat()
        else:
            data.update(
                ended_at=at.isoformat(),
                disposition=disposition,
                cause=cause,
                duration_seconds=(at - answered["occurred_at"]).total_seconds() if answered else None,
            )
        events.append((f"call_{fact}", data, list(who["tenant_path"])))
        return True

    # --- acting on a plan -------------------------------------------------------------------------------------------

    def _act(
        self, source: TransactionSource, outbox: OutboxWriter, call: FrontCall, plan: dict[str, Any]
    ) -> dict[str, Any]:
        call.state = plan.get("state")
        if call.state:
            call.enterprise_id = str(call.state.get("enterprise_id") or "") or None
        kind = plan.get("kind")
        if kind == "reject":
            code = int(plan.get("sip_code") or 480)
            return self._end(source, outbox, call, reject(code))
        if decisions.needs_worker(plan):
            holder = None
            with source.transaction() as tx:
                store = FrontStore(tx)
                if kind == "retrieve_parked" and call.enterprise_id:  # to the worker holding the call (RTE-10)
                    holder = store.parked_worker(call.enterprise_id, int(plan.get("slot") or 0))
                if kind != "retrieve_parked" or holder is not None:
                    store.put_pending_plan(call.call_id, plan)
                    if call.started:
                        self._hand_over(store, call)
            if kind == "retrieve_parked" and holder is None:
                return self._end(source, outbox, call, reject(404, "Nothing Parked There"))
            self.calls.pop(call.call_id, None)
            answer = {"action": "worker", "call": call.call_id}
            if holder is not None:
                answer["worker"] = f"sip:{holder}"
            return answer
        if kind != "ring":
            return self._end(source, outbox, call, reject(500, "Server Error"))
        contacts = list(plan.get("contacts") or ())
        trunk = None
        if any(c["kind"] == "external" for c in contacts):
            with source.transaction() as tx:
                trunk = self._trunk(FrontStore(tx), call)
            if trunk is None:
                return self._end(source, outbox, call, reject(503, "No Trunk"))
        uris = [u for u in (decisions.contact_uri(c, self.realm, trunk) for c in contacts) if u]
        if not uris:
            return self._end(source, outbox, call, reject(480))
        if trunk is not None:
            call.caller_id = trunk.caller_id(contacts[0]["address"]) if contacts else None
        call.timeout_ms = int(plan.get("timeout_seconds") or 0) * 1000
        if not call.started:
            call.started = True
            self.unwritten.append((call, datetime.now(UTC)))
        if plan.get("mode") == "sequential":
            call.waiting = uris[1:]
            return self._relay(call, uris[:1])
        call.waiting = []
        return self._relay(call, uris)

    def _hand_over(self, store: FrontStore, call: FrontCall) -> None:
        """A call the front rang first and now gives to a worker (nobody answered: voicemail; busy: a menu) is the
        worker's from here: its journal records the call from the worker's answer. The front drops its own started
        fact (unwritten, or written by another call's batch), so its later answered and ended facts are ignored:
        else the history would list the call twice, once "answered" by the line that never picked up."""
        self.unwritten = [(held, at) for held, at in self.unwritten if held.call_id != call.call_id]
        store.drop_started(call.call_id)
        call.started = False

    def _relay(self, call: FrontCall, uris: list[str]) -> dict[str, Any]:
        answer: dict[str, Any] = {"action": "relay", "uris": " ".join(uris), "timeout_ms": call.timeout_ms}
        if call.caller_id:
            answer["caller_id"] = call.caller_id
        return answer

    def _bridge(self, source: TransactionSource, call: FrontCall, original_caller: str = "") -> dict[str, Any]:
        """A worker's outbound leg: straight to the registered user, or out through a trunk; routing is not asked.
        The worker names the call's enterprise (X-Relais-Enterprise): its trunk carries the leg, presenting the
        original caller (X-Relais-Caller) as decisions.bridge_caller_id says, never the worker."""
        if _looks_like_id(call.dialled):
            return {"action": "relay", "uris": f"sip:{call.dialled}@{self.realm}", "timeout_ms": 0}
        with source.transaction() as tx:
            trunk = self._trunk(FrontStore(tx), call)
        if trunk is None:
            return reject(503, "No Trunk")
        answer = {"action": "relay", "uris": trunk.uri(call.dialled), "timeout_ms": 0}
        caller_id = decisions.bridge_caller_id(trunk, call.dialled, original_caller)
        if caller_id:
            answer["caller_id"] = caller_id
        return answer

    def _end(
        self, source: TransactionSource, outbox: OutboxWriter, call: FrontCall, answer: dict[str, Any]
    ) -> dict[str, Any]:
        """A refusal; when the front had already rung someone for this call, its end is a fact too."""
        if call.started:
            with source.transaction() as tx:
                store = FrontStore(tx)
                events: Events = []
                self._flush(store, events)
                self._record(store, events, call.call_id, "ended", int(answer["code"]))
                _publish(outbox, store, events)
        self._release(call.call_id)
        return answer

    def _flush(self, store: FrontStore, events: Events) -> None:
        """The started facts decided since the last transaction, written in this one (kept if it fails)."""
        pending, self.unwritten = self.unwritten, []
        try:
            for call, at in pending:
                self._record_started(store, events, call, at)
        except BaseException:
            self.unwritten[:0] = pending
            raise

    def _record_started(self, store: FrontStore, events: Events, call: FrontCall, at: datetime) -> None:
        path = self._path(store, call)
        who: dict[str, Any] = {
            "caller": call.caller[:128],
            "callee": call.dialled[:128],
            "enterprise_id": call.enterprise_id,
            "tenant_path": path,
        }
        row = store.claim_fact(call.call_id, "started", who, at)
        if row is not None:
            data = {**_leg(call.call_id, who), "started_at": row["occurred_at"].isoformat()}
            events.append(("call_started", data, path))

    def _release(self, call_id: str) -> None:
        self.calls.pop(call_id, None)
        try:
            self.routing.call_ended(call_id)
        except (CallPathError, OSError, ValueError) as exc:
            log.warning("call_ended not delivered for %s: %s", call_id, exc)

    def _trunk(self, store: FrontStore, call: FrontCall) -> Trunk | None:
        trunks = [Trunk.from_row(row) for row in store.trunks()]
        path = store.user_path(call.caller_user_id) if call.caller_user_id else None
        if path is None and call.enterprise_id:
            path = store.enterprise_path(call.enterprise_id)
        return decisions.pick_trunk(trunks, call.enterprise_id, path, call.inbound_trunk)

    def _path(self, store: FrontStore, call: FrontCall) -> list[str]:
        """The tenant path of the call's facts; looked up at most once a minute per user or enterprise."""
        path = self._cached_path(("user", call.caller_user_id), store.user_path) if call.caller_user_id else None
        if path is None and call.enterprise_id:
            path = self._cached_path(("enterprise", call.enterprise_id), store.enterprise_path)
        return path or ([call.enterprise_id] if call.enterprise_id else [_SYSTEM])

    def _cached_path(self, key: tuple[str, str], lookup: Any) -> list[str] | None:
        now = time.monotonic()
        held = self.paths.get(key)
        if held is not None and now - held[0] < PATH_SECONDS:
            return held[1]
        if len(self.paths) > 50_000:
            self.paths.clear()
        path: list[str] | None = lookup(key[1])
        self.paths[key] = (now, path)
        return path

    def _forget_old(self) -> None:
        if len(self.calls) < 10_000:
            return
        limit = time.monotonic() - FORGET_AFTER_SECONDS
        for call_id in [k for k, (at, _) in self.calls.items() if at < limit]:
            self.calls.pop(call_id, None)


# Facts of a call whose enterprise the front cannot place fall under the nil tenant: never one that exists.
_SYSTEM = "00000000-0000-0000-0000-000000000000"


Events = list[tuple[str, dict[str, Any], list[str]]]  # (event type, data, tenant path), published together


def _publish(outbox: OutboxWriter, store: FrontStore, events: Events) -> None:
    """One insert and one publishing pass for the transaction's events (add_many), not one of each per event."""
    if events:
        outbox.add_many(store.tx, events)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _leg(call_id: str, who: dict[str, Any]) -> dict[str, Any]:
    """The proxied call is one leg, the caller's, seen from the front (schema shared with the workers' journal)."""
    return {
        "call_id": call_id,
        "leg_id": f"{call_id}:in",
        "direction": "inbound",
        "handled_by": "proxy",
        "worker": None,
        "caller": who["caller"],
        "callee": who["callee"],
        "enterprise_id": who["enterprise_id"],
    }


def _disposition(code: int, answered: bool) -> str:
    if answered:
        return "answered"
    if code == 487:
        return "cancelled"
    if code in (486, 600):
        return "busy"
    if code in (408, 480):
        return "no_answer"
    if code in (403, 404, 484, 503, 603):
        return "refused"
    return "failed"


def _looks_like_id(value: str) -> bool:
    return len(value) == 36 and value.count("-") == 4
