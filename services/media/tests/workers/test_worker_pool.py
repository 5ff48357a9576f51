"""The worker pool (issue 6): a worker that dies mid-call is replaced on its port and the call's record is closed
once as worker_lost; a pool started after the media service died closes what the old workers left open."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import eventlet
import pytest

from media.journal import Journal
from media.pool import WorkerPool, sip_options_ping
from media.worker.launch import WorkerOptions
from media.worker.testing import caller_scenario, free_udp_port, free_udp_ports, sipp_command
from relais_kit.db import ConnectionPool
from relais_kit.testing.plugin import wait_for

LONG_MENU = {
    "kind": "play_menu",
    "trace": [],
    "state": None,
    "menu_id": "m",
    "prompt": "welcome",
    "max_digits": 1,
    "timeout_seconds": 60,
    "language": "en",
}


@pytest.fixture
def journal(database_url: str) -> Iterator[Journal]:
    source = ConnectionPool(database_url, "media", size=1)
    yield Journal(source)
    source.close()


def new_pool(database_url: str, audio_dir: Path, journal: Journal, count: int = 1) -> WorkerPool:
    options = WorkerOptions(database_url, "127.0.0.1:1", "127.0.0.1:1", audio_dir)
    return WorkerPool(count, free_udp_ports(count), options, journal, rtp_base_port=free_udp_port() & ~1)


def call_in_progress(pool: WorkerPool, add_plan: Any, committed_sql: Any, folder: Path) -> tuple[str, Any]:
    prefix = f"lost{uuid.uuid4().hex[:8]}"
    add_plan(f"{prefix}-1", LONG_MENU)
    command, _ = sipp_command(
        caller_scenario([("pause", 30000)]), f"127.0.0.1:{pool.base_port}", folder, call_id_prefix=prefix, timeout=40
    )
    sipp = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    call_id = f"{prefix}-1"
    wait_for(
        lambda: committed_sql("SELECT 1 FROM media.call_facts WHERE fact_key = %s", (f"{call_id}:in:answered",)),
        timeout=20,
    )
    return call_id, sipp


def ended_events(committed_sql: Any, call_id: str) -> list[dict[str, Any]]:
    return committed_sql(
        "SELECT payload FROM media.outbox WHERE event_type = 'call_ended' AND payload->'data'->>'call_id' = %s",
        (call_id,),
    )


def test_a_killed_worker_is_replaced_and_its_call_ended_once(
    database_url: str, audio_dir: Path, journal: Journal, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    pool = new_pool(database_url, audio_dir, journal)
    pool.start()
    sipp = None
    try:
        assert pool.ready(120)
        call_id, sipp = call_in_progress(pool, add_plan, committed_sql, tmp_path)
        slot = pool.slots[0]
        lost_instance = slot.instance
        assert slot.process is not None
        slot.process.kill()
        slot.process.wait()

        pool.check()

        assert slot.instance != lost_instance and slot.replacements == 1
        assert pool.ready(60) and sip_options_ping(slot.port)
        ended = committed_sql("SELECT disposition FROM media.call_facts WHERE fact_key = %s", (f"{call_id}:in:ended",))
        assert ended == [{"disposition": "worker_lost"}]
        pool.check()
        assert journal.close_lost(lost_instance) == 0  # a second close records nothing
        events = ended_events(committed_sql, call_id)
        assert len(events) == 1 and events[0]["payload"]["data"]["disposition"] == "worker_lost"
    finally:
        if sipp is not None:
            sipp.kill()
            sipp.wait()
        pool.stop()


def test_a_pool_started_after_the_media_service_died_closes_the_old_workers_calls(
    database_url: str, audio_dir: Path, journal: Journal, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    old = new_pool(database_url, audio_dir, journal)
    old.start()
    sipp = None
    try:
        assert old.ready(120)
        call_id, sipp = call_in_progress(old, add_plan, committed_sql, tmp_path)
        for slot in old.slots:  # the media service is killed, and its workers with it: nobody ends the call
            assert slot.process is not None
            slot.process.kill()
            slot.process.wait()
        new = new_pool(database_url, audio_dir, journal)
        new.start()
        try:
            ended = committed_sql(
                "SELECT disposition FROM media.call_facts WHERE fact_key = %s", (f"{call_id}:in:ended",)
            )
            assert ended == [{"disposition": "worker_lost"}]
            assert new.close_leftovers() == 0
            assert len(ended_events(committed_sql, call_id)) == 1
        finally:
            new.stop()
    finally:
        if sipp is not None:
            sipp.kill()
            sipp.wait()
        old.stop()


def test_the_media_service_starts_its_pool_and_replaces_a_killed_worker(
    run_services: Any, audio_dir: Path, tmp_path: Path
) -> None:
    import nameko

    from media.pool import WorkerPoolProvider
    from media.service import MediaService

    base = free_udp_ports(2)
    media = {
        "AUDIO_DIR": str(audio_dir),
        "SIP_FRONT": "false",
        "WORKERS": 2,
        "WORKER_BASE_PORT": base,
        "WORKER_RTP_BASE_PORT": free_udp_port() & ~1,
        "WORKER_LOG_DIR": str(tmp_path / "workers"),
        "ROUTING_CALL_PATH": "127.0.0.1:1",
    }
    with nameko.config.patch({"MEDIA": media}):  # on top of platform_config's, for this service only
        runner = run_services(MediaService)
    (container,) = runner.containers
    provider = next(d for d in container.dependencies if isinstance(d, WorkerPoolProvider))
    pool = provider.pool
    assert pool is not None and [slot.port for slot in pool.slots] == [base, base + 1]
    assert pool.ready(120)

    victim = pool.slots[1]
    assert victim.process is not None
    lost_pid = victim.process.pid
    victim.process.kill()  # the service's own supervision thread notices and replaces it, nobody calls check()

    wait_for(lambda: victim.replacements == 1 and sip_options_ping(victim.port), timeout=60)
    assert victim.process is not None and victim.process.pid != lost_pid
    assert all(status["alive"] for status in pool.status())

    # Earlier tests' workers committed voicemails whose e-mails this service now tries to send while accounts is
    # not running: its profile question gives up (PROFILE_SECONDS), so the service still stops, and promptly.
    with eventlet.Timeout(30):
        runner.stop()  # the workers stop with the service
    assert all(slot.process is not None and slot.process.poll() is not None for slot in pool.slots)
