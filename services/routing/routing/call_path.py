"""route_call, step_call and call_ended on the lean call-path server (kit/relais_kit/callpath.py): the channel
media uses at call time. The same work as the RPCs of the same names."""

from __future__ import annotations

from typing import Any

from relais_kit import callpath
from routing import calls


class RoutingCallPath(callpath.CallPathServer):
    def handlers(self) -> dict[str, callpath.Work]:
        providers: Any = self.providers()
        source, cache = providers["db"].source, providers["snapshots"].cache
        return {
            callpath.ROUTE_CALL: lambda body: calls.route_call(source, cache, body),
            callpath.STEP_CALL: lambda body: calls.step_call(source, cache, body.get("state"), body.get("event")),
            callpath.CALL_ENDED: lambda body: calls.call_ended(source, body),
        }
