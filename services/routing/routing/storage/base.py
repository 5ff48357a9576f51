"""What every query mixin shares: the transaction it runs in, and ids from outside read safely."""

from __future__ import annotations

import uuid
from typing import Any

from relais_kit.db import Transaction


class Queries:
    tx: Transaction


def as_uuid(value: Any) -> str | None:
    """An id from outside as a UUID string, or None when it is not one (then nothing is found, never a 500)."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        return None


def uuids(values: Any) -> list[str]:
    return [str(value) for value in values]
