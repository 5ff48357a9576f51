"""Per-entrypoint call counts and latency for every service, in Prometheus' text format."""

from __future__ import annotations

import time
from typing import Any

from nameko.extensions import DependencyProvider
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

_registries: dict[str, tuple[CollectorRegistry, Counter, Histogram]] = {}

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _metrics_for(service: str) -> tuple[CollectorRegistry, Counter, Histogram]:
    if service not in _registries:
        registry = CollectorRegistry()
        calls = Counter(
            f"{service}_entrypoint_calls", "Entrypoint calls by outcome", ["entrypoint", "outcome"], registry=registry
        )
        latency = Histogram(
            f"{service}_entrypoint_seconds", "Entrypoint latency", ["entrypoint"], registry=registry, buckets=BUCKETS
        )
        _registries[service] = (registry, calls, latency)
    return _registries[service]


def render(service: str) -> bytes:
    return generate_latest(_metrics_for(service)[0])


def observe(service: str, entrypoint: str, seconds: float, status: int = 200) -> None:
    """Record one call served outside nameko's workers (the call-path server)."""
    _, calls, latency = _metrics_for(service)
    calls.labels(entrypoint=entrypoint, outcome="ok" if status < 500 else "error").inc()
    latency.labels(entrypoint=entrypoint).observe(seconds)


class EntrypointMetrics(DependencyProvider):
    """Times every worker of the service it is attached to; no code in entrypoints needed."""

    def setup(self) -> None:
        self._started: dict[Any, float] = {}
        _metrics_for(self.container.service_name)

    def worker_setup(self, worker_ctx: Any) -> None:
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        started = self._started.pop(worker_ctx, None)
        if started is None:
            return
        _, calls, latency = _metrics_for(self.container.service_name)
        name = worker_ctx.entrypoint.method_name
        outcome = "error" if exc_info is not None else "ok"
        calls.labels(entrypoint=name, outcome=outcome).inc()
        latency.labels(entrypoint=name).observe(time.perf_counter() - started)
