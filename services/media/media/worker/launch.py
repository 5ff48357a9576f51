"""How a worker process is started (by the pool, tests and benchmarks alike)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class WorkerOptions:
    database_url: str
    routing_url: str
    sip_front: str
    audio_dir: Path
    voicemail_max_seconds: int = 30
    max_calls_per_second: float = 50.0
    amqp_uri: str = ""


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """``preexec_fn`` of worker (and test peer) processes: SIGTERM when the process that started them dies, even by
    SIGKILL or ``os._exit``, so a killed media service (or test run) leaves no worker holding its ports."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def worker_command(name: str, port: int, rtp_port: int, options: WorkerOptions) -> list[str]:
    return [
        sys.executable,
        "-m",
        "media.worker",
        "--name",
        name,
        "--port",
        str(port),
        "--rtp-port",
        str(rtp_port),
        "--database-url",
        options.database_url,
        "--routing-url",
        options.routing_url,
        "--sip-front",
        options.sip_front,
        "--audio-dir",
        str(options.audio_dir),
        "--voicemail-max-seconds",
        str(options.voicemail_max_seconds),
        "--max-calls-per-second",
        str(options.max_calls_per_second),
        *(["--amqp-uri", options.amqp_uri] if options.amqp_uri else []),
    ]
