"""Transfers and three-way calls in a pjsua2 worker (issue 6, ACC-16, RTE-10's neighbours), with real peers:
pjsua2 phones (the caller playing a tone, the called lines recording what they hear), the routing service deciding
over its HTTP call-time channel for every number dialled during the call, and the journal in PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from media.worker.testing import free_udp_port
from relais_kit.callpath import CallPathClient
from relais_kit.testing.plugin import wait_for
from routing.seeding import seed_enterprise
from routing.storage import RoutingStore

from .conftest import peak, tone

OUTSIDE = "+16135550100"


def seeded(db_connection: Any) -> Any:
    with db_connection.savepoint("routing") as tx:
        return seed_enterprise(RoutingStore(tx), users=4, hunt_groups=0, auto_attendants=0)


def facts(committed_sql: Any, call_id: str) -> dict[str, dict[str, Any]]:
    rows = committed_sql("SELECT * FROM media.call_facts WHERE call_id = %s", (call_id,))
    return {row["fact_key"].removeprefix(call_id + ":"): row for row in rows}


def ring_plan(routing_url: str, call_id: str, enterprise: Any, index: int) -> dict[str, Any]:
    """Routing's plan for an outside call to the line ``index``'s DID: ring that user (then voicemail)."""
    client = CallPathClient(routing_url)
    plan = client.route_call(
        {"call_id": call_id, "caller": OUTSIDE, "dialled": enterprise.did(index), "origin": "trunk"}
    )
    client.close()
    assert plan["kind"] == "ring" and plan["contacts"][0]["address"] == enterprise.users[index]
    return dict(plan)


def caller_phone(peers: Any, worker_port: int, call_id: str, tmp_path: Path, seconds: float) -> Any:
    caller, _ = peers.phone(
        "--user",
        OUTSIDE,
        "--call",
        f"sip:{OUTSIDE}@127.0.0.1:{worker_port}",
        "--header",
        f"X-Relais-Call: {call_id}",
        "--play",
        str(tone(tmp_path)),
        "--hangup-after",
        str(seconds),
    )
    return caller


def test_blind_transfer_rings_routings_target_and_connects_the_caller(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded(db_connection)
    call_id = f"bx{uuid.uuid4().hex[:8]}"
    add_plan(call_id, ring_plan(routing_url, call_id, enterprise, 1))
    worker_port = free_udp_port()
    # line 1 answers, then transfers the caller to extension 2002 (line 2), which answers and records
    lines, lines_port = peers.phone(
        "--record-dir",
        str(tmp_path),
        "--act-on",
        enterprise.users[1],
        "--transfer-to",
        f"sip:2002@127.0.0.1:{worker_port}",
        "--transfer-after",
        "1.5",
    )
    worker, _ = peers.worker(routing_url, f"127.0.0.1:{lines_port}", port=worker_port)

    caller = caller_phone(peers, worker_port, call_id, tmp_path, 8)

    first = lines.wait_event(event="incoming", call="in1", timeout=15)
    assert enterprise.users[1] in first["to"]
    lines.wait_event(event="transfer", call="in1", timeout=10)
    try:
        second = lines.wait_event(event="incoming", call="in2", timeout=10)
    except AssertionError:
        print("\n".join(worker.lines[-60:]))
        raise
    assert enterprise.users[2] in second["to"] and second["caller"] == OUTSIDE and second["leg"] == "bridge"
    lines.wait_event(event="closed", call="in1", timeout=10)  # the transferring line's leg ended
    caller.wait_event(event="closed", timeout=20)
    lines.wait_event(event="closed", call="in2", timeout=10)
    assert peak(tmp_path / "in2.wav") > 1000  # the caller's tone reached the transfer target
    try:
        journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "out2:ended" in f and "in:ended" in f and f)
    except BaseException:
        print(sorted(facts(committed_sql, call_id)), "\n".join(worker.lines[-40:]))
        raise
    assert journal["out1:ended"]["disposition"] == "transferred"
    assert journal["out2:answered"] and journal["out2:ended"]["disposition"] == "answered"
    assert journal["in:ended"]["disposition"] == "answered"
    assert str(journal["out2:started"]["enterprise_id"]) == enterprise.enterprise_id
    assert worker.alive()


def test_attended_transfer_joins_the_caller_with_the_consulted_line(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded(db_connection)
    call_id = f"ax{uuid.uuid4().hex[:8]}"
    consultation_id = f"{call_id}c"
    add_plan(call_id, ring_plan(routing_url, call_id, enterprise, 1))
    client = CallPathClient(routing_url)
    request = {"call_id": consultation_id, "caller": "2001", "dialled": "2002", "origin": "internal"}
    consultation = client.route_call({**request, "caller_user_id": enterprise.users[1]})
    client.close()
    add_plan(consultation_id, consultation)
    worker_port = free_udp_port()
    # line 1 answers, holds the caller, calls 2002 through the worker, then transfers the caller into that call
    lines, lines_port = peers.phone(
        "--record-dir",
        str(tmp_path),
        "--act-on",
        enterprise.users[1],
        "--consult",
        f"sip:2002@127.0.0.1:{worker_port}",
        "--consult-header",
        f"X-Relais-Call: {consultation_id}",
        "--consult-after",
        "1",
        "--transfer-after",
        "1.5",
    )
    worker, _ = peers.worker(routing_url, f"127.0.0.1:{lines_port}", port=worker_port)

    caller = caller_phone(peers, worker_port, call_id, tmp_path, 9)

    lines.wait_event(event="incoming", call="in1", timeout=15)
    consult = lines.wait_event(event="consult", call="in1", timeout=10)
    target = lines.wait_event(event="incoming", call="in3", timeout=10)  # out2 is the consultation itself
    assert consult["consultation"] == "out2" and enterprise.users[2] in target["to"]
    lines.wait_event(event="transfer", call="in1", replaces="out2", timeout=10)
    lines.wait_event(event="closed", call="in1", timeout=10)
    lines.wait_event(event="closed", call="out2", timeout=10)
    caller.wait_event(event="closed", timeout=20)
    lines.wait_event(event="closed", call="in3", timeout=10)
    assert peak(tmp_path / "in3.wav") > 1000  # after the transfer the consulted line hears the caller
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "in:ended" in f and f)
    assert journal["out1:ended"]["disposition"] == "transferred"
    assert journal["in:ended"]["disposition"] == "answered"
    consulted = wait_for(lambda: (f := facts(committed_sql, consultation_id)) and "out1:ended" in f and f)
    assert consulted["in:ended"]["disposition"] == "transferred"  # the transferring line's consultation leg
    assert consulted["out1:answered"] and consulted["out1:ended"]["disposition"] == "answered"
    assert worker.alive()


def test_acc16_star_star_adds_a_third_party_and_the_others_stay_when_one_leaves(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded(db_connection)
    call_id = f"cf{uuid.uuid4().hex[:8]}"
    add_plan(call_id, ring_plan(routing_url, call_id, enterprise, 1))
    # line 1 answers, presses ** 2002 #, and hangs up 4 s after answering; line 2 joins and records
    lines, lines_port = peers.phone(
        "--record-dir",
        str(tmp_path),
        "--act-on",
        enterprise.users[1],
        "--dtmf",
        "**2002#",
        "--dtmf-after",
        "1",
        "--hangup-after",
        "4.5",
    )
    worker, worker_port = peers.worker(routing_url, f"127.0.0.1:{lines_port}")

    caller = caller_phone(peers, worker_port, call_id, tmp_path, 9)

    lines.wait_event(event="incoming", call="in1", timeout=15)
    third = lines.wait_event(event="incoming", call="in2", timeout=10)
    assert enterprise.users[2] in third["to"]
    worker.wait_line(lambda line: "three-way call with" in line, 10)
    lines.wait_event(event="closed", call="in1", timeout=10)  # line 1 leaves the three-way call
    caller.wait_event(event="closed", timeout=20)  # the caller and line 2 talked on until the caller hung up
    lines.wait_event(event="closed", call="in2", timeout=10)
    assert peak(tmp_path / "in2.wav") > 1000  # line 2 heard the caller
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "out2:ended" in f and "in:ended" in f and f)
    assert journal["out2:answered"] and journal["out1:ended"]["disposition"] == "answered"
    ended = {key: row["occurred_at"] for key, row in journal.items() if key.endswith(":ended")}
    assert ended["out1:ended"] < ended["in:ended"] <= ended["out2:ended"]  # the two others stayed after line 1 left
    assert worker.alive()
