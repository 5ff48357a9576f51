"""argon2id hashing (ACC-06): OWASP's minimum enforced, answers the same for unknown users."""

import pytest

from accounts.passwords import OWASP_MIN_MEMORY_KIB, make_hasher

CHEAP = {"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}


def test_cost_below_owasp_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="OWASP"):
        make_hasher(CHEAP)


def test_default_cost_is_owasp_minimum() -> None:
    hasher = make_hasher({})
    assert hasher.memory_cost == OWASP_MIN_MEMORY_KIB and hasher.time_cost == 2
    assert hasher.hash("x").startswith("$argon2id$")


def test_matches_only_the_right_password() -> None:
    hasher = make_hasher(CHEAP, allow_weak=True)
    stored = hasher.hash("correct horse")
    assert hasher.matches(stored, "correct horse")
    assert not hasher.matches(stored, "Correct horse")
    assert not hasher.matches(None, "relais-no-such-user")  # the dummy hash never signs anyone in
    assert not hasher.matches("not-a-hash", "x")
