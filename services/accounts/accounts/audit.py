"""Recording and reading the audit log (ACC-14, ACC-28). Secrets never enter it: callers pass dumped objects."""

from __future__ import annotations

from typing import Any

from accounts.callers import Caller
from accounts.schemas import AuditEntrySchema, AuditQuerySchema
from accounts.storage import AccountsStore
from relais_kit.validation import load


def record(
    store: AccountsStore,
    caller: Caller | None,
    action: str,
    target_type: str,
    target: dict[str, Any],
    tenant_path: list[Any],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    identity = caller.audit_identity() if caller is not None else {"actor_id": None, "actor_name": "Relais"}
    changed_before, changed_after = before, after
    if before is not None and after is not None:  # keep only what changed
        keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        changed_before = {k: before.get(k) for k in sorted(keys)}
        changed_after = {k: after.get(k) for k in sorted(keys)}
    store.add_audit_entry(
        {
            **identity,
            "tenant_path": tenant_path,
            "action": action,
            "target_type": target_type,
            "target_id": str(target.get("id")) if target.get("id") is not None else None,
            "target_name": target.get("name") or target.get("display_name"),
            "before": changed_before,
            "after": changed_after,
        }
    )


def entries(store: AccountsStore, caller: Caller, query: Any) -> dict[str, Any]:
    """Entries at or under the caller's tenant, newest first; administrators above see those below."""
    caller.can("audit.read")
    data = load(AuditQuerySchema(), query or {})
    offset = (data["page"] - 1) * data["page_size"]
    rows, total = store.audit_entries(
        caller.tenant_id, data["search"], data["since"], data["until"], data["page_size"], offset
    )
    return {
        "items": AuditEntrySchema(many=True).dump(rows),
        "total": total,
        "page": data["page"],
        "page_size": data["page_size"],
    }
