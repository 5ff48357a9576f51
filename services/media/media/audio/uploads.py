"""The shape of an upload on the bus: JSON with the file as base64 (the gateway encodes what the browser sent)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from media.audio.conversion import MAX_UPLOAD_BYTES
from relais_kit.validation import Msg, Text, field_error

MAX_BASE64_CHARS = (MAX_UPLOAD_BYTES // 3 + 2) * 4 + 1024  # a bit over the byte limit: the byte check names it


class UploadSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    filename = Text(load_default="", validate=validate.Length(max=255, error=Msg("At most {max} characters.")))
    content_base64 = fields.String(required=True)


def decode(content: str, field: str = "file") -> bytes:
    if len(content) > MAX_BASE64_CHARS * 2:
        raise field_error(field, "The file is larger than {max_mb} MB.", max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        return base64.b64decode(content.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise field_error(field, "The file could not be read (it must be sent as base64).") from None


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def attachment(filename: str, data: bytes) -> dict[str, Any]:
    """What a download RPC answers: the WAV and a file name for the browser."""
    return {"filename": filename, "mime": "audio/wav", "content_base64": encode(data)}
