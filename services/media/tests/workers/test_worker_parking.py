"""Park and pickup in a pjsua2 worker (RTE-10, issue 6), with real peers: pjsua2 phones (the caller playing a tone,
the lines recording what they hear), the routing service deciding over its HTTP call-time channel and holding the
park slots behind its RPCs on the real broker, and the journal in PostgreSQL."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from media.worker.testing import free_udp_port
from relais_kit.callpath import CallPathClient
from relais_kit.testing.plugin import wait_for
from routing.group_resources import PARK_GROUP, PICKUP_GROUP
from routing.group_services import create_group
from routing.seeding import seed_enterprise
from routing.storage import RoutingStore

from .conftest import peak
from .test_worker_transfers import caller_phone, facts, ring_plan


def seeded_with_groups(db_connection: Any) -> Any:
    """Four lines; lines 1 and 2 share a park group and a pickup group."""
    with db_connection.savepoint("routing") as tx:
        store = RoutingStore(tx)
        enterprise = seed_enterprise(store, users=4, hunt_groups=0, auto_attendants=0)
        members = enterprise.users[1:3]
        create_group(store, enterprise.scope, PARK_GROUP, enterprise.enterprise_id,
                     {"name": "Parc", "member_user_ids": members, "recall_seconds": 60})  # fmt: skip
        create_group(store, enterprise.scope, PICKUP_GROUP, enterprise.enterprise_id,
                     {"name": "Accueil", "member_user_ids": members})  # fmt: skip
    return enterprise


def line_plan(routing_url: str, call_id: str, enterprise: Any, line: int, dialled: str) -> dict[str, Any]:
    """Routing's plan for what line ``line`` dialled (as the front would store it for the worker)."""
    client = CallPathClient(routing_url)
    request = {"call_id": call_id, "caller": enterprise.extension(line), "dialled": dialled, "origin": "internal"}
    plan = client.route_call({**request, "caller_user_id": enterprise.users[line]})
    client.close()
    return dict(plan)


def test_rte10_a_party_parks_the_call_and_another_line_retrieves_it_by_slot(
    db_connection: Any,
    routing_url: str,
    amqp_uri: str,
    peers: Any,
    add_plan: Any,
    committed_sql: Any,
    tmp_path: Path,
) -> None:
    enterprise = seeded_with_groups(db_connection)
    call_id = f"pk{uuid.uuid4().hex[:8]}"
    add_plan(call_id, ring_plan(routing_url, call_id, enterprise, 1))
    worker_port = free_udp_port()
    # line 1 answers, then transfers the caller to *68: parked
    lines, lines_port = peers.phone(
        "--act-on", enterprise.users[1], "--transfer-to", f"sip:*68@127.0.0.1:{worker_port}", "--transfer-after", "1",
    )  # fmt: skip
    worker, _ = peers.worker(routing_url, f"127.0.0.1:{lines_port}", port=worker_port, amqp_uri=amqp_uri)
    caller = caller_phone(peers, worker_port, call_id, tmp_path, 14)

    lines.wait_event(event="incoming", call="in1", timeout=15)
    parked = worker.wait_line(lambda line: "parked on slot" in line, 15)
    slot = int(re.search(r"parked on slot (\d+)", parked).group(1))  # type: ignore[union-attr]
    lines.wait_event(event="closed", call="in1", timeout=15)  # the parking line heard its slot and left
    where = committed_sql(
        "SELECT call_id, worker_address FROM media.parked_calls WHERE enterprise_id = %s AND slot = %s",
        (enterprise.enterprise_id, slot),
    )
    assert where == [{"call_id": call_id, "worker_address": f"127.0.0.1:{worker_port}"}]
    worker.wait_line(lambda line: "on hold, playing" in line, 5)  # the caller waits with music

    # line 2 dials *88<slot>: it takes the caller back and hears the caller's tone
    retrieve_id = f"{call_id}r"
    plan = line_plan(routing_url, retrieve_id, enterprise, 2, f"*88{slot}")
    assert plan["kind"] == "retrieve_parked" and plan["slot"] == slot
    add_plan(retrieve_id, plan)
    heard = tmp_path / "retriever"
    heard.mkdir()
    retriever, _ = peers.phone(
        "--user", enterprise.extension(2), "--call", f"sip:*88{slot}@127.0.0.1:{worker_port}",
        "--header", f"X-Relais-Call: {retrieve_id}", "--record-dir", str(heard), "--hangup-after", "3",
    )  # fmt: skip
    retriever.wait_event(event="closed", timeout=20)
    caller.wait_event(event="closed", timeout=10)  # the retriever hung up: the call is over
    assert peak(heard / "out1.wav") > 1000  # the parked caller's tone reached the retrieving line
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "in:ended" in f and f)
    assert journal["out1:ended"]["disposition"] == "transferred"  # the parking line's leg
    retrieving = wait_for(lambda: (f := facts(committed_sql, retrieve_id)) and "in:ended" in f and f)
    assert retrieving["in:answered"] and retrieving["in:ended"]["disposition"] == "answered"
    assert not committed_sql("SELECT 1 FROM media.parked_calls WHERE call_id = %s", (call_id,))
    assert worker.alive()


def test_rte10_nothing_parked_on_the_slot_is_refused(
    db_connection: Any, routing_url: str, amqp_uri: str, peers: Any, add_plan: Any, committed_sql: Any
) -> None:
    enterprise = seeded_with_groups(db_connection)
    retrieve_id = f"pe{uuid.uuid4().hex[:8]}"
    add_plan(retrieve_id, line_plan(routing_url, retrieve_id, enterprise, 2, "*887"))
    worker, worker_port = peers.worker(routing_url, "127.0.0.1:9", amqp_uri=amqp_uri)
    retriever, _ = peers.phone(
        "--user", enterprise.extension(2), "--call", f"sip:*887@127.0.0.1:{worker_port}",
        "--header", f"X-Relais-Call: {retrieve_id}",
    )  # fmt: skip
    state = retriever.wait_event(event="state", state="DISCONNECTED", timeout=15)
    assert state["status"] == 404
    journal = wait_for(lambda: (f := facts(committed_sql, retrieve_id)) and "in:ended" in f and f)
    assert journal["in:ended"]["disposition"] == "refused"
    assert worker.alive()


def test_rte10_group_pickup_answers_the_call_ringing_at_another_line_of_the_group(
    db_connection: Any, routing_url: str, peers: Any, add_plan: Any, committed_sql: Any, tmp_path: Path
) -> None:
    enterprise = seeded_with_groups(db_connection)
    call_id = f"pu{uuid.uuid4().hex[:8]}"
    add_plan(call_id, ring_plan(routing_url, call_id, enterprise, 1))
    lines, lines_port = peers.phone("--ring-only", enterprise.users[1])  # line 1 rings and never answers
    worker, worker_port = peers.worker(routing_url, f"127.0.0.1:{lines_port}")
    caller = caller_phone(peers, worker_port, call_id, tmp_path, 8)
    lines.wait_event(event="incoming", call="in1", timeout=15)

    pickup_id = f"{call_id}p"
    plan = line_plan(routing_url, pickup_id, enterprise, 2, "*8")
    assert plan["kind"] == "pickup" and plan["user_ids"] == [enterprise.users[1]]
    add_plan(pickup_id, plan)
    heard = tmp_path / "picker"
    heard.mkdir()
    picker, _ = peers.phone(
        "--user", enterprise.extension(2), "--call", f"sip:*8@127.0.0.1:{worker_port}",
        "--header", f"X-Relais-Call: {pickup_id}", "--record-dir", str(heard), "--hangup-after", "3",
    )  # fmt: skip
    lines.wait_event(event="closed", call="in1", timeout=10)  # line 1 stops ringing
    picker.wait_event(event="closed", timeout=20)
    caller.wait_event(event="closed", timeout=10)
    assert peak(heard / "out1.wav") > 1000  # the caller's tone reached the line that picked up
    journal = wait_for(lambda: (f := facts(committed_sql, call_id)) and "in:ended" in f and f)
    assert journal["out1:ended"]["disposition"] == "cancelled"
    assert journal["in:answered"]  # the caller was answered by the pickup
    picking = wait_for(lambda: (f := facts(committed_sql, pickup_id)) and "in:ended" in f and f)
    assert picking["in:answered"] and picking["in:ended"]["disposition"] == "answered"
    assert worker.alive()
