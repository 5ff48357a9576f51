"""XML files in guide 003's format: a root element holding one element per user, whose child elements are the
fields (names matched without regard to case). Parsed with defusedxml: no DTD, no entity (so no billion laughs),
no external reference (so no XXE)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from accounts.imports.decoding import check_size, decode
from accounts.imports.errors import SourceRefused
from accounts.imports.fields import BY_LOWER, FIELD_HEADERS, FIELDS, HEADERS, REQUIRED_HEADERS, UNKNOWN_COLUMN, cell
from accounts.imports.limits import MAX_ROWS
from accounts.imports.rows import RawRow
from relais_kit.validation import Msg

NOT_XML = Msg("The file is not valid XML (line {line}).")
FORBIDDEN = Msg("The file declares a DTD or entities, which are refused.")
NO_USERS = Msg("The file holds no user: put one element per user inside the root element.")
MISSING_FIELD = Msg("The required field {name} is missing from every user.")
TOO_MANY_ROWS = Msg("At most {max} users per import.")
TWICE = Msg("This user has the field {name} more than once.")


def _parse(data: bytes) -> Element:
    check_size(data)
    try:
        return _fromstring(data)
    except ParseError as exc:
        if "encoding" not in str(exc) and "invalid token" not in str(exc):
            raise SourceRefused("file", Msg(NOT_XML, line=exc.position[0])) from None
    # Bytes that do not match the declared (or default UTF-8) encoding: read them as decoding.py does.
    text = decode(data)
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :]
    try:
        return _fromstring(text)
    except ParseError as exc:
        raise SourceRefused("file", Msg(NOT_XML, line=exc.position[0])) from None


def _fromstring(content: bytes | str) -> Element:
    try:
        return SafeTree.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SourceRefused("file", FORBIDDEN) from None


def _name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].strip()  # a namespace does not change the field


def read_xml(data: bytes) -> list[RawRow]:
    root = _parse(data)
    users = list(root)
    if not users:
        raise SourceRefused("file", NO_USERS)
    if len(users) > MAX_ROWS:
        raise SourceRefused("file", Msg(TOO_MANY_ROWS, max=MAX_ROWS))
    rows: list[RawRow] = []
    seen: set[str] = set()
    for position, user in enumerate(users, start=1):
        row = RawRow(line=position, values={f: "" for f in FIELDS})
        given: set[str] = set()
        for child in user:
            name = _name(str(child.tag))
            field = BY_LOWER.get(name.lower())
            if field is None:
                raise SourceRefused("file", Msg(UNKNOWN_COLUMN, name=name[:40]))
            if field in given:
                row.problems.append((field, Msg(TWICE, name=FIELD_HEADERS[field])))
            given.add(field)
            row.values[field] = cell("".join(child.itertext()))
        seen |= given
        rows.append(row)
    for name in REQUIRED_HEADERS:
        if HEADERS[name] not in seen:
            raise SourceRefused("file", Msg(MISSING_FIELD, name=name))
    return rows
