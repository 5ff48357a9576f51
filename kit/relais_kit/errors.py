"""Errors that cross the bus. Their names are part of the contract; the gateway maps them to HTTP codes.

They are registered with nameko so a caller gets the same exception class back, with its arguments, instead of a
bare ``RemoteError``.
"""

from __future__ import annotations

from typing import Any

from nameko.exceptions import deserialize_to_instance

FieldErrors = dict[str, list[dict[str, Any]]]


@deserialize_to_instance
class DomainError(Exception):
    """Base class; ``code`` is stable and machine-readable."""

    code = "error"


@deserialize_to_instance
class ValidationFailed(DomainError):
    """Bad input: ``field_errors`` maps a field to messages ``{"msgid": ..., "params": {...}}``."""

    code = "validation_failed"

    def __init__(self, field_errors: FieldErrors) -> None:
        super().__init__(field_errors)
        self.field_errors = field_errors


@deserialize_to_instance
class NotFound(DomainError):
    """The object does not exist or lies outside the caller's scope (the two are not told apart)."""

    code = "not_found"


@deserialize_to_instance
class PermissionDenied(DomainError):
    """The caller's role lacks the action."""

    code = "permission_denied"


@deserialize_to_instance
class AuthenticationFailed(DomainError):
    """Wrong identifier or secret, or a locked account; never says which."""

    code = "authentication_failed"
