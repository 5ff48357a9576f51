"""Open-loop load at a fixed rate over keep-alive connections, and latency percentiles."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

Request = Callable[[http.client.HTTPConnection], int]


@dataclass
class Result:
    name: str
    rate: float
    seconds: float
    latencies_ms: list[float]
    failures: int

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")

    def line(self) -> str:
        done = len(self.latencies_ms)
        return (
            f"{self.name}: {done} requests at {done / self.seconds:.1f}/s (asked {self.rate:.0f}/s), "
            f"failures {self.failures}, p50 {self.percentile(50):.1f} ms, p95 {self.percentile(95):.1f} ms, "
            f"p99 {self.percentile(99):.1f} ms, mean {statistics.fmean(self.latencies_ms or [0]):.1f} ms"
        )


def run_at_rate(name: str, url: str, request: Request, rate: float, seconds: float, workers: int = 8) -> Result:
    """Send ``rate`` requests per second for ``seconds``; latency counts from the scheduled send time, so a
    backlog shows up in the figures instead of silently lowering the rate."""
    target = urlparse(url)
    total = int(rate * seconds)
    start = time.perf_counter() + 0.2
    schedule = [start + i / rate for i in range(total)]
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    index = 0

    def worker() -> None:
        nonlocal index, failures
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        while True:
            with lock:
                if index >= total:
                    return
                due = schedule[index]
                index += 1
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                status = request(conn)
                ok = 200 <= status < 400
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                ok = False
            elapsed = (time.perf_counter() - due) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures += 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(name, rate, max(time.perf_counter() - start, 1e-9), latencies, failures)
