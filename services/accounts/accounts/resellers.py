"""Resellers under the system tenant, with their white-label brand (ACC-08)."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from accounts import administrators, audit, events
from accounts.callers import Caller
from accounts.logos import check_logo
from accounts.passwords import Hasher
from accounts.schemas import (
    AdministratorInputSchema,
    BrandingSchema,
    ListQuerySchema,
    ResellerInputSchema,
    ResellerSchema,
    SupportSchema,
)
from accounts.storage import AccountsStore
from accounts.storage.tenants import TENANT_LIST_COLUMNS
from relais_kit.errors import NotFound, ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

DUPLICATE_NAME = Msg("A reseller with this name already exists.")
DUPLICATE_HOST = Msg("Another reseller already uses this portal address.")
HAS_CUSTOMERS = Msg("Delete or move this reseller's customers first.")


# What ResellerSchema shows, built by PostgreSQL for lists: the tenant's columns and the brand's.
LIST_COLUMNS = (
    *TENANT_LIST_COLUMNS,
    "billing_owner",
    "brand_name",
    "brand_primary_colour",
    "brand_accent_colour",
    "portal_host",
    "logo_mime IS NOT NULL AS has_logo",
    "support_phone",
    "support_email",
    "support_url",
)


def _dump(reseller: dict[str, Any]) -> dict[str, Any]:
    return ResellerSchema().dump(reseller)


def _reseller(store: AccountsStore, caller: Caller, reseller_id: Any) -> dict[str, Any]:
    tenant = caller.sees_tenant(store.tenant(reseller_id))
    if tenant["kind"] != "reseller":
        raise NotFound("reseller")
    return tenant


def list_resellers_json(store: AccountsStore, caller: Caller, query: Any = None) -> str:
    """A page of resellers as JSON text: {"items", "total", "page", "page_size"}."""
    caller.can("reseller.list")
    data = load(ListQuerySchema(), query or {})
    return store.tenants_page(
        caller.tenant_id, ("reseller",), LIST_COLUMNS, data["search"], data["page"], data["page_size"]
    )


def get_reseller(store: AccountsStore, caller: Caller, reseller_id: Any) -> dict[str, Any]:
    """The system administrator sees every reseller; a reseller administrator sees its own."""
    caller.can("reseller.read")
    return _dump(_reseller(store, caller, reseller_id))


def _check_unique(
    store: AccountsStore, parent_id: Any, payload: Any, exc: ValidationFailed | None, except_id: Any
) -> None:
    errors = dict(exc.field_errors) if exc else {}
    name = payload.get("name") if isinstance(payload, dict) else None
    host = payload.get("portal_host") if isinstance(payload, dict) else None
    if "name" not in errors and isinstance(name, str) and store.sibling_name_taken(parent_id, name.strip(), except_id):
        errors["name"] = field_error("name", DUPLICATE_NAME).field_errors["name"]
    if (
        "portal_host" not in errors
        and isinstance(host, str)
        and host.strip()
        and store.portal_host_taken(host.strip(), except_id)
    ):
        errors["portal_host"] = field_error("portal_host", DUPLICATE_HOST).field_errors["portal_host"]
    if errors:
        raise ValidationFailed(errors)


class _ResellerWrite(ResellerInputSchema, BrandingSchema, SupportSchema):
    administrator = fields.Nested(AdministratorInputSchema, load_default=None, allow_none=True)


def _load_reseller(store: AccountsStore, payload: Any, parent_id: Any, except_id: Any = None) -> dict[str, Any]:
    """Every mistake at once: field rules and the unique name and portal address."""
    try:
        data = load(_ResellerWrite(), payload)
    except ValidationFailed as exc:
        _check_unique(store, parent_id, payload, exc, except_id)
        raise
    _check_unique(store, parent_id, payload, None, except_id)
    return dict(data)


def create_reseller(
    store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, caller: Caller, payload: Any
) -> dict[str, Any]:
    """The reseller and, when given, its first administrator, who signs in to the reseller's portal."""
    caller.can("reseller.create")
    parent = store.system_tenant()
    assert parent is not None
    data = _load_reseller(store, payload, parent["id"])
    administrator = data.pop("administrator", None)
    if administrator is not None:
        administrators.check_available(store, administrator)
    reseller = store.create_tenant("reseller", parent, **data)
    if administrator is not None:
        administrators.add(store, hasher, caller, reseller, administrator, "reseller_admin")
    events.reseller_created(outbox, store.tx, reseller)
    audit.record(store, caller, "reseller.create", "reseller", reseller, reseller["path"], after=_dump(reseller))
    return _dump(reseller)


def update_reseller(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, reseller_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("reseller.update")
    before = _reseller(store, caller, reseller_id)
    data = _load_reseller(store, payload, before["parent_id"], before["id"])
    after = store.update_tenant(before["id"], data)
    events.reseller_updated(outbox, store.tx, after)
    audit.record(store, caller, "reseller.update", "reseller", after, after["path"], _dump(before), _dump(after))
    return _dump(after)


def update_branding(store: AccountsStore, caller: Caller, reseller_id: Any, payload: Any) -> dict[str, Any]:
    """A reseller administrator brands its own portal; the system administrator any reseller's."""
    caller.can("branding.update")
    before = _reseller(store, caller, reseller_id)
    try:
        data = load(BrandingSchema(), payload)
    except ValidationFailed as exc:
        _check_unique(store, before["parent_id"], payload, exc, before["id"])
        raise
    _check_unique(store, before["parent_id"], payload, None, before["id"])
    after = store.update_tenant(before["id"], data)
    audit.record(store, caller, "reseller.branding", "reseller", after, after["path"], _dump(before), _dump(after))
    return _dump(after)


def set_logo(
    store: AccountsStore, caller: Caller, reseller_id: Any, content: Any, declared_mime: Any
) -> dict[str, Any]:
    caller.can("branding.update")
    reseller = _reseller(store, caller, reseller_id)
    data, mime = check_logo(content, declared_mime)
    store.set_logo(reseller["id"], data, mime)
    audit.record(
        store,
        caller,
        "reseller.logo",
        "reseller",
        reseller,
        reseller["path"],
        {"logo": bool(reseller.get("logo_mime"))},
        {"logo": True},
    )
    return _dump(store.update_tenant(reseller["id"], {}))


def delete_reseller(store: AccountsStore, outbox: OutboxWriter, caller: Caller, reseller_id: Any) -> None:
    caller.can("reseller.delete")
    reseller = _reseller(store, caller, reseller_id)
    if store.count_children(reseller["id"]):
        raise field_error("_schema", HAS_CUSTOMERS)
    for user in store.users_of_tenant(reseller["id"]):
        administrators.delete_user(store, outbox, user)
    store.delete_tenant(reseller["id"])
    events.tenant_deleted(outbox, store.tx, reseller)
    audit.record(store, caller, "reseller.delete", "reseller", reseller, reseller["path"], before=_dump(reseller))


def brand_for_host(store: AccountsStore, host: str) -> dict[str, Any] | None:
    """The brand the portal shows when reached through a reseller's own host name (no caller: public)."""
    tenant = store.tenant_for_host(host.split(":")[0].strip().lower()) if host else None
    if tenant is None or tenant["kind"] != "reseller":
        return None
    return {
        k: v
        for k, v in _dump(tenant).items()
        if k
        in {
            "id",
            "name",
            "brand_name",
            "brand_primary_colour",
            "brand_accent_colour",
            "has_logo",
            "support_phone",
            "support_email",
            "support_url",
            "language",
        }
    }


def logo(store: AccountsStore, reseller_id: Any) -> tuple[bytes, str] | None:
    """Logos are public (shown on the sign-in page of the reseller's portal)."""
    return store.logo(reseller_id)
