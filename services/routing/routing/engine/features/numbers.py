"""Reading dialled and calling numbers with phonenumbers: E.164, region, area code, kind. Never by hand."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

from routing.engine.model import CallClass


@dataclass(frozen=True)
class ParsedNumber:
    e164: str
    country_code: int
    region: str | None
    area_code: str
    """"+" country calling code and area code (such as "+1514"); "" when the number has none."""
    call_class: CallClass | None
    """TOLL_FREE or PREMIUM when the number's type says so; None for ordinary numbers."""


# Parsing is pure and the same numbers come back call after call (callers' DIDs, forwards, destinations): cache it,
# large enough to hold every line of a 50,000-line enterprise (about 300 bytes an entry).
@lru_cache(maxsize=65536)
def parse(number: str, region: str) -> ParsedNumber | None:
    """Parse `number` (E.164, national or international with the region's prefix); None if it is not a valid number."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    national = phonenumbers.national_significant_number(parsed)
    length = phonenumbers.length_of_geographical_area_code(parsed) or phonenumbers.length_of_national_destination_code(
        parsed
    )
    area = f"+{parsed.country_code}{national[:length]}" if length else ""
    kind = phonenumbers.number_type(parsed)
    call_class = {
        PhoneNumberType.TOLL_FREE: CallClass.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE: CallClass.PREMIUM,
        PhoneNumberType.SHARED_COST: CallClass.PREMIUM,
    }.get(kind)
    return ParsedNumber(
        e164=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        country_code=parsed.country_code or 0,
        region=phonenumbers.region_code_for_number(parsed),
        area_code=area,
        call_class=call_class,
    )


def to_e164(number: str, region: str) -> str | None:
    parsed = parse(number, region)
    return parsed.e164 if parsed else None


@lru_cache(maxsize=1024)
def exact_emergency_number(dialled: str, region: str) -> bool:
    return shortnumberinfo.is_emergency_number(dialled, region)


@lru_cache(maxsize=1024)
def emergency_prefix(dialled: str, region: str) -> str | None:
    """The emergency number `dialled` starts with (a misdial such as 9111 still reaches 911), or None."""
    if not shortnumberinfo.connects_to_emergency_number(dialled, region):
        return None
    for end in range(1, len(dialled) + 1):
        if shortnumberinfo.is_emergency_number(dialled[:end], region):
            return dialled[:end]
    return None


@lru_cache(maxsize=1024)
def is_special_short_number(dialled: str, region: str) -> bool:
    """A valid non-emergency short number of the region (such as 211, 311, 411 in Canada), dialled as is."""
    if not dialled.isdigit():
        return False
    try:
        parsed = phonenumbers.parse(dialled, region)
    except phonenumbers.NumberParseException:
        return False
    return shortnumberinfo.is_valid_short_number_for_region(parsed, region)


def country_code_for_region(region: str) -> int:
    return int(phonenumbers.country_code_for_region(region))
