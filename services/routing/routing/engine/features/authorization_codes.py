"""RTE-13: authorization codes. A code the enterprise creates for no line in particular makes every line enter a
code before an external call; a code given to a line makes that line enter one. A line may use its own codes and
the enterprise's. Routing stores only a keyed hash of each code (HMAC-SHA256): the engine hashes what the caller
keys in with the same key and compares hashes. Too many wrong codes block the line, as for account codes."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from routing.engine.model import AskAccountCode, CallClass, LineBlocked, Plan, Stage, User
from routing.engine.walk import Walk
from routing.engine.wording import N_, line

FEATURE = "RTE-13"
CODE_LENGTH = (1, 15)
DEFAULT_ATTEMPTS = 3
_ANY_LINE = ""


def code_hash(key: str, code: str) -> str:
    """The stored form of an authorization code; `key` is the enterprise's authorization key."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()


def _hashes_by_line(walk: Walk) -> Mapping[str, frozenset[str]]:
    """Hashes usable per line id ("" for the enterprise's codes), worked out once per snapshot."""
    memo = walk.snapshot.memo
    found = memo.get("authorization_hashes")
    if found is None:
        by_line: dict[str, set[str]] = {}
        for code in walk.snapshot.authorization_codes:
            by_line.setdefault(code.user_id or _ANY_LINE, set()).add(code.code_hash)
        found = memo["authorization_hashes"] = {line: frozenset(hashes) for line, hashes in by_line.items()}
    return found


def needed(walk: Walk, caller: User) -> bool:
    if not walk.snapshot.authorization_codes:
        return False
    hashes = _hashes_by_line(walk)
    if _ANY_LINE not in hashes and caller.id not in hashes:
        return False
    walk.note(
        FEATURE,
        "AUTHORIZATION_REQUIRED",
        N_("External calls of line {line} need an authorization code"),
        line=line(caller),
    )
    return True


def is_valid(walk: Walk, caller: User, code: str) -> bool:
    if not code.isdigit() or not CODE_LENGTH[0] <= len(code) <= CODE_LENGTH[1]:
        return False
    hashes = _hashes_by_line(walk)
    entered = code_hash(walk.snapshot.authorization_key, code)
    usable = (hashes.get(caller.id, frozenset()), hashes.get(_ANY_LINE, frozenset()))
    return any(hmac.compare_digest(entered, known) for group in usable for known in group)


def _max_attempts(walk: Walk, caller: User) -> int:
    policy = caller.account_codes or walk.snapshot.account_codes
    return min(max(policy.max_attempts, 1), 100) if policy is not None else DEFAULT_ATTEMPTS


def ask(walk: Walk, caller: User, destination: str, call_class: CallClass, attempts: int) -> AskAccountCode:
    return AskAccountCode(
        min_length=CODE_LENGTH[0],
        max_length=CODE_LENGTH[1],
        attempts_left=max(_max_attempts(walk, caller) - attempts, 1),
        purpose="authorization",
        trace=tuple(walk.trace),
        state=walk.state(
            Stage.AUTHORIZATION_CODE, caller.id, destination=destination, call_class=call_class, attempts=attempts
        ),
        updates=tuple(walk.updates),
    )


def wrong_code(walk: Walk, caller: User, destination: str, call_class: CallClass, attempts: int) -> Plan:
    most = _max_attempts(walk, caller)
    if attempts >= most:
        walk.updates.append(LineBlocked(caller.id, "authorization_code_attempts"))
        return walk.reject(
            FEATURE,
            "authorization_blocked",
            403,
            N_("{attempts} wrong authorization codes: line blocked"),
            attempts=attempts,
        )
    walk.note(
        FEATURE,
        "WRONG_AUTHORIZATION_CODE",
        N_("Wrong authorization code ({attempts}/{most})"),
        attempts=attempts,
        most=most,
    )
    return ask(walk, caller, destination, call_class, attempts)
