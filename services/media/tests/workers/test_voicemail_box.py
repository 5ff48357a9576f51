"""The voicemail box by phone (MED-04): a line dials *98, routing answers its own box, the pjsua2 worker asks the
PIN that accounts checks over the real broker (hashed, never handed out), says how many messages there are, plays
one and deletes one; wrong PINs end the call and count towards the account's lockout."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from accounts.passwords import make_hasher
from accounts.service import AccountsService
from media.audio.storage import LocalAudioStore
from media.audio.testing import speech_wav
from media.voicemail import save_message
from media.worker.testing import caller_scenario, run_sipp
from relais_kit.callpath import CallPathClient
from relais_kit.db import ConnectionPool
from relais_kit.events import OutboxWriter
from relais_kit.testing.plugin import wait_for
from routing.seeding import seed_enterprise
from routing.storage import RoutingStore
from tests.hierarchy import build

from .conftest import BUSINESS_HOURS

PIN = "482913"


@pytest.fixture
def owner(db_connection: Any, run_services: Any, routing_url: str) -> dict[str, str]:
    """Accounts' employee with a PIN, and their line in a routing enterprise (as accounts' events would make it)."""
    tree = build(db_connection)
    user_id = tree["employee"]
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    with db_connection.savepoint("accounts") as tx:
        tx.execute("UPDATE users SET pin_hash = %s WHERE id = %s", (hasher.hash(PIN), user_id))
    with db_connection.savepoint("routing") as tx:
        store = RoutingStore(tx)
        enterprise = seed_enterprise(store, users=1, hunt_groups=0, auto_attendants=0)
        store.upsert_line(user_id, enterprise.enterprise_id, department_id=enterprise.department_id, extension="2090")
    run_services(AccountsService)
    return {"user_id": user_id, "enterprise_id": enterprise.enterprise_id}


@pytest.fixture
def two_messages(
    database_url: str, audio_dir: Path, owner: dict[str, str], tmp_path: Path
) -> Iterator[list[dict[str, Any]]]:
    """Two messages in the owner's mailbox, committed (the worker is another process)."""
    source = ConnectionPool(database_url, "media", size=1)
    store = LocalAudioStore(audio_dir)
    saved = []
    for n, text in enumerate(("Premier message, rappelez-moi.", "Deuxième message.")):
        with source.transaction() as tx:
            saved.append(
                save_message(
                    tx,
                    store,
                    OutboxWriter("media"),
                    user_id=owner["user_id"],
                    tenant_id=owner["enterprise_id"],
                    call_id=f"left-{uuid.uuid4().hex[:8]}",
                    wav=speech_wav(tmp_path, text),
                    caller_number=f"1514555010{n}",
                    recorded_at=datetime.now(UTC) - timedelta(minutes=10 - n),
                )
            )
    yield saved
    with source.transaction() as tx:
        tx.execute("DELETE FROM mailboxes WHERE user_id = %s", (owner["user_id"],))
    source.close()


def box_plan(routing_url: str, owner: dict[str, str], call_id: str) -> dict[str, Any]:
    client = CallPathClient(routing_url)
    request = {"call_id": call_id, "caller": "2090", "dialled": "*98", "origin": "internal"}
    plan = client.route_call({**request, "caller_user_id": owner["user_id"], "at": BUSINESS_HOURS})
    client.close()
    return plan


def pin_steps(pin: str, pause_after: int) -> list[tuple[str, Any]]:
    return [*(("info", digit) for digit in pin), ("info", "#"), ("pause", pause_after)]


def test_med04_box_by_phone_with_the_pin_counts_plays_and_deletes(
    routing_url: str,
    amqp_uri: str,
    owner: dict[str, str],
    two_messages: list[dict[str, Any]],
    peers: Any,
    add_plan: Any,
    committed_sql: Any,
    sql_query: Any,
    tmp_path: Path,
) -> None:
    call_id = f"box{uuid.uuid4().hex[:8]}-1"
    plan = box_plan(routing_url, owner, call_id)
    assert plan["kind"] == "voicemail_box" and plan["mailbox"] == owner["user_id"] and plan["pin_attempts"] == 3
    add_plan(call_id, plan)
    worker, worker_port = peers.worker(routing_url, "127.0.0.1:1", amqp_uri=amqp_uri)

    # PIN (barging into the prompt), hear the count and the menu, 1 plays the oldest message, 7 deletes it,
    # 9 goes past the last one: goodbye and the worker hangs up
    steps = [
        ("pause", 1500),
        *pin_steps(PIN, 3000),
        ("info", "1"),
        ("pause", 3000),
        ("info", "7"),
        ("pause", 2000),
        ("info", "9"),
    ]
    result = run_sipp(
        caller_scenario(steps, caller="2090", end="await_bye:20000"),
        f"127.0.0.1:{worker_port}",
        tmp_path,
        call_id_prefix=call_id[:-2],
        timeout=60,
    )

    assert result.successful == 1, result.output + "\n".join(worker.lines[-20:])
    first, second = two_messages
    assert worker.wait_line(lambda line: "opened: Vous avez 2 messages." in line, 5)
    assert worker.wait_line(lambda line: f"playing voicemail message {first['id']}" in line, 5)
    left = committed_sql("SELECT id::text, heard FROM media.voicemail_messages WHERE user_id = %s", (owner["user_id"],))
    assert left == [{"id": str(second["id"]), "heard": False}]  # the first was heard, then deleted
    assert not LocalAudioStore(peers.audio_dir).exists(f"voicemail/{owner['user_id']}/{first['id']}.wav")
    ended = wait_for(
        lambda: committed_sql("SELECT disposition FROM media.call_facts WHERE fact_key = %s", (f"{call_id}:in:ended",))
    )
    assert ended[0]["disposition"] == "answered"
    signed = sql_query(
        "SELECT failed_sign_ins, telephone_sessions FROM accounts.users WHERE id = %s", (owner["user_id"],)
    )
    assert signed == [{"failed_sign_ins": 0, "telephone_sessions": 1}]


def test_med04_wrong_pins_end_the_call_after_three_tries_and_count_towards_the_lockout(
    routing_url: str,
    amqp_uri: str,
    owner: dict[str, str],
    two_messages: list[dict[str, Any]],
    peers: Any,
    add_plan: Any,
    committed_sql: Any,
    sql_query: Any,
    tmp_path: Path,
) -> None:
    call_id = f"boxno{uuid.uuid4().hex[:8]}-1"
    add_plan(call_id, box_plan(routing_url, owner, call_id))
    worker, worker_port = peers.worker(routing_url, "127.0.0.1:1", amqp_uri=amqp_uri)

    steps = [("pause", 1000), *pin_steps("1111", 2500), *pin_steps("000000", 2500), *pin_steps("482914", 0)]
    result = run_sipp(
        caller_scenario(steps, caller="2090", end="await_bye:15000"),
        f"127.0.0.1:{worker_port}",
        tmp_path,
        call_id_prefix=call_id[:-2],
        timeout=60,
    )

    assert result.successful == 1, result.output + "\n".join(worker.lines[-20:])
    assert worker.wait_line(lambda line: "wrong PIN 3/3" in line, 5)
    assert not any("opened:" in line for line in worker.lines)
    ended = wait_for(
        lambda: committed_sql("SELECT disposition FROM media.call_facts WHERE fact_key = %s", (f"{call_id}:in:ended",))
    )
    assert ended[0]["disposition"] == "refused"
    signed = sql_query("SELECT failed_sign_ins, locked_at FROM accounts.users WHERE id = %s", (owner["user_id"],))
    assert signed[0]["failed_sign_ins"] == 3 and signed[0]["locked_at"] is not None  # the tests' LOCK_AFTER_FAILURES

    # locked: even the right PIN is refused now, until an administrator unlocks the line
    again = f"boxlk{uuid.uuid4().hex[:8]}-1"
    add_plan(again, box_plan(routing_url, owner, again))
    result = run_sipp(
        caller_scenario([("pause", 1000), *pin_steps(PIN, 0)], caller="2090", end="await_bye:15000"),
        f"127.0.0.1:{worker_port}",
        tmp_path,
        call_id_prefix=again[:-2],
        timeout=60,
    )
    assert result.successful == 1, result.output
    assert worker.wait_line(lambda line: "(account locked)" in line, 5)
    assert not any("opened:" in line for line in worker.lines)
    kept = committed_sql("SELECT count(*) AS n FROM media.voicemail_messages WHERE user_id = %s", (owner["user_id"],))
    assert kept[0]["n"] == 2
