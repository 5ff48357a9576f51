"""Settings (ACC-21): one's own profile and language, the tenant's contact details, how customers reach a
reseller."""

from __future__ import annotations

from typing import Any

from accounts import audit
from accounts.callers import Caller
from accounts.resellers import _dump as dump_reseller
from accounts.schemas import ContactSchema, ProfileUpdateSchema, SupportSchema, TenantSchema, UserProfileSchema
from accounts.storage import AccountsStore
from relais_kit.errors import PermissionDenied
from relais_kit.validation import field_error, load


def get_settings(store: AccountsStore, caller: Caller) -> dict[str, Any]:
    tenant = store.tenant(caller.tenant_id)
    assert tenant is not None
    dump = dump_reseller if tenant["kind"] in ("reseller", "system") else TenantSchema().dump
    return {
        "profile": UserProfileSchema().dump(caller.user),
        "tenant": dump(tenant),
        "can_update_tenant": bool(
            caller.capabilities & {"system_admin", "reseller_admin", "enterprise_admin", "administrator"}
        ),
    }


def update_profile(store: AccountsStore, caller: Caller, payload: Any) -> dict[str, Any]:
    caller.can("profile.update")
    if caller.user.get("admin_managed") and caller.actor is None:  # only an administrator changes it (ACC-16)
        raise PermissionDenied("profile.update")
    data = load(ProfileUpdateSchema(), payload)
    if data["email"] and store.email_taken(data["email"], caller.id):
        raise field_error("email", "This e-mail address is already used by another account.")
    before = UserProfileSchema().dump(caller.user)
    store.update_user(caller.id, **data)
    updated = store.user_profile(caller.id)
    assert updated is not None
    after = UserProfileSchema().dump(updated)
    audit.record(store, caller, "user.profile", "user", updated, updated["tenant_path"], before, after)
    return after


def update_tenant_contact(store: AccountsStore, caller: Caller, payload: Any) -> dict[str, Any]:
    caller.can("settings.update")
    data = load(ContactSchema(), payload)
    before = store.tenant(caller.tenant_id)
    assert before is not None
    after = store.update_tenant(caller.tenant_id, data)
    audit.record(
        store,
        caller,
        "tenant.contact",
        before["kind"],
        after,
        after["path"],
        TenantSchema().dump(before),
        TenantSchema().dump(after),
    )
    return TenantSchema().dump(after)


def update_support(store: AccountsStore, caller: Caller, payload: Any) -> dict[str, Any]:
    """How a reseller's customers reach it: shown in the footer of the reseller's portal."""
    caller.can("branding.update")
    before = store.tenant(caller.tenant_id)
    assert before is not None
    if before["kind"] not in ("reseller", "system"):
        raise field_error("_schema", "Only a reseller sets how its customers reach it.")
    data = load(SupportSchema(), payload)
    after = store.update_tenant(caller.tenant_id, data)
    audit.record(
        store,
        caller,
        "tenant.support",
        before["kind"],
        after,
        after["path"],
        dump_reseller(before),
        dump_reseller(after),
    )
    return dump_reseller(after)
