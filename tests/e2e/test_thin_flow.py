"""Issue 2's thin flow, end to end, the way a new user runs it (ACC-04, ACC-05, ACC-08, ACC-27, OPS-01).

`relais up` starts every service; the system administrator signs in in Chromium and creates a reseller;
accounts stores it and publishes reseller_created after the commit; routing's projection receives it; the
reseller shows in the list. Once against real RabbitMQ and PostgreSQL, once embedded with neither answering.
"""

import socket
import urllib.request
from typing import Any

import psycopg2
import pytest

from tests.e2e.conftest import (
    ADMIN_PASSWORD,
    RunningPlatform,
    embedded_database_url,
    run_browser_flow,
    wait_for_projection,
)

pytestmark = pytest.mark.e2e


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


def test_with_rabbitmq_and_postgresql(launch_platform: Any, fresh_database: str, amqp_uri: str) -> None:
    platform: RunningPlatform = launch_platform({"RELAIS_DATABASE_URL": fresh_database, "RELAIS_AMQP_URI": amqp_uri})
    output = platform.text()
    assert "message bus: RabbitMQ at" in output and "database:    PostgreSQL at" in output
    assert "migrate accounts: applied outbox/0001_outbox.sql, migrations/0001_tenants_users.sql" in output
    assert "seed: created system_admin 'admin': password from the environment" in output
    assert "seed: created reseller_admin 'revendeur': password " in output  # generated, printed once
    assert f"Portal: {platform.url}/" in output
    run_browser_flow("thin-flow", platform.url, "thin-flow-real", ADMIN_PASSWORD, "Télécom Boréal")
    wait_for_projection(lambda: psycopg2.connect(fresh_database), "Télécom Boréal")
    for port_env in (
        "RELAIS_ACCOUNTS_HTTP",
        "RELAIS_ROUTING_HTTP",
        "RELAIS_MEDIA_HTTP",
        "RELAIS_BILLING_HTTP",
        "RELAIS_TRANSCRIPTION_HTTP",
        "RELAIS_GATEWAY_HTTP",
    ):
        with urllib.request.urlopen(f"http://{platform.env[port_env]}/health/ready", timeout=5) as response:
            assert response.status == 200


def test_embedded_when_neither_server_answers(launch_platform: Any) -> None:
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_AMQP_URI": f"amqp://guest:guest@127.0.0.1:{closed_port()}/",
            "RELAIS_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{closed_port()}/relais",
        }
    )
    output = platform.text()
    assert "message bus: embedded (kombu in-memory transport, all services in this process)" in output
    assert "database:    embedded PostgreSQL (pgserver)" in output
    run_browser_flow("thin-flow", platform.url, "thin-flow-embedded", ADMIN_PASSWORD, "Relais Embarqué")
    wait_for_projection(lambda: psycopg2.connect(embedded_database_url(platform)), "Relais Embarqué")
