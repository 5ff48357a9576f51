"""The routing nameko service: wiring only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relais_kit.db import Database, Transaction
from relais_kit.events import consumes
from relais_kit.service import PlatformService
from routing.consumers import ResellerCreated
from routing.storage import RoutingStore

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


class RoutingService(PlatformService):
    name = "routing"
    schema = "routing"
    migrations_dir = MIGRATIONS
    kit_tables = ("inbox",)

    db = Database("routing")

    @consumes("accounts", "reseller_created", ResellerCreated)
    def on_reseller_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        RoutingStore(tx).upsert_tenant(
            data["reseller_id"], "reseller", data["parent_id"], event["tenant_path"], data["name"]
        )
