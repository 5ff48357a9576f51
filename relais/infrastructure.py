"""Which PostgreSQL and RabbitMQ to use: those configured when they answer, otherwise the embedded defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg2
from psycopg2 import sql

from relais_kit.embedded import MEMORY_AMQP_URI, patch_memory_transport, start_embedded_postgres, tcp_answers


@dataclass(frozen=True)
class Infrastructure:
    amqp_uri: str
    database_url: str
    embedded_broker: bool
    embedded_database: bool
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        return [
            "message bus: "
            + (
                "embedded (kombu in-memory transport, all services in this process)"
                if self.embedded_broker
                else f"RabbitMQ at {redact(self.amqp_uri)}"
            ),
            "database:    "
            + ("embedded PostgreSQL (pgserver) at " if self.embedded_database else "PostgreSQL at ")
            + redact(self.database_url),
            *self.notes,
        ]


def redact(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return urlunparse(parsed._replace(netloc=netloc))
    return url


def data_dir() -> Path:
    return Path(os.environ.get("RELAIS_DATA_DIR", Path.cwd() / "var"))


def ensure_database(url: str) -> None:
    """Create the configured database when the server answers but the database is not there yet."""
    try:
        psycopg2.connect(url, connect_timeout=5).close()
        return
    except psycopg2.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")), connect_timeout=5)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def resolve(amqp_uri: str, database_url: str, mode: str = "auto") -> Infrastructure:
    """``mode``: auto (probe), embedded (force both embedded) or external (never fall back)."""
    broker_up = mode != "embedded" and (amqp_uri.startswith("memory://") or tcp_answers(amqp_uri, 5672))
    database_up = mode != "embedded" and tcp_answers(database_url, 5432)
    if mode == "external" and not (broker_up and database_up):
        down = [n for n, up in (("RabbitMQ", broker_up), ("PostgreSQL", database_up)) if not up]
        raise SystemExit(f"relais: {' and '.join(down)} did not answer at the configured address")
    if database_up:
        ensure_database(database_url)
    else:
        database_url = start_embedded_postgres(data_dir() / "pgdata")
    if not broker_up or amqp_uri.startswith("memory://"):
        patch_memory_transport()
        amqp_uri = MEMORY_AMQP_URI
    return Infrastructure(amqp_uri, database_url, amqp_uri == MEMORY_AMQP_URI, not database_up)


def ensure_secrets_key() -> str:
    """The key that encrypts SIP and trunk credentials: from RELAIS_SECRETS_KEY, else kept in ./var/secrets.key
    (created once, readable by its owner only). Production sets the variable from a secret store."""
    if os.environ.get("RELAIS_SECRETS_KEY"):
        return "secrets key: from RELAIS_SECRETS_KEY"
    from cryptography.fernet import Fernet

    path = data_dir() / "secrets.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode())
        note = "generated"
    else:
        note = "kept"
    os.environ["RELAIS_SECRETS_KEY"] = path.read_text().strip()
    return f"secrets key: {note} in {path} (set RELAIS_SECRETS_KEY in production)"
