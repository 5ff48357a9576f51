"""The billing nameko service. It has no feature yet: it starts, migrates, answers health and exposes metrics."""

from __future__ import annotations

from pathlib import Path

from relais_kit.service import PlatformService

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


class BillingService(PlatformService):
    name = "billing"
    schema = "billing"
    migrations_dir = MIGRATIONS
