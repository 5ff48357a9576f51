"""A pjsua2 phone for tests and benchmarks: ``python -m media.worker.phone --port 5090 --mode answer``.

It takes every INVITE sent to its port and, by ``--mode``: ``answer`` (after ``--answer-after`` seconds, plays
``--play`` in a loop and records what it hears into ``--record-dir``), ``ring`` (180 and never answers),
``busy`` (486); ``--ring-only USER`` makes calls to that user ring whatever the mode. With ``--call URI`` it
places calls instead (``--dtmf`` digits sent by RFC 2833 once answered, ``--hangup-after`` seconds). Answered
calls can be transferred: ``--transfer-to URI`` (blind, REFER) or ``--consult URI`` (hold, call URI, then REFER with
Replaces once it answers); ``--act-on USER`` limits hold, DTMF, hang-up and transfers to calls to that user. It prints
one JSON line per event on stdout, so a test can follow it.
"""

from __future__ import annotations

import argparse
import gc
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from media.worker.sip import parse_headers, uri_user


def say(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class PhoneCall(pj.Call):
    def __init__(self, phone: Phone, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(phone.account, call_id)
        self.phone = phone
        self.answer_at: float | None = None
        self.hangup_at: float | None = None
        self.dtmf_at: float | None = None
        self.hold_at: float | None = None
        self.unhold_at: float | None = None
        self.player: Any = None
        self.recorder: Any = None
        self.done = False
        self.label = ""
        self.to_user = ""
        self.transfer_at: float | None = None
        self.consult_at: float | None = None
        self.consultation_of: PhoneCall | None = None  # the held call this consultation will be transferred into

    def onCallState(self, prm: Any) -> None:  # noqa: N802
        info = self.getInfo()
        say(event="state", call=self.label, state=info.stateText, status=info.lastStatusCode)
        args = self.phone.args
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED and self.consultation_of is not None:
            self.transfer_at = time.monotonic() + args.transfer_after
        elif info.state == pj.PJSIP_INV_STATE_CONFIRMED and args.act_on and self.to_user not in args.act_on:
            pass  # not a call this phone acts on
        elif info.state == pj.PJSIP_INV_STATE_CONFIRMED:
            if args.transfer_to:
                self.transfer_at = time.monotonic() + args.transfer_after
            if args.consult:
                self.consult_at = time.monotonic() + args.consult_after
            if self.phone.args.hold_after is not None:
                self.hold_at = time.monotonic() + self.phone.args.hold_after
            if self.phone.args.hangup_after is not None:
                self.hangup_at = time.monotonic() + self.phone.args.hangup_after
            if self.phone.args.dtmf:
                self.dtmf_at = time.monotonic() + self.phone.args.dtmf_after
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.done = True

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        info = self.getInfo()
        media = info.media
        for index in range(len(media)):
            if media[index].type == pj.PJMEDIA_TYPE_AUDIO and media[index].status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                audio = self.getAudioMedia(index)
                args = self.phone.args
                if args.play and self.player is None:
                    self.player = pj.AudioMediaPlayer()
                    self.player.createPlayer(args.play, 0)
                    self.player.startTransmit(audio)
                if args.record_dir and self.recorder is None:
                    path = Path(args.record_dir) / f"{self.label}.wav"
                    self.recorder = pj.AudioMediaRecorder()
                    self.recorder.createRecorder(str(path))
                    audio.startTransmit(self.recorder)
                    say(event="recording", call=self.label, path=str(path))

    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802
        say(event="dtmf", call=self.label, digit=prm.digit)


class PhoneAccount(pj.Account):
    def __init__(self, phone: Phone) -> None:
        super().__init__()
        self.phone = phone

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
        call = PhoneCall(self.phone, prm.callId)
        headers = parse_headers(prm.rdata.wholeMsg)
        self.phone.count += 1
        call.label = f"in{self.phone.count}"
        call.to_user = uri_user(headers.get("to", ""))
        say(
            event="incoming",
            at=time.monotonic(),
            call=call.label,
            to=headers.get("to", ""),
            leg=headers.get("x-relais-leg", ""),
            relais_call=headers.get("x-relais-call", ""),
            caller=headers.get("x-relais-caller", ""),
        )
        self.phone.calls.append(call)
        op = pj.CallOpParam(True)
        mode = self.phone.args.mode
        if uri_user(headers.get("to", "")) in self.phone.args.ring_only:
            mode = "ring"
        op.statusCode = 486 if mode == "busy" else 180
        call.answer(op)
        if mode == "answer":
            call.answer_at = time.monotonic() + self.phone.args.answer_after


class Phone:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.calls: list[PhoneCall] = []
        self.count = 0
        self.endpoint = pj.Endpoint()
        self.endpoint.libCreate()
        config = pj.EpConfig()
        config.uaConfig.threadCnt = 0
        config.uaConfig.mainThreadOnly = True
        config.uaConfig.maxCalls = 4
        config.medConfig.clockRate = 8000
        config.medConfig.sndClockRate = 8000
        config.logConfig.level = 1
        config.logConfig.consoleLevel = 1
        self.endpoint.libInit(config)
        transport = pj.TransportConfig()
        transport.port = args.port
        transport.boundAddress = "127.0.0.1"
        self.endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
        self.endpoint.libStart()
        manager = self.endpoint.audDevManager()
        manager.setNullDev()
        self._capture = manager.getCaptureDevMedia()
        self._capture.startTransmit(manager.getPlaybackDevMedia())
        account = pj.AccountConfig()
        account.idUri = f"sip:{args.user}@127.0.0.1:{args.port}"
        account.mediaConfig.transportConfig.port = args.rtp_port
        account.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        self.account = PhoneAccount(self)
        self.account.create(account, True)

    def call(self, uri: str, headers: dict[str, str]) -> PhoneCall:
        call = PhoneCall(self)
        self.count += 1
        call.label = f"out{self.count}"
        call.to_user = uri_user(uri)
        op = pj.CallOpParam(True)
        for name, value in headers.items():
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            op.txOption.headers.append(header)
        self.calls.append(call)
        call.makeCall(uri, op)
        return call

    def transfers(self, call: PhoneCall, now: float) -> None:
        if call.consult_at is not None and now >= call.consult_at:
            call.consult_at = None
            call.setHold(pj.CallOpParam(True))
            headers = dict(h.split(":", 1) for h in self.args.consult_header)
            consultation = self.call(self.args.consult, {k.strip(): v.strip() for k, v in headers.items()})
            consultation.consultation_of = call
            say(event="consult", call=call.label, consultation=consultation.label)
        if call.transfer_at is not None and now >= call.transfer_at:
            call.transfer_at = None
            if call.consultation_of is not None:
                call.consultation_of.xferReplaces(call, pj.CallOpParam(True))
                say(event="transfer", call=call.consultation_of.label, replaces=call.label)
            else:
                call.xfer(self.args.transfer_to, pj.CallOpParam(True))
                say(event="transfer", call=call.label, to=self.args.transfer_to)

    def tick(self) -> None:
        now = time.monotonic()
        for call in self.calls:
            if call.done:
                continue
            self.transfers(call, now)
            if call.answer_at is not None and now >= call.answer_at:
                call.answer_at = None
                op = pj.CallOpParam(True)
                op.statusCode = 200
                call.answer(op)
            if call.dtmf_at is not None and now >= call.dtmf_at and call.consultation_of is None:
                call.dtmf_at = None
                call.dialDtmf(self.args.dtmf)
                say(event="dtmf_sent", call=call.label, digits=self.args.dtmf)
            if call.hold_at is not None and now >= call.hold_at:
                call.hold_at = None
                call.setHold(pj.CallOpParam(True))
                say(event="hold", call=call.label)
                if self.args.hold_for is not None:
                    call.unhold_at = now + self.args.hold_for
            if call.unhold_at is not None and now >= call.unhold_at:
                call.unhold_at = None
                op = pj.CallOpParam(True)
                op.opt.flag = pj.PJSUA_CALL_UNHOLD
                call.reinvite(op)
                say(event="unhold", call=call.label)
            if call.hangup_at is not None and now >= call.hangup_at:
                call.hangup_at = None
                call.hangup(pj.CallOpParam(True))
        finished = [c for c in self.calls if c.done]
        for call in finished:
            call.player = None
            call.recorder = None
            self.calls.remove(call)
            say(event="closed", call=call.label)

    def close(self) -> None:
        self.endpoint.hangupAllCalls()
        for _ in range(20):
            self.endpoint.libHandleEvents(10)
        self.calls.clear()
        gc.collect()
        self.account.shutdown()
        del self.account
        gc.collect()
        self.endpoint.libDestroy()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m media.worker.phone")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rtp-port", type=int, default=30000)
    parser.add_argument("--user", default="phone")
    parser.add_argument("--mode", choices=("answer", "ring", "busy"), default="answer")
    parser.add_argument("--answer-after", type=float, default=0.2)
    parser.add_argument("--ring-only", action="append", default=[], help="a user whose calls ring and never answer")
    parser.add_argument("--play", help="WAV played in a loop into each answered call")
    parser.add_argument("--record-dir", help="folder where each call's received audio is recorded")
    parser.add_argument("--call", help="place one call to this URI")
    parser.add_argument("--header", action="append", default=[], help="Name: value added to the placed call")
    parser.add_argument("--dtmf", default="", help="digits sent by RFC 2833 once the placed call is answered")
    parser.add_argument("--dtmf-after", type=float, default=1.0)
    parser.add_argument("--hangup-after", type=float, default=None)
    parser.add_argument("--hold-after", type=float, default=None, help="put each answered call on hold after S s")
    parser.add_argument("--hold-for", type=float, default=None, help="take it off hold after S s")
    parser.add_argument("--act-on", action="append", default=[], help="act (hold, DTMF, hang up, transfer) on calls to")
    parser.add_argument("--transfer-to", help="blind-transfer each answered call to this URI (REFER)")
    parser.add_argument("--transfer-after", type=float, default=1.0)
    parser.add_argument("--consult", help="hold each answered call, call this URI, then transfer with Replaces")
    parser.add_argument("--consult-header", action="append", default=[], help="Name: value on the consultation")
    parser.add_argument("--consult-after", type=float, default=1.0)
    args = parser.parse_args()
    phone = Phone(args)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    if args.call:
        headers = dict(h.split(":", 1) for h in args.header)
        phone.call(args.call, {k.strip(): v.strip() for k, v in headers.items()})
    say(event="ready", port=args.port)
    while not stopping:
        phone.endpoint.libHandleEvents(10)
        phone.tick()
        if args.call and not phone.calls:
            break
    phone.close()


if __name__ == "__main__":
    main()
