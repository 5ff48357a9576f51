"""The users list as CSV (ACC-09): the same columns from the portal and the REST API, every page of what the
filters select; cells are made safe by gateway.csv_export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.web import RequestContext

EXPORT_PAGE_SIZE = 1000
EXPORT_MAX_ROWS = 100_000
COLUMNS: tuple[tuple[str, str], ...] = (
    ("user_number", N_("ID")),
    ("first_name", N_("First name")),
    ("last_name", N_("Last name")),
    ("display_name", N_("Name")),
    ("email", N_("E-mail")),
    ("extension", N_("Extension")),
    ("dids", N_("DID")),
    ("department_name", N_("Department")),
    ("status", N_("Activation")),
    ("is_administrator", N_("Administrator")),
    ("telephone_sessions", N_("Sessions")),
    ("last_telephone_session_at", N_("Last session")),
)


def cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def export_rows(
    ctx: RequestContext, accounts: Backend, enterprise_id: str, query: dict[str, Any]
) -> Iterator[list[Any]]:
    page, written = 1, 0
    while written < EXPORT_MAX_ROWS:
        batch = accounts.call(
            "list_users", ctx.caller, enterprise_id, {**query, "page": page, "page_size": EXPORT_PAGE_SIZE}
        )
        for user in batch["items"]:
            yield [cell(user.get(key)) for key, _ in COLUMNS]
        written += len(batch["items"])
        if not batch["items"] or (written >= int(batch["total"]) and not batch.get("total_capped")):
            return
        page += 1
