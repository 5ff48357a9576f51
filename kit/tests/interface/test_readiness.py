"""Readiness (OPS-03) says "not ready" when the schema is behind or the broker is away, and why."""

from pathlib import Path
from typing import Any

import nameko

from relais_kit.service import check_broker, check_database
from relais_kit.testing.plugin import free_port


def test_ready_when_the_schema_is_current(database_url: str) -> None:
    accounts_migrations = Path(__file__).resolve().parents[3] / "services/accounts/migrations"
    with nameko.config.patch({"DATABASE_URL": database_url}):
        assert check_database("accounts", accounts_migrations) is None


def test_not_ready_when_a_migration_is_pending(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    with nameko.config.patch({"DATABASE_URL": database_url}):
        assert check_database("no_such_schema", tmp_path) == "database schema is behind: run `relais migrate`"


def test_not_ready_without_database_or_broker() -> None:
    port = free_port()
    config: dict[str, Any] = {
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/relais",
        "AMQP_URI": f"amqp://guest:guest@127.0.0.1:{port}/",
    }
    with nameko.config.patch(config):
        assert (check_database("accounts", Path(".")) or "").startswith("database unreachable")
        assert (check_broker() or "").startswith("broker unreachable")


def test_broker_reachable(amqp_uri: str) -> None:
    with nameko.config.patch({"AMQP_URI": amqp_uri}):
        assert check_broker() is None
