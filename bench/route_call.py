"""Routing decision benchmark (README "Routing decision (`route_call`)"): the routing service in its own process
(`relais run-service routing`) on a throw-away database and vhost, an enterprise of 200 lines, 5 hunt groups,
3 auto attendants, a zone and restrictions; then

- over RPC, one call in flight: route_call p50/p95/p99;
- over RPC, several clients at once for a fixed time (closed loop): calls per second and percentiles;
- in process: the engine's route() alone on the cached snapshot, and route_call's whole work (snapshot cache,
  shared state, compare-and-set updates) against PostgreSQL without the bus.

The client is plain kombu holding one connection and one reply queue per client thread, as nameko's ServiceRpc
does inside a service (the stock standalone proxy reconnects per reply, see ../shared/STACK.md).

    .venv/bin/python bench/route_call.py [--calls 2000] [--clients 4] [--seconds 10]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import threading
import time
import uuid
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from _routing import routing_bench  # noqa: E402
from kombu import Connection, Exchange, Producer, Queue  # noqa: E402

from relais_kit.db import ConnectionPool  # noqa: E402
from routing import calls  # noqa: E402
from routing.engine import CallRequest, Origin, route  # noqa: E402
from routing.seeding import SeededEnterprise  # noqa: E402
from routing.snapshots import SnapshotCache  # noqa: E402
from routing.storage import RoutingStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AMQP = os.environ.get("RELAIS_BENCH_AMQP", "amqp://guest:guest@127.0.0.1:5672/")
WEDNESDAY_NOON = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)


class RpcClient:
    """nameko's RPC wire protocol over one kombu connection with its own reply queue."""

    def __init__(self, uri: str) -> None:
        self.connection = Connection(uri)
        self.channel = self.connection.channel()
        self.exchange = Exchange("nameko-rpc", type="topic", durable=True)
        self.reply_key = f"bench-reply-{uuid.uuid4().hex}"
        self.queue = Queue(self.reply_key, self.exchange, routing_key=self.reply_key, exclusive=True, auto_delete=True)
        self.replies: dict[str, Any] = {}
        self.consumer = self.connection.Consumer(
            self.queue, callbacks=[self._on_reply], no_ack=True, channel=self.channel
        )
        self.consumer.consume()
        self.producer = Producer(self.connection.channel(), exchange=self.exchange, serializer="json")

    def _on_reply(self, body: Any, message: Any) -> None:
        self.replies[message.properties["correlation_id"]] = body

    def call(self, method: str, *args: Any) -> Any:
        correlation = uuid.uuid4().hex
        self.producer.publish(
            {"args": list(args), "kwargs": {}},
            routing_key=f"routing.{method}",
            reply_to=self.reply_key,
            correlation_id=correlation,
            delivery_mode=1,
        )
        while correlation not in self.replies:
            self.connection.drain_events(timeout=10)
        reply = self.replies.pop(correlation)
        if reply.get("error"):
            raise RuntimeError(reply["error"])
        return reply["result"]

    def close(self) -> None:
        self.connection.release()


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return f"p50 {at(50):.2f} ms, p95 {at(95):.2f} ms, p99 {at(99):.2f} ms, mean {statistics.fmean(ordered):.2f} ms"


def sequential(client: RpcClient, mix: list[dict[str, Any]], count: int) -> list[float]:
    latencies = []
    for n, request in zip(range(count), itertools.cycle(mix), strict=False):
        start = time.perf_counter()
        plan = client.call("route_call", {**request, "call_id": f"seq-{n}"})
        latencies.append((time.perf_counter() - start) * 1000)
        assert plan["kind"] in ("ring", "play_menu", "reject", "voicemail"), plan
        client.call("call_ended", f"seq-{n}")
    return latencies


def concurrent(uri: str, mix: list[dict[str, Any]], clients: int, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(index: int) -> None:
        nonlocal failures
        client = RpcClient(uri)
        mine: list[float] = []
        bad = 0
        for n, request in enumerate(itertools.cycle(mix)):
            if time.perf_counter() > deadline:
                break
            start = time.perf_counter()
            try:
                client.call("route_call", {**request, "call_id": f"w{index}-{n}"})
                mine.append((time.perf_counter() - start) * 1000)
            except Exception:
                bad += 1
        client.close()
        with lock:
            latencies.extend(mine)
            failures += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def in_process(
    url: str, enterprise: SeededEnterprise, mix: list[dict[str, Any]], count: int
) -> tuple[list[float], list[float]]:
    pool = ConnectionPool(url, "routing", size=2)
    cache = SnapshotCache()
    with pool.transaction() as tx:
        snapshot, _ = cache.current(RoutingStore(tx), enterprise.enterprise_id)
    engine, whole = [], []
    for n, request in zip(range(count), itertools.cycle(mix), strict=False):
        built = CallRequest(
            request["caller"], request["dialled"], Origin(request["origin"]), request.get("caller_user_id")
        )
        start = time.perf_counter()
        route(snapshot, built, WEDNESDAY_NOON)
        engine.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        calls.route_call(pool, cache, {**request, "call_id": f"inproc-{n}", "enterprise_id": enterprise.enterprise_id})
        whole.append((time.perf_counter() - start) * 1000)
    pool.close()
    return engine, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    with routing_bench() as bench:
        uri, url, enterprise, mix = bench.amqp_uri, bench.database_url, bench.enterprise, bench.mix
        bench.start_routing()
        client = RpcClient(uri)
        deadline = time.monotonic() + 60
        while True:  # the first reply means the service consumes its queue
            try:
                client.call("call_ended", "warm-up")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        sequential(client, mix, 200)  # warm the snapshot cache and connection pool
        seq = sequential(client, mix, args.calls)
        client.close()
        lat, failures, elapsed = concurrent(uri, mix, args.clients, args.seconds)
        engine, whole = in_process(url, enterprise, mix, args.calls)

        print(
            f"enterprise: 200 lines, 5 hunt groups (circular), 3 auto attendants, 3 restrictions; {len(mix)} call kinds"
        )
        print(f"route_call over RPC, 1 in flight, {len(seq)} calls: {percentiles(seq)}")
        print(
            f"route_call over RPC, {args.clients} clients for {elapsed:.1f} s: {len(lat) / elapsed:.0f} calls/s,"
            f" {failures} failures, {percentiles(lat)}"
        )
        print(f"engine route() in process, {len(engine)} calls: {percentiles(engine)}")
        print(f"route_call work in process (cache + PostgreSQL, no bus), {len(whole)} calls: {percentiles(whole)}")


if __name__ == "__main__":
    main()
