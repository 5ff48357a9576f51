"""Enterprise and professional accounts, created and managed by resellers (ACC-01, ACC-02)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accounts import administrators, audit, events
from accounts.callers import Caller
from accounts.passwords import Hasher
from accounts.schemas import CustomerInputSchema, CustomerUpdateSchema, ListQuerySchema, TenantSchema
from accounts.storage import AccountsStore
from accounts.storage.tenants import TENANT_LIST_COLUMNS
from relais_kit.errors import NotFound, ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

KINDS = ("enterprise", "professional")
DUPLICATE_NAME = Msg("A customer account with this name already exists.")
UNKNOWN_TIME_ZONE = Msg("Unknown time zone.")
HAS_USERS = Msg("Delete this account's users and departments first.")


def _dump(tenant: dict[str, Any]) -> dict[str, Any]:
    return TenantSchema().dump(tenant)


def _owner_reseller(store: AccountsStore, caller: Caller, reseller_id: Any) -> dict[str, Any]:
    """Customers hang under a reseller: the caller's own, or (system administrator) the one named."""
    if caller.role == "reseller_admin":
        tenant = store.tenant(caller.tenant_id)
    else:
        tenant = caller.sees_tenant(store.tenant(reseller_id)) if reseller_id else None
    if tenant is None or tenant["kind"] != "reseller":
        raise field_error("reseller_id", "Choose the reseller that sells this account.")
    return tenant


def _customer(store: AccountsStore, caller: Caller, tenant_id: Any) -> dict[str, Any]:
    tenant = caller.sees_tenant(store.tenant(tenant_id))
    if tenant["kind"] not in KINDS:
        raise NotFound("customer")
    return tenant


def _errors_with_checks(
    store: AccountsStore, parent_id: Any, payload: Any, exc: ValidationFailed | None, except_id: Any = None
) -> None:
    errors = dict(exc.field_errors) if exc else {}
    if isinstance(payload, dict):
        name = payload.get("name")
        if (
            "name" not in errors
            and isinstance(name, str)
            and name.strip()
            and store.sibling_name_taken(parent_id, name.strip(), except_id)
        ):
            errors["name"] = [{"msgid": DUPLICATE_NAME, "params": {}}]
        zone = payload.get("time_zone")
        if "time_zone" not in errors and isinstance(zone, str) and not _zone_exists(zone):
            errors["time_zone"] = [{"msgid": UNKNOWN_TIME_ZONE, "params": {}}]
        admin = payload.get("administrator")
        if isinstance(admin, dict) and isinstance(admin.get("identifier"), str) and admin["identifier"].strip():
            if "administrator.identifier" not in errors and store.identifier_taken(admin["identifier"].strip()):
                errors["administrator.identifier"] = [{"msgid": administrators.IDENTIFIER_TAKEN, "params": {}}]
            email = admin.get("email")
            if "administrator.email" not in errors and isinstance(email, str) and store.email_taken(email.strip()):
                errors["administrator.email"] = [{"msgid": administrators.EMAIL_TAKEN, "params": {}}]
    if errors:
        raise ValidationFailed(errors)


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def list_customers_json(store: AccountsStore, caller: Caller, query: Any = None) -> str:
    """A page of enterprises and professionals as JSON text: {"items", "total", "page", "page_size"}."""
    caller.can("customer.list")
    data = load(ListQuerySchema(), query or {})
    return store.tenants_page(
        caller.tenant_id, KINDS, TENANT_LIST_COLUMNS, data["search"], data["page"], data["page_size"]
    )


def get_customer(store: AccountsStore, caller: Caller, tenant_id: Any) -> dict[str, Any]:
    caller.can("customer.list")
    return _dump(_customer(store, caller, tenant_id))


def create_customer(
    store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, caller: Caller, payload: Any
) -> dict[str, Any]:
    """An enterprise (multi-user, with its administrator) or a professional (one user who manages it all)."""
    caller.can("customer.create")
    reseller = _owner_reseller(store, caller, payload.get("reseller_id") if isinstance(payload, dict) else None)
    clean = {k: v for k, v in payload.items() if k != "reseller_id"} if isinstance(payload, dict) else payload
    try:
        data = load(CustomerInputSchema(), clean)
    except ValidationFailed as exc:
        _errors_with_checks(store, reseller["id"], clean, exc)
        raise
    _errors_with_checks(store, reseller["id"], clean, None)
    admin = data.pop("administrator")
    tenant = store.create_tenant(data.pop("kind"), reseller, **data)
    role = "enterprise_admin" if tenant["kind"] == "enterprise" else "user"
    administrators.add(store, hasher, caller, tenant, admin, role)
    events.customer_account(outbox, store.tx, "created", tenant)
    audit.record(store, caller, "customer.create", tenant["kind"], tenant, tenant["path"], after=_dump(tenant))
    return _dump(tenant)


def update_customer(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, tenant_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("customer.update")
    before = _customer(store, caller, tenant_id)
    try:
        data = load(CustomerUpdateSchema(), payload)
    except ValidationFailed as exc:
        _errors_with_checks(store, before["parent_id"], payload, exc, before["id"])
        raise
    _errors_with_checks(store, before["parent_id"], payload, None, before["id"])
    after = store.update_tenant(before["id"], data)
    events.customer_account(outbox, store.tx, "updated", after)
    audit.record(store, caller, "customer.update", after["kind"], after, after["path"], _dump(before), _dump(after))
    return _dump(after)


def delete_customer(store: AccountsStore, outbox: OutboxWriter, caller: Caller, tenant_id: Any) -> None:
    """Only an account whose users have left: its own administrator goes with it."""
    caller.can("customer.delete")
    tenant = _customer(store, caller, tenant_id)
    users = store.users_of_tenant(tenant["id"])
    admins = [u for u in users if u["role"] in ("enterprise_admin",) or tenant["kind"] == "professional"]
    if len(users) > len(admins) or store.departments_of(tenant["id"]):
        raise field_error("_schema", HAS_USERS)
    for user in users:
        administrators.delete_user(store, outbox, user)
    store.delete_tenant(tenant["id"])
    events.tenant_deleted(outbox, store.tx, tenant)
    audit.record(store, caller, "customer.delete", tenant["kind"], tenant, tenant["path"], before=_dump(tenant))
