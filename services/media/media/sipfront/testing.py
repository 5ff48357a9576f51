"""Test helpers for the SIP front: a platform on a committed database (Kamailio reads it on its own connections,
so the usual rolled-back test transaction cannot be used) and SIPp runs.

accounts, routing and media run in this process on the real broker; media starts the real Kamailio on free ports.
"""

from __future__ import annotations

import hashlib
import random
import re
import socket
import struct
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nameko
import psycopg2
import psycopg2.extras
from nameko.runners import ServiceRunner

from media.worker.testing import free_udp_ports
from relais_kit.testing.plugin import create_database, drop_database, free_port, migrate_everything

SCENARIOS = Path(__file__).resolve().parents[2] / "tests" / "sipp"
REALM = "relais"


def free_udp_port() -> int:
    while True:
        port = free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def ha1(username: str, password: str, realm: str = REALM) -> str:
    return hashlib.md5(f"{username}:{realm}:{password}".encode(), usedforsecurity=False).hexdigest()


@dataclass
class SippRun:
    returncode: int
    stdout: str
    stderr: str
    stats: dict[str, str]
    messages: Path | None = None

    def count(self, name: str) -> int:
        return int(self.stats.get(name, "0") or 0)


@dataclass
class SipPlatform:
    database_url: str
    config: dict[str, Any]
    sip_port: int
    run_dir: Path
    worker_ports: list[int]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def sip(self) -> str:
        return f"127.0.0.1:{self.sip_port}"

    def sql(self, query: str, params: Any = None) -> list[dict[str, Any]]:
        conn = psycopg2.connect(self.database_url)
        try:
            with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                cur.execute(query, params)
                return [dict(r) for r in cur.fetchall()] if cur.description else []
        finally:
            conn.close()

    def sipp(self, *args: str, timeout: float = 60) -> SippRun:
        """One SIPp run to completion; its statistics come from -trace_stat's last line."""
        tag = uuid.uuid4().hex[:8]
        stat_file = self.run_dir / f"sipp-{tag}.csv"
        command = [
            "sipp",
            *args,
            "-nostdin",
            "-trace_stat",
            "-stf",
            str(stat_file),
            "-trace_err",
            "-error_file",
            str(self.run_dir / f"sipp-{tag}.err"),
            "-trace_msg",
            "-message_file",
            str(self.run_dir / f"sipp-{tag}.msg"),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.run_dir)
        messages = self.run_dir / f"sipp-{tag}.msg"
        return SippRun(result.returncode, result.stdout, result.stderr, _last_stats(stat_file), messages)

    def sipp_background(self, *args: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            ["sipp", *args, "-nostdin"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.run_dir
        )
        self.processes.append(process)
        time.sleep(0.3)
        return process

    def register(self, username: str, password: str, port: int) -> SippRun:
        """A phone at 127.0.0.1:port registers (SIPp exits; the contact stays for the UAS started on that port)."""
        return self.sipp(
            "-sf",
            str(SCENARIOS / "register.xml"),
            "-s",
            username,
            "-au",
            username,
            "-ap",
            password,
            "-m",
            "1",
            "-p",
            str(port),
            "-timeout",
            "10s",
            self.sip,
        )

    def expect_refusal(self, dialled: str, code: int, *extra: str) -> SippRun:
        scenario = self.run_dir / f"refusal-{code}.xml"
        scenario.write_text((SCENARIOS / "expect_refusal.xml").read_text().replace("CODE", str(code)))
        return self.sipp("-sf", str(scenario), "-s", dialled, "-m", "1", "-timeout", "10s", *extra, self.sip)

    def scenario(self, name: str, **tokens: str) -> Path:
        """A copy of a committed scenario with its upper-case tokens replaced (regex-escaped where asked)."""
        text = (SCENARIOS / name).read_text()
        for token, value in tokens.items():
            text = text.replace(token, value)
        path = self.run_dir / f"{Path(name).stem}-{uuid.uuid4().hex[:6]}.xml"
        path.write_text(text)
        return path

    def phone_call(
        self,
        username: str,
        password: str,
        dialled: str,
        *extra: str,
        calls: int = 1,
        rate: float = 10,
        hold_ms: int = 1000,
        rtp_port: int = 9,
        refused: int | None = None,
        refusal_optional: bool = False,
        timeout: float = 60,
    ) -> SippRun:
        """A registered phone (on 127.0.0.2, so not the trunk's allowed source) calls ``dialled`` with its digest
        credentials. ``refused``: the final status expected instead of the answer (allowed instead of it when
        ``refusal_optional``); such a call ends well in SIPp's statistics."""
        tokens = {}
        if refused is not None:
            optional = ' optional="true"' if refusal_optional else ""
            tokens["<!--REFUSAL-->"] = f'<recv response="{refused}"{optional} next="refused"/>'
            tokens["<!--REFUSED-->"] = _REFUSAL_ACK
        scenario = self.scenario("phone_call.xml", **tokens)
        port_file = self.run_dir / f"answer-port-{uuid.uuid4().hex[:6]}"
        return self.sipp(
            "-sf", str(scenario), "-i", "127.0.0.2", "-p", str(free_udp_port()),
            "-s", dialled, "-au", username, "-ap", password,
            "-set", "caller", username, "-set", "rtp", str(rtp_port), "-set", "port_file", str(port_file),
            "-m", str(calls), "-r", str(rate), "-d", str(hold_ms), "-timeout", f"{int(timeout)}s",
            *extra, self.sip, timeout=timeout + 30,
        )  # fmt: skip

    def phone(self, username: str, password: str, scenario: Path | str, *extra: str) -> subprocess.Popen[bytes]:
        """A registered phone answering with ``scenario`` (a SIPp UAS) on a fresh port."""
        port = free_udp_port()
        registered = self.register(username, password, port)
        assert registered.returncode == 0, (registered.stats, self.kamailio_log()[-2000:])
        return self.sipp_background(
            "-sf", str(scenario), "-p", str(port), "-mp", str(free_udp_port()), *extra, self.sip
        )

    def kamailio_log(self) -> str:
        path = self.run_dir / "kamailio.log"
        return path.read_text(errors="replace") if path.exists() else ""


_REFUSAL_ACK = """<label id="refused"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      CSeq: 2 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>"""

_FINAL = re.compile(r"^SIP/2\.0 ([2-6][0-9][0-9]) ", re.M)


def final_answers(message_file: Path, cseq: str = "2 INVITE") -> dict[str, int]:
    """Call-ID → the final status SIPp received for the INVITE with ``cseq`` (from its -trace_msg file)."""
    answers: dict[str, int] = {}
    if not message_file.exists():
        return answers
    for block in message_file.read_text(errors="replace").split("----------------------------------------------"):
        status = _FINAL.search(block)
        call_id = re.search(r"^Call-ID:\s*(\S+)", block, re.M | re.I)
        if status and call_id and re.search(rf"^CSeq:\s*{cseq}", block, re.M | re.I):
            answers[call_id.group(1)] = int(status.group(1))
    return answers


class RtpProbe:
    """A real RTP peer for a test: binds a UDP port (offered in a scenario's SDP), sends PCMU packets with its own
    SSRC to the far end's media port once ``target_file`` names it, and counts what comes back by SSRC."""

    SSRC = 0x52454C41

    def __init__(self, target_file: Path, packets: int = 100, interval: float = 0.01) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = int(self.sock.getsockname()[1])
        self.target_file, self.packets, self.interval = target_file, packets, interval
        self.sent = 0
        self.received: dict[int, int] = {}
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._send, daemon=True),
            threading.Thread(target=self._recv, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _send(self) -> None:
        deadline = time.monotonic() + 30
        while not self._stop.is_set() and time.monotonic() < deadline:
            text = self.target_file.read_text().split() if self.target_file.exists() else []
            if text:
                break
            time.sleep(0.02)
        else:
            return
        target = ("127.0.0.1", int(text[0]))
        seq, stamp = random.randrange(1 << 16), random.randrange(1 << 31)
        for _ in range(self.packets):
            if self._stop.is_set():
                return
            header = struct.pack("!BBHII", 0x80, 0, seq & 0xFFFF, stamp & 0xFFFFFFFF, self.SSRC)
            self.sock.sendto(header + b"\xff" * 160, target)
            self.sent += 1
            seq, stamp = seq + 1, stamp + 160
            time.sleep(self.interval)

    def _recv(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(2048)
            except OSError:
                continue
            if len(data) >= 12 and data[0] >> 6 == 2:
                ssrc = struct.unpack("!I", data[8:12])[0]
                self.received[ssrc] = self.received.get(ssrc, 0) + 1

    @property
    def echoed(self) -> int:
        return self.received.get(self.SSRC, 0)

    @property
    def from_far_end(self) -> int:
        return sum(n for ssrc, n in self.received.items() if ssrc != self.SSRC)

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self.sock.close()


def _last_stats(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    lines = [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    if len(lines) < 2:
        return {}
    header, last = lines[0].split(";"), lines[-1].split(";")
    return dict(zip(header, last, strict=False))


def platform_settings(
    database_url: str, amqp_uri: str, run_dir: Path, workers: int = 2
) -> tuple[dict[str, Any], int, list[int]]:
    sip_port = free_udp_port()
    base = free_udp_ports(workers) if workers else free_udp_port()
    worker_ports = [base + i for i in range(workers)]
    config = {
        "AMQP_URI": amqp_uri,
        "DATABASE_URL": database_url,
        "CALL_PATH_ADDRESS": f"127.0.0.1:{free_port()}",
        "HTTP_ADDRESSES": {name: f"127.0.0.1:{free_port()}" for name in ("accounts", "routing", "media")},
        "ACCOUNTS": {
            "ARGON2_MEMORY_KIB": 1024,
            "ARGON2_TIME_COST": 1,
            "ALLOW_WEAK_HASHING": True,
            "SECRETS_KEY": "bjFPQqDaLJp2-VtUZp7kvy53DY5bxGmkuS7vP8Kd4Hw=",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": 1,
            "MAIL_FROM": "Relais <no-reply@relais.test>",
            "SIP_REALM": REALM,
        },
        "MEDIA": {
            "SIP_FRONT": "true",
            "SIP_ADDRESS": f"127.0.0.1:{sip_port}",
            "SIP_REALM": REALM,
            "SIP_RUN_DIR": str(run_dir),
            "SIP_DECIDER_ADDRESS": f"127.0.0.1:{free_port()}",
            "WORKERS": workers,
            "WORKER_BASE_PORT": base,
            "WORKER_RTP_BASE_PORT": random.randrange(30000, 50000, 400),
            "WORKER_LOG_DIR": str(run_dir / "workers"),
            "AUDIO_DIR": str(run_dir / "audio"),
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": 1,
        },
    }
    return config, sip_port, worker_ports


def sip_platform(amqp_uri: str, run_dir: Path, services: list[Any], workers: int = 2) -> Iterator[SipPlatform]:
    name = f"relais_sip_{uuid.uuid4().hex[:10]}"
    url = create_database(name)
    try:
        migrate_everything(url)
        config, sip_port, worker_ports = platform_settings(url, amqp_uri, run_dir, workers)
        platform = SipPlatform(url, config, sip_port, run_dir, worker_ports)
        with nameko.config.patch(config, clear=True):
            runner = ServiceRunner()
            for cls in services:
                runner.add_service(cls)
            runner.start()
            try:
                yield platform
            finally:
                for process in platform.processes:
                    if process.poll() is None:
                        process.terminate()
                        process.wait(timeout=10)
                runner.stop()
    finally:
        drop_database(name)
