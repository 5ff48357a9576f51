"""Departments of an enterprise: a tree, its managers and the call limits routing applies (ACC-20)."""

from __future__ import annotations

from typing import Any

from accounts import audit, events
from accounts.callers import Caller
from accounts.schemas import DepartmentInputSchema, DepartmentSchema
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound, ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

DUPLICATE_NAME = Msg("A department with this name already exists here.")
NOT_EMPTY = Msg("Move or delete its sub-departments and users first.")
BAD_PARENT = Msg("Choose a department of this enterprise that you manage.")
BAD_MANAGER = Msg("Only users of this enterprise can manage its departments.")


def _enterprise(store: AccountsStore, caller: Caller, enterprise_id: Any) -> dict[str, Any]:
    tenant = store.tenant(enterprise_id)
    if tenant is None or tenant["kind"] != "enterprise":
        raise NotFound("enterprise")
    if caller.is_tenant_admin:
        return caller.sees_tenant(tenant)
    if str(tenant["id"]) == str(caller.tenant_id) and caller.managed_departments:
        return tenant
    raise NotFound("enterprise")


def _dump(department: dict[str, Any]) -> dict[str, Any]:
    return DepartmentSchema().dump(department)


def list_departments(store: AccountsStore, caller: Caller, enterprise_id: Any) -> list[dict[str, Any]]:
    """The whole tree for the enterprise's administrators; a manager's own departments and what lies below."""
    caller.can("department.list")
    enterprise = _enterprise(store, caller, enterprise_id)
    rows = store.departments_of(enterprise["id"])
    visible = [r for r in rows if _visible(caller, enterprise, r)]
    return [_dump(r) for r in visible]


def _visible(caller: Caller, enterprise: dict[str, Any], department: dict[str, Any]) -> bool:
    try:
        caller.sees_department(department, enterprise)
    except NotFound:
        return False
    return True


def _validated(
    store: AccountsStore, caller: Caller, enterprise: dict[str, Any], payload: Any, except_id: Any = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Every mistake at once. Only the enterprise's administrators create top-level departments; a manager
    creates inside the departments they manage."""
    errors: dict[str, list[dict[str, Any]]] = {}
    try:
        data = load(DepartmentInputSchema(), payload)
    except ValidationFailed as exc:
        errors, data = dict(exc.field_errors), None
    parent = None
    if data is not None and data["parent_id"] is not None and except_id is not None:
        parent = store.department(data["parent_id"])  # an update keeps the department where it is
    elif data is not None and data["parent_id"] is not None:
        parent = store.department(data["parent_id"])
        if (
            parent is None
            or not _visible(caller, enterprise, parent)
            or str(parent["enterprise_id"]) != str(enterprise["id"])
        ):
            errors["parent_id"] = [{"msgid": BAD_PARENT, "params": {}}]
            parent = None
    elif data is not None and not caller.is_tenant_admin and except_id is None:
        errors["parent_id"] = [{"msgid": BAD_PARENT, "params": {}}]  # a manager works inside their departments
    if data is not None:
        if store.department_name_taken(enterprise["id"], data["parent_id"], data["name"], except_id):
            errors["name"] = [{"msgid": DUPLICATE_NAME, "params": {}}]
        for manager_id in data["manager_ids"]:
            user = store.user_profile(manager_id)
            if user is None or str(user["tenant_id"]) != str(enterprise["id"]):
                errors["manager_ids"] = [{"msgid": BAD_MANAGER, "params": {}}]
    if data is None and isinstance(payload, dict):
        _check_raw(store, enterprise, payload, errors, except_id)
    if errors:
        raise ValidationFailed(errors)
    assert data is not None
    return data, parent


def _check_raw(
    store: AccountsStore, enterprise: dict[str, Any], payload: dict[str, Any], errors: dict[str, Any], except_id: Any
) -> None:
    """When other fields are wrong, still report a taken name and foreign managers, so one pass fixes all."""
    name, parent_id = payload.get("name"), payload.get("parent_id")
    if "name" not in errors and isinstance(name, str) and name.strip() and "parent_id" not in errors:
        parent = store.department(parent_id) if parent_id else None
        if store.department_name_taken(enterprise["id"], parent["id"] if parent else None, name.strip(), except_id):
            errors["name"] = [{"msgid": DUPLICATE_NAME, "params": {}}]
    managers = payload.get("manager_ids")
    if "manager_ids" not in errors and isinstance(managers, list):
        for manager_id in managers:
            user = store.user_profile(manager_id)
            if user is None or str(user["tenant_id"]) != str(enterprise["id"]):
                errors["manager_ids"] = [{"msgid": BAD_MANAGER, "params": {}}]


def create_department(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, enterprise_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("department.create")
    enterprise = _enterprise(store, caller, enterprise_id)
    data, parent = _validated(store, caller, enterprise, payload)
    department = store.create_department(enterprise["id"], parent, data)
    store.set_department_managers(department["id"], [str(m) for m in data["manager_ids"]])
    department = store.department(department["id"]) or department
    events.department_changed(outbox, store.tx, enterprise, department)
    audit.record(
        store, caller, "department.create", "department", department, enterprise["path"], after=_dump(department)
    )
    return _dump(department)


def update_department(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, department_id: Any, payload: Any
) -> dict[str, Any]:
    """Rename, change the operator number, limits and managers. Its place in the tree stays (ACC-20)."""
    caller.can("department.update")
    before = store.department(department_id)
    if before is None:
        raise NotFound("department")
    enterprise = _enterprise(store, caller, before["enterprise_id"])
    caller.sees_department(before, enterprise)
    payload = (
        {**payload, "parent_id": str(before["parent_id"]) if before["parent_id"] else None}
        if isinstance(payload, dict)
        else payload
    )
    data, _ = _validated(store, caller, enterprise, payload, before["id"])
    after = store.update_department(before["id"], data)
    store.set_department_managers(before["id"], [str(m) for m in data["manager_ids"]])
    after = store.department(before["id"]) or after
    events.department_changed(outbox, store.tx, enterprise, after)
    audit.record(
        store, caller, "department.update", "department", after, enterprise["path"], _dump(before), _dump(after)
    )
    return _dump(after)


def delete_department(store: AccountsStore, outbox: OutboxWriter, caller: Caller, department_id: Any) -> None:
    caller.can("department.delete")
    department = store.department(department_id)
    if department is None:
        raise NotFound("department")
    enterprise = _enterprise(store, caller, department["enterprise_id"])
    caller.sees_department(department, enterprise)
    if store.department_in_use(department["id"]):
        raise field_error("_schema", NOT_EMPTY)
    store.delete_department(department["id"])
    events.department_deleted(outbox, store.tx, enterprise, department)
    audit.record(
        store, caller, "department.delete", "department", department, enterprise["path"], before=_dump(department)
    )
