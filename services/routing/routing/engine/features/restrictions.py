"""RTE-02: outbound call restrictions by country, area code or destination prefix.

Rules come from the system, the reseller, the enterprise (company-wide, or ticked per user from the company's
list) and the user. An exemption lifts one rule for one reseller, enterprise or user. Among the rules that still
apply and match, the most specific match decides (a prefix or area code beats a country, a longer one beats a
shorter one); on a tie a deny wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.engine.features.numbers import ParsedNumber
from routing.engine.model import (
    RestrictionExemption,
    RestrictionLevel,
    RestrictionMatch,
    RestrictionRule,
    Snapshot,
    User,
)
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


def _exemption(walk: Walk, index: _Index, rule: RestrictionRule, caller: User | None) -> RestrictionLevel | None:
    exemptions = index.exemptions.get(rule.id)
    if not exemptions:
        return None
    subjects = {
        RestrictionLevel.RESELLER: walk.snapshot.reseller_id,
        RestrictionLevel.ENTERPRISE: walk.snapshot.enterprise_id,
        RestrictionLevel.USER: caller.id if caller else None,
    }
    for exemption in exemptions:
        if subjects.get(exemption.level) == exemption.subject_id:
            return exemption.level
    return None


Candidate = tuple[int, RestrictionRule]
"""A rule that matches a destination, with how specific the match is (a longer prefix or area code is more)."""


@dataclass(frozen=True)
class _Index:
    """The rules by what they match, so a call looks at the few that can match it, not at every rule."""

    by_country: dict[str, list[Candidate]]
    by_area_code: dict[str, list[Candidate]]
    by_prefix: dict[str, list[Candidate]]
    prefix_lengths: tuple[int, ...]
    exemptions: dict[str, list[RestrictionExemption]]


def _index(snapshot: Snapshot) -> _Index:
    index = snapshot.memo.get(FEATURE)
    if index is None:
        by_country: dict[str, list[Candidate]] = {}
        by_area: dict[str, list[Candidate]] = {}
        by_prefix: dict[str, list[Candidate]] = {}
        for rule in snapshot.restriction_rules:
            match rule.match:
                case RestrictionMatch.COUNTRY:
                    by_country.setdefault(rule.value.upper(), []).append((1, rule))
                case RestrictionMatch.AREA_CODE if rule.value:
                    by_area.setdefault(rule.value, []).append((len(rule.value), rule))
                case RestrictionMatch.PREFIX:
                    prefix = rule.value if rule.value.startswith("+") else f"+{rule.value}"
                    if len(prefix) > 1:
                        by_prefix.setdefault(prefix, []).append((len(prefix), rule))
        lengths = tuple(sorted({len(prefix) for prefix in by_prefix}))
        exemptions: dict[str, list[RestrictionExemption]] = {}
        for exemption in snapshot.restriction_exemptions:
            exemptions.setdefault(exemption.rule_id, []).append(exemption)
        index = snapshot.memo[FEATURE] = _Index(by_country, by_area, by_prefix, lengths, exemptions)
    return index


def _candidates(index: _Index, destination: ParsedNumber) -> list[Candidate]:
    """The rules that match `destination` with their specificity (the order decides nothing but the trace)."""
    found = list(index.by_country.get(destination.region or "", ()))
    found += index.by_area_code.get(destination.area_code, ()) if destination.area_code else ()
    for length in index.prefix_lengths:
        found += index.by_prefix.get(destination.e164[:length], ())
    return found


def denying_rule(walk: Walk, caller: User | None, destination: ParsedNumber) -> RestrictionRule | None:
    """The rule that forbids this call, or None when it may go out."""
    deciding: tuple[int, bool, RestrictionRule] | None = None
    index = _index(walk.snapshot)
    for specificity, rule in _candidates(index, destination):
        if not _binds(walk, rule, caller):
            continue
        exempt_level = _exemption(walk, index, rule, caller)
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
