"""The reseller's brand when the portal is reached through its own host name (ACC-08), cached briefly."""

from __future__ import annotations

import time
from typing import Any

from gateway.backends import Backend, ServiceUnavailable

CACHE_SECONDS = 30.0


class BrandCache:
    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, dict[str, Any] | None]] = {}

    def for_host(self, host: str, accounts: Backend) -> dict[str, Any] | None:
        key = host.split(":")[0].lower()
        cached = self._entries.get(key)
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        try:
            brand = accounts.call("brand_for_host", key)
        except ServiceUnavailable:
            return cached[1] if cached else None
        self._entries[key] = (time.monotonic(), brand)
        return brand
