"""The billing service owns the billing schema and its numbered migrations."""

from billing.service import BillingService
from relais_kit.testing.checks import assert_migrations_well_formed


def test_migrations_are_well_formed() -> None:
    assert_migrations_well_formed(BillingService)
