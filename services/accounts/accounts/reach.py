"""What a caller reaches inside an enterprise: the enterprise itself, its departments and its lines.

Administrators of the enterprise (and those above it) reach all of it; a department manager reaches the
departments they manage, what lies below, and the users who work there (ACC-20). Anything else is NotFound.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError

from accounts.callers import Caller
from accounts.storage import AccountsStore
from relais_kit.errors import FieldErrors, NotFound, ValidationFailed
from relais_kit.validation import Msg, load

BAD_DEPARTMENT = Msg("Choose a department of this enterprise that you manage.")


def enterprise(store: AccountsStore, caller: Caller, enterprise_id: Any) -> dict[str, Any]:
    tenant = store.tenant(enterprise_id)
    if tenant is None or tenant["kind"] != "enterprise":
        raise NotFound("enterprise")
    if caller.is_tenant_admin:
        return caller.sees_tenant(tenant)
    if str(tenant["id"]) == str(caller.tenant_id) and caller.managed_departments:
        return tenant
    raise NotFound("enterprise")


def managed_departments(store: AccountsStore, caller: Caller, enterprise_row: dict[str, Any]) -> list[str] | None:
    """None when the caller reaches the whole enterprise; otherwise the ids of the departments they manage."""
    if caller.is_tenant_admin:
        return None
    found: set[str] = set()
    for department_id in caller.managed_departments:
        found.update(str(d["id"]) for d in store.departments_of(enterprise_row["id"], within=department_id))
    return sorted(found)


def line(store: AccountsStore, caller: Caller, user_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A user of an enterprise the caller reaches, with that enterprise."""
    found = store.line(user_id)
    if found is None:
        raise NotFound("user")
    try:
        tenant = enterprise(store, caller, found["tenant_id"])
    except NotFound:
        raise NotFound("user") from None
    scope = managed_departments(store, caller, tenant)
    if scope is not None and (found["department_id"] is None or str(found["department_id"]) not in scope):
        raise NotFound("user")
    return found, tenant


def department(
    store: AccountsStore,
    caller: Caller,
    enterprise_row: dict[str, Any],
    department_id: Any,
    errors: FieldErrors,
    field: str = "department_id",
) -> dict[str, Any] | None:
    """The department named in input, or a field error when it is not one of the caller's in this enterprise."""
    if department_id is None:
        return None
    found = store.department(department_id)
    scope = managed_departments(store, caller, enterprise_row)
    if (
        found is None
        or str(found["enterprise_id"]) != str(enterprise_row["id"])
        or (scope is not None and str(found["id"]) not in scope)
    ):
        errors[field] = [{"msgid": BAD_DEPARTMENT, "params": {}}]
        return None
    return found


def fail_if(errors: FieldErrors) -> None:
    if errors:
        raise ValidationFailed(errors)


def add_error(errors: FieldErrors, field: str, message: str) -> None:
    errors.setdefault(field, []).append({"msgid": message, "params": {}})


def load_all(schema: Schema, payload: Any) -> tuple[dict[str, Any], FieldErrors]:
    """The input and its field errors. With errors, the fields that are fine are still returned (loaded
    partially) so the caller can check them against the database too and report every mistake at once."""
    try:
        return load(schema, payload), {}
    except ValidationFailed as exc:
        errors = dict(exc.field_errors)
    if not isinstance(payload, dict):
        return {}, errors
    wrong = {name.split(".")[0] for name in errors}
    clean = {k: v for k, v in payload.items() if k not in wrong}
    try:
        return dict(type(schema)(partial=True).load(clean)), errors
    except ValidationError:
        return {}, errors
