"""RTE-01: a call from a trunk to one of the enterprise's DIDs reaches what the DID is assigned to."""

from __future__ import annotations

from routing.engine.features import forwarding, limits, numbers
from routing.engine.model import Plan, TargetKind
from routing.engine.walk import Walk
from routing.engine.wording import N_, kind, name_of

FEATURE = "RTE-01"


def route_inbound(walk: Walk) -> Plan:
    snapshot = walk.snapshot
    e164 = numbers.to_e164(walk.request.dialled, snapshot.country)
    if e164 is None:
        return walk.reject(
            FEATURE, "invalid_number", 404, N_("'{number}' is not a valid phone number"), number=walk.request.dialled
        )
    did = snapshot.dids_by_number.get(e164)
    if did is None:
        return walk.reject(FEATURE, "unknown_did", 404, N_("{number} is not a number of this enterprise"), number=e164)
    walk.note(
        FEATURE,
        "DID",
        N_("{number} is assigned to {kind} {name}"),
        number=e164,
        kind=kind(did.target.kind),
        name=name_of(snapshot, did.target),
    )
    user = snapshot.users_by_id.get(did.target.ref) if did.target.kind is TargetKind.USER else None
    if not limits.admit_external(walk, user, "in"):
        if user is None:
            return walk.reject(
                limits.FEATURE, "incoming_limit", 486, N_("The enterprise's limit of incoming calls is reached")
            )
        if (cut := walk.enter(f"{TargetKind.USER}:{user.id}")) is not None:
            return cut
        return forwarding.on_busy(walk, user)
    return walk.reach(did.target)
