"""One call inside a worker: the caller's leg, the legs placed for it, and the routing plan being carried out.

Plans (protos/rpc/routing.v1.json): ``play_menu`` and ``ask_account_code`` answer, play the prompt and collect
digits (RFC 2833 or SIP INFO) until enough, '#', or the timeout; ``ring`` places legs back through the front
(X-Relais-Leg: bridge) in order or together, bridges audio with the first that answers and reports busy /
no_answer / unreachable otherwise; ``voicemail`` plays the greeting and records the caller; ``queue`` plays music
until its wait is over; ``reject`` refuses with the plan's SIP code. Each outcome goes back to routing's
step_call and the next plan is carried out. Once bridged: a REFER transfers (``transfers``), ** and a number adds a
third party (``conference``), and the call lives on while two of its parties are still connected.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media.journal import Leg
from media.worker import conference, parking, sip, transfers
from media.worker.prompts import wav_seconds
from media.worker.voicemail_box import BoxVisit
from media.worker.voicemail_sink import Mailbox

if TYPE_CHECKING:
    from media.worker.app import Worker

log = logging.getLogger(__name__)

BUSY_CODES = {486, 600}
NO_ANSWER_CODES = {408, 480, 487}


@dataclass
class Placed:
    """A leg placed to one contact."""

    call: sip.SipCall
    leg: Leg
    contact: dict[str, Any]
    answered: bool = False
    outcome: str = ""  # busy | no_answer | unreachable once it failed; transferred once it handed the call on
    joining: bool = False  # placed with ** to join a bridged call as a third party (ACC-16)


@dataclass
class Session:
    worker: Worker
    inbound: sip.SipCall
    leg: Leg
    language: str = "fr"
    plan: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] | None = None
    answered: bool = False
    phase: str = "new"
    digits: str = ""
    deadline: float | None = None
    placed: list[Placed] = field(default_factory=list)
    pending_contacts: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    bridged: Placed | None = None
    player: Any = None
    player_until: float = 0.0
    prompt_seconds: float = 0.0
    recorder: Any = None
    recording: Path | None = None
    recording_started: float = 0.0
    mailbox: Mailbox | None = None
    after_prompt: str = ""  # what starts once the prompt is over: "record" for voicemail
    finished: bool = False
    ended_disposition: str = ""
    contact_timeout: float = 20.0
    hold_player: Any = None  # music on hold while one bridged leg holds the other (MED-03, MED-06)
    hold_target: Any = None
    box: BoxVisit | None = None
    conference: list[Placed] = field(default_factory=list)  # answered third parties (ACC-16)
    keys: dict[int, str] = field(default_factory=dict)  # star-star digits per bridged leg, id(SipCall) -> digits
    keys_deadline: float | None = None
    caller_left: bool = False  # the caller hung up while two other parties stay connected
    routing_calls: list[str] = field(default_factory=list)  # route_call ids opened for transfers and conferences
    waiting_plan: dict[str, Any] | None = None  # a transfer's plan, carried out once the worker has a free leg
    waiting_until: float = 0.0
    parked_slot: int | None = None  # the park slot this call waits on (RTE-10)
    parked_by: dict[str, Any] | None = None  # the contact that parked it, rung back at recall
    recall_at: float | None = None
    leaving: list[tuple[Placed, Any, float]] = field(default_factory=list)  # legs hearing a last prompt, then ended
    _out_count: int = 0

    # ----- plans -------------------------------------------------------------------------------------------------
    def carry_out(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        if plan.get("state") is not None:
            self.state = plan["state"]
        self.language = plan.get("language", self.language)
        self._stop_audio()
        self.stop_hold_music()
        self.digits, self.deadline, self.after_prompt = "", None, ""
        kind = plan.get("kind")
        if kind in ("play_menu", "ask_account_code"):
            self.phase = "menu"
            self._answer()
            prompt = plan.get("prompt") or "account_code"
            self._play(self.worker.prompts.path(prompt, self.language))
            self.deadline = self.player_until + float(plan.get("timeout_seconds", 5))
        elif kind == "ring":
            self._ring(plan)
        elif kind == "voicemail":
            self._voicemail(plan)
        elif kind == "voicemail_box":
            self.phase = "box"
            attempts = max(1, int(plan.get("pin_attempts") or 3))
            self.box = BoxVisit(self, str(plan.get("mailbox", "")), self.language, attempts)
            self.box.start()
        elif kind == "queue":
            self.phase = "queue"
            self._answer()
            self._play(self.worker.prompts.path(plan.get("music") or "music_on_hold", self.language), loop=True)
            self.deadline = time.monotonic() + float(plan.get("max_wait_seconds", 60))
        elif kind == "retrieve_parked":
            parking.retrieve(self, plan)
        elif kind == "pickup":
            parking.pickup(self, plan)
        elif kind == "park":  # *68 dialled outright: only a bridged call's party can park it (by transfer)
            self.refuse(488, "Transfer the call to park it", "refused")
        elif kind == "reject":
            code = int(plan.get("sip_code", 603))
            self.refuse(code, str(plan.get("reason", "")), "refused")
        else:
            log.error("call %s: unknown plan kind %r", self.leg.call_id, kind)
            self.refuse(500, "unknown plan", "failed")

    def step(self, event: dict[str, Any]) -> None:
        if self.state is None:
            self.refuse(480, "no routing state", "failed")
            return
        event = {**event, "at": datetime.now(UTC).isoformat()}
        try:
            plan = self.worker.plans.step(self.state, event)
        except Exception as exc:
            log.warning("call %s: step_call failed: %s", self.leg.call_id, exc)
            self.refuse(503, "routing unavailable", "failed")
            return
        self.carry_out(plan)

    # ----- events ------------------------------------------------------------------------------------------------
    def on_digit(self, digit: str, call: sip.SipCall | None = None) -> None:
        if self.phase == "bridged" and call is not None:
            conference.on_key(self, call, digit)
            return
        if self.phase == "voicemail" and self.recorder is not None and digit == "#":
            self._finish_voicemail(hang_up=True)
            return
        if self.phase == "box" and self.box is not None:
            self.box.on_digit(digit)
            return
        if self.phase != "menu":
            return
        self._stop_audio()  # barge-in: a key stops the prompt
        kind = self.plan.get("kind")
        if digit == "#":
            self._digits_done()
            return
        self.digits += digit
        limit = int(self.plan.get("max_digits" if kind == "play_menu" else "max_length", 1))
        if len(self.digits) >= limit:
            self._digits_done()
        else:
            self.deadline = time.monotonic() + float(self.plan.get("timeout_seconds", 5))

    def _digits_done(self) -> None:
        self.phase = "deciding"
        self.deadline = None
        if self.plan.get("kind") == "ask_account_code":
            self.step({"type": "account_code_entered", "code": self.digits})
        elif self.digits:
            self.step({"type": "digits_pressed", "digits": self.digits})
        else:
            self.step({"type": "input_timeout"})

    def on_tick(self, now: float) -> None:
        if self.after_prompt == "record" and now >= self.player_until:
            self._start_recording()
        elif self.after_prompt == "hang_up" and now >= self.player_until:
            self.after_prompt = ""
            self.inbound.hang_up()
        if self.phase == "box" and self.box is not None:
            self.box.on_tick(now)
        if self.waiting_plan is not None:
            transfers.carry_out_waiting(self, now)
        if self.leaving:
            self._leave_after_prompt(now)
        if self.recall_at is not None and now >= self.recall_at and self.phase == "parked":
            parking.recall(self)
        if self.keys_deadline is not None and now >= self.keys_deadline:
            conference.keys_timeout(self)
        if self.phase == "voicemail" and self.recorder is not None and self.deadline and now >= self.deadline:
            self._finish_voicemail(hang_up=True)
            return
        if self.deadline is None or now < self.deadline:
            return
        self.deadline = None
        if self.phase == "menu":
            self._digits_done()
        elif self.phase == "ringing":
            self._ring_timeout()
        elif self.phase == "queue":
            self.phase = "deciding"
            self.step({"type": "input_timeout"})

    def on_refer(self, call: sip.SipCall, refer_to: str) -> None:
        transfers.on_refer(self, call, refer_to)

    def on_media(self, call: sip.SipCall) -> None:
        if call is self.inbound and self.player is not None and self._player_target is None:
            self._connect_player()
        if self.bridged is not None and call in (self.inbound, self.bridged.call):
            other = self.bridged.call if call is self.inbound else self.inbound
            if call.held_by_remote():
                self.hold_music(other)
                return
            self.stop_hold_music()
        self._connect_bridge()
        conference.connect(self)
        if call is self.inbound and self.after_prompt == "record" and self.player is None:
            self._start_recording()

    def on_state(self, call: sip.SipCall, state: int, status: int) -> None:
        if call is self.inbound:
            if state == sip.CONFIRMED and not self.answered:
                self.answered = True
            if state == sip.DISCONNECTED:
                self._caller_gone(status)
            return
        placed = next((p for p in self.placed if p.call is call), None)
        if placed is None:
            return
        if state == sip.CONFIRMED and not placed.answered:
            placed.answered = True
            self.worker.journal.answered(placed.leg)
            if placed.joining:
                conference.join(self, placed)
            else:
                self.bridge_with(placed)
        elif state == sip.DISCONNECTED:
            self._leg_gone(placed, status)

    # ----- ringing and bridging ----------------------------------------------------------------------------------
    def _ring(self, plan: dict[str, Any]) -> None:
        self.phase = "ringing"
        self.outcomes = []
        contacts = list(plan.get("contacts") or [])
        if not contacts:
            self.step({"type": "unreachable"})
            return
        if not self.answered:
            self.inbound.answer_with(180)
        # together: the timeout covers the whole ring; in order: each contact rings that long before the next
        self.contact_timeout = float(plan.get("timeout_seconds") or self.worker.settings.ring_timeout_seconds)
        if plan.get("mode") == "simultaneous":
            self.pending_contacts = []
            for contact in contacts:
                self.place(contact)
            self.deadline = time.monotonic() + self.contact_timeout
        else:
            self.pending_contacts = contacts
            self._place_next()
        self._check_ring_over()

    def _place_next(self) -> None:
        """Ring in order: the next contact that can be placed, with its own timeout."""
        while self.pending_contacts and not self.placed:
            self.place(self.pending_contacts.pop(0))
        if self.placed:
            self.deadline = time.monotonic() + self.contact_timeout

    def place(self, contact: dict[str, Any], joining: bool = False) -> None:
        self._out_count += 1
        address = str(contact.get("address", ""))
        leg = Leg(
            call_id=self.leg.call_id,
            leg_id=f"{self.leg.call_id}:out{self._out_count}",
            direction="outbound",
            worker=self.leg.worker,
            caller=self.leg.caller,
            callee=address,
            enterprise_id=self.leg.enterprise_id,
            tenant_path=self.leg.tenant_path,
        )
        headers = {
            "X-Relais-Leg": "bridge",
            "X-Relais-Call": self.leg.call_id,
            "X-Relais-Contact-Kind": str(contact.get("kind", "user")),
            "X-Relais-Caller": self.leg.caller or "anonymous",
        }
        if self.leg.enterprise_id:
            # the front finds the enterprise's trunk and its caller-ID rule from this (an outside number's leg)
            headers["X-Relais-Enterprise"] = self.leg.enterprise_id
        call = self.worker.place(f"sip:{address}@{self.worker.settings.sip_front}", headers)
        if call is None:  # no free leg in this worker, or pjsua refused to send it
            self.outcomes.append("unreachable")
            return
        self.worker.adopt(call, self)
        self.worker.journal.started(leg)
        self.placed.append(Placed(call, leg, contact, joining=joining))

    def _leg_gone(self, placed: Placed, status: int) -> None:
        self.worker.forget(placed.call)
        if placed.answered:
            if placed.outcome != "transferred":  # a transferring leg's end is already in the journal
                self.worker.journal.ended(placed.leg, "answered", status or None)
            if placed in self.placed:
                self.placed.remove(placed)
            if placed in self.conference:
                self.conference.remove(placed)
            if placed is self.bridged:
                self.stop_hold_music()
                self.bridged = None
                if self.conference:  # a three-way call: the two others stay connected
                    conference.promote(self)
                elif not self.caller_left and placed.outcome != "transferred":  # the target hung up: call over
                    self.inbound.hang_up()
            if self.caller_left:
                conference.after_caller_left(self)
            return
        if placed.outcome == "":
            placed.outcome = (
                "busy" if status in BUSY_CODES else "no_answer" if status in NO_ANSWER_CODES else "unreachable"
            )
        disposition = {"busy": "busy", "no_answer": "no_answer"}.get(placed.outcome, "failed")
        if placed.outcome == "cancelled":
            disposition = "cancelled"
        self.worker.journal.ended(placed.leg, disposition, status or None)
        self.outcomes.append(placed.outcome)
        self.placed.remove(placed)
        if self.phase == "ringing" and not self.finished:
            if self.pending_contacts and not self.placed:
                self._place_next()
            self._check_ring_over()

    def _ring_timeout(self) -> None:
        for placed in list(self.placed):
            if not placed.answered:
                placed.outcome = "no_answer"
                placed.call.hang_up()
        if self.pending_contacts:
            return  # in order: the next contact is placed once this one's leg has ended (_leg_gone)
        self.phase = "ring_over"
        self._wait_legs_then_step()

    def _check_ring_over(self) -> None:
        if self.phase == "ringing" and not self.placed and not self.pending_contacts:
            self.phase = "ring_over"
            self._wait_legs_then_step()

    def _wait_legs_then_step(self) -> None:
        if any(not p.answered for p in self.placed):
            return  # hung-up legs report their end first
        outcomes = self.outcomes
        kind = "no_answer" if "no_answer" in outcomes else "busy" if "busy" in outcomes else "unreachable"
        self.phase = "deciding"
        self.deadline = None
        self.step({"type": kind})

    def on_leg_closed(self) -> None:
        if self.phase == "ring_over":
            self._wait_legs_then_step()

    def bridge_with(self, placed: Placed) -> None:
        self.phase = "bridged"
        self.deadline = None
        self.bridged = placed
        self.pending_contacts = []
        for other in list(self.placed):
            if other is not placed and not other.answered:
                other.outcome = "cancelled"
                other.call.hang_up()
        self._stop_audio()
        self.stop_hold_music()
        if not self.answered:
            self._answer()
        self._connect_bridge()

    def _connect_bridge(self) -> None:
        if self.bridged is None:
            return
        mine, theirs = self.inbound.audio(), self.bridged.call.audio()
        if mine is None or theirs is None:
            return
        try:
            mine.startTransmit(theirs)
            theirs.startTransmit(mine)
        except sip.Error as exc:
            log.warning("call %s: bridge failed: %s", self.leg.call_id, exc.info())

    def hold_music(self, listener: sip.SipCall) -> None:
        """One side put the call on hold: the other hears the enterprise's music on hold until it is taken back."""
        target = listener.audio()
        if target is None or self.hold_player is not None:
            return
        path = self.worker.music_on_hold(self.leg.enterprise_id)
        try:
            self.hold_player = sip.new_player(str(path), loop=True)
            self.hold_player.startTransmit(target)
        except sip.Error as exc:
            log.warning("call %s: music on hold %s failed: %s", self.leg.call_id, path, exc.info())
            self.hold_player = None
            return
        self.hold_target = target
        log.info("call %s: on hold, playing %s", self.leg.call_id, path.name)

    def stop_hold_music(self) -> None:
        if self.hold_player is None:
            return
        with contextlib.suppress(sip.Error):
            self.hold_player.stopTransmit(self.hold_target)
        self.hold_player = self.hold_target = None
        log.info("call %s: taken off hold", self.leg.call_id)

    def announce_then_leave(self, placed: Placed, path: Path) -> None:
        """A party leaves the call (its leg ends ``transferred`` now) after hearing ``path`` (a park slot)."""
        placed.outcome = "transferred"
        self.worker.journal.ended(placed.leg, "transferred", None)
        if placed in self.placed:
            self.placed.remove(placed)
        player, target = None, placed.call.audio()
        try:
            player = sip.new_player(str(path))
            if target is not None:
                player.startTransmit(target)
            seconds = wav_seconds(path)
        except (sip.Error, OSError) as exc:
            log.warning("call %s: announcement %s failed: %s", self.leg.call_id, path, exc)
            seconds = 0.0
        self.leaving.append((placed, player, time.monotonic() + seconds + 0.3))

    def _leave_after_prompt(self, now: float) -> None:
        for entry in list(self.leaving):
            placed, _player, until = entry
            if now >= until:
                self.leaving.remove(entry)
                placed.call.hang_up()

    # ----- prompts and voicemail ---------------------------------------------------------------------------------
    _player_target: Any = None

    def _answer(self) -> None:
        if not self.answered:
            self.answered = self.inbound.answer_with(200)
            if self.answered:
                self.worker.journal.answered(self.leg)

    def _play(self, path: Path, loop: bool = False) -> None:
        self._stop_audio()
        try:
            self.player = sip.new_player(str(path), loop)
        except sip.Error as exc:
            log.warning("call %s: cannot play %s: %s", self.leg.call_id, path, exc.info())
            self.player, self.player_until = None, time.monotonic()
            return
        self.prompt_seconds = 3600.0 if loop else wav_seconds(path)
        self.player_until = time.monotonic() + self.prompt_seconds
        self._connect_player()

    def _connect_player(self) -> None:
        target = self.inbound.audio()
        if target is None or self.player is None:
            return
        self.player.startTransmit(target)
        self._player_target = target
        # the prompt starts now that audio flows: its length counts from here, and the menu's timeout after it
        self.player_until = time.monotonic() + self.prompt_seconds
        if self.phase == "menu" and not self.digits:
            self.deadline = self.player_until + float(self.plan.get("timeout_seconds", 5))

    def _stop_audio(self) -> None:
        if self.player is not None:
            if self._player_target is not None:
                with contextlib.suppress(sip.Error):
                    self.player.stopTransmit(self._player_target)
            self.player = None
            self._player_target = None

    def _voicemail(self, plan: dict[str, Any]) -> None:
        self.phase = "voicemail"
        self._answer()
        tenant = (self.state or {}).get("enterprise_id") or self.leg.enterprise_id
        try:
            self.mailbox = self.worker.voicemail.mailbox(
                str(plan.get("mailbox", "")), tenant, self.worker.settings.voicemail_max_seconds
            )
        except Exception:
            log.exception("call %s: mailbox %s unavailable", self.leg.call_id, plan.get("mailbox"))
            self.mailbox = None
        if self.mailbox is None or not self.mailbox.accepts:
            self.phase = "closing"
            name = "mailbox_full" if self.mailbox is not None else "goodbye"
            self._play(self.worker.prompts.path(name, self.language))
            self.after_prompt = "hang_up"
            return
        greeting = self.mailbox.greeting or self.worker.prompts.path("no_answer_voicemail", self.language)
        self._play_sequence([greeting, self.worker.prompts.path("beep", self.language)])
        self.after_prompt = "record"

    def _play_sequence(self, paths: list[Path]) -> None:
        """Several prompts back to back, as one temporary WAV (pjsua2 plays one file per player)."""
        if len(paths) == 1:
            self._play(paths[0])
            return
        folder = self.worker.settings.audio_dir / "worker-prompts" / "joined"
        folder.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256("|".join(map(str, paths)).encode()).hexdigest()[:20]
        joined = folder / f"{key}.wav"
        if not joined.exists():
            partial = folder / f".{key}.partial.wav"
            subprocess.run(["sox", *map(str, paths), str(partial)], check=True, capture_output=True, timeout=30)
            partial.replace(joined)
        self._play(joined)

    def _start_recording(self) -> None:
        self._stop_audio()
        source = self.inbound.audio()
        if source is None or self.recorder is not None:
            return
        self.after_prompt = ""
        folder = self.worker.settings.audio_dir / "worker-recording"
        folder.mkdir(parents=True, exist_ok=True)
        self.recording = folder / f"{self.leg.leg_id.replace(':', '_').replace('/', '_')}.wav"
        self.recorder = sip.new_recorder(str(self.recording))
        source.startTransmit(self.recorder)
        self.recording_started = time.monotonic()
        limit = self.mailbox.max_seconds if self.mailbox else self.worker.settings.voicemail_max_seconds
        self.deadline = time.monotonic() + limit

    def _finish_voicemail(self, hang_up: bool) -> None:
        if self.recorder is None or self.recording is None:
            return
        source = self.inbound.audio()
        if source is not None:
            with contextlib.suppress(sip.Error):
                source.stopTransmit(self.recorder)
        self.recorder = None  # the WAV header is completed when the recorder is destroyed
        self.deadline = None
        recording, self.recording = self.recording, None
        if self.mailbox is not None:
            # pjsua closes the file on the media clock's next tick: save it once its header is complete
            mailbox, caller, call_id = self.mailbox, self.leg.caller, self.leg.call_id
            self.worker.when_file_closed(
                recording, lambda: self.worker.save_voicemail(mailbox, recording, caller, call_id)
            )
        self.phase = "done"
        if hang_up:
            self.inbound.hang_up()

    # ----- ending ------------------------------------------------------------------------------------------------
    def refuse(self, code: int, reason: str, disposition: str) -> None:
        self.ended_disposition = disposition
        self.phase = "done"
        self._stop_audio()
        if self.answered:
            self.inbound.hang_up()
        else:
            self.inbound.hang_up(code, reason)

    def _caller_gone(self, status: int) -> None:
        if self.finished:
            return
        self.finished = True
        if self.bridged is not None and self.conference:
            # a three-way call goes on between the two others (ACC-16)
            self.caller_left = True
            self.worker.journal.ended(self.leg, self.ended_disposition or "answered", status or None)
            conference.after_caller_left(self)
            return
        if self.recorder is not None:
            self._finish_voicemail(hang_up=False)
        if self.parked_slot is not None:
            parking.caller_left(self)
        self._stop_audio()
        self.stop_hold_music()
        for leaving, _player, _until in self.leaving:
            leaving.call.hang_up()
        self.leaving = []
        for placed in list(self.placed):
            if not placed.answered:
                placed.outcome = "cancelled"
            placed.call.hang_up()
        disposition = self.ended_disposition or ("answered" if self.answered else "cancelled")
        self.worker.journal.ended(self.leg, disposition, status or None)
        self.worker.session_over(self)

    def shut_down(self) -> None:
        self.ended_disposition = self.ended_disposition or "shutdown"
        for placed in list(self.placed):
            placed.call.hang_up()
        self.inbound.hang_up(503 if not self.answered else 0)
