"""What one worker process needs to know; the pool builds it from the media service's MEDIA config section."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

MAX_LEGS = 4  # the pjsua2 wheel's ceiling per process (STACK.md): inbound and outbound legs together
MAX_CALLS_PER_SECOND = 50.0  # under the ~60/s where the wheel's select ioqueue aborts


@dataclass(frozen=True)
class WorkerSettings:
    name: str
    port: int
    database_url: str
    routing_url: str
    sip_front: str = "127.0.0.1:5060"
    audio_dir: Path = Path("var/audio")
    rtp_port: int = 20000
    max_legs: int = MAX_LEGS
    max_calls_per_second: float = MAX_CALLS_PER_SECOND
    voicemail_max_seconds: int = 120
    ring_timeout_seconds: int = 20
    amqp_uri: str = ""  # the broker, for accounts' PIN check (voicemail box by phone); none: PINs are refused

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def parse(argv: list[str] | None = None) -> WorkerSettings:
    parser = argparse.ArgumentParser(prog="python -m media.worker", description="Run one pjsua2 media worker.")
    parser.add_argument("--name", required=True, help="worker name, e.g. worker-0")
    parser.add_argument("--port", type=int, required=True, help="SIP UDP port on 127.0.0.1")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--routing-url", required=True, help="routing's HTTP address (call-time channel)")
    parser.add_argument("--sip-front", default="127.0.0.1:5060", help="where outbound legs go (Kamailio)")
    parser.add_argument("--audio-dir", type=Path, default=Path("var/audio"))
    parser.add_argument("--rtp-port", type=int, default=20000, help="first RTP port of this worker")
    parser.add_argument("--max-legs", type=int, default=MAX_LEGS)
    parser.add_argument("--max-calls-per-second", type=float, default=MAX_CALLS_PER_SECOND)
    parser.add_argument("--voicemail-max-seconds", type=int, default=120)
    parser.add_argument("--amqp-uri", default="", help="the broker, for accounts' voicemail PIN check")
    args = parser.parse_args(argv)
    if not 1 <= args.max_legs <= MAX_LEGS:
        parser.error(f"--max-legs must be between 1 and {MAX_LEGS} (the pjsua2 build's limit)")
    return WorkerSettings(
        name=args.name,
        port=args.port,
        database_url=args.database_url,
        routing_url=args.routing_url,
        sip_front=args.sip_front,
        audio_dir=args.audio_dir,
        rtp_port=args.rtp_port,
        max_legs=args.max_legs,
        max_calls_per_second=args.max_calls_per_second,
        voicemail_max_seconds=args.voicemail_max_seconds,
        amqp_uri=args.amqp_uri,
    )
