"""Transfers of a bridged call (RTE-10's neighbours in issue 6): a REFER from one of its parties.

Blind (``call.xfer``): the transferring party leaves (its leg ends ``transferred``); routing decides for the
Refer-To number as for a call from that line, and the worker rings what routing answers, through the front, for
the party that stays, who hears music on hold meanwhile; the target's own no-answer rules (voicemail...) follow.

Attended (``xferReplaces``): the Refer-To carries ``Replaces`` naming the transferring party's other call, the
consultation it placed through this worker. Its target joins the party that stays, and both of the transferring
party's legs end ``transferred``. A consultation held by another worker cannot be merged here: the REFER then
counts as a blind transfer to the Refer-To's number.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

from media.worker import parking, sip

if TYPE_CHECKING:
    from media.worker.session import Placed, Session

log = logging.getLogger(__name__)

LEG_WAIT_SECONDS = 2.0


def on_refer(session: Session, call: sip.SipCall, refer_to: str) -> None:
    if session.phase != "bridged" or session.bridged is None:
        log.warning("call %s: REFER outside a bridged call ignored", session.leg.call_id)
        return
    if call is not session.bridged.call:
        # the caller's own side transferring: its leg is the session's anchor, so the worker does not carry it out
        log.warning("call %s: a transfer from the caller's side is not carried out", session.leg.call_id)
        return
    replaces = sip.replaces_call_id(refer_to)
    if replaces and attended(session, session.bridged, replaces):
        return
    blind(session, session.bridged, sip.uri_user(refer_to))


def leave(session: Session, placed: Placed) -> None:
    """The transferring party's leg ends now, ``transferred``; its audio is cut before its BYE."""
    placed.outcome = "transferred"
    session.worker.journal.ended(placed.leg, "transferred", None)
    if placed in session.placed:
        session.placed.remove(placed)
    mine, theirs = session.inbound.audio(), placed.call.audio()
    if mine is not None and theirs is not None:
        disconnect(mine, theirs)
    if session.bridged is placed:
        session.bridged = None
    placed.call.hang_up()


def disconnect(mine: Any, theirs: Any) -> None:
    with contextlib.suppress(sip.Error):
        mine.stopTransmit(theirs)
        theirs.stopTransmit(mine)


def route_for(session: Session, number: str, placed_by: Placed | None) -> dict[str, Any] | None:
    """Routing's decision for a number dialled on behalf of a party of this call (a line's own call)."""
    request: dict[str, Any] = {
        "call_id": f"{session.leg.call_id}.r{len(session.routing_calls) + 1}",
        "caller": session.leg.caller or "anonymous",
        "dialled": number,
        "origin": "internal",
        "enterprise_id": session.leg.enterprise_id or (session.state or {}).get("enterprise_id"),
    }
    if placed_by is not None and placed_by.contact.get("kind") == "user":
        request["caller_user_id"] = str(placed_by.contact.get("address"))
    try:
        plan = session.worker.routing.route_call(request)
    except Exception as exc:
        log.warning("call %s: routing refused %s: %s", session.leg.call_id, number, exc)
        return None
    session.routing_calls.append(request["call_id"])
    return plan


def blind(session: Session, transferor: Placed, number: str) -> None:
    plan = route_for(session, number, transferor) if number else None
    if plan is not None and plan.get("kind") == "park":  # transferred to *68 (RTE-10)
        parking.park(session, transferor, plan)
        return
    leave(session, transferor)
    if plan is None or plan.get("kind") != "ring":
        log.warning("call %s: transfer to %r has nowhere to ring", session.leg.call_id, number)
        session.ended_disposition = "answered"
        session.inbound.hang_up()
        return
    log.info("call %s: transferred to %s", session.leg.call_id, number)
    # the caller waits with music; the target is rung once the transferring leg (and pjsua's own REFER INVITE)
    # have given back their places among the worker's 4 legs
    session.hold_music(session.inbound)
    session.waiting_plan = plan
    session.waiting_until = time.monotonic() + LEG_WAIT_SECONDS


def carry_out_waiting(session: Session, now: float) -> None:
    if session.waiting_plan is None or (not session.worker.free_legs() and now < session.waiting_until):
        return
    plan, session.waiting_plan = session.waiting_plan, None
    session.carry_out(plan)
    if session.phase == "ringing":
        session.hold_music(session.inbound)


def attended(session: Session, transferor: Placed, consultation_id: str) -> bool:
    other = session.worker.session_of_dialog(consultation_id)
    if other is None or other is session or other.bridged is None:
        return False
    target = other.bridged
    # the consultation's session lets its target go, then ends its caller's leg (the transferring party)
    other.placed.remove(target)
    other.bridged = None
    other.stop_hold_music()
    mine, theirs = other.inbound.audio(), target.call.audio()
    if mine is not None and theirs is not None:
        with contextlib.suppress(sip.Error):
            mine.stopTransmit(theirs)
            theirs.stopTransmit(mine)
    other.ended_disposition = "transferred"
    other.inbound.hang_up()
    leave(session, transferor)
    session.worker.adopt(target.call, session)
    session.placed.append(target)
    session.bridge_with(target)
    log.info("call %s: attended transfer joined %s", session.leg.call_id, target.leg.leg_id)
    return True
