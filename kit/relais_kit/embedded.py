"""The embedded defaults used when no PostgreSQL or RabbitMQ answers: pgserver and kombu's memory transport.

kombu's in-memory messages lack ``content_type``/``content_encoding`` in their properties, which nameko's RPC
reply path reads (the caller then waits forever), and its transport polls once a second. Both are fixed here,
once, before any service starts. Everything else runs the same code as with real servers.
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

log = logging.getLogger(__name__)

MEMORY_AMQP_URI = "memory://localhost/"
MEMORY_TRANSPORT_OPTIONS = {"polling_interval": 0.002}

_patched = False


def patch_memory_transport() -> None:
    global _patched
    if _patched:
        return
    from kombu.transport.virtual import base

    original_init = base.Message.__init__

    def init_with_content_properties(self: Any, payload: Any, channel: Any = None, **kwargs: Any) -> None:
        original_init(self, payload, channel=channel, **kwargs)  # type: ignore[no-untyped-call]
        self.properties.setdefault("content_type", self.content_type)
        self.properties.setdefault("content_encoding", self.content_encoding)

    base.Message.__init__ = init_with_content_properties  # type: ignore[method-assign]
    base.Transport.polling_interval = MEMORY_TRANSPORT_OPTIONS["polling_interval"]
    _patched = True


def tcp_answers(url: str, default_port: int, timeout: float = 1.0) -> bool:
    parsed = urlparse(url)
    host = parsed.hostname or "127.0.0.1"
    port = parsed.port or default_port
    if host.startswith("/") or (not parsed.hostname and "host=/" in url):
        return True  # a Unix socket: let the real connection decide
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or reuse) a PostgreSQL server living in ``data_dir``; returns a URL for the ``relais`` database."""
    import pgserver.postgres_server as pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    base_uri = server.get_uri()
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'relais';")
    if "1 row" not in exists:
        server.psql("CREATE DATABASE relais;")
    return (
        base_uri.replace("/postgres?", "/relais?")
        if "/postgres?" in base_uri
        else base_uri.rsplit("/", 1)[0] + "/relais"
    )
