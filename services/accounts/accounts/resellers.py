"""Resellers under the system tenant (ACC-08)."""

from __future__ import annotations

from typing import Any

from relais_kit.events import OutboxWriter
from relais_kit.validation import field_error, load

from accounts import events, permissions
from accounts.schemas import ResellerInputSchema, ResellerSchema
from accounts.storage import AccountsStore


def list_resellers(store: AccountsStore, caller: dict[str, Any]) -> list[dict[str, Any]]:
    permissions.require(caller["role"], "reseller.list")
    rows = store.tenants_under(caller["tenant_id"], "reseller")
    return ResellerSchema(many=True).dump(rows)  # type: ignore[no-any-return]


def create_reseller(
    store: AccountsStore, outbox: OutboxWriter, caller: dict[str, Any], payload: Any
) -> dict[str, Any]:
    permissions.require(caller["role"], "reseller.create")
    data = load(ResellerInputSchema(), payload)
    parent = store.system_tenant()
    assert parent is not None
    if store.sibling_name_taken(parent["id"], data["name"]):
        raise field_error("name", "A reseller with this name already exists.")
    reseller = store.create_tenant("reseller", parent, **data)
    events.reseller_created(outbox, store.tx, reseller)
    return ResellerSchema().dump(reseller)  # type: ignore[no-any-return]
