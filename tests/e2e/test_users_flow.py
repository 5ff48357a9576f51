"""The enterprise administrator's Users page in Chromium: create by hand, instant search, sort, options with a
generated SIP password shown once, a line reset through both confirmations (ACC-09, ACC-13, ACC-16, ACC-18).
Screenshots land in test-artifacts/users-page/."""

from typing import Any

import pytest

from tests.e2e.conftest import RunningPlatform, run_browser_flow

pytestmark = pytest.mark.e2e
RESELLER_PASSWORD = "e2e-Revendeur-Secret-1"


def test_an_enterprise_administrator_manages_users(launch_platform: Any, fresh_database: str, amqp_uri: str) -> None:
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
        }
    )
    run_browser_flow("users-page", platform.url, "users-page", RESELLER_PASSWORD)
