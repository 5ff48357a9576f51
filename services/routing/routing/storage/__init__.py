"""The routing service's SQL, and only here (ARCHITECTURE: storage). One store per transaction."""

from __future__ import annotations

from relais_kit.db import Transaction
from routing.storage.call_state import CallStateQueries, EndedCall, SharedState
from routing.storage.configuration import ChildTable, ConfigurationQueries, TableSpec
from routing.storage.lines import LineQueries
from routing.storage.projections import ProjectionQueries
from routing.storage.snapshot import SnapshotQueries


class RoutingStore(ProjectionQueries, SnapshotQueries, CallStateQueries, ConfigurationQueries, LineQueries):
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx


__all__ = ["ChildTable", "EndedCall", "RoutingStore", "SharedState", "TableSpec"]
