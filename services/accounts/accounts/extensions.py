"""The enterprise extension plan (NUM-05): add one or a range, edit, delete; unique in the enterprise."""

from __future__ import annotations

from typing import Any

from accounts import audit, events, reach
from accounts.callers import Caller
from accounts.inventory_schemas import ExtensionSchema, ExtensionsInputSchema, ExtensionUpdateSchema
from accounts.storage import AccountsStore
from relais_kit.errors import FieldErrors, NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg

TAKEN = Msg("Already used in this enterprise: {numbers}.")
NOT_A_LINE = Msg("Choose a user of this enterprise.")
HAS_ONE = Msg("This user already has an extension.")


def _extension(store: AccountsStore, caller: Caller, extension_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    found = store.extension(extension_id)
    if found is None:
        raise NotFound("extension")
    try:
        return found, reach.enterprise(store, caller, found["enterprise_id"])
    except NotFound:
        raise NotFound("extension") from None


def _user_errors(
    store: AccountsStore, enterprise: dict[str, Any], user_id: Any, errors: FieldErrors, except_id: Any = None
) -> None:
    if user_id is None:
        return
    user = store.user_profile(user_id)
    if user is None or str(user["tenant_id"]) != str(enterprise["id"]):
        reach.add_error(errors, "user_id", NOT_A_LINE)
        return
    current = store.extension_of_user(user_id)
    if current is not None and str(current["id"]) != str(except_id):
        reach.add_error(errors, "user_id", HAS_ONE)


def list_extensions(store: AccountsStore, caller: Caller, enterprise_id: Any) -> list[dict[str, Any]]:
    caller.can("extension.list")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    return ExtensionSchema(many=True).dump(store.extensions_of(enterprise["id"]))


def add_extensions(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, enterprise_id: Any, payload: Any
) -> list[dict[str, Any]]:
    caller.can("extension.manage")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    data, errors = reach.load_all(ExtensionsInputSchema(), payload)
    numbers: list[str] = []
    if data.get("first") and "last" not in errors:
        first, last = data["first"], data.get("last") or data["first"]
        numbers = [str(n).zfill(len(first)) for n in range(int(first), int(last) + 1)]
        taken = store.extensions_taken(enterprise["id"], numbers)
        if taken:
            shown = ", ".join(taken[:10]) + (" ..." if len(taken) > 10 else "")
            errors.setdefault("first", []).append({"msgid": TAKEN.msgid, "params": {"numbers": shown}})
    _user_errors(store, enterprise, data.get("user_id"), errors)
    reach.fail_if(errors)
    added = [store.add_extension(enterprise["id"], n, data.get("user_id")) for n in numbers]
    for extension in added:
        events.extension_changed(outbox, store.tx, extension, enterprise["path"])
    audit.record(
        store, caller, "extension.create", "enterprise", enterprise, enterprise["path"], after={"numbers": numbers}
    )
    return ExtensionSchema(many=True).dump(added)


def update_extension(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, extension_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("extension.manage")
    before, enterprise = _extension(store, caller, extension_id)
    data, errors = reach.load_all(ExtensionUpdateSchema(), payload)
    if data.get("number") and store.extensions_taken(enterprise["id"], [data["number"]], before["id"]):
        errors.setdefault("number", []).append({"msgid": TAKEN.msgid, "params": {"numbers": data["number"]}})
    _user_errors(store, enterprise, data.get("user_id"), errors, before["id"])
    reach.fail_if(errors)
    after = store.update_extension(before["id"], data["number"], data["user_id"])
    events.extension_changed(outbox, store.tx, after, enterprise["path"])
    audit.record(
        store,
        caller,
        "extension.update",
        "extension",
        {**after, "name": after["number"]},
        enterprise["path"],
        ExtensionSchema().dump(before),
        ExtensionSchema().dump(after),
    )
    return ExtensionSchema().dump(after)


def delete_extension(store: AccountsStore, outbox: OutboxWriter, caller: Caller, extension_id: Any) -> None:
    caller.can("extension.manage")
    extension, enterprise = _extension(store, caller, extension_id)
    store.delete_extension(extension["id"])
    events.extension_changed(outbox, store.tx, extension, enterprise["path"], deleted=True)
    audit.record(
        store,
        caller,
        "extension.delete",
        "extension",
        {**extension, "name": extension["number"]},
        enterprise["path"],
        before=ExtensionSchema().dump(extension),
    )
