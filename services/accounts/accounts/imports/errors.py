"""What is wrong with a source as a whole (not one of its rows): the import is refused and says why."""

from __future__ import annotations

from typing import Any

from relais_kit.errors import FieldErrors
from relais_kit.validation import Msg


class SourceRefused(Exception):
    """The file, the directory or the phone system could not be read as a list of users."""

    def __init__(self, field: str, message: Msg) -> None:
        super().__init__(str(message))
        self.field_errors: FieldErrors = {field: [_message(message)]}


def _message(message: Msg) -> dict[str, Any]:
    params = {k: v if isinstance(v, int | str) else str(v) for k, v in message.params.items()}
    return {"msgid": message.msgid, "params": params}
