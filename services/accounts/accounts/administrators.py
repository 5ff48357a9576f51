"""Administrators of a tenant, the first one and the delegated ones (ACC-21)."""

from __future__ import annotations

from typing import Any

from accounts import audit, events
from accounts.callers import Caller
from accounts.passwords import Hasher
from accounts.schemas import AdministratorInputSchema, UserProfileSchema
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

ADMIN_ROLE_OF_KIND = {"system": "system_admin", "reseller": "reseller_admin", "enterprise": "enterprise_admin"}
IDENTIFIER_TAKEN = Msg("This identifier is already used.")
EMAIL_TAKEN = Msg("This e-mail address is already used by another account.")


def check_available(store: AccountsStore, data: dict[str, Any], prefix: str = "administrator.") -> None:
    errors: dict[str, list[dict[str, Any]]] = {}
    if store.identifier_taken(data["identifier"]):
        errors[f"{prefix}identifier"] = [{"msgid": IDENTIFIER_TAKEN, "params": {}}]
    if data.get("email") and store.email_taken(data["email"]):
        errors[f"{prefix}email"] = [{"msgid": EMAIL_TAKEN, "params": {}}]
    if errors:
        raise ValidationFailed(errors)


def add(
    store: AccountsStore, hasher: Hasher, caller: Caller, tenant: dict[str, Any], data: dict[str, Any], role: str
) -> dict[str, Any]:
    user = store.create_user(
        tenant["id"],
        data["identifier"],
        data["display_name"],
        role,
        hasher.hash(data["password"]),
        email=data["email"],
        language=data.get("language", "fr"),
        account_kind="administrator" if role != "user" else "professional",
    )
    dumped = UserProfileSchema().dump(user)
    audit.record(store, caller, "administrator.create", "user", user, tenant["path"], after=dumped)
    return dumped


def delete_user(store: AccountsStore, outbox: OutboxWriter, user: dict[str, Any]) -> None:
    """Remove a user; the gateway ends their sessions when it hears of it."""
    events.user_credentials_changed(outbox, store.tx, user, "deleted")
    store.delete_user(user["id"])


def list_administrators(store: AccountsStore, caller: Caller) -> list[dict[str, Any]]:
    caller.can("admin.list")
    tenant = store.tenant(caller.tenant_id)
    assert tenant is not None
    role = ADMIN_ROLE_OF_KIND.get(tenant["kind"])
    rows = store.users_of_tenant(caller.tenant_id, (role,) if role else ("administrator",))
    return UserProfileSchema(many=True).dump(rows)


def create_delegate(store: AccountsStore, hasher: Hasher, caller: Caller, payload: Any) -> dict[str, Any]:
    """Another administrator of the caller's own tenant, with the same powers."""
    caller.can("admin.create")
    tenant = store.tenant(caller.tenant_id)
    assert tenant is not None
    try:
        data = load(AdministratorInputSchema(), payload)
    except ValidationFailed as exc:
        identifier = payload.get("identifier") if isinstance(payload, dict) else None
        if (
            isinstance(identifier, str)
            and "identifier" not in exc.field_errors
            and store.identifier_taken(identifier.strip())
        ):
            exc.field_errors["identifier"] = [{"msgid": IDENTIFIER_TAKEN, "params": {}}]
        raise
    check_available(store, data, prefix="")
    role = ADMIN_ROLE_OF_KIND.get(tenant["kind"])
    if role is None:
        raise PermissionDenied("admin.create")
    return add(store, hasher, caller, tenant, data, role)


def remove_delegate(store: AccountsStore, outbox: OutboxWriter, caller: Caller, user_id: Any) -> None:
    caller.can("admin.delete")
    user = store.user_profile(user_id)
    if user is None or str(user["tenant_id"]) != str(caller.tenant_id):
        raise NotFound("user")
    if str(user["id"]) == str(caller.id):
        raise field_error("_schema", "You cannot remove yourself.")
    if user["role"] != caller.role:
        raise NotFound("user")
    delete_user(store, outbox, user)
    tenant = store.tenant(caller.tenant_id)
    assert tenant is not None
    audit.record(
        store, caller, "administrator.delete", "user", user, tenant["path"], before=UserProfileSchema().dump(user)
    )
