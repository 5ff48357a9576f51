"""RTE-05: simultaneous ring of a line's other phones, and the single number with smart call screening."""

from __future__ import annotations

from routing.engine.features import numbers, restrictions
from routing.engine.model import Contact, ContactKind, RingMode, TargetKind, User
from routing.engine.walk import Walk
from routing.engine.wording import N_, line

FEATURE = "RTE-05"


def contacts_for(walk: Walk, user: User) -> tuple[tuple[Contact, ...], RingMode]:
    """The contacts to ring for `user`: the line itself, plus its simultaneous-ring phones when that is on."""
    own = Contact(ContactKind.USER, user.id)
    settings = user.simultaneous_ring
    if settings is None or not settings.enabled or not settings.numbers:
        return (own,), RingMode.SEQUENTIAL
    contacts = [own]
    for number in settings.numbers:
        contact = _contact(walk, user, number, screening=settings.screening)
        if contact is not None and contact not in contacts:
            contacts.append(contact)
    walk.note(
        FEATURE,
        "SIMULTANEOUS_RING",
        N_("Line {line} rings {count} phone(s) at once"),
        line=line(user),
        count=len(contacts),
    )
    return tuple(contacts), RingMode.SIMULTANEOUS


def _contact(walk: Walk, user: User, number: str, *, screening: bool) -> Contact | None:
    internal = walk.snapshot.extensions.get(number)
    if internal is not None:
        if internal.kind is TargetKind.USER:
            return Contact(ContactKind.USER, internal.ref)
        walk.note(FEATURE, "SKIPPED_PHONE", N_("{number} is a group extension, not a phone: skipped"), number=number)
        return None
    parsed = numbers.parse(number, walk.snapshot.country)
    if parsed is None:
        walk.note(FEATURE, "SKIPPED_PHONE", N_("'{number}' is not a valid number: skipped"), number=number)
        return None
    if restrictions.denying_rule(walk, user, parsed) is not None:
        walk.note(
            FEATURE,
            "SKIPPED_PHONE",
            N_("{number} is restricted for line {line}: skipped"),
            number=parsed.e164,
            line=line(user),
        )
        return None
    if screening:
        walk.note(FEATURE, "SCREENING", N_("{number} must press a key to take the call"), number=parsed.e164)
    return Contact(ContactKind.EXTERNAL, parsed.e164, confirm_answer=screening)
