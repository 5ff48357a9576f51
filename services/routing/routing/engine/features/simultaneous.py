"""RTE-05: simultaneous ring of a line's other phones, and the single number with smart call screening."""

from __future__ import annotations

from routing.engine.features import numbers, restrictions
from routing.engine.model import Contact, ContactKind, RingMode, TargetKind, User
from routing.engine.walk import Walk

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
    walk.note(FEATURE, "SIMULTANEOUS_RING", f"{user.id} rings {len(contacts)} phone(s) at once")
    return tuple(contacts), RingMode.SIMULTANEOUS


def _contact(walk: Walk, user: User, number: str, *, screening: bool) -> Contact | None:
    internal = walk.snapshot.extensions.get(number)
    if internal is not None:
        if internal.kind is TargetKind.USER:
            return Contact(ContactKind.USER, internal.ref)
        walk.note(FEATURE, "SKIPPED_PHONE", f"{number} is a group extension, not a phone: skipped")
        return None
    parsed = numbers.parse(number, walk.snapshot.country)
    if parsed is None:
        walk.note(FEATURE, "SKIPPED_PHONE", f"{number!r} is not a valid number: skipped")
        return None
    if restrictions.denying_rule(walk, user, parsed) is not None:
        walk.note(FEATURE, "SKIPPED_PHONE", f"{parsed.e164} is restricted for {user.id}: skipped")
        return None
    if screening:
        walk.note(FEATURE, "SCREENING", f"{parsed.e164} must press a key to take the call")
    return Contact(ContactKind.EXTERNAL, parsed.e164, confirm_answer=screening)
