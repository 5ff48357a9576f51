"""The pool of pjsua2 workers the media service supervises (issue 6).

N worker processes listen on 127.0.0.1 UDP ports WORKER_BASE_PORT+i (the SIP front's dispatcher list). Every
second the supervisor checks each one: a process that exited, or that stopped answering SIP OPTIONS three times
in a row, is killed and replaced on the same port, and the legs it had started and not ended are closed in the
call journal as ``worker_lost`` (each fact once: the journal's fact key is unique). On start, legs left open by
instances of an earlier run (the media service itself was killed) are closed the same way.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import eventlet
from nameko import config
from nameko.extensions import DependencyProvider

from media.journal import Journal
from media.worker.launch import WorkerOptions, die_with_parent, worker_command
from relais_kit.config import section
from relais_kit.db import ConnectionPool

log = logging.getLogger(__name__)

MISSED_PINGS_BEFORE_KILL = 3


def sip_options_ping(port: int, timeout: float = 0.5) -> bool:
    """True when something answers a SIP OPTIONS on 127.0.0.1:port (pjsua answers it from its own thread-free
    loop, so an answer means the worker's event loop is turning)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(timeout)
        local = sock.getsockname()[1]
        call_id = uuid.uuid4().hex
        request = (
            f"OPTIONS sip:ping@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK{call_id[:16]};rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:pool@127.0.0.1:{local}>;tag={call_id[16:24]}\r\n"
            f"To: <sip:ping@127.0.0.1:{port}>\r\n"
            f"Call-ID: {call_id}\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n"
        )
        try:
            sock.sendto(request.encode(), ("127.0.0.1", port))
            while True:
                data, _ = sock.recvfrom(65535)
                if call_id.encode() in data and data.startswith(b"SIP/2.0 "):
                    return True
        except OSError:  # timeout or refused
            return False


@dataclass
class Slot:
    index: int
    port: int
    rtp_port: int
    process: subprocess.Popen[bytes] | None = None
    instance: str = ""
    missed: int = 0
    started_at: float = 0.0
    replacements: int = 0
    lost_legs_closed: int = 0


@dataclass
class WorkerPool:
    count: int
    base_port: int
    options: WorkerOptions
    journal: Journal
    rtp_base_port: int = 20000
    log_dir: Path | None = None
    sleep: Callable[[float], Any] = time.sleep
    slots: list[Slot] = field(default_factory=list)
    _stopping: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self.close_leftovers()
        self.slots = [Slot(i, self.base_port + i, self.rtp_base_port + 200 * i) for i in range(self.count)]
        for slot in self.slots:
            self._spawn(slot)

    def close_leftovers(self) -> int:
        """Legs of worker instances that no longer run (an earlier run of the service): closed as worker_lost."""
        running = {slot.instance for slot in self.slots if slot.process and slot.process.poll() is None}
        closed = 0
        for instance in self.journal.open_workers():
            if instance not in running and not _pid_alive(instance):
                closed += self.journal.close_lost(instance)
        return closed

    def _spawn(self, slot: Slot) -> None:
        name = f"worker-{slot.index}"
        output: Any = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (handed to the child)
        try:
            slot.process = subprocess.Popen(
                worker_command(name, slot.port, slot.rtp_port, self.options),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,  # dies with the service, even one killed by SIGKILL
            )
        finally:
            if output is not subprocess.DEVNULL:
                output.close()
        slot.instance = f"{name}:{slot.process.pid}"
        slot.missed = 0
        slot.started_at = time.monotonic()

    def check(self) -> None:
        """One supervision pass over every slot."""
        with self._lock:
            if self._stopping:
                return
            for slot in self.slots:
                self._check(slot)

    def _check(self, slot: Slot) -> None:
        process = slot.process
        if process is None:
            self._spawn(slot)
            return
        if process.poll() is None:
            if sip_options_ping(slot.port):
                slot.missed = 0
                return
            if time.monotonic() - slot.started_at < 10.0:
                return  # still starting (prompts are made on first start)
            slot.missed += 1
            if slot.missed < MISSED_PINGS_BEFORE_KILL:
                return
            log.error("worker %s stopped answering OPTIONS: killed", slot.instance)
            process.kill()
        process.wait()
        lost = self.journal.close_lost(slot.instance)
        slot.lost_legs_closed += lost
        log.error(
            "worker %s exited (%s); %d legs closed as worker_lost; replacing it",
            slot.instance,
            process.returncode,
            lost,
        )
        slot.replacements += 1
        self._spawn(slot)

    def ready(self, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(sip_options_ping(slot.port) for slot in self.slots):
                return True
            self.sleep(0.1)
        return False

    def run(self, interval: float = 1.0) -> None:
        """The supervision loop (a managed thread of the media service)."""
        while not self._stopping:
            try:
                self.check()
            except Exception:
                log.exception("worker pool check failed; retrying")
            self.sleep(interval)

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            self._stopping = True
        for slot in self.slots:
            if slot.process is not None and slot.process.poll() is None:
                slot.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for slot in self.slots:
            if slot.process is None:
                continue
            while slot.process.poll() is None and time.monotonic() < deadline:
                self.sleep(0.05)
            if slot.process.poll() is None:
                slot.process.kill()
                slot.process.wait()
            # a worker stopped mid-call ends its legs itself (shutdown); whatever it could not is closed here
            self.journal.close_lost(slot.instance, "shutdown")

    def status(self) -> list[dict[str, Any]]:
        return [
            {
                "index": slot.index,
                "port": slot.port,
                "instance": slot.instance,
                "alive": bool(slot.process and slot.process.poll() is None),
                "replacements": slot.replacements,
                "lost_legs_closed": slot.lost_legs_closed,
            }
            for slot in self.slots
        ]


def _pid_alive(instance: str) -> bool:
    """Whether the process of a '<name>:<pid>' instance still runs a media worker."""
    _, _, pid = instance.rpartition(":")
    if not pid.isdigit():
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"media.worker" in cmdline and os.getpid() != int(pid)


class WorkerPoolProvider(DependencyProvider):
    """Starts the pool with the media service and supervises it in a managed thread; stops it with the service.

    Settings (MEDIA section): WORKERS (0 when absent: no pool), WORKER_BASE_PORT, WORKER_RTP_BASE_PORT,
    SIP_ADDRESS (where workers send their outbound legs), AUDIO_DIR, WORKER_LOG_DIR; routing's call-path address
    is ROUTING_CALL_PATH, else CALL_PATH_ADDRESS (routing's own key, when both run from one config)."""

    def __init__(self) -> None:
        self.pool: WorkerPool | None = None
        self._source: Any = None

    def setup(self) -> None:
        settings = section(config, "MEDIA")
        count = int(settings.get("WORKERS") or 0)
        if count <= 0:
            return
        self._source = ConnectionPool(config["DATABASE_URL"], "media", size=2)
        routing = str(settings.get("ROUTING_CALL_PATH") or config.get("CALL_PATH_ADDRESS") or "127.0.0.1:8112")
        audio_dir = Path(str(settings.get("AUDIO_DIR") or "./var/audio")).resolve()
        options = WorkerOptions(
            database_url=config["DATABASE_URL"],
            routing_url=routing,
            sip_front=str(settings.get("SIP_ADDRESS") or "127.0.0.1:5060"),
            audio_dir=audio_dir,
            voicemail_max_seconds=int(settings.get("VOICEMAIL_MAX_SECONDS") or 180),
            amqp_uri=str(config.get("AMQP_URI") or ""),
        )
        log_dir = settings.get("WORKER_LOG_DIR")
        self.pool = WorkerPool(
            count=count,
            base_port=int(settings.get("WORKER_BASE_PORT") or 5070),
            options=options,
            journal=Journal(self._source),
            rtp_base_port=int(settings.get("WORKER_RTP_BASE_PORT") or 20000),
            log_dir=Path(str(log_dir)) if log_dir else None,
            sleep=eventlet.sleep,
        )

    def start(self) -> None:
        if self.pool is not None:
            self.pool.start()
            self.container.spawn_managed_thread(self.pool.run)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.stop()
        if self._source is not None:
            self._source.close()

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx: Any) -> WorkerPool | None:
        return self.pool
