"""All the lines of an enterprise as rows for the "Download all lines" CSV (NUM-08, guide 004): name, directory
number and department, sorted by department. A department manager gets the lines of their departments."""

from __future__ import annotations

from typing import Any

from accounts import reach
from accounts.callers import Caller
from accounts.directory_schemas import LineExportSchema
from accounts.storage import AccountsStore


def export_lines(store: AccountsStore, caller: Caller, enterprise_id: Any) -> list[dict[str, Any]]:
    caller.can("user.list")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    rows = store.lines_for_export(enterprise["id"], reach.managed_departments(store, caller, enterprise))
    return LineExportSchema(many=True).dump(rows)
