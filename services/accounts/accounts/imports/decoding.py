"""Bytes of an uploaded file to text, whatever the encoding: strict UTF-8 (with or without BOM), UTF-16 (BOM or
NUL-byte pattern), then cp1252, the encoding of French spreadsheets saved on Windows. Never a guess that can
silently turn "é" into something else: an encoding that does not fit raises."""

from __future__ import annotations

import codecs

from accounts.imports.errors import SourceRefused
from accounts.imports.limits import MAX_FILE_BYTES
from relais_kit.validation import Msg

TOO_LARGE = Msg("The file is larger than {max} MB.")
EMPTY = Msg("The file is empty.")
UNREADABLE = Msg("The file's characters could not be read (use UTF-8, UTF-16 or Windows-1252).")


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise SourceRefused("file", Msg(TOO_LARGE, max=MAX_FILE_BYTES // (1024 * 1024)))
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SourceRefused("file", EMPTY)


def decode(data: bytes) -> str:
    check_size(data)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: ASCII text has a NUL in every other byte.
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _strict(data, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _strict(data, "cp1252")


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise SourceRefused("file", UNREADABLE) from None
    if "\x00" in text:
        raise SourceRefused("file", UNREADABLE)
    return text
