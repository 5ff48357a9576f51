"""Redirects after sign-in stay on this site."""

import pytest

from gateway.portal.navigation import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/resellers", "/resellers"),
        ("/resellers?created=1", "/resellers?created=1"),
        (None, "/home"),
        ("", "/home"),
        ("https://evil.example/", "/home"),
        ("//evil.example/", "/home"),
        ("/\\evil.example", "/home"),
        ("javascript:alert(1)", "/home"),
    ],
)
def test_safe_next(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected
