"""RTE-01: a call from a trunk to one of the enterprise's DIDs reaches what the DID is assigned to."""

from __future__ import annotations

from routing.engine.features import forwarding, limits, numbers
from routing.engine.model import Plan, TargetKind
from routing.engine.walk import Walk

FEATURE = "RTE-01"


def route_inbound(walk: Walk) -> Plan:
    snapshot = walk.snapshot
    e164 = numbers.to_e164(walk.request.dialled, snapshot.country)
    if e164 is None:
        return walk.reject(FEATURE, "invalid_number", 404, f"{walk.request.dialled!r} is not a valid phone number")
    did = snapshot.dids_by_number.get(e164)
    if did is None:
        return walk.reject(FEATURE, "unknown_did", 404, f"{e164} is not a number of this enterprise")
    walk.note(FEATURE, "DID", f"{e164} is assigned to {did.target.kind} {did.target.ref}")
    user = snapshot.users_by_id.get(did.target.ref) if did.target.kind is TargetKind.USER else None
    if user is not None and not limits.admit_external(walk, user, "in"):
        if (cut := walk.enter(f"{TargetKind.USER}:{user.id}")) is not None:
            return cut
        return forwarding.on_busy(walk, user)
    return walk.reach(did.target)
