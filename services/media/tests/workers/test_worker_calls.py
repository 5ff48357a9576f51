"""pjsua2 workers with real peers (issue 6, MED-01, MED-04, RTE-06): SIPp as the caller, a pjsua2 process as the
phone, the routing service deciding over its HTTP call-time channel, the journal in PostgreSQL."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from media.worker.testing import caller_scenario, run_sipp
from relais_kit.callpath import CallPathClient
from relais_kit.testing.plugin import wait_for
from routing.seeding import seed_enterprise
from routing.storage import RoutingStore

from .conftest import BUSINESS_HOURS, peak

OUTSIDE = "+16135550100"


def seeded(db_connection: Any, **options: Any) -> Any:
    with db_connection.savepoint("routing") as tx:
        return seed_enterprise(RoutingStore(tx), **options)


def facts(committed_sql: Any, call_id: str) -> dict[str, dict[str, Any]]:
    rows = committed_sql("SELECT * FROM media.call_facts WHERE call_id = %s", (call_id,))
    return {row["fact_key"].removeprefix(call_id + ":"): row for row in rows}


def test_med01_auto_attendant_key_by_rfc2833_rings_the_group_and_bridges_audio(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded(db_connection, users=4)
    call_id = f"aa{uuid.uuid4().hex[:8]}-1"
    client = CallPathClient(routing_url)
    request = {"call_id": call_id, "caller": "2000", "dialled": "700", "origin": "internal"}
    plan = client.route_call({**request, "caller_user_id": enterprise.users[0], "at": BUSINESS_HOURS})
    client.close()
    assert plan["kind"] == "play_menu"
    add_plan(call_id, plan)
    phone, phone_port = peers.phone("--mode", "answer", "--record-dir", str(tmp_path))
    _, worker_port = peers.worker(routing_url, f"127.0.0.1:{phone_port}")

    scenario = caller_scenario(
        [("pause", 2500), ("pcap", "dtmf_2833_1.pcap"), ("pause", 1500), ("pcap", "g711a.pcap"), ("pause", 5500)]
    )
    result = run_sipp(scenario, f"127.0.0.1:{worker_port}", tmp_path, call_id_prefix=call_id[:-2], timeout=60)

    assert result.successful == 1, result.output
    incoming = phone.wait_event(event="incoming")
    assert incoming["leg"] == "bridge" and incoming["relais_call"] == call_id
    assert any(user in incoming["to"] for user in enterprise.users)  # key 1: the hunt group's members
    phone.wait_event(event="closed", timeout=15)
    assert peak(tmp_path / f"{incoming['call']}.wav") > 1000  # the caller's speech crossed the bridge
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and len(f) == 6 and f)
    assert set(journal) == {f"{leg}:{fact}" for leg in ("in", "out1") for fact in ("started", "answered", "ended")}
    assert journal["in:ended"]["disposition"] == "answered"
    assert str(journal["in:started"]["enterprise_id"]) == enterprise.enterprise_id
    events = committed_sql(
        "SELECT event_type, payload FROM media.outbox WHERE payload->'data'->>'call_id' = %s", (call_id,)
    )
    assert sorted(e["event_type"] for e in events) == sorted(["call_started", "call_answered", "call_ended"] * 2)


def test_rte06_sip_info_digits_walk_a_submenu_to_an_extension(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded(db_connection, users=4)
    call_id = f"info{uuid.uuid4().hex[:8]}-1"
    client = CallPathClient(routing_url)
    request = {"call_id": call_id, "caller": "2000", "dialled": "700", "origin": "internal"}
    add_plan(call_id, client.route_call({**request, "caller_user_id": enterprise.users[0], "at": BUSINESS_HOURS}))
    client.close()
    phone, phone_port = peers.phone("--mode", "answer")
    _, worker_port = peers.worker(routing_url, f"127.0.0.1:{phone_port}")

    # key 2 opens the "support" menu, whose key 1 rings extension 2001 (users[1])
    scenario = caller_scenario([("pause", 1000), ("info", "2"), ("pause", 2500), ("info", "1"), ("pause", 3000)])
    result = run_sipp(scenario, f"127.0.0.1:{worker_port}", tmp_path, call_id_prefix=call_id[:-2], timeout=60)

    assert result.successful == 1, result.output
    incoming = phone.wait_event(event="incoming")
    assert enterprise.users[1] in incoming["to"]
    wait_for(lambda: "out1:answered" in facts(committed_sql, call_id))


def test_med04_no_answer_goes_to_voicemail_recorded_from_the_callers_audio(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded(db_connection, users=2, hunt_groups=0, auto_attendants=0)
    call_id = f"vm{uuid.uuid4().hex[:8]}-1"
    client = CallPathClient(routing_url)
    plan = client.route_call({"call_id": call_id, "caller": OUTSIDE, "dialled": enterprise.did(1), "origin": "trunk"})
    client.close()
    assert plan["kind"] == "ring" and plan["fallback"]["kind"] == "voicemail"
    add_plan(call_id, {**plan, "timeout_seconds": 2})  # ring for 2 s instead of the line's own delay
    phone, phone_port = peers.phone("--mode", "ring")
    _, worker_port = peers.worker(routing_url, f"127.0.0.1:{phone_port}")

    # the worker answers for voicemail after the ring: greeting and beep (~7 s), then the caller speaks
    scenario = caller_scenario([("pause", 7500), ("pcap", "g711a.pcap"), ("pause", 5500)])
    result = run_sipp(scenario, f"127.0.0.1:{worker_port}", tmp_path, call_id_prefix=call_id[:-2], timeout=60)

    assert result.successful == 1, result.output
    phone.wait_event(event="incoming")
    messages = wait_for(
        lambda: committed_sql(
            "SELECT user_id::text, call_id, duration_ms, storage_key FROM media.voicemail_messages WHERE call_id = %s",
            (call_id,),
        ),
        timeout=15,
    )
    assert messages[0]["user_id"] == enterprise.users[1] and messages[0]["duration_ms"] > 3000
    journal = facts(committed_sql, call_id)
    assert journal["out1:ended"]["disposition"] == "no_answer"
    assert journal["in:answered"] and journal["in:ended"]["disposition"] == "answered"


def test_a_fifth_simultaneous_call_is_refused_and_the_worker_stays_up(
    peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    from media.pool import sip_options_ping

    prefix = f"cap{uuid.uuid4().hex[:8]}"
    menu = {"kind": "play_menu", "trace": [], "state": None, "menu_id": "m", "prompt": "welcome"}
    for n in range(1, 6):
        add_plan(f"{prefix}-{n}", {**menu, "max_digits": 1, "timeout_seconds": 30, "language": "en"})
    _, worker_port = peers.worker("127.0.0.1:1", "127.0.0.1:1")

    scenario = caller_scenario([("pause", 3000)])
    result = run_sipp(scenario, f"127.0.0.1:{worker_port}", tmp_path, call_id_prefix=prefix, calls=5, rate=50)

    assert (result.successful, result.failed) == (4, 1), result.output
    assert sip_options_ping(worker_port)
    answered = committed_sql(
        "SELECT count(*) AS n FROM media.call_facts WHERE call_id LIKE %s AND fact = 'answered'", (prefix + "-%",)
    )
    assert answered[0]["n"] == 4
    time.sleep(0.5)
    again = run_sipp(scenario, f"127.0.0.1:{worker_port}", tmp_path, call_id_prefix=prefix + "b", calls=1)
    assert again.successful == 0 or again.successful == 1  # no plan for it: refused cleanly, never a crash
    assert sip_options_ping(worker_port)


def test_ring_in_order_moves_on_after_each_contacts_own_timeout(
    peers: Any, add_plan: Any, committed_sql: Any, routing_url: str, tmp_path: Path
) -> None:
    call_id = f"seq{uuid.uuid4().hex[:8]}-1"
    contacts = [{"kind": "user", "address": a, "confirm_answer": False} for a in ("2001", "2002")]
    ring = {"kind": "ring", "trace": [], "state": None, "mode": "sequential", "timeout_seconds": 2}
    add_plan(call_id, {**ring, "contacts": contacts, "call_class": "internal"})
    phone, phone_port = peers.phone("--mode", "answer", "--ring-only", "2001")
    _, worker_port = peers.worker(routing_url, f"127.0.0.1:{phone_port}")

    scenario = caller_scenario([("pause", 6000)])
    result = run_sipp(scenario, f"127.0.0.1:{worker_port}", tmp_path, call_id_prefix=call_id[:-2], timeout=60)

    assert result.successful == 1, result.output
    first = phone.wait_event(event="incoming", call="in1")
    second = phone.wait_event(event="incoming", call="in2")
    assert "2001" in first["to"] and "2002" in second["to"]
    assert 1.8 <= second["at"] - first["at"] < 3.5  # 2001 rang its 2 s, then 2002 (which answers) was placed
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "in:ended" in f and f)
    assert journal["out1:ended"]["disposition"] == "no_answer"
    assert "out2:answered" in journal and "out1:answered" not in journal


def test_med03_hold_plays_music_to_the_other_side_until_taken_back(
    peers: Any, add_plan: Any, committed_sql: Any, routing_url: str, tmp_path: Path
) -> None:
    call_id = f"hold{uuid.uuid4().hex[:8]}"
    contacts = [{"kind": "user", "address": "2001", "confirm_answer": False}]
    ring = {"kind": "ring", "trace": [], "state": None, "mode": "sequential", "timeout_seconds": 10}
    add_plan(call_id, {**ring, "contacts": contacts, "call_class": "internal"})
    callee, callee_port = peers.phone("--mode", "answer", "--hold-after", "1", "--hold-for", "3")
    worker, worker_port = peers.worker(routing_url, f"127.0.0.1:{callee_port}")

    # the caller is a pjsua2 phone recording what it hears; the callee plays nothing, so any sound is the music
    caller, _ = peers.phone(
        "--call",
        f"sip:700@127.0.0.1:{worker_port}",
        "--header",
        f"X-Relais-Call: {call_id}",
        "--record-dir",
        str(tmp_path),
        "--hangup-after",
        "7",
    )

    callee.wait_event(event="hold", timeout=15)
    worker.wait_line(lambda line: "on hold, playing default_music_on_hold.wav" in line, 5)
    callee.wait_event(event="unhold", timeout=10)
    worker.wait_line(lambda line: "taken off hold" in line, 5)
    caller.wait_event(event="closed", timeout=15)
    assert peak(tmp_path / "out1.wav") > 1000
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "out1:ended" in f and f)
    assert journal["out1:answered"] and journal["in:answered"]
