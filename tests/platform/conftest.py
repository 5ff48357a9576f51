"""Accounts, routing and the gateway running in this process against the run's RabbitMQ vhost and database."""

from dataclasses import dataclass
from typing import Any

import pytest
import requests

from accounts.passwords import make_hasher
from accounts.seed import seed_defaults
from accounts.service import AccountsService
from accounts.storage import AccountsStore
from gateway.service import GatewayService
from media.service import MediaService
from relais_kit.events import OutboxWriter
from routing.service import RoutingService

PASSWORDS = {"admin": "admin-pass-1", "reseller": "reseller-pass-1", "user": "user-pass-1"}


@dataclass
class Platform:
    url: str
    config: dict[str, Any]

    def session(self, language: str = "fr") -> requests.Session:
        session = requests.Session()
        session.headers["Accept-Language"] = language
        return session

    def api_token(self, identifier: str, password: str) -> str:
        response = requests.post(
            f"{self.url}/api/v1/sessions", json={"identifier": identifier, "password": password}, timeout=10
        )
        assert response.status_code == 201, response.text
        return str(response.json()["token"])


@pytest.fixture()
def platform(db_connection: Any, run_services: Any, platform_config: dict[str, Any]) -> Platform:
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    with db_connection.savepoint("accounts") as tx:
        seed_defaults(AccountsStore(tx), OutboxWriter("accounts"), hasher, PASSWORDS)
    run_services(AccountsService, RoutingService, MediaService, GatewayService)
    return Platform(f"http://{platform_config['HTTP_ADDRESSES']['gateway']}", platform_config)
