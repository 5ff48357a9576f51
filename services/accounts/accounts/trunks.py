"""SIP trunks of the system, a reseller or an enterprise (NUM-04). The digest password is encrypted at rest and
never returned, logged, audited or published; leaving it out of an update keeps the one stored."""

from __future__ import annotations

import uuid
from typing import Any

from accounts import audit, events, reach
from accounts.callers import Caller
from accounts.inventory_schemas import TrunkInputSchema, TrunkSchema
from accounts.secrets import SecretBox
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg

DUPLICATE_NAME = Msg("A trunk with this name already exists here.")
REGISTER_NEEDS = Msg("Registering needs a user name and a password.")


def _owner(store: AccountsStore, caller: Caller, tenant_id: Any) -> dict[str, Any]:
    tenant = caller.sees_tenant(store.tenant(tenant_id))
    if tenant["kind"] not in ("system", "reseller", "enterprise"):
        raise NotFound("tenant")
    return tenant


def _trunk(store: AccountsStore, caller: Caller, trunk_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    trunk = store.trunk(trunk_id)
    if trunk is None:
        raise NotFound("trunk")
    try:
        return trunk, _owner(store, caller, trunk["tenant_id"])
    except NotFound:
        raise NotFound("trunk") from None


def list_trunks(store: AccountsStore, caller: Caller, tenant_id: Any) -> list[dict[str, Any]]:
    caller.can("trunk.list")
    owner = _owner(store, caller, tenant_id)
    return TrunkSchema(many=True).dump(store.trunks_of(owner["id"]))


def _save(
    store: AccountsStore,
    outbox: OutboxWriter,
    box: SecretBox,
    caller: Caller,
    owner: dict[str, Any],
    payload: Any,
    before: dict[str, Any] | None,
) -> dict[str, Any]:
    trunk_id = before["id"] if before else uuid.uuid4()
    data, errors = reach.load_all(TrunkInputSchema(), payload)
    if data.get("name") and store.trunk_name_taken(owner["id"], data["name"], trunk_id):
        reach.add_error(errors, "name", DUPLICATE_NAME)
    has_password = bool(data.get("password")) or bool(before and before["password_encrypted"])
    if data.get("register") and not (data.get("username") and has_password):
        reach.add_error(errors, "register", REGISTER_NEEDS)
    reach.fail_if(errors)
    token = box.encrypt(data["password"]) if data.get("password") else None
    store.save_trunk(trunk_id, owner["id"], data, token)
    after = store.trunk(trunk_id)
    assert after is not None
    events.trunk_changed(outbox, store.tx, after, owner["path"])
    dumped = TrunkSchema().dump(after)
    audit.record(
        store,
        caller,
        "trunk.update" if before else "trunk.create",
        "trunk",
        after,
        owner["path"],
        TrunkSchema().dump(before) if before else None,
        {**dumped, "password_changed": bool(token)},
    )
    return dumped


def create_trunk(
    store: AccountsStore, outbox: OutboxWriter, box: SecretBox, caller: Caller, tenant_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("trunk.manage")
    return _save(store, outbox, box, caller, _owner(store, caller, tenant_id), payload, None)


def update_trunk(
    store: AccountsStore, outbox: OutboxWriter, box: SecretBox, caller: Caller, trunk_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("trunk.manage")
    before, owner = _trunk(store, caller, trunk_id)
    return _save(store, outbox, box, caller, owner, payload, before)


def delete_trunk(store: AccountsStore, outbox: OutboxWriter, caller: Caller, trunk_id: Any) -> None:
    caller.can("trunk.manage")
    trunk, owner = _trunk(store, caller, trunk_id)
    store.delete_trunk(trunk["id"])
    events.trunk_changed(outbox, store.tx, trunk, owner["path"], deleted=True)
    audit.record(store, caller, "trunk.delete", "trunk", trunk, owner["path"], before=TrunkSchema().dump(trunk))
