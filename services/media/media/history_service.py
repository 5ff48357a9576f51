"""The media service's call history entry points (MED-01), mixed into MediaService; the work is in
media.call_history. RPCs take the gateway's ``scope`` (media.scope): NotFound outside it, PermissionDenied for a
role that lacks the action."""

from __future__ import annotations

from typing import Any

from media import call_history
from media.scope import parse_scope
from relais_kit.db import Database
from relais_kit.rpc import rpc


class CallHistory:
    db = Database("media")

    @rpc
    def list_calls(self, scope: Any, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
        who = parse_scope(scope)
        with self.db.transaction() as tx:
            return call_history.list_calls(tx, who, enterprise_id, query)

    @rpc
    def list_user_calls(self, scope: Any, user_id: Any, query: Any = None) -> dict[str, Any]:
        who = parse_scope(scope)
        with self.db.transaction() as tx:
            return call_history.list_user_calls(tx, who, user_id, query)

    @rpc
    def calls_per_period(self, scope: Any, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
        who = parse_scope(scope)
        with self.db.transaction() as tx:
            return call_history.calls_per_period(tx, who, enterprise_id, query)
