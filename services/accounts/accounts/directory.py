"""The shared company directory (ACC-24): the enterprise's users and its external contacts, searched together.

Everyone of the enterprise reads it (speed dial 8 and 100 pick their contacts from it); its administrators and
office managers keep the external contacts (ACC-03).
"""

from __future__ import annotations

import uuid
from typing import Any

from accounts import audit, reach
from accounts.callers import Caller
from accounts.directory_schemas import ContactInputSchema, ContactSchema, DirectoryEntrySchema, DirectoryQuerySchema
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound
from relais_kit.validation import load


def _enterprise(store: AccountsStore, caller: Caller, enterprise_id: Any) -> dict[str, Any]:
    tenant = store.tenant(enterprise_id)
    if tenant is not None and tenant["kind"] == "enterprise" and str(tenant["id"]) == str(caller.tenant_id):
        return tenant
    return reach.enterprise(store, caller, enterprise_id)


def _contact(store: AccountsStore, caller: Caller, contact_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    contact = store.contact(contact_id)
    if contact is None:
        raise NotFound("contact")
    try:
        return contact, reach.enterprise(store, caller, contact["enterprise_id"])
    except NotFound:
        raise NotFound("contact") from None


def search_directory(store: AccountsStore, caller: Caller, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
    """One page of the directory, filtered by words (any column), kind (internal/external) and department."""
    caller.can("directory.list")
    enterprise = _enterprise(store, caller, enterprise_id)
    data = load(DirectoryQuerySchema(), query or {})
    data["search"] = data["search"] or None
    offset = (data["page"] - 1) * data["page_size"]
    rows, total = store.directory_page(enterprise["id"], data, data["page_size"], offset)
    return {
        "items": DirectoryEntrySchema(many=True).dump(rows),
        "total": total,
        "page": data["page"],
        "page_size": data["page_size"],
    }


def get_contact(store: AccountsStore, caller: Caller, contact_id: Any) -> dict[str, Any]:
    caller.can("directory.manage")
    contact, _ = _contact(store, caller, contact_id)
    return ContactSchema().dump(contact)


def _save(
    store: AccountsStore, caller: Caller, enterprise: dict[str, Any], payload: Any, before: dict[str, Any] | None
) -> dict[str, Any]:
    data, errors = reach.load_all(ContactInputSchema(), payload)
    reach.department(store, caller, enterprise, data.get("department_id"), errors)
    reach.fail_if(errors)
    contact_id = before["id"] if before else uuid.uuid4()
    after = store.save_contact(contact_id, enterprise["id"], data)
    name = " ".join(p for p in (after.get("first_name"), after["last_name"]) if p)
    audit.record(
        store,
        caller,
        "contact.update" if before else "contact.create",
        "contact",
        {**after, "name": name},
        enterprise["path"],
        ContactSchema().dump(before) if before else None,
        ContactSchema().dump(after),
    )
    return ContactSchema().dump(after)


def create_contact(store: AccountsStore, caller: Caller, enterprise_id: Any, payload: Any) -> dict[str, Any]:
    caller.can("directory.manage")
    return _save(store, caller, reach.enterprise(store, caller, enterprise_id), payload, None)


def update_contact(store: AccountsStore, caller: Caller, contact_id: Any, payload: Any) -> dict[str, Any]:
    caller.can("directory.manage")
    before, enterprise = _contact(store, caller, contact_id)
    return _save(store, caller, enterprise, payload, before)


def delete_contact(store: AccountsStore, caller: Caller, contact_id: Any) -> None:
    caller.can("directory.manage")
    contact, enterprise = _contact(store, caller, contact_id)
    store.delete_contact(contact["id"])
    audit.record(
        store,
        caller,
        "contact.delete",
        "contact",
        {**contact, "name": contact["last_name"]},
        enterprise["path"],
        before=ContactSchema().dump(contact),
    )
