"""Three-way calling with star-star (ACC-16): during a bridged call a party presses ``**``, dials a number and
``#`` (or pauses 3 s); routing decides for that number as for a call from the line, the worker rings it, and the
one who answers joins the call in pjsua's conference bridge (every party hears the two others). When one party
leaves, the two others stay connected; the call ends when fewer than two parties remain.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import time
from typing import TYPE_CHECKING, Any

from media.worker import sip, transfers

if TYPE_CHECKING:
    from media.worker.session import Placed, Session

log = logging.getLogger(__name__)

PREFIX = "**"
KEY_PAUSE_SECONDS = 3.0


def on_key(session: Session, call: sip.SipCall, digit: str) -> None:
    typed = session.keys.get(id(call), "") + digit
    if not (PREFIX.startswith(typed) or typed.startswith(PREFIX)):
        session.keys.pop(id(call), None)  # an ordinary key, for the other party's ears only
        return
    if typed.startswith(PREFIX) and typed.endswith("#"):
        session.keys.pop(id(call), None)
        dial(session, call, typed[len(PREFIX) : -1])
        return
    session.keys[id(call)] = typed
    session.keys_deadline = time.monotonic() + KEY_PAUSE_SECONDS


def keys_timeout(session: Session) -> None:
    session.keys_deadline = None
    typed, session.keys = session.keys, {}
    for call in [session.inbound, *(p.call for p in session.placed)]:
        digits = typed.get(id(call), "")
        if len(digits) > len(PREFIX):
            dial(session, call, digits[len(PREFIX) :])


def _party(session: Session, call: sip.SipCall) -> Placed | None:
    return next((p for p in session.placed if p.call is call), None)


def dial(session: Session, call: sip.SipCall, number: str) -> None:
    if not number or session.bridged is None:
        return
    plan = transfers.route_for(session, number, _party(session, call))
    contacts: list[dict[str, Any]] = (
        list((plan or {}).get("contacts") or []) if (plan or {}).get("kind") == "ring" else []
    )
    if not contacts:
        log.warning("call %s: ** %s has nowhere to ring", session.leg.call_id, number)
        return
    log.info("call %s: ** adds %s", session.leg.call_id, number)
    for contact in contacts:
        session.place(contact, joining=True)


def join(session: Session, placed: Placed) -> None:
    placed.joining = False
    for other in list(session.placed):
        if other.joining and not other.answered:
            other.joining, other.outcome = False, "cancelled"
            other.call.hang_up()
    if session.bridged is None:
        session.bridged = placed
    else:
        session.conference.append(placed)
    log.info("call %s: three-way call with %s", session.leg.call_id, placed.leg.leg_id)
    connect(session)


def parties(session: Session) -> list[sip.SipCall]:
    calls = [] if session.caller_left else [session.inbound]
    if session.bridged is not None:
        calls.append(session.bridged.call)
    return calls + [p.call for p in session.conference]


def connect(session: Session) -> None:
    """Every party hears every other: pjsua's conference bridge mixes what each port receives."""
    if not session.conference and not session.caller_left:
        return
    media = [m for m in (c.audio() for c in parties(session)) if m is not None]
    for one, other in itertools.permutations(media, 2):
        with contextlib.suppress(sip.Error):
            one.startTransmit(other)


def promote(session: Session) -> None:
    """The bridged party left a three-way call: a third party takes its place."""
    session.bridged = session.conference.pop(0)
    connect(session)


def after_caller_left(session: Session) -> None:
    answered = [p for p in session.placed if p.answered]
    if len(answered) >= 2:
        connect(session)
        return
    for placed in session.placed:
        placed.call.hang_up()
    if not session.placed:
        session.worker.session_over(session)
