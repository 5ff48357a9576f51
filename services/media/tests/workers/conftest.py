"""Fixtures for the pjsua2 worker tests: worker and phone processes, committed SQL, routing over HTTP."""

from __future__ import annotations

import array
import contextlib
import json
import os
import signal
import subprocess
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.extras
import pytest

from media.worker.launch import WorkerOptions
from media.worker.testing import PeerProcess, free_udp_port, start_phone, start_worker
from routing.service import RoutingService

BUSINESS_HOURS = "2026-06-10T15:00:00+00:00"  # a Wednesday, 11:00 in Montréal


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One audio folder for the run, so the system prompts are made once."""
    return tmp_path_factory.mktemp("audio")


@pytest.fixture
def committed_sql(database_url: str) -> Iterator[Callable[..., list[dict[str, Any]]]]:
    """SQL outside the test's rolled-back transaction: what worker processes write and read is committed."""
    conn = psycopg2.connect(database_url)
    conn.autocommit = True

    def run(query: str, params: Any = None) -> list[dict[str, Any]]:
        with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
            cursor.execute(query, params)
            return [dict(row) for row in cursor.fetchall()] if cursor.description else []

    yield run
    conn.close()


@pytest.fixture
def add_plan(committed_sql: Callable[..., list[dict[str, Any]]]) -> Callable[[str, dict[str, Any]], None]:
    def add(call_id: str, plan: dict[str, Any]) -> None:
        committed_sql("INSERT INTO media.pending_plans (call_id, plan) VALUES (%s, %s)", (call_id, json.dumps(plan)))

    return add


@pytest.fixture
def routing_url(run_services: Any, platform_config: dict[str, Any]) -> str:
    run_services(RoutingService)
    return str(platform_config["CALL_PATH_ADDRESS"])


class Peers:
    def __init__(self, database_url: str, audio_dir: Path) -> None:
        self.database_url, self.audio_dir = database_url, audio_dir
        self.started: list[PeerProcess] = []

    def phone(self, *extra: str) -> tuple[PeerProcess, int]:
        port = free_udp_port()
        phone = start_phone(port, free_udp_port() & ~1, *extra)
        self.started.append(phone)
        return phone, port

    def worker(
        self, routing_url: str, sip_front: str, port: int | None = None, **options: Any
    ) -> tuple[PeerProcess, int]:
        port = port or free_udp_port()
        settings = WorkerOptions(self.database_url, routing_url, sip_front, self.audio_dir, **options)
        worker = start_worker("worker-0", port, free_udp_port() & ~1, settings, timeout=120)
        self.started.append(worker)
        return worker, port

    def stop_all(self) -> None:
        for peer in reversed(self.started):
            peer.stop()


@pytest.fixture
def peers(database_url: str, audio_dir: Path) -> Iterator[Peers]:
    started = Peers(database_url, audio_dir)
    yield started
    started.stop_all()


def peak(path: Path, timeout: float = 5.0) -> int:
    """The loudest sample of a 16-bit WAV (0 for silence), once its writer has completed the header."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with wave.open(str(path), "rb") as wav:
                samples = array.array("h", wav.readframes(wav.getnframes()))
            return max((abs(s) for s in samples), default=0)
        except (wave.Error, EOFError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def plan_state(call_id: str, enterprise_id: str = "11111111-1111-4111-8111-111111111111") -> dict[str, Any]:
    return {
        "call_id": call_id,
        "enterprise_id": enterprise_id,
        "request": {"caller": "15145550100", "dialled": "700", "origin": "trunk"},
        "stage": "menu",
    }


def tone(folder: Path, name: str = "tone.wav", seconds: int = 20) -> Path:
    """A loud 8 kHz sine, for a phone to play into its calls."""
    path = folder / name
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "8000",
            "-c",
            "1",
            "-b",
            "16",
            str(path),
            "synth",
            str(seconds),
            "sine",
            "440",
            "vol",
            "0.5",
        ],
        check=True,
        capture_output=True,
    )
    return path


def _peer_children() -> dict[int, str]:
    """This test process's live children that are workers, phones or SIPp (by /proc: no extra dependency)."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if int(ppid) == os.getpid() and state != "Z" and ("media.worker" in cmdline or "sipp" in cmdline):
            found[int(entry.name)] = cmdline
    return found


@pytest.fixture(autouse=True)
def no_peer_left_behind() -> Iterator[None]:
    """Every test stops the processes it started, on failure too; one it left running is killed and fails it."""
    before = set(_peer_children())
    yield
    left = {pid: cmd for pid, cmd in _peer_children().items() if pid not in before}
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert not left, f"processes left running: {sorted(left.values())}"
