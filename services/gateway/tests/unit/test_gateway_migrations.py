"""The gateway service owns the gateway schema and its numbered migrations."""

from gateway.service import GatewayService
from relais_kit.testing.checks import assert_migrations_well_formed


def test_migrations_are_well_formed() -> None:
    assert_migrations_well_formed(GatewayService)
