"""Validation at the edges with marshmallow, with messages that can be translated later.

``Msg`` is a ``str`` that remembers its message id and parameters, so a message formatted deep inside
marshmallow (``Length(max=100, error=Msg("At most {max} characters."))``) can still be looked up in the portal's
catalogue and formatted again in the user's language.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields

from relais_kit.errors import FieldErrors, ValidationFailed


class Msg(str):
    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Msg:
        text = msgid.format(**params) if params else msgid
        obj = super().__new__(cls, text)
        obj.msgid, obj.params = msgid, params
        return obj

    def format(self, *args: Any, **kwargs: Any) -> Msg:
        known = {k: v for k, v in kwargs.items() if "{" + k + "}" in self.msgid}
        return Msg(self.msgid, **known)


def _message(value: Any) -> dict[str, Any]:
    if isinstance(value, Msg):
        return {"msgid": value.msgid, "params": {k: _plain(v) for k, v in value.params.items()}}
    return {"msgid": str(value), "params": {}}


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def flatten(messages: Any, prefix: str = "") -> FieldErrors:
    """marshmallow's nested messages → ``{"field.sub": [message, …]}``."""
    out: FieldErrors = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, items in flatten(value, name).items():
                out.setdefault(field, []).extend(items)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, Mapping):
                for field, items in flatten(item, prefix).items():
                    out.setdefault(field, []).extend(items)
            else:
                out.setdefault(prefix or "_schema", []).append(_message(item))
    else:
        out.setdefault(prefix or "_schema", []).append(_message(messages))
    return out


def load(schema: Schema, data: Any) -> Any:
    """Load ``data`` or raise ``ValidationFailed`` naming each bad field."""
    if not isinstance(data, Mapping):
        raise ValidationFailed({"_schema": [{"msgid": "Expected an object.", "params": {}}]})
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ValidationFailed(flatten(exc.messages)) from None


def as_uuid(value: Any) -> str | None:
    """An id from outside as a UUID string, or None when it is not one (then nothing is found, never a 500)."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        return None


def field_error(field: str, msgid: str, **params: Any) -> ValidationFailed:
    return ValidationFailed({field: [{"msgid": msgid, "params": params}]})


class Text(fields.String):
    """A string with surrounding white space removed, so "   " is as empty as ""."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return str(super()._deserialize(value, attr, data, **kwargs)).strip()
