"""Logo uploads (ACC-08): an image by its content, not by its name or declared type, and small."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from relais_kit.validation import field_error

MAX_LOGO_BYTES = 256 * 1024
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff(data: bytes) -> str | None:
    for signature, mime in SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_logo(content: Any, declared_mime: Any) -> tuple[bytes, str]:
    """``content`` comes base64-encoded over the bus. SVG is refused: it can carry scripts."""
    try:
        data = base64.b64decode(content, validate=True) if isinstance(content, str) else b""
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        raise field_error("logo", "Choose an image file.")
    if len(data) > MAX_LOGO_BYTES:
        raise field_error("logo", "The image is larger than {max_kib} KiB.", max_kib=MAX_LOGO_BYTES // 1024)
    mime = sniff(data)
    if mime is None:
        raise field_error("logo", "Not a PNG, JPEG, GIF or WebP image.")
    return data, mime
