"""Calls that need a pjsua2 media worker (issue 6 figure): calls per second and concurrent calls, per worker and for
the pool, against a bare pjsua2 process measured in the same run.

Each call, from SIPp: INVITE with X-Relais-Call → the worker takes its plan from media.pending_plans (an auto
attendant menu), answers, journals the call, plays the prompt over RTP → after --hold-ms the caller hangs up.
The bare pjsua2 process (media.worker.phone) answers the same scenario and does nothing else. For each target the
rate climbs the ladder for --seconds each and the figure is the highest rate with zero failed calls. Concurrent
calls: --concurrent+1 simultaneous long calls, counting how many are answered. The pool: one SIPp per worker at
once (the SIP front's dispatcher spreads calls the same way). Needs PostgreSQL (a throw-away database is made).

    python bench/worker_calls.py [--workers 2] [--seconds 10] [--hold-ms 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
warnings.filterwarnings("ignore", category=DeprecationWarning)

LADDER = (5, 10, 15, 20, 25, 30, 40, 50, 60)


def menu_plan() -> dict[str, Any]:
    return {
        "kind": "play_menu",
        "trace": [],
        "state": None,
        "menu_id": "bench",
        "prompt": "welcome",
        "max_digits": 1,
        "timeout_seconds": 30,
        "language": "en",
    }


class Bench:
    def __init__(self, url: str, folder: Path, seconds: float, hold_ms: int) -> None:
        import psycopg2

        self.conn = psycopg2.connect(url)
        self.conn.autocommit = True
        self.folder, self.seconds, self.hold_ms = folder, seconds, hold_ms

    def plans(self, prefix: str, count: int) -> None:
        plan = json.dumps(menu_plan())
        with self.conn.cursor() as cursor:
            cursor.execute(
                "INSERT INTO media.pending_plans (call_id, plan) SELECT %s || '-' || n, %s::jsonb"
                " FROM generate_series(1, %s) AS n",
                (prefix, plan, count),
            )

    def run(
        self, ports: list[int], rate: float, *, calls: int | None = None, hold_ms: int | None = None
    ) -> tuple[int, int]:
        """One SIPp per port at ``rate`` each; returns (successful, failed) summed."""
        from media.worker.testing import caller_scenario, run_sipp

        total = calls or max(1, int(rate * self.seconds))
        scenario = caller_scenario([("pause", hold_ms if hold_ms is not None else self.hold_ms)])

        def one(port: int) -> tuple[int, int]:
            prefix = f"b{uuid.uuid4().hex[:10]}"
            self.plans(prefix, total)
            result = run_sipp(
                scenario,
                f"127.0.0.1:{port}",
                self.folder,
                call_id_prefix=prefix,
                calls=total,
                rate=rate,
                timeout=self.seconds + 60,
            )
            return result.successful, result.failed + max(0, total - result.successful - result.failed)

        with ThreadPoolExecutor(len(ports)) as pool:
            results = list(pool.map(one, ports))
        return sum(r[0] for r in results), sum(r[1] for r in results)

    def highest_rate(self, label: str, ports: list[int], alive: Any) -> float:
        best = 0.0
        for rate in LADDER:
            ok, failed = self.run(ports, rate)
            print(f"  {label}: {rate}/s per target × {len(ports)} → {ok} ok, {failed} failed", flush=True)
            if failed or not alive():
                break
            best = float(rate * len(ports))
            time.sleep(1.0)
        return best

    def concurrent(self, ports: list[int], per_target: int) -> int:
        """per_target+1 simultaneous 5-second calls to each target: how many are answered in all."""
        ok, _ = self.run(ports, 200, calls=per_target + 1, hold_ms=5000)
        return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each ladder step (RFC 7502 uses 20)")
    parser.add_argument("--hold-ms", type=int, default=200, help="how long the caller listens to the prompt")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from media.service import MediaService
    from media.worker.launch import WorkerOptions
    from media.worker.testing import free_udp_port, free_udp_ports, start_phone, start_worker
    from relais_kit.db import connect
    from relais_kit.migrations import migrate_service
    from relais_kit.testing.plugin import create_database, drop_database

    name = f"relais_bench_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    started: list[Any] = []
    try:
        conn = connect(url)
        migrate_service(conn, MediaService.schema, MediaService.migrations_dir, MediaService.kit_tables)
        conn.close()
        with tempfile.TemporaryDirectory(prefix="relais-bench-") as tmp:
            folder = Path(tmp)
            audio = folder / "audio"
            options = WorkerOptions(url, "127.0.0.1:1", "127.0.0.1:1", audio)
            bench = Bench(url, folder / "sipp", args.seconds, args.hold_ms)

            bare_port = free_udp_port()
            bare = start_phone(bare_port, free_udp_port() & ~1, "--mode", "answer", "--answer-after", "0")
            started.append(bare)
            base = free_udp_ports(args.workers)
            workers = [
                start_worker(f"worker-{i}", base + i, free_udp_port() & ~1, options, 180) for i in range(args.workers)
            ]
            started.extend(workers)

            print("bare pjsua2 process (answers, nothing else):", flush=True)
            bare_rate = bench.highest_rate("bare", [bare_port], bare.alive)
            bare_concurrent = bench.concurrent([bare_port], 4)
            print("one worker (plan from PostgreSQL, journal, prompt over RTP):", flush=True)
            one_rate = bench.highest_rate("worker", [base], workers[0].alive)
            one_concurrent = bench.concurrent([base], 4)
            print(f"pool of {args.workers} workers (one SIPp per worker at once):", flush=True)
            ports = [base + i for i in range(args.workers)]
            pool_rate = bench.highest_rate("pool", ports, lambda: all(w.alive() for w in workers))
            pool_concurrent = bench.concurrent(ports, 4)
            alive = all(p.alive() for p in started)

        print()
        print(f"calls held {args.hold_ms} ms, {args.seconds:.0f} s per step, highest rate with zero failures")
        print(f"bare pjsua2 process : {bare_rate:5.0f} calls/s, {bare_concurrent} concurrent calls")
        ratio = one_rate / bare_rate if bare_rate else 0.0
        print(f"one worker          : {one_rate:5.0f} calls/s, {one_concurrent} concurrent calls ({ratio:.2f}× bare)")
        print(f"pool of {args.workers} workers   : {pool_rate:5.0f} calls/s, {pool_concurrent} concurrent calls")
        print(f"every process still up: {alive}")
    finally:
        for process in reversed(started):
            process.stop()
        drop_database(name)


if __name__ == "__main__":
    main()
