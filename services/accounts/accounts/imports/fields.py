"""The fields of guide 003's import format: the header names (matched without regard to case), which are
required, and how a header row becomes a mapping from column to field."""

from __future__ import annotations

from collections.abc import Sequence

from accounts.imports.errors import SourceRefused
from accounts.imports.limits import MAX_CELL_CHARS
from relais_kit.validation import Msg

# Header name in the file (guide 003's examples) → field name in Relais, in the guide's order.
HEADERS: dict[str, str] = {
    "UserID": "user_number",
    "FirstName": "first_name",
    "LastName": "last_name",
    "Email": "email",
    "Language": "language",
    "Mobile": "mobile",
    "Home": "home",
    "Business": "business",
    "DID": "did",
    "Protocol": "protocol",
    "MailServer": "mail_server",
    "UserName": "mail_username",
    "Extension": "extension",
}
FIELD_HEADERS = {field: header for header, field in HEADERS.items()}
BY_LOWER = {header.lower(): field for header, field in HEADERS.items()}
REQUIRED_HEADERS = ("UserID", "FirstName", "LastName", "Email")
FIELDS = tuple(HEADERS.values())

MISSING_COLUMN = Msg("The required column {name} is missing.")
UNKNOWN_COLUMN = Msg("Unknown column {name}: use the names of the example file.")
TWICE_COLUMN = Msg("The column {name} appears more than once.")
BLANK_COLUMN = Msg("Column {position} has no name.")


def columns(header: Sequence[str]) -> list[str]:
    """The field of each column of a header row, or SourceRefused naming the first problem."""
    found: list[str] = []
    for position, raw in enumerate(header, start=1):
        name = raw.strip().lstrip("\ufeff")
        if not name:
            raise SourceRefused("file", Msg(BLANK_COLUMN, position=position))
        field = BY_LOWER.get(name.lower())
        if field is None:
            raise SourceRefused("file", Msg(UNKNOWN_COLUMN, name=name[:40]))
        if field in found:
            raise SourceRefused("file", Msg(TWICE_COLUMN, name=FIELD_HEADERS[field]))
        found.append(field)
    for name in REQUIRED_HEADERS:
        if HEADERS[name] not in found:
            raise SourceRefused("file", Msg(MISSING_COLUMN, name=name))
    return found


def cell(value: str) -> str:
    """A value as kept for the preview: trimmed, and bounded a little above every field's own limit so the row
    check still names an over-long value."""
    return value.strip()[: MAX_CELL_CHARS + 1]
