"""Instants shown in the portal in the account's own time zone (its enterprise's or professional's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "America/Toronto"


def zone_of(profile: dict[str, Any]) -> str:
    """The signed-in account's time zone (accounts puts it in the profile)."""
    return str(profile.get("tenant_time_zone") or DEFAULT_ZONE)


def local_time(value: Any, zone: str) -> str:
    """``YYYY-MM-DD HH:MM`` in ``zone`` for an aware datetime or an ISO 8601 text; a naive one is taken as UTC."""
    if value is None or value == "":
        return "—"
    try:
        instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        target = ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        return str(value)[:16].replace("T", " ")
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(target).strftime("%Y-%m-%d %H:%M")
