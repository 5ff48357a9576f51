"""The accounts service owns the accounts schema and its numbered migrations."""

from accounts.service import AccountsService
from relais_kit.testing.checks import assert_migrations_well_formed


def test_migrations_are_well_formed() -> None:
    assert_migrations_well_formed(AccountsService)
