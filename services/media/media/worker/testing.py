"""Helpers for tests and benchmarks with real peers: worker and phone processes, SIPp caller scenarios.

Reusable by the front's tests: ``WorkerProcess.start(...)`` runs ``python -m media.worker``; ``PeerProcess``
follows a ``media.worker.phone`` process's JSON lines; ``caller_scenario`` writes a SIPp UAC scenario that sends
``X-Relais-Call: [call_id]`` (so ``-cid_str`` fixes the plan ids), plays RTP pcaps (speech, RFC 2833 DTMF) or
sends SIP INFO digits, then hangs up or waits for the other side's BYE.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.worker.launch import WorkerOptions, die_with_parent, worker_command

PCAPS = Path("/usr/share/sip-tester")


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_udp_ports(count: int) -> int:
    """The first of ``count`` consecutive free UDP ports (for a pool at WORKER_BASE_PORT+i)."""
    for _ in range(50):
        base = free_udp_port()
        if base + count > 65000:
            continue
        sockets = []
        try:
            for offset in range(count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no run of free UDP ports")


class PeerProcess:
    """A child process whose stdout lines are collected in a thread (JSON lines become dicts)."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None) -> None:
        self.command = command
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
            start_new_session=True,
            preexec_fn=die_with_parent,  # a killed test run leaves no peer behind
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            self._queue.put(line)

    def events(self) -> list[dict[str, Any]]:
        found = []
        for line in list(self.lines):
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    found.append(json.loads(line))
        return found

    def wait_line(self, check: Callable[[str], bool], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        for line in list(self.lines):
            if check(line):
                return line
        seen = len(self.lines)
        while time.monotonic() < deadline:
            if self.process.poll() is not None and self._queue.empty():
                break
            try:
                self._queue.get(timeout=0.05)
            except queue.Empty:
                continue
            for line in self.lines[seen:]:
                if check(line):
                    return line
            seen = len(self.lines)
        tail = "\n".join(self.lines[-30:])
        raise AssertionError(f"{self.command[:3]}: expected line not seen within {timeout} s; output:\n{tail}")

    def wait_event(self, timeout: float = 10.0, **fields: Any) -> dict[str, Any]:
        def matches(line: str) -> bool:
            if not line.startswith("{"):
                return False
            try:
                event = json.loads(line)
            except ValueError:
                return False
            return all(event.get(k) == v for k, v in fields.items())

        return dict(json.loads(self.wait_line(matches, timeout)))

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)


def start_worker(name: str, port: int, rtp_port: int, options: WorkerOptions, timeout: float = 20.0) -> PeerProcess:
    worker = PeerProcess(worker_command(name, port, rtp_port, options))
    worker.wait_line(lambda line: "ready on" in line, timeout)
    return worker


def start_phone(port: int, rtp_port: int, *extra: str, timeout: float = 20.0) -> PeerProcess:
    phone = PeerProcess(
        [sys.executable, "-m", "media.worker.phone", "--port", str(port), "--rtp-port", str(rtp_port), *extra]
    )
    phone.wait_event(timeout, event="ready")
    return phone


# ----- SIPp -----------------------------------------------------------------------------------------------------
_INVITE = """  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:{caller}@[local_ip]:[local_port]>
      X-Relais-Call: [call_id]
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=sendrecv
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
"""

_INFO = """  <send retrans="500">
    <![CDATA[
      INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: {cseq} INFO
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal={digit}
      Duration=160
    ]]>
  </send>
  <recv response="200"/>
"""

_BYE = """  <send retrans="500">
    <![CDATA[
      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: {cseq} BYE
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" crlf="true"/>
"""

_AWAIT_BYE = """  <recv request="BYE" timeout="{timeout_ms}"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
"""


def caller_scenario(steps: list[tuple[str, Any]], caller: str = "15145550100", end: str = "hangup") -> str:
    """A SIPp UAC: INVITE (with X-Relais-Call), then ``steps`` — ("pause", ms), ("pcap", name or path),
    ("info", digit) — then ``end``: "hangup" sends BYE, "await_bye:<ms>" waits for the other side's BYE."""
    body = [_INVITE.format(caller=caller)]
    cseq = 2
    for kind, value in steps:
        if kind == "pause":
            body.append(f'  <pause milliseconds="{int(value)}"/>\n')
        elif kind == "pcap":
            path = value if os.path.isabs(str(value)) else str(PCAPS / str(value))
            body.append(f'  <nop><action><exec play_pcap_audio="{path}"/></action></nop>\n')
        elif kind == "info":
            body.append(_INFO.format(caller=caller, cseq=cseq, digit=value))
            cseq += 1
        else:
            raise ValueError(kind)
    if end == "hangup":
        body.append(_BYE.format(caller=caller, cseq=cseq))
    elif end.startswith("await_bye"):
        body.append(_AWAIT_BYE.format(timeout_ms=int(end.partition(":")[2] or 30000)))
    else:
        raise ValueError(end)
    return (
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="relais caller">\n'
        + "".join(body)
        + ("</scenario>\n")
    )


def refused_scenario(caller: str = "15145550100") -> str:
    """A SIPp UAC whose INVITE is expected to be refused (4xx/5xx): it counts as a successful SIPp call."""
    invite = _INVITE.format(caller=caller).split('  <recv response="100"')[0]
    return (
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="relais refused caller">\n'
        + invite
        + '  <recv response="100" optional="true"/>\n'
        + '  <recv response="180" optional="true"/>\n'
        + '  <recv response="486" optional="true" next="ack"/>\n'
        + '  <recv response="503"/>\n'
        + '  <label id="ack"/>\n'
        + "  <send>\n    <![CDATA[\n"
        + "      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n"
        + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
        + f"      From: <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n"
        + "      [last_To:]\n      Call-ID: [call_id]\n      CSeq: 1 ACK\n      Content-Length: 0\n    ]]>\n  </send>\n"
        + "</scenario>\n"
    )


@dataclass
class SippResult:
    returncode: int
    successful: int
    failed: int
    output: str


def sipp_command(
    scenario: str,
    target: str,
    folder: Path,
    *,
    calls: int = 1,
    rate: float = 1.0,
    limit: int | None = None,
    call_id_prefix: str,
    service: str = "700",
    timeout: float = 120.0,
    extra: list[str] | None = None,
) -> tuple[list[str], Path]:
    """The SIPp command line and its statistics file; call ids are ``<call_id_prefix>-<n>`` (n from 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    scenario_file = folder / f"{call_id_prefix}.xml"
    scenario_file.write_text(scenario, encoding="iso-8859-1")
    stats = folder / f"{call_id_prefix}.csv"
    command = [
        "sipp",
        target,
        "-sf",
        str(scenario_file),
        "-i",
        "127.0.0.1",
        "-p",
        str(free_udp_port()),
        "-mp",
        str(free_udp_port()),
        "-s",
        service,
        "-m",
        str(calls),
        "-r",
        str(rate),
        "-cid_str",
        f"{call_id_prefix}-%u",
        "-nostdin",
        "-trace_stat",
        "-fd",
        "1",
        "-stf",
        str(stats),
        "-timeout",
        f"{int(timeout)}s",
        "-timeout_error",
    ]
    if limit is not None:
        command += ["-l", str(limit)]
    return command + (extra or []), stats


def run_sipp(scenario: str, target: str, folder: Path, *, call_id_prefix: str, **options: Any) -> SippResult:
    """Run SIPp to completion (see ``sipp_command``)."""
    command, stats = sipp_command(scenario, target, folder, call_id_prefix=call_id_prefix, **options)
    timeout = float(options.get("timeout", 120.0))
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout + 30, cwd=folder)
    successful, failed = sipp_counts(stats)
    return SippResult(result.returncode, successful, failed, result.stdout[-3000:] + result.stderr[-3000:])


def sipp_counts(stats: Path) -> tuple[int, int]:
    if not stats.exists():
        return 0, 0
    rows = stats.read_text().strip().splitlines()
    if len(rows) < 2:
        return 0, 0
    header, last = rows[0].split(";"), rows[-1].split(";")
    values = dict(zip(header, last, strict=False))
    return int(values.get("SuccessfulCall(C)", 0) or 0), int(values.get("FailedCall(C)", 0) or 0)
