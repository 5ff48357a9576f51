"""RTE-03: phone zones. A call to an area code in the caller's zone is local; elsewhere in the country it is long
distance; to another country calling code it is international."""

from __future__ import annotations

from routing.engine.features import numbers
from routing.engine.features.numbers import ParsedNumber
from routing.engine.model import CallClass, PhoneZone, User
from routing.engine.walk import Walk

FEATURE = "RTE-03"


def caller_area_code(walk: Walk, caller: User | None) -> str:
    """The caller's own area code: from their first DID, else the enterprise's main number."""
    candidates = [*(caller.dids if caller else ()), walk.snapshot.main_number or ""]
    for candidate in candidates:
        parsed = numbers.parse(candidate, walk.snapshot.country) if candidate else None
        if parsed and parsed.area_code:
            return parsed.area_code
    return ""


def zone_of(zones: tuple[PhoneZone, ...], area_code: str) -> PhoneZone | None:
    return next((zone for zone in zones if area_code in zone.area_codes), None)


def classify(walk: Walk, caller: User | None, destination: ParsedNumber) -> CallClass:
    if destination.call_class is not None:
        walk.note(FEATURE, destination.call_class.value.upper(), f"{destination.e164} is {destination.call_class}")
        return destination.call_class
    home = caller_area_code(walk, caller)
    home_country = f"+{destination.country_code}"
    if home and not home.startswith(home_country):
        walk.note(FEATURE, "INTERNATIONAL", f"{destination.e164} is outside the caller's country")
        return CallClass.INTERNATIONAL
    if not home:
        region_code = numbers.country_code_for_region(walk.snapshot.country)
        if destination.country_code != region_code:
            walk.note(FEATURE, "INTERNATIONAL", f"{destination.e164} is outside {walk.snapshot.country}")
            return CallClass.INTERNATIONAL
        walk.note(FEATURE, "LONG_DISTANCE", "the caller has no area code to compare with: long distance")
        return CallClass.LONG_DISTANCE
    zone = zone_of(walk.snapshot.zones, home)
    local_codes = zone.area_codes if zone else (home,)
    where = f"zone {zone.name or zone.id}" if zone else f"area code {home} (no zone)"
    if destination.area_code in local_codes:
        walk.note(FEATURE, "LOCAL", f"{destination.area_code} is in the caller's {where}")
        return CallClass.LOCAL
    walk.note(FEATURE, "LONG_DISTANCE", f"{destination.area_code or destination.e164} is outside the caller's {where}")
    return CallClass.LONG_DISTANCE
