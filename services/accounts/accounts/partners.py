"""Partners (ACC-22): companies that offer the services in given regions under a referral agreement, kept by the
system administrator and by each reseller for their own market."""

from __future__ import annotations

import uuid
from typing import Any

from accounts import audit, reach
from accounts.callers import Caller
from accounts.directory_schemas import PartnerInputSchema, PartnerQuerySchema, PartnerSchema
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound
from relais_kit.validation import Msg, load

DUPLICATE_NAME = Msg("A partner with this name already exists here.")


def _owner(store: AccountsStore, caller: Caller, tenant_id: Any) -> dict[str, Any]:
    tenant = caller.sees_tenant(store.tenant(tenant_id))
    if tenant["kind"] not in ("system", "reseller"):
        raise NotFound("tenant")
    return tenant


def _partner(store: AccountsStore, caller: Caller, partner_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    partner = store.partner(partner_id)
    if partner is None:
        raise NotFound("partner")
    try:
        return partner, _owner(store, caller, partner["tenant_id"])
    except NotFound:
        raise NotFound("partner") from None


def list_partners(store: AccountsStore, caller: Caller, tenant_id: Any, query: Any = None) -> list[dict[str, Any]]:
    """The partners of the system or a reseller, by region (any of theirs) and words."""
    caller.can("partner.list")
    owner = _owner(store, caller, tenant_id)
    data = load(PartnerQuerySchema(), query or {})
    return PartnerSchema(many=True).dump(store.partners_of(owner["id"], data["region"] or None, data["search"] or None))


def _save(
    store: AccountsStore, caller: Caller, owner: dict[str, Any], payload: Any, before: dict[str, Any] | None
) -> dict[str, Any]:
    partner_id = before["id"] if before else uuid.uuid4()
    data, errors = reach.load_all(PartnerInputSchema(), payload)
    if data.get("name") and store.partner_name_taken(owner["id"], data["name"], partner_id):
        reach.add_error(errors, "name", DUPLICATE_NAME)
    reach.fail_if(errors)
    data["regions"] = sorted({r for r in data["regions"]}, key=str.lower)
    after = store.save_partner(partner_id, owner["id"], data)
    audit.record(
        store,
        caller,
        "partner.update" if before else "partner.create",
        "partner",
        after,
        owner["path"],
        PartnerSchema().dump(before) if before else None,
        PartnerSchema().dump(after),
    )
    return PartnerSchema().dump(after)


def create_partner(store: AccountsStore, caller: Caller, tenant_id: Any, payload: Any) -> dict[str, Any]:
    caller.can("partner.manage")
    return _save(store, caller, _owner(store, caller, tenant_id), payload, None)


def update_partner(store: AccountsStore, caller: Caller, partner_id: Any, payload: Any) -> dict[str, Any]:
    caller.can("partner.manage")
    before, owner = _partner(store, caller, partner_id)
    return _save(store, caller, owner, payload, before)


def delete_partner(store: AccountsStore, caller: Caller, partner_id: Any) -> None:
    caller.can("partner.manage")
    partner, owner = _partner(store, caller, partner_id)
    store.delete_partner(partner["id"])
    audit.record(
        store, caller, "partner.delete", "partner", partner, owner["path"], before=PartnerSchema().dump(partner)
    )
