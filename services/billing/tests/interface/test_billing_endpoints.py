"""The billing service starts on the real broker and database, answers health and exposes metrics (OPS-03)."""

from typing import Any

from billing.service import BillingService
from relais_kit.testing.checks import assert_platform_endpoints


def test_health_and_metrics(run_services: Any, platform_config: dict[str, Any]) -> None:
    assert_platform_endpoints(run_services, platform_config, BillingService)
