"""RTE-14 (limits only): at most N external calls in progress per department, each way.

The counters are shared by every replica, so they come in through RouteContext and a call that goes out is
counted by an ExternalCallCounted update on its plan (only where the department has a limit)."""

from __future__ import annotations

from typing import Literal

from routing.engine.model import ExternalCallCounted, User
from routing.engine.walk import Walk

FEATURE = "RTE-14"


def admit_external(walk: Walk, user: User, direction: Literal["in", "out"]) -> bool:
    department = walk.snapshot.departments_by_id.get(user.department_id or "")
    if department is None:
        return True
    limit = department.max_incoming_external if direction == "in" else department.max_outgoing_external
    if limit is None:
        return True
    key = f"{department.id}:{direction}"
    in_progress = walk.request.context.external_calls.get(key, 0)
    if in_progress >= limit:
        walk.note(FEATURE, "LIMIT_REACHED", f"department {department.name or department.id}: {in_progress}/{limit}")
        return False
    walk.updates.append(ExternalCallCounted(key))
    return True
