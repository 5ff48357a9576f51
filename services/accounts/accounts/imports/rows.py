"""A user as read from a source, before it is checked: text values by field, where it came from, and what
the reader already found wrong with it (a line too short, a value too long)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relais_kit.validation import Msg


@dataclass
class RawRow:
    line: int  # line of the file, entry of the directory, or position in the phone system
    values: dict[str, str]
    problems: list[tuple[str, Msg]] = field(default_factory=list)
    # what only the phone system knows: the phone to give the new user
    phone_id: str | None = None

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"line": self.line, **self.values}
        if self.problems:
            out["problems"] = [(name, message.msgid, message.params) for name, message in self.problems]
        if self.phone_id:
            out["phone_id"] = self.phone_id
        return out
