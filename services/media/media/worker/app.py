"""The worker process: admits calls (refusing rather than letting pjsua abort), runs sessions, keeps the journal."""

from __future__ import annotations

import gc
import logging
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from media.journal import Journal, Leg
from media.worker import sip
from media.worker.parking import ParkSlots
from media.worker.pins import PinChecker
from media.worker.plans import PlanSource
from media.worker.prompts import Prompts
from media.worker.session import Session
from media.worker.settings import WorkerSettings
from media.worker.voicemail_sink import Mailbox, MailboxByPhone, VoicemailSink
from relais_kit.callpath import CallPathClient, CallPathError
from relais_kit.db import ConnectionPool

log = logging.getLogger(__name__)

POLL_MS = 10
FILE_CLOSE_SECONDS = 3.0


def wav_complete(path: Path) -> bool:
    """pjmedia writes a WAV's sizes when it closes the file: a non-zero data size means it is complete."""
    try:
        with path.open("rb") as handle:
            header = handle.read(44)
    except OSError:
        return False
    return len(header) == 44 and header[40:44] != b"\x00\x00\x00\x00"


class Worker:
    def __init__(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self.instance = f"{settings.name}:{os.getpid()}"
        database = ConnectionPool(settings.database_url, "media", size=1)
        self.database = database
        self.routing = CallPathClient(settings.routing_url, timeout=3.0)
        self.plans = PlanSource(database, self.routing)
        self.journal = Journal(database)
        self.prompts = Prompts(settings.audio_dir)
        self.voicemail = VoicemailSink(database, settings.audio_dir)
        self.mailbox_by_phone = MailboxByPhone(database, self.voicemail.store)
        self.pins = PinChecker(settings.amqp_uri)
        self.park_slots = ParkSlots(settings.amqp_uri)
        self.prompts.warm_up()
        self.sip = sip.Sip(settings)
        self.sessions: dict[int, Session] = {}  # id(SipCall) -> session, for every leg of the session
        self.calls: dict[int, sip.SipCall] = {}  # keeps each live pjsua2 Call object referenced
        self.admitted: deque[float] = deque()
        self.stopping = False
        self.stats = {"answered_calls": 0, "refused_busy": 0, "refused_rate": 0}
        self._next_sweep = 0.0
        self.closing_files: list[tuple[Path, float, Callable[[], None]]] = []

    # ----- the loop ----------------------------------------------------------------------------------------------
    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        print(f"worker {self.instance} ready on {self.settings.address}", flush=True)
        drain_until: float | None = None
        while True:
            self.sip.poll(POLL_MS)
            self._drain_events()
            now = time.monotonic()
            self._tick(now)
            if self.stopping:
                if drain_until is None:
                    drain_until = now + 2.0
                    self._shut_down_sessions()
                if not self.calls or now > drain_until:
                    break
        self.sessions.clear()
        self.calls.clear()
        gc.collect()
        while self.closing_files:
            self.sip.poll(POLL_MS)
            self._check_closing_files(time.monotonic())
        self.sip.destroy()
        self.pins.close()
        self.park_slots.close()
        self.routing.close()
        self.database.close()

    def _live_sessions(self) -> list[Session]:
        return list({id(s): s for s in self.sessions.values()}.values())

    def live_sessions(self) -> list[Session]:
        return self._live_sessions()

    def _sweep(self) -> None:
        """Calls whose end pjsua never reported to their object are ended here, so no leg is held forever."""
        for call in list(self.calls.values()):
            if call.is_gone():
                call.disconnected = True
                try:
                    self._handle(sip.Event("state", call, sip.DISCONNECTED, 0, "gone"))
                except Exception:
                    log.exception("worker %s: closing a lost call failed", self.instance)
                    self.forget(call)

    def _tick(self, now: float) -> None:
        if now >= self._next_sweep:
            self._next_sweep = now + 1.0
            self._sweep()
        if self.closing_files:
            self._check_closing_files(now)
        for session in self._live_sessions():
            try:
                session.on_tick(now)
            except Exception:
                log.exception("call %s: timer failed", session.leg.call_id)

    def _shut_down_sessions(self) -> None:
        for session in self._live_sessions():
            session.shut_down()

    def _stop(self, *_: Any) -> None:
        self.stopping = True

    def _drain_events(self) -> None:
        events = self.sip.events
        while events:
            event = events.popleft()
            try:
                self._handle(event)
            except Exception:
                log.exception("worker %s: event %s failed", self.instance, event.kind)

    def _handle(self, event: sip.Event) -> None:
        if event.kind == "incoming":
            self._incoming(event.call, event.headers or {})
            return
        if event.call.transfer_child:
            self._transfer_child(event)
            return
        session = self.sessions.get(id(event.call))
        if event.kind == "state":
            if session is not None:
                session.on_state(event.call, event.state, event.status)
                if event.state == sip.DISCONNECTED:
                    session.on_leg_closed()
            if event.state == sip.DISCONNECTED:
                self.forget(event.call)
        elif session is None:
            return
        elif event.kind == "media":
            session.on_media(event.call)
        elif event.kind == "dtmf":
            session.on_digit(event.digit, event.call)
        elif event.kind == "refer":
            session.on_refer(event.call, event.reason)

    def _transfer_child(self, event: sip.Event) -> None:
        """pjsua's own INVITE for an accepted REFER: the session places the real leg, so this one is ended."""
        call = event.call
        if event.kind == "state" and event.state == sip.DISCONNECTED:
            if call in self.sip.transfer_children:
                self.sip.transfer_children.remove(call)
        elif event.kind == "state":
            call.hang_up()

    # ----- admission ---------------------------------------------------------------------------------------------
    def _incoming(self, call: sip.SipCall, headers: dict[str, str]) -> None:
        self.calls[id(call)] = call
        call_id = headers.get("x-relais-call") or headers.get("call-id", "")
        caller, dialled = sip.uri_user(headers.get("from", "")), sip.uri_user(headers.get("to", ""))
        leg = Leg(call_id, f"{call_id}:in", "inbound", self.instance, caller, dialled)
        now = time.monotonic()
        while self.admitted and now - self.admitted[0] > 1.0:
            self.admitted.popleft()
        if self.stopping:
            call.hang_up(503, "Worker stopping")
            return
        if caller == self.settings.name:
            # this worker's own INVITE for a REFER it carries out itself (sip.SipCall.onCallTransferRequest)
            call.hang_up(603, "Transfer carried out by the worker")
            return
        if len(self.admitted) >= self.settings.max_calls_per_second:
            # pjsua aborts above ~60 calls/s: refuse here, before it does
            self.stats["refused_rate"] += 1
            call.hang_up(503, "Worker rate limit")
            return
        if len(self.calls) > self.settings.max_legs:
            self._sweep()
        if len(self.calls) > self.settings.max_legs:
            self.stats["refused_busy"] += 1
            call.hang_up(486, "Worker full")
            return
        self.admitted.append(now)
        session = Session(self, call, leg)
        self.sessions[id(call)] = session
        try:
            plan = self.plans.first_plan(call_id, caller, dialled or "0", headers.get("x-relais-origin", "trunk"))
        except (CallPathError, OSError) as exc:
            log.warning("call %s: no plan (%s); refused", call_id, exc)
            self.journal.started(leg)
            session.refuse(503, "No routing plan", "failed")
            return
        state = plan.get("state") or {}
        leg.enterprise_id = state.get("enterprise_id")
        leg.tenant_path = [str(t) for t in plan.get("tenant_path", [])]
        self.journal.started(leg)
        self.stats["answered_calls"] += 1
        session.carry_out(plan)

    # ----- used by sessions --------------------------------------------------------------------------------------
    def place(self, uri: str, headers: dict[str, str]) -> sip.SipCall | None:
        if len(self.calls) >= self.settings.max_legs:
            return None
        call = self.sip.place(uri, headers)
        if call is not None:
            self.calls[id(call)] = call
        return call

    def when_file_closed(self, path: Path, then: Callable[[], None]) -> None:
        self.closing_files.append((path, time.monotonic() + FILE_CLOSE_SECONDS, then))

    def _check_closing_files(self, now: float) -> None:
        for entry in list(self.closing_files):
            path, deadline, then = entry
            if wav_complete(path) or now >= deadline:
                self.closing_files.remove(entry)
                try:
                    then()
                except Exception:
                    log.exception("after closing %s", path)

    def save_voicemail(self, mailbox: Mailbox, recording: Path, caller: str, call_id: str) -> None:
        try:
            saved = self.voicemail.save(mailbox, recording, caller, call_id)
            log.info("call %s: voicemail message %s saved", call_id, saved)
        except Exception:
            log.exception("call %s: voicemail could not be saved; kept at %s", call_id, recording)

    def music_on_hold(self, tenant_id: str | None) -> Path:
        """The enterprise's chosen music on hold (media.audio's repository), else the system's (MED-03)."""
        if tenant_id:
            try:
                from media.audio.announcements import music_on_hold_path

                with self.database.transaction() as tx:
                    chosen = music_on_hold_path(tx, self.voicemail.store, tenant_id)
                if chosen and Path(chosen).exists():
                    return Path(chosen)
            except Exception:
                log.exception("music on hold of %s unavailable; the system's plays", tenant_id)
        return self.prompts.default_music()

    def free_legs(self) -> bool:
        """True while pjsua has room for one more leg (REFER children count until they are gone)."""
        return len(self.calls) + len(self.sip.transfer_children) < self.settings.max_legs

    def session_of_dialog(self, sip_call_id: str) -> Session | None:
        """The live session whose caller's leg is the dialog with this SIP Call-ID (attended transfer's Replaces)."""
        for session in self._live_sessions():
            if session.inbound.sip_call_id == sip_call_id:
                return session
        return None

    def session_of_call(self, call_id: str) -> Session | None:
        """The live session carrying the call with this id (X-Relais-Call), e.g. a parked call (RTE-10)."""
        return next((s for s in self._live_sessions() if s.leg.call_id == call_id and not s.finished), None)

    def hand_over(self, session: Session, target: Session) -> None:
        """``session``'s caller's leg now belongs to ``target`` (retrieve, pickup); ``session`` is over."""
        self.sessions[id(session.inbound)] = target

    def note_parked(self, enterprise_id: str, slot: int, call_id: str) -> None:
        """Where the call on this slot waits: the front sends *88<slot> to this worker (media.parked_calls)."""
        try:
            with self.database.transaction() as tx:
                tx.execute(
                    "INSERT INTO parked_calls (enterprise_id, slot, call_id, worker_address) VALUES (%s, %s, %s, %s)"
                    " ON CONFLICT (enterprise_id, slot) DO UPDATE SET call_id = EXCLUDED.call_id,"
                    " worker_address = EXCLUDED.worker_address, parked_at = now()",
                    (enterprise_id, slot, call_id, self.settings.address),
                )
        except Exception:
            log.exception("call %s: parked on %s but not noted", call_id, slot)

    def note_unparked(self, enterprise_id: str, slot: int) -> None:
        try:
            with self.database.transaction() as tx:
                tx.execute(
                    "DELETE FROM parked_calls WHERE enterprise_id = %s AND slot = %s AND worker_address = %s",
                    (enterprise_id, slot, self.settings.address),
                )
        except Exception:
            log.exception("slot %s of %s: not cleared", slot, enterprise_id)

    def adopt(self, call: sip.SipCall, session: Session) -> None:
        self.sessions[id(call)] = session

    def forget(self, call: sip.SipCall) -> None:
        """A leg is over: drop the worker's reference (the Call object is deleted outside its callbacks)."""
        self.calls.pop(id(call), None)
        session = self.sessions.get(id(call))
        if session is not None and call is not session.inbound:
            self.sessions.pop(id(call), None)

    def session_over(self, session: Session) -> None:
        if self.sessions.pop(id(session.inbound), None) is None:
            return  # already over
        self.calls.pop(id(session.inbound), None)
        routing_calls = ([session.leg.call_id] if session.state is not None else []) + session.routing_calls
        for call_id in routing_calls:
            try:
                self.plans.ended(call_id)
            except (CallPathError, OSError) as exc:
                log.warning("call %s: call_ended not delivered: %s", call_id, exc)


def main(settings: WorkerSettings) -> None:
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {settings.name} %(levelname)s %(message)s")
    Worker(settings).run()
