"""Each replica keeps the engine Snapshot of the enterprises it routes for, and rebuilds one only when that
enterprise's configuration version (bumped by triggers on every configuration and projection table) has moved,
so a change made through any replica is seen by all of them at their next call."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from nameko.extensions import DependencyProvider

from routing.engine import Snapshot
from routing.storage import RoutingStore, SharedState


@dataclass(frozen=True)
class Cached:
    version: int
    path: list[str]
    snapshot: Snapshot


class SnapshotCache:
    def __init__(self, max_enterprises: int = 5000) -> None:
        self.max_enterprises = max_enterprises
        self._entries: OrderedDict[str, Cached] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def path(self, store: RoutingStore, enterprise_id: str) -> list[str]:
        with self._lock:
            cached = self._entries.get(enterprise_id)
        if cached is not None:
            return cached.path
        return store.tenant_path(enterprise_id) or [enterprise_id]

    def current(self, store: RoutingStore, enterprise_id: str) -> tuple[Snapshot, SharedState]:
        """The enterprise's snapshot, rebuilt if its version moved, and the shared state read with that version."""
        path = self.path(store, enterprise_id)
        shared = store.shared_state(enterprise_id, path)
        with self._lock:
            cached = self._entries.get(enterprise_id)
            if cached is not None and cached.version == shared.version:
                self._entries.move_to_end(enterprise_id)
                return cached.snapshot, shared
        path = store.tenant_path(enterprise_id) or [enterprise_id]
        version = store.config_version(path)
        snapshot = store.load_snapshot(enterprise_id, path)
        with self._lock:
            self.builds += 1
            self._entries[enterprise_id] = Cached(version, path, snapshot)
            while len(self._entries) > self.max_enterprises:
                self._entries.popitem(last=False)
        return snapshot, shared

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class Snapshots(DependencyProvider):
    """Hands every worker the container's one cache."""

    def setup(self) -> None:
        self.cache = SnapshotCache()

    def get_dependency(self, worker_ctx: Any) -> SnapshotCache:
        return self.cache
