"""RTE-02: outbound call restrictions by country, area code or destination prefix.

Rules come from the system, the reseller, the enterprise (company-wide, or ticked per user from the company's
list) and the user. An exemption lifts one rule for one reseller, enterprise or user. Among the rules that still
apply and match, the most specific match decides (a prefix or area code beats a country, a longer one beats a
shorter one); on a tie a deny wins.
"""

from __future__ import annotations

from routing.engine.features.numbers import ParsedNumber
from routing.engine.model import RestrictionLevel, RestrictionMatch, RestrictionRule, User
from routing.engine.walk import Walk

FEATURE = "RTE-02"


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


def denying_rule(walk: Walk, caller: User | None, destination: ParsedNumber) -> RestrictionRule | None:
    """The rule that forbids this call, or None when it may go out."""
    deciding: tuple[int, bool, RestrictionRule] | None = None
    for rule in walk.snapshot.restriction_rules:
        specificity = _specificity(rule, destination)
        if specificity is None or not _binds(walk, rule, caller):
            continue
        exempt_level = _exemption(walk, rule, caller)
        if exempt_level is not None:
            walk.note(FEATURE, "EXEMPTED", f"rule {rule.name or rule.id} lifted for this {exempt_level}")
            continue
        candidate = (specificity, not rule.allow, rule)
        if deciding is None or candidate[:2] > deciding[:2]:
            deciding = candidate
    if deciding is None:
        walk.note(FEATURE, "NO_RESTRICTION", f"no restriction matches {destination.e164}")
        return None
    rule = deciding[2]
    if rule.allow:
        walk.note(FEATURE, "ALLOWED", f"rule {rule.name or rule.id} ({rule.level}) allows {destination.e164}")
        return None
    walk.note(FEATURE, "DENIED", f"rule {rule.name or rule.id} ({rule.level}) denies {destination.e164}")
    return rule
