"""Telephone numbers in E.164, parsed with phonenumbers (NUM-01); Canada unless told otherwise."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "CA"


def to_e164(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164, or None when it is not a valid number of a real numbering plan."""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    # The region's own check first: most numbers are of the default region, and the full check tries every region
    # of the country code (two dozen for +1) before it answers.
    if not (phonenumbers.is_valid_number_for_region(parsed, region) or phonenumbers.is_valid_number(parsed)):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
