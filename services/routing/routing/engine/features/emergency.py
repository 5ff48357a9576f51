"""RTE-15: emergency numbers always go out, whatever the restrictions, codes or limits; the department's
recipients are notified."""

from __future__ import annotations

from routing.engine.features import numbers
from routing.engine.model import (
    CallClass,
    Contact,
    ContactKind,
    EmergencyNotice,
    Ring,
    RingMode,
    Stage,
    User,
)
from routing.engine.walk import Walk
from routing.engine.wording import N_

FEATURE = "RTE-15"
EMERGENCY_RING_SECONDS = 600


def exact_emergency(walk: Walk, dialled: str) -> str | None:
    """`dialled` when it is exactly an emergency number of the country or of the enterprise's own list."""
    if dialled in walk.snapshot.emergency.extra_numbers or numbers.exact_emergency_number(
        dialled, walk.snapshot.country
    ):
        return dialled
    return None


def emergency_by_prefix(dialled: str, region: str) -> str | None:
    return numbers.emergency_prefix(dialled, region)


def emergency_call(walk: Walk, number: str, caller: User | None) -> Ring:
    walk.note(
        FEATURE, "EMERGENCY", N_("{number} is an emergency number: placed regardless of restrictions"), number=number
    )
    settings = walk.snapshot.emergency
    notices: tuple[EmergencyNotice, ...] = ()
    if settings.notifications_enabled and caller is not None:
        notices = tuple(
            EmergencyNotice(recipient.channel, recipient.address, caller.id, number)
            for recipient in settings.recipients
            if recipient.department_id in (None, caller.department_id)
        )
        walk.note(FEATURE, "EMERGENCY_NOTIFY", N_("{count} recipient(s) notified"), count=len(notices))
    return Ring(
        contacts=(Contact(ContactKind.EXTERNAL, number),),
        mode=RingMode.SIMULTANEOUS,
        timeout_seconds=EMERGENCY_RING_SECONDS,
        call_class=CallClass.EMERGENCY,
        notifications=notices,
        trace=tuple(walk.trace),
        state=walk.state(Stage.DONE, number),
        updates=tuple(walk.updates),
    )
