"""Resellers under the system tenant (ACC-08)."""

from __future__ import annotations

from typing import Any

from accounts import events, permissions
from accounts.schemas import ResellerInputSchema, ResellerSchema
from accounts.storage import AccountsStore
from relais_kit.errors import ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.validation import field_error, load

DUPLICATE_NAME = "A reseller with this name already exists."


def list_resellers(store: AccountsStore, caller: dict[str, Any]) -> list[dict[str, Any]]:
    permissions.require(caller["role"], "reseller.list")
    rows = store.tenants_under(caller["tenant_id"], "reseller")
    return ResellerSchema(many=True).dump(rows)


def create_reseller(store: AccountsStore, outbox: OutboxWriter, caller: dict[str, Any], payload: Any) -> dict[str, Any]:
    permissions.require(caller["role"], "reseller.create")
    parent = store.system_tenant()
    assert parent is not None
    try:
        data = load(ResellerInputSchema(), payload)
    except ValidationFailed as exc:
        # Report a duplicate name together with the other mistakes, so the form is corrected in one go.
        name = payload.get("name") if isinstance(payload, dict) else None
        if (
            "name" not in exc.field_errors
            and isinstance(name, str)
            and store.sibling_name_taken(parent["id"], name.strip())
        ):
            exc.field_errors["name"] = field_error("name", DUPLICATE_NAME).field_errors["name"]
        raise
    if store.sibling_name_taken(parent["id"], data["name"]):
        raise field_error("name", DUPLICATE_NAME)
    reseller = store.create_tenant("reseller", parent, **data)
    events.reseller_created(outbox, store.tx, reseller)
    return ResellerSchema().dump(reseller)
