"""DID inventory and number blocks (NUM-01, NUM-02): numbers in E.164, held by a reseller or an enterprise,
assigned to a user, a department or a group service (auto attendant, hunt group, ...) or to nothing."""

from __future__ import annotations

from typing import Any

from accounts import audit, events, reach
from accounts.callers import Caller
from accounts.inventory_schemas import (
    DidAssignSchema,
    DidListQuerySchema,
    DidSchema,
    DidsInputSchema,
    NumberBlockInputSchema,
    NumberBlockSchema,
)
from accounts.phone_numbers import to_e164
from accounts.storage import AccountsStore
from relais_kit.errors import FieldErrors, NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

INVALID = Msg("A valid phone number, like +1 514 555-0100.")
TAKEN = Msg("This number is already in the inventory.")
TWICE = Msg("This number is listed twice.")
OVERLAP = Msg("These numbers overlap another block.")
IN_USE = Msg("Remove the numbers' assignments first.")
NOT_HERE = Msg("Choose a user, department or service of this enterprise.")
ENTERPRISE_ONLY = Msg("Give the number to an enterprise before assigning it.")


def _holder(store: AccountsStore, caller: Caller, tenant_id: Any) -> dict[str, Any]:
    tenant = caller.sees_tenant(store.tenant(tenant_id))
    if tenant["kind"] not in ("reseller", "enterprise"):
        raise NotFound("tenant")
    return tenant


def _did(store: AccountsStore, caller: Caller, did_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    did = store.did(did_id)
    if did is None:
        raise NotFound("did")
    try:
        return did, _holder(store, caller, did["tenant_id"])
    except NotFound:
        raise NotFound("did") from None


def add_dids(store: AccountsStore, caller: Caller, tenant_id: Any, payload: Any) -> list[dict[str, Any]]:
    caller.can("number.create")
    holder = _holder(store, caller, tenant_id)
    data, errors = reach.load_all(DidsInputSchema(), payload)
    numbers: list[str] = []
    for index, text in enumerate(data.get("numbers", [])):
        number = to_e164(text, data.get("region", "CA"))
        if number is None:
            reach.add_error(errors, f"numbers.{index}", INVALID)
        elif number in numbers:
            reach.add_error(errors, f"numbers.{index}", TWICE)
        numbers.append(number or "")
    taken = store.dids_taken([n for n in numbers if n])
    for index, number in enumerate(numbers):
        if number in taken:
            reach.add_error(errors, f"numbers.{index}", TAKEN)
    reach.fail_if(errors)
    added = store.add_dids(holder["id"], numbers)
    audit.record(store, caller, "did.create", holder["kind"], holder, holder["path"], after={"numbers": numbers})
    return DidSchema(many=True).dump(added)


def list_dids(store: AccountsStore, caller: Caller, tenant_id: Any, query: Any = None) -> dict[str, Any]:
    """Used, available or all numbers of a reseller or enterprise (NUM-01)."""
    caller.can("number.list")
    holder = _holder(store, caller, tenant_id)
    data = load(DidListQuerySchema(), query or {})
    rows, total = store.dids_page(
        holder["id"], data["state"], data["search"], data["page_size"], (data["page"] - 1) * data["page_size"]
    )
    return {
        "items": DidSchema(many=True).dump(rows),
        "total": total,
        "page": data["page"],
        "page_size": data["page_size"],
    }


def _target_errors(store: AccountsStore, holder: dict[str, Any], data: dict[str, Any]) -> FieldErrors:
    errors: FieldErrors = {}
    kind, target = data.get("target_type"), data.get("target_id")
    if kind in (None, "none"):
        return errors
    if holder["kind"] != "enterprise":
        reach.add_error(errors, "target_type", ENTERPRISE_ONLY)
    elif kind == "user":
        user = store.user_profile(target)
        if user is None or str(user["tenant_id"]) != str(holder["id"]):
            reach.add_error(errors, "target_id", NOT_HERE)
    elif kind == "department":
        department = store.department(target)
        if department is None or str(department["enterprise_id"]) != str(holder["id"]):
            reach.add_error(errors, "target_id", NOT_HERE)
    return errors  # group services live in routing, which ignores a DID aimed at one it does not know


def assign_did(store: AccountsStore, outbox: OutboxWriter, caller: Caller, did_id: Any, payload: Any) -> dict[str, Any]:
    """Assign, change or remove (target_type "none") what a DID rings (NUM-01)."""
    caller.can("number.assign")
    before, holder = _did(store, caller, did_id)
    data, errors = reach.load_all(DidAssignSchema(), payload)
    errors.update(_target_errors(store, holder, data))
    reach.fail_if(errors)
    kind = None if data["target_type"] == "none" else data["target_type"]
    after = store.assign_did(before["id"], kind, data["target_id"] if kind else None)
    events.did_assigned(outbox, store.tx, after, holder["path"])
    audit.record(
        store,
        caller,
        "did.assign",
        "did",
        {**after, "name": after["number"]},
        holder["path"],
        DidSchema().dump(before),
        DidSchema().dump(after),
    )
    return DidSchema().dump(after)


def delete_did(store: AccountsStore, caller: Caller, did_id: Any) -> None:
    caller.can("number.create")
    did, holder = _did(store, caller, did_id)
    if did["target_type"] is not None:
        raise field_error("_schema", IN_USE)
    store.delete_did(did["id"])
    audit.record(
        store, caller, "did.delete", "did", {**did, "name": did["number"]}, holder["path"], before=DidSchema().dump(did)
    )


def create_number_block(store: AccountsStore, caller: Caller, enterprise_id: Any, payload: Any) -> dict[str, Any]:
    """A range of numbers for an enterprise or one of its departments; its numbers join the inventory (NUM-02)."""
    caller.can("number.create")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    data, errors = reach.load_all(NumberBlockInputSchema(), payload)
    reach.department(store, caller, enterprise, data.get("department_id"), errors)
    first, last = data.get("first_number"), data.get("last_number")
    numbers: list[str] = []
    if first and last and "last_number" not in errors:
        numbers = [f"+{n:0{len(first) - 1}d}" for n in range(int(first[1:]), int(last[1:]) + 1)]
        if store.block_overlaps(first, last) or store.dids_taken(numbers):
            reach.add_error(errors, "first_number", OVERLAP)
    reach.fail_if(errors)
    block = store.create_number_block(enterprise["id"], data)
    store.add_dids(enterprise["id"], numbers, block["id"])
    block = store.number_block(block["id"]) or block
    dumped = NumberBlockSchema().dump(block)
    audit.record(store, caller, "number_block.create", "number_block", block, enterprise["path"], after=dumped)
    return dumped


def list_number_blocks(store: AccountsStore, caller: Caller, enterprise_id: Any) -> list[dict[str, Any]]:
    """Blocks with how many of their numbers are assigned; a manager sees the blocks of their departments."""
    caller.can("number_block.list")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    scope = reach.managed_departments(store, caller, enterprise)
    rows = [b for b in store.number_blocks_of(enterprise["id"]) if scope is None or str(b["department_id"]) in scope]
    return NumberBlockSchema(many=True).dump(rows)


def delete_number_block(store: AccountsStore, caller: Caller, block_id: Any) -> None:
    caller.can("number.create")
    block = store.number_block(block_id)
    if block is None:
        raise NotFound("number_block")
    try:
        enterprise = reach.enterprise(store, caller, block["enterprise_id"])
    except NotFound:
        raise NotFound("number_block") from None
    if store.block_in_use(block["id"]):
        raise field_error("_schema", IN_USE)
    store.delete_number_block(block["id"])
    audit.record(
        store,
        caller,
        "number_block.delete",
        "number_block",
        block,
        enterprise["path"],
        before=NumberBlockSchema().dump(block),
    )
