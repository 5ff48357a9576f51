"""The decision context threaded through one route() or step() call: the trace, the loop guard, the updates.

It is mutable on purpose and never escapes the engine: every plan is built from a copy of it. A Walk is forked
before exploring a branch (a Ring's fallback, a Queue's overflow) so that branches do not see each other's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from routing.engine import wording
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
    TargetKind,
    TraceParam,
    TraceStep,
    User,
    Voicemail,
    VoicemailBox,
)
from routing.engine.wording import N_, line

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

    def note(self, feature: str, code: str, msgid: str, /, **params: TraceParam) -> None:
        """Record a decision: `msgid` is an English template marked with N_, `params` fill its placeholders."""
        self.trace.append(TraceStep(feature, code, msgid, params))

    def fork(self) -> Walk:
        """A copy for an alternative branch; it starts with no updates, since a plan's updates are only its own."""
        # built field by field: dataclasses.replace() inspects the fields on every call, and forks are frequent
        return Walk(
            self.snapshot,
            self.request,
            self.now,
            self.router,
            list(self.trace),
            list(self.visited),
            self.hops,
            [],
            self.forwarded_by,
        )

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

    def reject(self, feature: str, reason: str, sip_code: int, msgid: str, /, **params: TraceParam) -> Reject:
        self.trace.append(TraceStep(feature, reason.upper(), msgid, params))
        return Reject(
            reason=reason,
            sip_code=sip_code,
            trace=tuple(self.trace),
            state=self.state(Stage.DONE),
            updates=tuple(self.updates),
        )

    def voicemail(self, feature: str, user: User, msgid: str, /, **params: TraceParam) -> Plan:
        """Voicemail of `user`; `msgid` names the line as {line}, filled in here."""
        if not user.voicemail_enabled:
            return self.reject(
                feature, "no_voicemail", 480, N_("Line {line} has no voicemail to take the call"), line=line(user)
            )
        self.trace.append(TraceStep(feature, "VOICEMAIL", msgid, {"line": line(user), **params}))
        return Voicemail(
            mailbox=user.id,
            language=user.language,
            trace=tuple(self.trace),
            state=self.state(Stage.DONE, user.id),
            updates=tuple(self.updates),
        )

    def voicemail_box(self, feature: str, user: User) -> Plan:
        if not user.voicemail_enabled:
            return self.reject(feature, "no_voicemail", 404, N_("Line {line} has no voicemail box"), line=line(user))
        self.note(feature, "VOICEMAIL_BOX", N_("Line {line} listens to its voicemail messages"), line=line(user))
        return VoicemailBox(
            mailbox=user.id,
            language=user.language,
            trace=tuple(self.trace),
            state=self.state(Stage.DONE, user.id),
            updates=tuple(self.updates),
        )

    def enter(self, key: str) -> Plan | None:
        """Mark `key` (such as "user:42") as reached; answer the plan that ends the call when this would loop."""
        if key in self.visited:
            return self.cut(
                "LOOP_DETECTED",
                482,
                N_("This call already went through {kind} {name}: forwarding loop cut"),
                **self._named(key),
            )
        if self.hops >= MAX_HOPS:
            return self.cut(
                "TOO_MANY_HOPS",
                483,
                N_("More than {hops} automatic transfers: chain cut at {kind} {name}"),
                hops=MAX_HOPS,
                **self._named(key),
            )
        self.visited.append(key)
        self.hops += 1
        return None

    def _named(self, key: str) -> dict[str, TraceParam]:
        kind, _, ref = key.partition(":")
        return {"kind": wording.kind(kind), "name": wording.name_of(self.snapshot, Target(TargetKind(kind), ref))}

    def cut(self, code: str, sip_code: int, msgid: str, /, **params: TraceParam) -> Plan:
        """End a loop: the voicemail of the first user this call reached takes it, else the call is rejected."""
        self.note("RTE-04", code, msgid, **params)
        for key in self.visited:
            kind, _, ref = key.partition(":")
            user = self.snapshot.users_by_id.get(ref)
            if kind == "user" and user is not None and user.voicemail_enabled:
                return self.voicemail("RTE-04", user, N_("Voicemail of line {line}, the first line this call reached"))
        return self.reject("RTE-04", code.lower(), sip_code, N_("No voicemail to fall back to"))
