"""What every query mixin shares: the transaction it runs in."""

from __future__ import annotations

from relais_kit.db import Transaction


class Queries:
    tx: Transaction
