"""The decision context threaded through one route() or step() call: the trace, the loop guard, the updates.

It is mutable on purpose and never escapes the engine: every plan is built from a copy of it. A Walk is forked
before exploring a branch (a Ring's fallback, a Queue's overflow) so that branches do not see each other's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from routing.engine.model import (
    CallClass,
    CallRequest,
    CallState,
    Plan,
    Reject,
    Snapshot,
    Stage,
    StateUpdate,
    Target,
    TraceStep,
    User,
    Voicemail,
)

MAX_HOPS = 10
"""Automatic transfers (forwards, overflows, night forwarding) one call may go through before it is cut."""

Router = Callable[["Walk", Target], Plan]


@dataclass
class Walk:
    snapshot: Snapshot
    request: CallRequest
    now: datetime
    router: Router
    trace: list[TraceStep] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    hops: int = 0
    updates: list[StateUpdate] = field(default_factory=list)
    forwarded_by: str = ""

    def note(self, feature: str, code: str, message: str) -> None:
        self.trace.append(TraceStep(feature, code, message))

    def fork(self) -> Walk:
        """A copy for an alternative branch; it starts with no updates, since a plan's updates are only its own."""
        return replace(self, trace=list(self.trace), visited=list(self.visited), updates=[])

    def reach(self, target: Target) -> Plan:
        return self.router(self, target)

    def state(
        self,
        stage: Stage,
        ref: str = "",
        *,
        menu_id: str = "",
        destination: str = "",
        call_class: CallClass | None = None,
        attempts: int = 0,
    ) -> CallState:
        return CallState(
            request=self.request,
            stage=stage,
            ref=ref,
            menu_id=menu_id,
            destination=destination,
            call_class=call_class,
            forwarded_by=self.forwarded_by,
            visited=tuple(self.visited),
            hops=self.hops,
            attempts=attempts,
        )

    def reject(self, feature: str, reason: str, sip_code: int, message: str) -> Reject:
        self.note(feature, reason.upper(), message)
        return Reject(
            reason=reason,
            sip_code=sip_code,
            trace=tuple(self.trace),
            state=self.state(Stage.DONE),
            updates=tuple(self.updates),
        )

    def voicemail(self, feature: str, user: User, message: str) -> Plan:
        if not user.voicemail_enabled:
            return self.reject(feature, "no_voicemail", 480, f"user {user.id} has no voicemail to take the call")
        self.note(feature, "VOICEMAIL", message)
        return Voicemail(
            mailbox=user.id,
            language=user.language,
            trace=tuple(self.trace),
            state=self.state(Stage.DONE, user.id),
            updates=tuple(self.updates),
        )

    def enter(self, key: str) -> Plan | None:
        """Mark `key` (such as "user:42") as reached; answer the plan that ends the call when this would loop."""
        if key in self.visited:
            return self.cut("LOOP_DETECTED", 482, f"{key} was already reached by this call: forwarding loop cut")
        if self.hops >= MAX_HOPS:
            return self.cut("TOO_MANY_HOPS", 483, f"more than {MAX_HOPS} automatic transfers: chain cut at {key}")
        self.visited.append(key)
        self.hops += 1
        return None

    def cut(self, code: str, sip_code: int, message: str) -> Plan:
        """End a loop: the voicemail of the first user this call reached takes it, else the call is rejected."""
        self.note("RTE-04", code, message)
        for key in self.visited:
            kind, _, ref = key.partition(":")
            user = self.snapshot.users_by_id.get(ref)
            if kind == "user" and user is not None and user.voicemail_enabled:
                return self.voicemail("RTE-04", user, f"voicemail of {user.id}, the first user this call reached")
        return self.reject("RTE-04", code.lower(), sip_code, "no voicemail to fall back to")
