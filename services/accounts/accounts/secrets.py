"""SIP and trunk secrets, encrypted at rest with Fernet; MultiFernet keeps old keys readable during rotation.

The key comes from config (``ACCOUNTS.SECRETS_KEY``, from ``RELAIS_SECRETS_KEY``); earlier keys stay in
``ACCOUNTS.SECRETS_PREVIOUS_KEYS`` (comma-separated) until every stored secret was re-encrypted with ``rotate``.
Clear values are never logged, audited or returned, except the new ones a line reset shows once.
"""

from __future__ import annotations

import secrets as random
import string
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PASSWORD_ALPHABET = string.ascii_letters + string.digits


class SecretsNotConfigured(RuntimeError):
    """ACCOUNTS.SECRETS_KEY is missing or is not a Fernet key."""


class SecretBox:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise SecretsNotConfigured("ACCOUNTS.SECRETS_KEY is not set (RELAIS_SECRETS_KEY)")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except (ValueError, TypeError):
            raise SecretsNotConfigured("ACCOUNTS.SECRETS_KEY must be a Fernet key (32 url-safe base64 bytes)") from None

    def __repr__(self) -> str:  # never show keys
        return "SecretBox(...)"

    def encrypt(self, clear: str) -> str:
        return self._fernet.encrypt(clear.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise SecretsNotConfigured("a stored secret was encrypted with a key no longer configured") from None

    def rotate(self, token: str) -> str:
        """The same secret, encrypted with the current (first) key."""
        return self._fernet.rotate(token.encode()).decode()


class UnconfiguredBox(SecretBox):
    """Stands in when no key is configured: the service starts, and only calls that need a secret fail."""

    def __init__(self) -> None:
        pass

    def encrypt(self, clear: str) -> str:
        raise SecretsNotConfigured("ACCOUNTS.SECRETS_KEY is not set (RELAIS_SECRETS_KEY)")

    def decrypt(self, token: str) -> str:
        raise SecretsNotConfigured("ACCOUNTS.SECRETS_KEY is not set (RELAIS_SECRETS_KEY)")

    def rotate(self, token: str) -> str:
        raise SecretsNotConfigured("ACCOUNTS.SECRETS_KEY is not set (RELAIS_SECRETS_KEY)")


def box_from_settings(settings: dict[str, Any]) -> SecretBox:
    current = str(settings.get("SECRETS_KEY") or "").strip()
    previous = settings.get("SECRETS_PREVIOUS_KEYS") or []
    if isinstance(previous, str):
        previous = previous.split(",")
    keys = [k for k in [current, *(str(p).strip() for p in previous)] if k]
    if not current:
        return UnconfiguredBox()
    return SecretBox(keys)


def new_password(length: int = 16) -> str:
    return "".join(random.choice(PASSWORD_ALPHABET) for _ in range(length))


def new_pin(length: int = 6) -> str:
    return "".join(random.choice(string.digits) for _ in range(length))


def new_username(prefix: str) -> str:
    return f"{prefix}{random.token_hex(3)}"
