"""Checks every service must pass, shared so each service's own tests can call them in one line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from relais_kit.migrations import discover


def assert_platform_endpoints(run_services: Callable[..., Any], config: dict[str, Any], service_cls: Any) -> None:
    """The service starts, answers liveness and readiness, and counts its entrypoints in /metrics (OPS-03)."""
    run_services(service_cls)
    base = f"http://{config['HTTP_ADDRESSES'][service_cls.name]}"
    live = requests.get(f"{base}/health/live", timeout=10)
    assert live.status_code == 200 and live.json() == {"status": "alive", "service": service_cls.name}
    ready = requests.get(f"{base}/health/ready", timeout=10)
    assert ready.status_code == 200, ready.text
    metrics = requests.get(f"{base}/metrics", timeout=10)
    assert metrics.headers["Content-Type"].startswith("text/plain")
    sample = f'{service_cls.name}_entrypoint_calls_total{{entrypoint="health_ready",outcome="ok"}}'
    assert sample in metrics.text


def assert_migrations_well_formed(service_cls: Any) -> None:
    """Its schema is named after it and its migrations run 0001, 0002, … (ARCHITECTURE convention 5)."""
    assert service_cls.schema == service_cls.name
    migrations = discover(service_cls.migrations_dir)
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert set(service_cls.kit_tables) <= {"outbox", "inbox"}
    for migration in migrations:
        assert migration.text.strip(), migration.path
