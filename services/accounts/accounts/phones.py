"""SIP phones of an enterprise (NUM-06) and their 12 line keys and 4 soft keys (NUM-07).

Administrators add and remove phones; department managers assign the phones of their departments to lines.
"""

from __future__ import annotations

from typing import Any

from accounts import audit, events, reach
from accounts.callers import Caller
from accounts.inventory_schemas import (
    PhoneAssignSchema,
    PhoneInputSchema,
    PhoneKeysSchema,
    PhoneSchema,
    PhoneUpdateSchema,
)
from accounts.storage import AccountsStore
from relais_kit.errors import FieldErrors, NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg

MAC_TAKEN = Msg("A phone with this MAC address is already registered.")
NOT_A_LINE = Msg("Choose a user of this enterprise that you manage.")


def _phone(store: AccountsStore, caller: Caller, phone_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    phone = store.phone(phone_id)
    if phone is None:
        raise NotFound("phone")
    try:
        enterprise = reach.enterprise(store, caller, phone["enterprise_id"])
    except NotFound:
        raise NotFound("phone") from None
    scope = reach.managed_departments(store, caller, enterprise)
    if scope is not None:
        holder = store.user_profile(phone["user_id"]) if phone["user_id"] else None
        departments = {str(phone["department_id"]), str(holder["department_id"]) if holder else ""}
        if not departments & set(scope):
            raise NotFound("phone")
    return phone, enterprise


def _dump(store: AccountsStore, phone: dict[str, Any]) -> dict[str, Any]:
    keys = store.phone_keys(phone["id"])
    strip = ("position", "action", "label", "value")
    return {
        **PhoneSchema().dump(phone),
        "line_keys": [{k: key[k] for k in strip} for key in keys if key["kind"] == "line"],
        "soft_keys": [{k: key[k] for k in strip} for key in keys if key["kind"] == "soft"],
    }


def _line_errors(
    store: AccountsStore, caller: Caller, enterprise: dict[str, Any], user_id: Any, errors: FieldErrors
) -> None:
    if user_id is None:
        return
    try:
        line, _ = reach.line(store, caller, user_id)
    except NotFound:
        line = None
    if line is None or str(line["tenant_id"]) != str(enterprise["id"]):
        reach.add_error(errors, "user_id", NOT_A_LINE)


def list_phones(store: AccountsStore, caller: Caller, enterprise_id: Any) -> list[dict[str, Any]]:
    """Which user holds which phone, with its status (NUM-06); a manager sees their departments' phones."""
    caller.can("phone.list")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    rows = store.phones_of(enterprise["id"], reach.managed_departments(store, caller, enterprise))
    return PhoneSchema(many=True).dump(rows)


def get_phone(store: AccountsStore, caller: Caller, phone_id: Any) -> dict[str, Any]:
    caller.can("phone.list")
    phone, _ = _phone(store, caller, phone_id)
    return _dump(store, phone)


def add_phone(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, enterprise_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("phone.manage")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    data, errors = reach.load_all(PhoneInputSchema(), payload)
    if data.get("mac") and store.mac_taken(data["mac"]):
        reach.add_error(errors, "mac", MAC_TAKEN)
    reach.department(store, caller, enterprise, data.get("department_id"), errors)
    _line_errors(store, caller, enterprise, data.get("user_id"), errors)
    reach.fail_if(errors)
    phone = store.add_phone(enterprise["id"], data)
    events.phone_assigned(outbox, store.tx, phone, enterprise["path"])
    audit.record(
        store,
        caller,
        "phone.create",
        "phone",
        {**phone, "name": phone["mac"]},
        enterprise["path"],
        after=PhoneSchema().dump(phone),
    )
    return _dump(store, phone)


def update_phone(store: AccountsStore, caller: Caller, phone_id: Any, payload: Any) -> dict[str, Any]:
    caller.can("phone.manage")
    before, enterprise = _phone(store, caller, phone_id)
    data, errors = reach.load_all(PhoneUpdateSchema(), payload)
    if data.get("mac") and store.mac_taken(data["mac"], before["id"]):
        reach.add_error(errors, "mac", MAC_TAKEN)
    reach.fail_if(errors)
    after = store.update_phone(before["id"], data)
    audit.record(
        store,
        caller,
        "phone.update",
        "phone",
        {**after, "name": after["mac"]},
        enterprise["path"],
        PhoneSchema().dump(before),
        PhoneSchema().dump(after),
    )
    return _dump(store, after)


def assign_phone(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, phone_id: Any, payload: Any
) -> dict[str, Any]:
    """Give the phone to a line and/or a department; nulls release it."""
    caller.can("phone.assign")
    before, enterprise = _phone(store, caller, phone_id)
    data, errors = reach.load_all(PhoneAssignSchema(), payload)
    reach.department(store, caller, enterprise, data.get("department_id"), errors)
    _line_errors(store, caller, enterprise, data.get("user_id"), errors)
    reach.fail_if(errors)
    after = store.assign_phone(before["id"], data["user_id"], data["department_id"])
    events.phone_assigned(outbox, store.tx, after, enterprise["path"])
    audit.record(
        store,
        caller,
        "phone.assign",
        "phone",
        {**after, "name": after["mac"]},
        enterprise["path"],
        PhoneSchema().dump(before),
        PhoneSchema().dump(after),
    )
    return _dump(store, after)


def set_phone_keys(store: AccountsStore, caller: Caller, phone_id: Any, payload: Any) -> dict[str, Any]:
    caller.can("phone.assign")
    phone, enterprise = _phone(store, caller, phone_id)
    data, errors = reach.load_all(PhoneKeysSchema(), payload)
    reach.fail_if(errors)
    before = _dump(store, phone)
    keys = [{**k, "kind": "line"} for k in data["line_keys"]] + [{**k, "kind": "soft"} for k in data["soft_keys"]]
    store.set_phone_keys(phone["id"], keys)
    after = _dump(store, phone)
    audit.record(
        store,
        caller,
        "phone.keys",
        "phone",
        {**phone, "name": phone["mac"]},
        enterprise["path"],
        {k: before[k] for k in ("line_keys", "soft_keys")},
        {k: after[k] for k in ("line_keys", "soft_keys")},
    )
    return after


def delete_phone(store: AccountsStore, outbox: OutboxWriter, caller: Caller, phone_id: Any) -> None:
    caller.can("phone.manage")
    phone, enterprise = _phone(store, caller, phone_id)
    store.delete_phone(phone["id"])
    events.phone_assigned(outbox, store.tx, phone, enterprise["path"], deleted=True)
    audit.record(
        store,
        caller,
        "phone.delete",
        "phone",
        {**phone, "name": phone["mac"]},
        enterprise["path"],
        before=PhoneSchema().dump(phone),
    )
