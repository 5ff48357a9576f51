"""The routing service owns the routing schema and its numbered migrations."""

from relais_kit.testing.checks import assert_migrations_well_formed
from routing.service import RoutingService


def test_migrations_are_well_formed() -> None:
    assert_migrations_well_formed(RoutingService)
