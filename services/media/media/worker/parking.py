"""Park and pickup in a worker (RTE-10), from routing's ``park``, ``retrieve_parked`` and ``pickup`` plans.

Park: a party of a bridged call transfers it (REFER) to *68; routing answers ``park`` for that line. The worker
takes the enterprise's lowest free slot through routing's ``park_call`` RPC (slots are routing's shared state),
the caller hears music on hold, the parking party hears the slot number spoken, then its leg ends
``transferred``. Where the call waits is written to ``media.parked_calls`` (the front sends a retrieving call to
that worker). After the plan's ``recall_seconds`` an unclaimed call rings the parking line back.

Retrieve: a line dials *88<slot>; the front sends the call to the worker holding the parked call. This worker takes
the slot through ``retrieve_parked`` and the retrieving call joins the parked caller as a leg of its call.

Pickup: a line dials *8 (its group) or *97<ext> (directed); the front sends it to the worker ringing one of the
plan's lines (journal: an outbound leg to that user started and neither answered nor ended). That ringing leg is
cancelled and the picking-up call is answered and bridged in its place.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from media.worker import transfers

if TYPE_CHECKING:
    from media.worker.session import Placed, Session

log = logging.getLogger(__name__)

ANNOUNCEMENT = {
    "fr": "Appel parqué sur la place {slot}.",
    "en": "Call parked on slot {slot}.",
}


class ParkSlots:
    """routing's park_call / retrieve_parked RPCs through a standalone client on the broker (a round trip of a
    few ms, once per park or retrieve); an unreachable broker counts as no slot, never as a crash."""

    def __init__(self, amqp_uri: str, timeout: float = 5.0) -> None:
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self._client: Any = None
        self._proxy: Any = None

    def park(self, call_id: str, enterprise_id: str, parked_by: str | None) -> int | None:
        answer = self._call("park_call", call_id, enterprise_id, parked_by)
        slot = answer.get("slot") if answer else None
        return int(slot) if slot is not None else None

    def retrieve(self, enterprise_id: str, slot: int) -> str | None:
        answer = self._call("retrieve_parked", enterprise_id, slot)
        call_id = answer.get("call_id") if answer else None
        return str(call_id) if call_id else None

    def _call(self, method: str, *args: Any) -> dict[str, Any] | None:
        if not self.amqp_uri:
            return None
        try:
            if self._proxy is None:
                from nameko.standalone.rpc import ClusterRpcClient  # eventlet is slow to load: first use only

                self._client = ClusterRpcClient(uri=self.amqp_uri, timeout=self.timeout)
                self._proxy = self._client.start()
            return dict(getattr(self._proxy.routing, method)(*args))
        except Exception as exc:
            log.warning("routing %s failed: %s", method, type(exc).__name__)
            self.close()
            return None

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.stop()
            except Exception:
                log.debug("closing the RPC client failed", exc_info=True)
        self._client = self._proxy = None


# ----- park --------------------------------------------------------------------------------------------------------
def park(session: Session, parker: Placed, plan: dict[str, Any]) -> None:
    worker = session.worker
    enterprise = session.leg.enterprise_id or (session.state or {}).get("enterprise_id")
    parked_by = str(parker.contact.get("address")) if parker.contact.get("kind") == "user" else None
    slot = worker.park_slots.park(session.leg.call_id, str(enterprise), parked_by) if enterprise else None
    if slot is None:
        log.warning("call %s: no park slot; the call stays with its parties", session.leg.call_id)
        return
    # the caller waits with music; the parking party hears the slot, then leaves
    mine, theirs = session.inbound.audio(), parker.call.audio()
    if mine is not None and theirs is not None:
        transfers.disconnect(mine, theirs)
    session.bridged = None
    session.phase = "parked"
    session.parked_slot = slot
    session.parked_by = dict(parker.contact)
    session.recall_at = time.monotonic() + float(plan.get("recall_seconds") or 60)
    session.hold_music(session.inbound)
    worker.note_parked(str(enterprise), slot, session.leg.call_id)
    text = ANNOUNCEMENT.get(session.language, ANNOUNCEMENT["en"]).format(slot=slot)
    session.announce_then_leave(parker, worker.prompts.spoken(text, session.language))
    log.info("call %s: parked on slot %s", session.leg.call_id, slot)


def recall(session: Session) -> None:
    """Nobody took the parked call back in time: the slot is freed and the parking line rings again."""
    session.recall_at = None
    enterprise = session.leg.enterprise_id or (session.state or {}).get("enterprise_id")
    if session.parked_slot is None or not enterprise:
        return
    if session.worker.park_slots.retrieve(str(enterprise), session.parked_slot) is None:
        return  # someone is retrieving it right now
    session.worker.note_unparked(str(enterprise), session.parked_slot)
    session.parked_slot = None
    if session.parked_by is not None:
        log.info("call %s: park recall to %s", session.leg.call_id, session.parked_by.get("address"))
        session.phase = "ringing"
        session.outcomes = []
        session.pending_contacts = []
        session.place(session.parked_by)
        session.deadline = time.monotonic() + session.contact_timeout


def retrieve(session: Session, plan: dict[str, Any]) -> None:
    worker = session.worker
    enterprise = session.leg.enterprise_id or (session.state or {}).get("enterprise_id")
    slot = int(plan.get("slot") or 0)
    # only the worker holding the call takes the slot from routing (the front sends the call there)
    parked = next(
        (
            s
            for s in worker.live_sessions()
            if s.phase == "parked" and s.parked_slot == slot and (s.leg.enterprise_id or "") == (enterprise or "")
        ),
        None,
    )
    call_id = worker.park_slots.retrieve(str(enterprise), slot) if parked is not None and enterprise else None
    if parked is None or call_id != parked.leg.call_id:
        log.info("call %s: nothing parked here on slot %s", session.leg.call_id, slot)
        session.refuse(404, "Nothing parked there", "refused")
        return
    worker.note_unparked(str(enterprise), slot)
    parked.parked_slot = None
    parked.recall_at = None
    hand_over(session, parked)
    log.info("call %s: retrieved from slot %s by %s", call_id, slot, session.leg.call_id)


# ----- pickup ------------------------------------------------------------------------------------------------------
def pickup(session: Session, plan: dict[str, Any]) -> None:
    wanted = {str(u) for u in plan.get("user_ids") or ()}
    for ringing in session.worker.live_sessions():
        if ringing is session or ringing.phase != "ringing":
            continue
        legs = [p for p in ringing.placed if not p.answered and str(p.contact.get("address")) in wanted]
        if not legs:
            continue
        ringing.deadline = None
        hand_over(session, ringing)
        log.info("call %s: picked up by %s", ringing.leg.call_id, session.leg.call_id)
        return
    session.refuse(480, "Nothing to pick up", "refused")


def hand_over(session: Session, target: Session) -> None:
    """``session``'s caller becomes a leg of ``target``'s call: answered now, bridged once confirmed (the
    session's own ringing legs are cancelled by bridge_with), journaled under its own leg."""
    from media.worker.session import Placed

    user = session.leg.caller
    placed = Placed(session.inbound, session.leg, {"kind": "user", "address": user})
    session.finished = True
    session.phase = "done"
    target.placed.append(placed)
    target.routing_calls.append(session.leg.call_id)
    session.worker.hand_over(session, target)
    if not session.inbound.answer_with(200):
        session.inbound.hang_up()


def caller_left(session: Session) -> None:
    """The parked caller hung up: its slot is freed for the next call."""
    enterprise = session.leg.enterprise_id or (session.state or {}).get("enterprise_id")
    slot, session.parked_slot, session.recall_at = session.parked_slot, None, None
    if slot is None or not enterprise:
        return
    session.worker.park_slots.retrieve(str(enterprise), slot)
    session.worker.note_unparked(str(enterprise), slot)
