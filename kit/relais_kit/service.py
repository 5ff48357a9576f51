"""What every Relais service has: liveness, readiness and Prometheus metrics over HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from kombu.connection import Connection
from nameko import config
from prometheus_client import CONTENT_TYPE_LATEST
from werkzeug.wrappers import Request, Response

from relais_kit.db import connect
from relais_kit.metrics import EntrypointMetrics, render
from relais_kit.migrations import is_current
from relais_kit.web import http


def check_database(schema: str, migrations_dir: Path, kit_tables: tuple[str, ...] = ()) -> str | None:
    try:
        conn = connect(config["DATABASE_URL"])
    except Exception as exc:
        return f"database unreachable: {exc.__class__.__name__}"
    try:
        if not is_current(conn, schema, migrations_dir, kit_tables):
            return "database schema is behind: run `relais migrate`"
    except Exception as exc:
        return f"database check failed: {exc.__class__.__name__}"
    finally:
        conn.close()
    return None


def check_broker() -> str | None:
    uri = config["AMQP_URI"]
    if uri.startswith("memory://"):
        return None
    try:
        with Connection(uri, connect_timeout=2) as conn:  # type: ignore[no-untyped-call]
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        return f"broker unreachable: {exc.__class__.__name__}"
    return None


class PlatformService:
    """Base of every service class. Subclasses set ``name``, ``schema`` and ``migrations_dir``, and in
    ``kit_tables`` the kit's tables they use: ``outbox`` to publish events, ``inbox`` to consume them."""

    name: ClassVar[str]
    schema: ClassVar[str]
    migrations_dir: ClassVar[Path]
    kit_tables: ClassVar[tuple[str, ...]] = ()

    entrypoint_metrics = EntrypointMetrics()

    @http("GET", "/health/live")
    def health_live(self, request: Request) -> Any:
        return Response(json.dumps({"status": "alive", "service": self.name}), mimetype="application/json")

    @http("GET", "/health/ready")
    def health_ready(self, request: Request) -> Any:
        problems = [p for p in (check_database(self.schema, self.migrations_dir, self.kit_tables), check_broker()) if p]
        body = {"status": "ready" if not problems else "not ready", "service": self.name, "problems": problems}
        return Response(json.dumps(body), status=200 if not problems else 503, mimetype="application/json")

    @http("GET", "/metrics")
    def prometheus_metrics(self, request: Request) -> Any:
        return Response(render(self.name), mimetype=CONTENT_TYPE_LATEST)
