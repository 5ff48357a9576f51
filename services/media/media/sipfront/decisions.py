"""From a routing plan to what Kamailio does with the call: pure functions, no I/O.

Kamailio's answers (deploy/kamailio/kamailio.cfg.tmpl, route ACT):
  {"action": "relay", "uris": "sip:a sip:b", "timeout_ms": 20000, "caller_id": "+1514…"}  ring them together
  {"action": "worker", "call": "<call id>"}                                               a pjsua2 worker carries it
  {"action": "worker", "call": "<call id>", "worker": "sip:127.0.0.1:5071"}               that worker only (park)
  {"action": "reject", "code": 486, "reason": "Busy Here"}                                refuse with the cause
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Plans a worker carries out (prompts, digits, recording, queues); ringing needs none unless an answer is confirmed.
WORKER_PLANS = frozenset(
    {"play_menu", "ask_account_code", "voicemail", "voicemail_box", "queue", "pickup", "retrieve_parked"}
)
REASONS = {
    403: "Forbidden",
    404: "Not Found",
    480: "Temporarily Unavailable",
    484: "Address Incomplete",
    486: "Busy Here",
    488: "Not Acceptable Here",
    503: "Service Unavailable",
    603: "Decline",
}
MAX_STEPS = 8


@dataclass
class Trunk:
    trunk_id: str
    tenant_id: str
    tenant_path: list[str]
    host: str
    port: int
    caller_id_rules: list[dict[str, str]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Trunk:
        return cls(
            str(row["trunk_id"]),
            str(row["tenant_id"]),
            [str(p) for p in row["tenant_path"] or ()],
            row["host"],
            int(row["port"]),
            list(row["caller_id_rules"] or ()),
        )

    def uri(self, number: str) -> str:
        return f"sip:{number}@{self.host}:{self.port}"

    def caller_id(self, dialled: str) -> str | None:
        """The presented number of the longest caller-ID rule whose prefix starts the dialled digits."""
        digits = dialled.lstrip("+")
        matching = [rule for rule in self.caller_id_rules if digits.startswith(rule["prefix"])]
        if not matching:
            return None
        return max(matching, key=lambda rule: len(rule["prefix"]))["caller_id"]


def bridge_caller_id(trunk: Trunk, dialled: str, original_caller: str) -> str | None:
    """What a worker's leg to an outside number presents: an outside caller's own number (a forwarded or
    transferred call shows who is really calling); a line of the enterprise, or anyone without a number, gets the
    trunk's caller-ID rule for the dialled number, as its own outbound calls do (else the original caller)."""
    if original_caller.startswith("+") and original_caller[1:].isdigit():
        return original_caller
    presented = trunk.caller_id(dialled)
    if presented:
        return presented
    return original_caller if original_caller and original_caller != "anonymous" else None


@dataclass
class FrontCall:
    """What the front remembers of a call it is deciding (in memory: a decision lives seconds)."""

    call_id: str
    origin: str
    caller: str
    dialled: str
    inbound_trunk: str | None = None
    caller_user_id: str | None = None
    state: dict[str, Any] | None = None
    enterprise_id: str | None = None
    waiting: list[str] = field(default_factory=list)
    timeout_ms: int = 0
    caller_id: str | None = None
    steps: int = 0
    started: bool = False


def reject(code: int, reason: str | None = None) -> dict[str, Any]:
    return {"action": "reject", "code": code, "reason": reason or REASONS.get(code, "Call Refused")}


def pick_trunk(
    trunks: list[Trunk], enterprise_id: str | None, path: list[str] | None, inbound: str | None
) -> Trunk | None:
    """The enterprise's own trunk, else the nearest above it (reseller, then system), else the one it came in by."""

    def rank(trunk: Trunk) -> int:
        if enterprise_id and trunk.tenant_id == enterprise_id:
            return 1000
        if path and trunk.tenant_id in path:
            return 100 + path.index(trunk.tenant_id)
        if inbound and trunk.trunk_id == inbound:
            return 10
        return -1

    ranked = sorted((t for t in trunks if rank(t) >= 0), key=rank, reverse=True)
    return ranked[0] if ranked else None


def contact_uri(contact: dict[str, Any], realm: str, trunk: Trunk | None) -> str | None:
    if contact["kind"] == "user":
        return f"sip:{contact['address']}@{realm}"
    return trunk.uri(contact["address"]) if trunk else None


def needs_worker(plan: dict[str, Any]) -> bool:
    if plan["kind"] in WORKER_PLANS:
        return True
    return plan["kind"] == "ring" and any(c.get("confirm_answer") for c in plan.get("contacts", ()))


def event_for(code: int) -> str:
    """The step_call event that a final SIP answer of the rung contacts means."""
    if code in (486, 600, 603):
        return "busy"
    if code in (408, 487):
        return "no_answer"
    return "unreachable"
