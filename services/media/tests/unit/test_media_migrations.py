"""The media service owns the media schema and its numbered migrations."""

from media.service import MediaService
from relais_kit.testing.checks import assert_migrations_well_formed


def test_migrations_are_well_formed() -> None:
    assert_migrations_well_formed(MediaService)
