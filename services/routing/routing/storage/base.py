"""What every query mixin shares: the transaction it runs in, and ids from outside read safely."""

from __future__ import annotations

from typing import Any

from relais_kit.db import Transaction


class Queries:
    tx: Transaction


def uuids(values: Any) -> list[str]:
    return [str(value) for value in values]
