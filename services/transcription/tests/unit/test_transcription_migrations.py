"""The transcription service owns the transcription schema and its numbered migrations."""

from relais_kit.testing.checks import assert_migrations_well_formed
from transcription.service import TranscriptionService


def test_migrations_are_well_formed() -> None:
    assert_migrations_well_formed(TranscriptionService)
