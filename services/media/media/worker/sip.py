"""The pjsua2 glue: one endpoint per process, polled from the main thread, every callback turned into a queued event.

Callbacks only queue (pjsua must not be re-entered from inside its own callbacks); the worker's loop reads the queue
after each ``libHandleEvents``. The STACK.md rules live here: threadCnt=0 + mainThreadOnly, clock rate 8000, the
null sound device set after libStart and kept running (capture connected to playback) against the media-port
leak, getInfo() results kept in variables, Call objects deleted and collected before libDestroy.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pjsua2 as pj

from media.worker.settings import WorkerSettings

_HEADER = re.compile(r"^([A-Za-z0-9!%'*+.^_`|~-]+)\s*:\s*(.*)$")
_COMPACT = {"f": "from", "t": "to", "i": "call-id", "m": "contact"}
_URI_USER = re.compile(r"<?(?:sips?|tel):([^@;>]+)")


@dataclass
class Event:
    kind: str  # incoming | state | media | dtmf | refer
    call: SipCall
    state: int = 0
    status: int = 0
    reason: str = ""
    digit: str = ""
    headers: dict[str, str] | None = None


def parse_headers(message: str) -> dict[str, str]:
    """Header fields of a SIP request, lower-cased names (compact forms expanded); first value wins."""
    headers: dict[str, str] = {}
    for line in message.split("\r\n")[1:]:
        if not line:
            break
        match = _HEADER.match(line)
        if match:
            name = match.group(1).lower()
            headers.setdefault(_COMPACT.get(name, name), match.group(2).strip())
    return headers


def uri_user(value: str) -> str:
    match = _URI_USER.search(value)
    return match.group(1) if match else ""


_REPLACES = re.compile(r"[?&]replaces=([^&>]+)", re.IGNORECASE)


def replaces_call_id(refer_to: str) -> str:
    """The Call-ID a Refer-To's embedded Replaces names (attended transfer), or "" for a blind transfer."""
    match = _REPLACES.search(refer_to)
    return unquote(match.group(1)).split(";", 1)[0] if match else ""


class SipCall(pj.Call):
    def __init__(self, sip: Sip, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(sip.account, call_id)
        self.sip = sip
        self.disconnected = False
        self.sip_call_id = ""  # the SIP Call-ID, to tell this call from a later one reusing its pjsua slot
        self.transfer_child = (
            False  # the INVITE pjsua sends by itself for an accepted REFER (see onCallTransferRequest)
        )

    def onCallState(self, prm: Any) -> None:  # noqa: N802 (pjsua2's name)
        try:
            info = self.getInfo()
            state, status, reason = info.state, info.lastStatusCode, info.lastReason
        except pj.Error:
            # pjsua2 has already let go of a call that ended before its state could be read: it is over
            state, status, reason = pj.PJSIP_INV_STATE_DISCONNECTED, 0, ""
        if state == pj.PJSIP_INV_STATE_DISCONNECTED:
            if self.disconnected:
                return
            self.disconnected = True
        self.sip.events.append(Event("state", self, state, status, reason))

    def is_gone(self) -> bool:
        """True when pjsua no longer holds this call (its end was never reported to this object)."""
        if self.disconnected:
            return False
        try:
            info = self.getInfo()
        except pj.Error:
            return True
        return bool(self.sip_call_id) and info.callIdString != self.sip_call_id

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        self.sip.events.append(Event("media", self))

    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802  (RFC 2833 and SIP INFO both arrive here)
        self.sip.events.append(Event("dtmf", self, digit=str(prm.digit)))

    def onCallTransferRequest(self, prm: Any) -> None:  # noqa: N802
        """A REFER: accepted (202) and queued for the session, which places the new leg itself (through the front,
        with its headers). pjsua still sends an INVITE of its own to the Refer-To; that child is kept here and ended
        at once by the worker (when it loops back to this worker it is refused there)."""
        child = SipCall(self.sip)
        child.transfer_child = True
        self.sip.transfer_children.append(child)
        prm.newCall = child
        prm.statusCode = 202
        self.sip.events.append(Event("refer", self, reason=str(prm.dstUri)))

    def onCallReplaceRequest(self, prm: Any) -> None:  # noqa: N802
        # an INVITE with Replaces reaching the worker is pjsua's own child of a REFER the session already carries out
        prm.statusCode = 603
        prm.reason = "Transfer carried out by the worker"

    def audio(self) -> Any | None:
        """The call's active audio media, or None while there is none."""
        try:
            info = self.getInfo()
            media = info.media
            for index in range(len(media)):
                item = media[index]
                if item.type == pj.PJMEDIA_TYPE_AUDIO and item.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    return self.getAudioMedia(index)
        except pj.Error:
            return None
        return None

    def held_by_remote(self) -> bool:
        """True while the other end has put this call on hold (its re-INVITE said sendonly or inactive)."""
        try:
            info = self.getInfo()  # kept in a variable: its media vector dies with a temporary (STACK.md)
            media = info.media
            return any(
                media[i].type == pj.PJMEDIA_TYPE_AUDIO and media[i].status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
                for i in range(len(media))
            )
        except pj.Error:
            return False

    def answer_with(self, code: int, reason: str = "") -> bool:
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        if reason:
            prm.reason = reason
        try:
            self.answer(prm)
            return True
        except pj.Error:
            return False

    def hang_up(self, code: int = 0, reason: str = "") -> None:
        if self.disconnected:
            return
        prm = pj.CallOpParam(True)
        if code:
            prm.statusCode = code
        if reason:
            prm.reason = reason
        with contextlib.suppress(pj.Error):
            self.hangup(prm)


class WorkerAccount(pj.Account):
    def __init__(self, sip: Sip) -> None:
        super().__init__()
        self.sip = sip

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
        call = SipCall(self.sip, prm.callId)
        headers = parse_headers(prm.rdata.wholeMsg)
        call.sip_call_id = headers.get("call-id", "")
        self.sip.events.append(Event("incoming", call, headers=headers))


class Sip:
    """The endpoint, its UDP transport and the account that takes every incoming call."""

    def __init__(self, settings: WorkerSettings, log_level: int = 1) -> None:
        self.settings = settings
        self.events: deque[Event] = deque()
        self.transfer_children: list[SipCall] = []
        self.endpoint = pj.Endpoint()
        self.endpoint.libCreate()
        config = pj.EpConfig()
        config.uaConfig.threadCnt = 0
        config.uaConfig.mainThreadOnly = True
        config.uaConfig.maxCalls = settings.max_legs
        config.uaConfig.userAgent = f"Relais media worker {settings.name}"
        config.medConfig.clockRate = 8000
        config.medConfig.sndClockRate = 8000
        config.medConfig.channelCount = 1
        config.medConfig.noVad = True
        config.medConfig.ecTailLen = 0
        config.logConfig.level = log_level
        config.logConfig.consoleLevel = log_level
        self.endpoint.libInit(config)
        transport = pj.TransportConfig()
        transport.port = settings.port
        transport.boundAddress = "127.0.0.1"
        transport.publicAddress = "127.0.0.1"
        self.endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
        self.endpoint.libStart()
        manager = self.endpoint.audDevManager()
        manager.setNullDev()
        # keep the null device's clock running: with nothing connected pjsua2 leaks media ports (STACK.md)
        self._capture = manager.getCaptureDevMedia()
        self._playback = manager.getPlaybackDevMedia()
        self._capture.startTransmit(self._playback)
        account = pj.AccountConfig()
        account.idUri = f"sip:{settings.name}@127.0.0.1:{settings.port}"
        account.mediaConfig.transportConfig.port = settings.rtp_port
        account.mediaConfig.transportConfig.portRange = 200
        account.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        account.sipConfig.contactForced = f"<sip:{settings.name}@127.0.0.1:{settings.port}>"
        self.account = WorkerAccount(self)
        self.account.create(account, True)

    def poll(self, milliseconds: int) -> None:
        self.endpoint.libHandleEvents(milliseconds)

    def place(self, uri: str, headers: dict[str, str]) -> SipCall | None:
        call = SipCall(self)
        prm = pj.CallOpParam(True)
        for name, value in headers.items():
            header = pj.SipHeader()
            header.hName = name
            header.hValue = value
            prm.txOption.headers.append(header)
        try:
            call.makeCall(uri, prm)
            info = call.getInfo()
            call.sip_call_id = info.callIdString
        except pj.Error:
            return None
        return call

    def active_calls(self) -> int:
        return int(self.endpoint.utilGetCallCount()) if hasattr(self.endpoint, "utilGetCallCount") else -1

    def destroy(self) -> None:
        self.endpoint.hangupAllCalls()
        for _ in range(20):
            self.poll(10)
        self.events.clear()
        self.transfer_children.clear()
        gc.collect()
        self.account.shutdown()
        del self.account
        gc.collect()
        self.endpoint.libDestroy()


def new_player(path: str, loop: bool = False) -> Any:
    player = pj.AudioMediaPlayer()
    player.createPlayer(path, 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
    return player


def new_recorder(path: str) -> Any:
    recorder = pj.AudioMediaRecorder()
    recorder.createRecorder(path)
    return recorder


CONFIRMED = pj.PJSIP_INV_STATE_CONFIRMED
DISCONNECTED = pj.PJSIP_INV_STATE_DISCONNECTED
EARLY = pj.PJSIP_INV_STATE_EARLY
Error = pj.Error
