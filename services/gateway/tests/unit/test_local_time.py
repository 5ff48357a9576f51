"""Instants in the account's time zone (MED-01, MED-04): the call history and the voicemail list say local time."""

from datetime import UTC, datetime

from gateway.local_time import local_time, zone_of


def test_instants_are_said_in_the_accounts_zone_across_daylight_saving() -> None:
    assert local_time("2026-11-22T10:29:00+00:00", "America/Montreal") == "2026-11-22 05:29"
    assert local_time(datetime(2026, 7, 1, 10, 29, tzinfo=UTC), "America/Montreal") == "2026-07-01 06:29"
    assert local_time("2026-07-01T10:29:00", "Europe/Paris") == "2026-07-01 12:29"  # naive: taken as UTC


def test_nothing_or_nonsense_is_shown_as_it_is() -> None:
    assert local_time(None, "UTC") == "—" and local_time("", "UTC") == "—"
    assert local_time("yesterday", "UTC") == "yesterday"
    assert local_time("2026-07-01T10:29:00+00:00", "Mars/Olympus") == "2026-07-01 10:29"


def test_the_zone_comes_from_the_profile_with_a_default() -> None:
    assert zone_of({"tenant_time_zone": "Europe/Paris"}) == "Europe/Paris"
    assert zone_of({"tenant_time_zone": None}) == "America/Toronto"
