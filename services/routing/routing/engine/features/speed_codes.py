"""RTE-12: speed codes. A line's own speed dials come first (speed dial 8: one digit 2 to 9, optionally followed by
#; speed dial 100: # and two digits), then the codes of the line's department, then the enterprise's. An extension
always wins over a code: the caller looks codes up only for what is not an extension."""

from __future__ import annotations

from collections.abc import Mapping

from routing.engine.model import Snapshot, User
from routing.engine.walk import Walk
from routing.engine.wording import N_, line

FEATURE = "RTE-12"
_MEMO = "speed_codes"


def _by_department(snapshot: Snapshot) -> Mapping[str | None, Mapping[str, str]]:
    found = snapshot.memo.get(_MEMO)
    if found is None:
        table: dict[str | None, dict[str, str]] = {}
        for code in snapshot.speed_codes:
            table.setdefault(code.department_id, {})[code.code] = code.number
        found = snapshot.memo[_MEMO] = table
    return found


def expand(walk: Walk, caller: User | None, dialled: str) -> str | None:
    """The number `dialled` stands for, or None when it is no speed code of the caller."""
    if caller is None:
        return None
    own = dict(caller.speed_dials)
    key = dialled[:-1] if len(dialled) == 2 and dialled.endswith("#") else dialled
    if (number := own.get(key)) is not None:
        walk.note(
            FEATURE,
            "SPEED_DIAL",
            N_("Speed dial {code} of line {line} is {number}"),
            code=dialled,
            line=line(caller),
            number=number,
        )
        return number
    codes = _by_department(walk.snapshot)
    for scope in dict.fromkeys((caller.department_id, None)):
        if (number := codes.get(scope, {}).get(dialled)) is not None:
            if scope is None:
                walk.note(
                    FEATURE,
                    "SPEED_CODE",
                    N_("Speed code {code} of the enterprise is {number}"),
                    code=dialled,
                    number=number,
                )
            else:
                department = walk.snapshot.departments_by_id.get(scope)
                walk.note(
                    FEATURE,
                    "SPEED_CODE",
                    N_("Speed code {code} of department {name} is {number}"),
                    code=dialled,
                    name=(department.name if department else "") or scope,
                    number=number,
                )
            return number
    return None
