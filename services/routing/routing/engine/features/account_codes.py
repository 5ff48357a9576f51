"""RTE-13: account codes. Some call classes need a code before they go out; a wrong code may be retried up to the
policy's limit, after which the line is blocked (a LineBlocked update for the service to store)."""

from __future__ import annotations

from routing.engine.model import (
    AccountCodePolicy,
    AskAccountCode,
    CallClass,
    LineBlocked,
    Plan,
    Stage,
    User,
)
from routing.engine.walk import Walk
from routing.engine.wording import CALL_CLASSES, N_

FEATURE = "RTE-13"


def policy_for(walk: Walk, user: User) -> AccountCodePolicy | None:
    return user.account_codes or walk.snapshot.account_codes


def needs_code(walk: Walk, user: User, call_class: CallClass) -> AccountCodePolicy | None:
    policy = policy_for(walk, user)
    if policy is None or call_class not in policy.required_for:
        return None
    walk.note(
        FEATURE, "CODE_REQUIRED", N_("A {call_class} call needs an account code"), call_class=CALL_CLASSES[call_class]
    )
    return policy


def ask(
    walk: Walk, user: User, policy: AccountCodePolicy, destination: str, call_class: CallClass, attempts: int
) -> AskAccountCode:
    return AskAccountCode(
        min_length=_bounded(policy.min_length),
        max_length=max(_bounded(policy.max_length), _bounded(policy.min_length)),
        attempts_left=max(_max_attempts(policy) - attempts, 1),
        trace=tuple(walk.trace),
        state=walk.state(
            Stage.ACCOUNT_CODE, user.id, destination=destination, call_class=call_class, attempts=attempts
        ),
        updates=tuple(walk.updates),
    )


def is_acceptable(policy: AccountCodePolicy, code: str) -> bool:
    shape_ok = code.isdigit() and _bounded(policy.min_length) <= len(code) <= max(
        _bounded(policy.max_length), _bounded(policy.min_length)
    )
    return shape_ok and (not policy.must_be_valid or code in policy.codes)


def wrong_code(
    walk: Walk, user: User, policy: AccountCodePolicy, destination: str, call_class: CallClass, attempts: int
) -> Plan:
    """The caller entered a wrong code for the `attempts`-th time."""
    if attempts >= _max_attempts(policy):
        walk.updates.append(LineBlocked(user.id, "account_code_attempts"))
        return walk.reject(
            FEATURE, "account_code_blocked", 403, N_("{attempts} wrong account codes: line blocked"), attempts=attempts
        )
    walk.note(
        FEATURE,
        "WRONG_CODE",
        N_("Wrong account code ({attempts}/{most})"),
        attempts=attempts,
        most=_max_attempts(policy),
    )
    return ask(walk, user, policy, destination, call_class, attempts)


def _bounded(length: int) -> int:
    return min(max(length, 1), 15)


def _max_attempts(policy: AccountCodePolicy) -> int:
    return min(max(policy.max_attempts, 1), 100)
