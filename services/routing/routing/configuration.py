"""The configuration RPCs' work (RTE-02..08): validate, check scope, store. Every object lies under one tenant;
anything outside the caller's scope is NotFound."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg2

from relais_kit.errors import NotFound
from relais_kit.validation import field_error, load
from routing import config_schemas, references
from routing.resources import FORWARDING, RESTRICTION_RULE, Resource, Row, plain
from routing.scope import Scope, path_of, require_admin, require_line_access, require_tenant
from routing.storage import RoutingStore, TableSpec

EXEMPTIONS = TableSpec("restriction_exemptions", ("rule_id", "level", "subject_id"))
CUSTOMER_KINDS = ("enterprise", "professional")


@contextmanager
def constraint_errors(table: str) -> Iterator[None]:
    """A unique or check constraint the schema could not see (a name already taken) as a field error."""
    try:
        yield
    except psycopg2.IntegrityError as exc:
        name = getattr(exc.diag, "constraint_name", None) or ""
        field = name.removeprefix(f"{table}_")
        for suffix in ("_key", "_check", "_fkey"):
            field = field.removesuffix(suffix)
        if isinstance(exc, psycopg2.errors.UniqueViolation):
            raise field_error(field or "_schema", "Already used by another object of this enterprise.") from None
        raise field_error(field or "_schema", "Not a valid value.") from None


def _check_schedules(store: RoutingStore, resource: Resource, data: Row, tenant: str) -> None:
    for schedule_id in resource.schedule_refs(data):
        if schedule_id is not None and not store.exists_in_tenant("schedules", schedule_id, tenant):
            raise field_error("schedule", "No schedule with this id in this enterprise.")


def _owned(store: RoutingStore, scope: Scope, spec: TableSpec, object_id: Any, what: str) -> str:
    owner = store.owner_of(spec, object_id)
    require_tenant(store, scope, owner, what)
    assert owner is not None
    return owner


def _restriction_row(store: RoutingStore, path: list[str], data: Row) -> Row:
    """A rule's level follows the tenant it belongs to: the system, a reseller, or an enterprise (or its user)."""
    tenant = store.tenant(path[-1]) if len(path) > 1 else None
    kind = "system" if tenant is None else tenant["kind"]
    allowed = {"system": ("system",), "reseller": ("reseller",)}.get(kind, ("enterprise", "user"))
    if data["level"] not in allowed:
        raise field_error("level", "Must be one of: {choices}.", choices=", ".join(allowed))
    owner = {"system": None, "reseller": path[-1], "enterprise": path[-1]}.get(data["level"], data["owner_id"])
    return {**data, "owner_id": str(owner) if owner else None}


def _to_row(store: RoutingStore, resource: Resource, path: list[str], data: Row) -> Row:
    if resource is RESTRICTION_RULE:
        return _restriction_row(store, path, data)
    return resource.to_row(data)


def _out(resource: Resource, row: Row) -> Row:
    return plain(resource.from_row(row))


def create(store: RoutingStore, scope: Scope, resource: Resource, tenant_id: Any, payload: Any) -> Row:
    require_admin(scope)
    path = require_tenant(store, scope, tenant_id)
    data = load(resource.schema(), payload)
    _check_schedules(store, resource, data, path[-1])
    references.check(store, resource, data, path[-1], None)
    object_id = str(uuid.uuid4())
    with constraint_errors(resource.spec.table):
        store.insert_object(resource.spec, path[-1], object_id, _to_row(store, resource, path, data))
    return get(store, scope, resource, object_id)


def update(store: RoutingStore, scope: Scope, resource: Resource, object_id: Any, payload: Any) -> Row:
    require_admin(scope)
    owner = _owned(store, scope, resource.spec, object_id, resource.name)
    data = load(resource.schema(), payload)
    _check_schedules(store, resource, data, owner)
    references.check(store, resource, data, owner, str(object_id))
    path = path_of(store, scope, owner) or [owner]
    with constraint_errors(resource.spec.table):
        store.update_object(resource.spec, str(object_id), _to_row(store, resource, path, data))
    return get(store, scope, resource, object_id)


def delete(store: RoutingStore, scope: Scope, resource: Resource, object_id: Any) -> None:
    require_admin(scope)
    _owned(store, scope, resource.spec, object_id, resource.name)
    store.delete_object(resource.spec, str(object_id))


def get(store: RoutingStore, scope: Scope, resource: Resource, object_id: Any) -> Row:
    _owned(store, scope, resource.spec, object_id, resource.name)
    rows = store.read_objects(resource.spec, "", str(object_id))
    return _out(resource, rows[0])


def list_objects(store: RoutingStore, scope: Scope, resource: Resource, tenant_id: Any) -> list[Row]:
    path = require_tenant(store, scope, tenant_id)
    return [_out(resource, row) for row in store.read_objects(resource.spec, path[-1])]


# --- RTE-02: exemptions and per-user ticks --------------------------------------------------------------------


def add_exemption(store: RoutingStore, scope: Scope, rule_id: Any, payload: Any) -> Row:
    """Lift a rule for a reseller, an enterprise or a user the rule binds, all within the caller's scope."""
    require_admin(scope)
    rule_tenant = _owned(store, scope, RESTRICTION_RULE.spec, rule_id, "restriction_rule")
    data = load(config_schemas.ExemptionSchema(), payload)
    subject_tenant = data["enterprise_id"] if data["level"] == "user" else data["subject_id"]
    subject_path = require_tenant(store, scope, subject_tenant, "subject")
    if rule_tenant not in subject_path:
        raise field_error("subject_id", "This rule does not bind that subject.")
    exemption_id = str(uuid.uuid4())
    with constraint_errors(EXEMPTIONS.table):
        store.insert_object(
            EXEMPTIONS,
            subject_path[-1],
            exemption_id,
            {"rule_id": str(rule_id), "level": data["level"], "subject_id": str(data["subject_id"])},
        )
    return plain(store.read_objects(EXEMPTIONS, "", exemption_id)[0])


def remove_exemption(store: RoutingStore, scope: Scope, exemption_id: Any) -> None:
    require_admin(scope)
    _owned(store, scope, EXEMPTIONS, exemption_id, "exemption")
    store.delete_object(EXEMPTIONS, str(exemption_id))


def list_exemptions(store: RoutingStore, scope: Scope, tenant_id: Any) -> list[Row]:
    path = require_tenant(store, scope, tenant_id)
    return [plain(row) for row in store.read_objects(EXEMPTIONS, path[-1])]


def set_user_restrictions(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any, payload: Any) -> Row:
    """Tick a line's restrictions on the company's list (enterprise rules marked per user)."""
    require_admin(scope)
    path = require_tenant(store, scope, enterprise_id)
    line = _line_of(store, path[-1], user_id)
    data = load(config_schemas.RestrictionTicksSchema(), payload)
    rule_ids = sorted({str(r) for r in data["rule_ids"]})
    if not store.are_company_list_rules(path[-1], rule_ids):
        raise field_error("rule_ids", "Only this enterprise's rules marked per user can be ticked.")
    store.set_restriction_ticks(path[-1], line, rule_ids)
    return {"user_id": line, "rule_ids": rule_ids}


def list_user_restrictions(store: RoutingStore, scope: Scope, enterprise_id: Any) -> Row:
    """Every line's ticks on the company's list: ``{"ticks": {user_id: [rule_id, …]}}`` (lines without any absent)."""
    require_admin(scope)
    path = require_tenant(store, scope, enterprise_id)
    return {"ticks": store.restriction_ticks(path[-1])}


def _line_of(store: RoutingStore, enterprise: str, user_id: Any) -> str:
    """A user id of this enterprise: lines of other enterprises are NotFound (unknown lines are accepted until
    accounts publishes user events)."""
    try:
        line = str(uuid.UUID(str(user_id)))
    except ValueError:
        raise NotFound("user") from None
    owner = store.enterprise_of_line(line)
    if owner is not None and owner != enterprise:
        raise NotFound("user")
    return line


# --- RTE-04/05: a line's forwarding ---------------------------------------------------------------------------


def get_forwarding(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any) -> Row:
    path = require_tenant(store, scope, enterprise_id)
    line = _line_of(store, path[-1], user_id)
    require_line_access(scope, line)
    rows = store.read_objects(FORWARDING.spec, "", line)
    if rows and rows[0]["tenant_id"] != path[-1]:
        raise NotFound("user")
    if not rows:
        defaults = config_schemas.ForwardingSchema().load({})
        return {"user_id": line, "tenant_id": path[-1], **plain(defaults)}
    return _out(FORWARDING, rows[0])


def set_forwarding(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any, payload: Any) -> Row:
    path = require_tenant(store, scope, enterprise_id)
    line = _line_of(store, path[-1], user_id)
    require_line_access(scope, line)
    data = load(FORWARDING.schema(), payload)
    _check_schedules(store, FORWARDING, data, path[-1])
    references.check(store, FORWARDING, data, path[-1], line)
    owner = store.owner_of(FORWARDING.spec, line)
    if owner is not None and owner != path[-1]:
        raise NotFound("user")
    with constraint_errors(FORWARDING.spec.table):
        if owner is None:
            store.insert_object(FORWARDING.spec, path[-1], line, FORWARDING.to_row(data))
        else:
            store.update_object(FORWARDING.spec, line, FORWARDING.to_row(data))
    return get_forwarding(store, scope, enterprise_id, line)
