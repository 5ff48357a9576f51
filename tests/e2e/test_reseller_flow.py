"""A reseller brands its portal and sells an enterprise account, in Chromium (ACC-01, ACC-08, ACC-20, ACC-21,
ACC-25, ACC-28, OPS-05). Screenshots land in test-artifacts/reseller-brands/."""

from typing import Any

import pytest

from tests.e2e.conftest import RunningPlatform, run_browser_flow

pytestmark = pytest.mark.e2e
RESELLER_PASSWORD = "e2e-Revendeur-Secret-1"


def test_a_reseller_brands_its_portal_and_creates_an_enterprise(
    launch_platform: Any, fresh_database: str, amqp_uri: str
) -> None:
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
        }
    )
    run_browser_flow("reseller-brands", platform.url, "reseller-brands", RESELLER_PASSWORD)
