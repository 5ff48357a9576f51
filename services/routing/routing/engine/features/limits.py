"""RTE-14: at most N external calls in progress per department and for the whole enterprise, each way; the carrier
access code the trunk dials before local, long-distance and international numbers.

The counters are shared by every replica, so they come in through RouteContext and a call that goes out is
counted by an ExternalCallCounted update on its plan (only where the department or the enterprise has a limit).
The enterprise's own counter is keyed by its id ("<enterprise id>:out"), like a department's."""

from __future__ import annotations

from typing import Literal

from routing.engine.model import CallClass, ExternalCallCounted, User
from routing.engine.walk import Walk
from routing.engine.wording import CALL_CLASSES, N_

FEATURE = "RTE-14"
DEPARTMENT_LIMITS = {
    "in": N_("Department {name}: {count} of {limit} incoming external calls already in progress"),
    "out": N_("Department {name}: {count} of {limit} outgoing external calls already in progress"),
}
ENTERPRISE_LIMITS = {
    "in": N_("The enterprise: {count} of {limit} incoming external calls already in progress"),
    "out": N_("The enterprise: {count} of {limit} outgoing external calls already in progress"),
}


def admit_external(walk: Walk, user: User | None, direction: Literal["in", "out"]) -> bool:
    """Whether one more external call fits the caller's department and the enterprise; counts it where limited.
    `user` is None for a call no line places (a group's overflow to a number): only the enterprise's limit binds."""
    counted: list[str] = []
    department = walk.snapshot.departments_by_id.get(user.department_id or "") if user is not None else None
    if department is not None:
        limit = department.max_incoming_external if direction == "in" else department.max_outgoing_external
        if limit is not None:
            key = f"{department.id}:{direction}"
            in_progress = walk.request.context.external_calls.get(key, 0)
            if in_progress >= limit:
                walk.note(
                    FEATURE,
                    "LIMIT_REACHED",
                    DEPARTMENT_LIMITS[direction],
                    name=department.name or department.id,
                    count=in_progress,
                    limit=limit,
                )
                return False
            counted.append(key)
    settings = walk.snapshot.external_calls
    limit = settings.max_incoming if direction == "in" else settings.max_outgoing
    if limit is not None:
        key = f"{walk.snapshot.enterprise_id}:{direction}"
        in_progress = walk.request.context.external_calls.get(key, 0)
        if in_progress >= limit:
            walk.note(FEATURE, "ENTERPRISE_LIMIT_REACHED", ENTERPRISE_LIMITS[direction], count=in_progress, limit=limit)
            return False
        counted.append(key)
    walk.updates.extend(ExternalCallCounted(key) for key in counted)
    return True


def carrier_code(walk: Walk, call_class: CallClass) -> str | None:
    settings = walk.snapshot.external_calls
    code = {
        CallClass.LOCAL: settings.local_carrier_code,
        CallClass.LONG_DISTANCE: settings.long_distance_carrier_code,
        CallClass.INTERNATIONAL: settings.international_carrier_code,
    }.get(call_class)
    if code:
        walk.note(
            FEATURE,
            "CARRIER_CODE",
            N_("Carrier access code {code} for a {call_class} call"),
            code=code,
            call_class=CALL_CLASSES[call_class],
        )
    return code or None
