"""pytest plugin (entry point ``relais``): a RabbitMQ vhost per run, a database built by the migrations,
one rolled-back transaction per test, free ports, running services that are always stopped.

RabbitMQ and PostgreSQL must answer (``.ci/run`` starts them); a test run without them fails, it does not skip.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points
from typing import Any
from urllib.parse import quote, urlparse, urlunparse

import nameko
import psycopg2
import pytest
from nameko.runners import ServiceRunner
from nameko.standalone.rpc import ServiceRpcClient
from psycopg2 import sql

from relais_kit.db import SavepointConnection, connect, shared_connection
from relais_kit.migrations import migrate_service

# Fixtures of their own modules, registered with this plugin.
pytest_plugins = ("relais_kit.testing.ldap_server",)

SERVICE_NAMES = ("accounts", "routing", "media", "billing", "transcription", "gateway")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_classes() -> dict[str, Any]:
    return {ep.name: ep.load() for ep in entry_points(group="relais.services")}


def _amqp_base() -> str:
    return os.environ.get("RELAIS_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")


def _postgres_base() -> str:
    return os.environ.get("RELAIS_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _rabbitmqctl(*args: str) -> None:
    result = subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        pytest.fail(f"rabbitmqctl {' '.join(args)} failed: {result.stderr.strip()}", pytrace=False)


@contextmanager
def fresh_vhost() -> Iterator[str]:
    """An empty RabbitMQ vhost, deleted on the way out; its URI."""
    vhost = f"relais-test-{uuid.uuid4().hex[:10]}"
    base = urlparse(_amqp_base())
    try:
        socket.create_connection((base.hostname or "127.0.0.1", base.port or 5672), timeout=3).close()
    except OSError:
        pytest.fail("RabbitMQ does not answer on 127.0.0.1:5672: start it (`rabbitmq-server -detached`)", pytrace=False)
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, base.username or "guest", ".*", ".*", ".*")
    try:
        yield urlunparse(base._replace(path="/" + quote(vhost, safe="")))
    finally:
        _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture(scope="session")
def amqp_uri() -> Iterator[str]:
    """A fresh RabbitMQ vhost for this test run, deleted at the end."""
    with fresh_vhost() as uri:
        yield uri


@pytest.fixture()
def private_amqp_uri() -> Iterator[str]:
    """A vhost of the test's own: for tests that count every event a queue delivers. In the run's shared vhost,
    durable queues keep events other tests published while no consumer ran, and those arrive first."""
    with fresh_vhost() as uri:
        yield uri


def create_database(name: str) -> str:
    base = _postgres_base()
    try:
        admin = psycopg2.connect(base, connect_timeout=5)
    except psycopg2.OperationalError as exc:
        pytest.fail(f"PostgreSQL does not answer at {base}: {exc}", pytrace=False)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    return urlunparse(urlparse(base)._replace(path=f"/{name}"))


def drop_database(name: str) -> None:
    admin = psycopg2.connect(_postgres_base(), connect_timeout=5)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


def migrate_everything(url: str) -> None:
    conn = connect(url)
    try:
        for cls in service_classes().values():
            migrate_service(conn, cls.schema, cls.migrations_dir, cls.kit_tables)
    finally:
        conn.close()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A database for this run, built by every service's migrations (never ``create_all``)."""
    name = f"relais_test_{uuid.uuid4().hex[:10]}"
    url = create_database(name)
    migrate_everything(url)
    yield url
    drop_database(name)


@pytest.fixture()
def db_connection(database_url: str) -> Iterator[SavepointConnection]:
    """One transaction, rolled back after the test; services started in the test share it (savepoints)."""
    conn = psycopg2.connect(database_url)
    try:
        with shared_connection(conn) as shared:
            yield shared
    finally:
        conn.rollback()
        conn.close()


@pytest.fixture()
def sql_query(db_connection: SavepointConnection) -> Callable[..., list[dict[str, Any]]]:
    """Run SQL inside the test's transaction, taking turns with the services that share it."""

    def run(query: str, params: Any = None) -> list[dict[str, Any]]:
        with db_connection.savepoint("public") as tx:
            tx.execute(query, params)
            return [dict(row) for row in tx.cursor.fetchall()] if tx.cursor.description else []

    return run


def wait_for(check: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll until ``check()`` is truthy (events arrive asynchronously); fail with what it last returned."""
    import eventlet

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s (last result: {result!r})", pytrace=False)
        eventlet.sleep(interval)


class SmtpServer:
    """A real SMTP server process (aiosmtpd) writing what it receives to a Maildir."""

    def __init__(self, port: int, maildir: str) -> None:
        self.port, self.maildir = port, maildir

    def messages(self) -> list[Any]:
        import mailbox

        if not os.path.isdir(self.maildir):
            return []
        return sorted(mailbox.Maildir(self.maildir, create=False), key=lambda m: m.get_date())


@pytest.fixture()
def smtp_server(tmp_path: Any) -> Iterator[SmtpServer]:
    import sys

    port = free_port()
    maildir = str(tmp_path / "maildir")
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                pytest.fail(f"the SMTP server did not start: {error}")
            time.sleep(0.05)
    yield SmtpServer(port, maildir)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture()
def platform_config(amqp_uri: str, database_url: str) -> Iterator[dict[str, Any]]:
    """nameko config for services started in this test: the run's vhost and database, free HTTP ports."""
    config = {
        "AMQP_URI": amqp_uri,
        "DATABASE_URL": database_url,
        "HTTP_ADDRESSES": {name: f"127.0.0.1:{free_port()}" for name in SERVICE_NAMES},
        "CALL_PATH_ADDRESS": f"127.0.0.1:{free_port()}",
        "ROUTING": {"SECRETS_KEY": "routing-test-secret"},
        "ACCOUNTS": {
            "ARGON2_MEMORY_KIB": 1024,
            "ARGON2_TIME_COST": 1,
            "ALLOW_WEAK_HASHING": True,
            "LOCK_AFTER_FAILURES": 3,
            "SMTP_HOST": "127.0.0.1",
            "SECRETS_KEY": "bjFPQqDaLJp2-VtUZp7kvy53DY5bxGmkuS7vP8Kd4Hw=",
            "SMTP_PORT": 1,
            "MAIL_FROM": "Relais <no-reply@relais.test>",
        },
        "GATEWAY": {
            "PUBLIC_URL": "http://127.0.0.1",
            "SESSION_IDLE_SECONDS": 600,
            "SUPPORT_PHONE": "+1 800 555-0199",
            "FEEDBACK_EMAIL": "feedback@relais.example",
        },
    }
    with nameko.config.patch(config, clear=True):
        yield config


@pytest.fixture()
def run_services(platform_config: dict[str, Any], db_connection: Any) -> Iterator[Callable[..., ServiceRunner]]:
    """Start service classes in this process (real broker, the test's transaction); always stopped after."""
    runners: list[ServiceRunner] = []

    def start(*classes: Any) -> ServiceRunner:
        runner = ServiceRunner()
        for cls in classes:
            runner.add_service(cls)
        runner.start()
        runners.append(runner)
        return runner

    yield start
    import eventlet

    for runner in reversed(runners):
        try:
            with eventlet.Timeout(20):
                runner.stop()  # graceful: a worker killed inside psycopg2 would close the shared connection
        except eventlet.Timeout:
            runner.kill()


@pytest.fixture()
def rpc(platform_config: dict[str, Any]) -> Iterator[Callable[[str], Any]]:
    """``rpc("accounts").method(...)`` over the real broker, with a deadline so a dead service fails the test."""
    clients: list[Any] = []

    def client(service: str) -> Any:
        standalone = ServiceRpcClient(service, timeout=15)
        clients.append(standalone)
        return standalone.start()

    yield client
    for standalone in clients:
        standalone.stop()
