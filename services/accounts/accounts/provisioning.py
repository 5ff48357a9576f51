"""Remote provisioning (ACC-26): a reseller's web site signs customers up through the REST API with an API key.

A key is 'rlk_' + a 12-hex prefix (to find it) + '_' + 32 random url-safe bytes. It is shown once, when created;
only its SHA-256 is stored (the key is random and long, so a slow password hash adds nothing). A request with the
key acts as the reseller administrator who created it, re-checked on each use: keys of an administrator who left,
or of a revoked key, no longer work.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from typing import Any

from accounts import audit, callers, customers
from accounts.callers import Caller
from accounts.directory_schemas import ProvisioningKeyInputSchema, ProvisioningKeySchema
from accounts.passwords import Hasher
from accounts.storage import AccountsStore
from relais_kit.errors import AuthenticationFailed, NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import load

KEY_FORMAT = re.compile(r"^rlk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _reseller(store: AccountsStore, caller: Caller, reseller_id: Any) -> dict[str, Any]:
    tenant = caller.sees_tenant(store.tenant(reseller_id))
    if tenant["kind"] != "reseller":
        raise NotFound("reseller")
    return tenant


def list_keys(store: AccountsStore, caller: Caller, reseller_id: Any) -> list[dict[str, Any]]:
    caller.can("provisioning.manage")
    reseller = _reseller(store, caller, reseller_id)
    return ProvisioningKeySchema(many=True).dump(store.provisioning_keys_of(reseller["id"]))


def create_key(store: AccountsStore, caller: Caller, reseller_id: Any, payload: Any) -> dict[str, Any]:
    """The new key, with its clear value under ``key``: this answer is the only time it is shown."""
    caller.can("provisioning.manage")
    reseller = _reseller(store, caller, reseller_id)
    if caller.role != "reseller_admin" or str(caller.tenant_id) != str(reseller["id"]):
        # the key acts as its creator, so only the reseller's own administrator may make one
        raise NotFound("reseller")
    data = load(ProvisioningKeyInputSchema(), payload)
    prefix = secrets.token_hex(6)
    clear = f"rlk_{prefix}_{secrets.token_urlsafe(32)}"
    row = store.add_provisioning_key(
        {
            "id": str(uuid.uuid4()),
            "reseller_id": str(reseller["id"]),
            "created_by": str(caller.id),
            "name": data["name"],
            "prefix": prefix,
            "key_hash": _digest(clear),
        }
    )
    dumped = ProvisioningKeySchema().dump(row)
    audit.record(store, caller, "provisioning_key.create", "provisioning_key", row, reseller["path"], after=dumped)
    return {**dumped, "key": clear}


def revoke_key(store: AccountsStore, caller: Caller, key_id: Any) -> None:
    caller.can("provisioning.manage")
    key = store.provisioning_key(key_id)
    if key is None:
        raise NotFound("provisioning_key")
    try:
        reseller = _reseller(store, caller, key["reseller_id"])
    except NotFound:
        raise NotFound("provisioning_key") from None
    store.revoke_provisioning_key(key["id"])
    audit.record(
        store,
        caller,
        "provisioning_key.revoke",
        "provisioning_key",
        key,
        reseller["path"],
        before=ProvisioningKeySchema().dump(key),
    )


def caller_for_key(store: AccountsStore, api_key: Any) -> tuple[Caller, dict[str, Any]]:
    """The reseller administrator a key acts as; AuthenticationFailed for any key that does not work."""
    found = KEY_FORMAT.match(str(api_key or ""))
    key = store.provisioning_key_by_prefix(found.group(1)) if found else None
    if key is None or not hmac.compare_digest(key["key_hash"], _digest(str(api_key))):
        raise AuthenticationFailed("unknown or revoked API key")
    try:
        caller = callers.resolve(store, {"user_id": str(key["created_by"])})
    except AuthenticationFailed:
        raise AuthenticationFailed("unknown or revoked API key") from None
    if caller.role != "reseller_admin" or str(caller.tenant_id) != str(key["reseller_id"]):
        raise AuthenticationFailed("unknown or revoked API key")
    store.provisioning_key_used(key["id"])
    return caller, key


def provision_customer(
    store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, api_key: Any, payload: Any
) -> dict[str, Any]:
    """Sign a customer (enterprise or professional, with its administrator) up under the key's reseller."""
    caller, _ = caller_for_key(store, api_key)
    clean = {k: v for k, v in payload.items() if k != "reseller_id"} if isinstance(payload, dict) else payload
    return customers.create_customer(store, outbox, hasher, caller, clean)
