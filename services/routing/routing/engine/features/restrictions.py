"""RTE-02: outbound call restrictions by country, area code or destination prefix.

Rules come from the system, the reseller, the enterprise (company-wide, or ticked per user from the company's
list) and the user. An exemption lifts one rule for one reseller, enterprise or user. Among the rules that still
apply and match, the most specific match decides (a prefix or area code beats a country, a longer one beats a
shorter one); on a tie a deny wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.engine.features.numbers import ParsedNumber
from routing.engine.model import RestrictionLevel, RestrictionMatch, RestrictionRule, Snapshot, User
from routing.engine.walk import Walk
from routing.engine.wording import LEVELS, N_

FEATURE = "RTE-02"
EXEMPTIONS = {
    RestrictionLevel.SYSTEM: N_("Rule {name} is lifted"),
    RestrictionLevel.RESELLER: N_("Rule {name} is lifted for this reseller"),
    RestrictionLevel.ENTERPRISE: N_("Rule {name} is lifted for this enterprise"),
    RestrictionLevel.USER: N_("Rule {name} is lifted for this line"),
}


def _binds(walk: Walk, rule: RestrictionRule, caller: User | None) -> bool:
    snapshot = walk.snapshot
    match rule.level:
        case RestrictionLevel.SYSTEM:
            return True
        case RestrictionLevel.RESELLER:
            return rule.owner_id == snapshot.reseller_id
        case RestrictionLevel.ENTERPRISE:
            if rule.owner_id not in (None, snapshot.enterprise_id):
                return False
            return not rule.per_user or (caller is not None and rule.id in caller.restriction_ids)
        case RestrictionLevel.USER:
            return caller is not None and rule.owner_id == caller.id
    return False


def _exemption(walk: Walk, rule: RestrictionRule, caller: User | None) -> RestrictionLevel | None:
    subjects = {
        RestrictionLevel.RESELLER: walk.snapshot.reseller_id,
        RestrictionLevel.ENTERPRISE: walk.snapshot.enterprise_id,
        RestrictionLevel.USER: caller.id if caller else None,
    }
    for exemption in walk.snapshot.restriction_exemptions:
        if exemption.rule_id == rule.id and subjects.get(exemption.level) == exemption.subject_id:
            return exemption.level
    return None


def _specificity(rule: RestrictionRule, destination: ParsedNumber) -> int | None:
    """How specific the rule's match is for `destination`, or None when it does not match."""
    match rule.match:
        case RestrictionMatch.COUNTRY:
            return 1 if destination.region == rule.value.upper() else None
        case RestrictionMatch.AREA_CODE:
            return len(rule.value) if rule.value and destination.area_code == rule.value else None
        case RestrictionMatch.PREFIX:
            prefix = rule.value if rule.value.startswith("+") else f"+{rule.value}"
            return len(prefix) if len(prefix) > 1 and destination.e164.startswith(prefix) else None
    return None


@dataclass(frozen=True)
class _Index:
    """The rules by what they match, so a call looks at the few that can match it, not at every rule."""

    by_country: dict[str, list[RestrictionRule]]
    by_area_code: dict[str, list[RestrictionRule]]
    by_prefix: dict[str, list[RestrictionRule]]
    prefix_lengths: tuple[int, ...]


def _index(snapshot: Snapshot) -> _Index:
    index = snapshot.memo.get(FEATURE)
    if index is None:
        by_country: dict[str, list[RestrictionRule]] = {}
        by_area: dict[str, list[RestrictionRule]] = {}
        by_prefix: dict[str, list[RestrictionRule]] = {}
        for rule in snapshot.restriction_rules:
            match rule.match:
                case RestrictionMatch.COUNTRY:
                    by_country.setdefault(rule.value.upper(), []).append(rule)
                case RestrictionMatch.AREA_CODE if rule.value:
                    by_area.setdefault(rule.value, []).append(rule)
                case RestrictionMatch.PREFIX:
                    prefix = rule.value if rule.value.startswith("+") else f"+{rule.value}"
                    if len(prefix) > 1:
                        by_prefix.setdefault(prefix, []).append(rule)
        lengths = tuple(sorted({len(prefix) for prefix in by_prefix}))
        index = snapshot.memo[FEATURE] = _Index(by_country, by_area, by_prefix, lengths)
    return index


def _candidates(snapshot: Snapshot, destination: ParsedNumber) -> list[RestrictionRule]:
    """The rules that can match `destination`, in the snapshot's order (the order decides nothing but the trace)."""
    index = _index(snapshot)
    found = list(index.by_country.get(destination.region or "", ()))
    found += index.by_area_code.get(destination.area_code, ()) if destination.area_code else ()
    for length in index.prefix_lengths:
        found += index.by_prefix.get(destination.e164[:length], ())
    return found


def denying_rule(walk: Walk, caller: User | None, destination: ParsedNumber) -> RestrictionRule | None:
    """The rule that forbids this call, or None when it may go out."""
    deciding: tuple[int, bool, RestrictionRule] | None = None
    for rule in _candidates(walk.snapshot, destination):
        specificity = _specificity(rule, destination)
        if specificity is None or not _binds(walk, rule, caller):
            continue
        exempt_level = _exemption(walk, rule, caller)
        if exempt_level is not None:
            walk.note(FEATURE, "EXEMPTED", EXEMPTIONS[exempt_level], name=rule.name or rule.value)
            continue
        candidate = (specificity, not rule.allow, rule)
        if deciding is None or candidate[:2] > deciding[:2]:
            deciding = candidate
    if deciding is None:
        walk.note(FEATURE, "NO_RESTRICTION", N_("No restriction matches {number}"), number=destination.e164)
        return None
    rule = deciding[2]
    walk.note(
        FEATURE,
        "ALLOWED" if rule.allow else "DENIED",
        N_("Rule {name} ({level}) allows {number}") if rule.allow else N_("Rule {name} ({level}) denies {number}"),
        name=rule.name or rule.value,
        level=LEVELS[rule.level],
        number=destination.e164,
    )
    if rule.allow:
        return None
    return rule
