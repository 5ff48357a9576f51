"""RTE-03: phone zones. A call to an area code in the caller's zone is local; elsewhere in the country it is long
distance; to another country calling code it is international."""

from __future__ import annotations

from routing.engine.features import numbers
from routing.engine.features.numbers import ParsedNumber
from routing.engine.model import CallClass, PhoneZone, Snapshot, User
from routing.engine.walk import Walk
from routing.engine.wording import CALL_CLASSES, N_

FEATURE = "RTE-03"


def caller_area_code(walk: Walk, caller: User | None) -> str:
    """The caller's own area code: from their first DID, else the enterprise's main number."""
    candidates = [*(caller.dids if caller else ()), walk.snapshot.main_number or ""]
    for candidate in candidates:
        parsed = numbers.parse(candidate, walk.snapshot.country) if candidate else None
        if parsed and parsed.area_code:
            return parsed.area_code
    return ""


def zone_of(snapshot: Snapshot, area_code: str) -> PhoneZone | None:
    """The first zone holding `area_code` (looked up in an index built once per snapshot)."""
    index = snapshot.memo.get(FEATURE)
    if index is None:
        index = {}
        for zone in snapshot.zones:
            for code in zone.area_codes:
                index.setdefault(code, zone)
        snapshot.memo[FEATURE] = index
    return index.get(area_code)


def classify(walk: Walk, caller: User | None, destination: ParsedNumber) -> CallClass:
    if destination.call_class is not None:
        walk.note(
            FEATURE,
            destination.call_class.value.upper(),
            N_("{number} is a {call_class} number"),
            number=destination.e164,
            call_class=CALL_CLASSES[destination.call_class],
        )
        return destination.call_class
    home = caller_area_code(walk, caller)
    home_country = f"+{destination.country_code}"
    if home and not home.startswith(home_country):
        walk.note(FEATURE, "INTERNATIONAL", N_("{number} is outside the caller's country"), number=destination.e164)
        return CallClass.INTERNATIONAL
    if not home:
        region_code = numbers.country_code_for_region(walk.snapshot.country)
        if destination.country_code != region_code:
            walk.note(
                FEATURE,
                "INTERNATIONAL",
                N_("{number} is outside the enterprise's country ({country})"),
                number=destination.e164,
                country=walk.snapshot.country,
            )
            return CallClass.INTERNATIONAL
        walk.note(FEATURE, "LONG_DISTANCE", N_("The caller has no area code to compare with: long distance"))
        return CallClass.LONG_DISTANCE
    zone = zone_of(walk.snapshot, home)
    local_codes = zone.area_codes if zone else (home,)
    local = destination.area_code in local_codes
    code = "LOCAL" if local else "LONG_DISTANCE"
    area = destination.area_code or destination.e164
    if zone is not None:
        walk.note(
            FEATURE,
            code,
            N_("{area} is in the caller's zone {name}: local")
            if local
            else N_("{area} is outside the caller's zone {name}: long distance"),
            area=area,
            name=zone.name or zone.id,
        )
    elif local:
        walk.note(FEATURE, code, N_("{area} is the caller's own area code (no zone): local"), area=area)
    else:
        walk.note(
            FEATURE,
            code,
            N_("{area} is not the caller's area code {home} (no zone): long distance"),
            area=area,
            home=home,
        )
    return CallClass.LOCAL if local else CallClass.LONG_DISTANCE
