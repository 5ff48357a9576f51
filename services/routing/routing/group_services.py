"""The work of the group-service and enterprise-settings RPCs (RTE-07, RTE-09..16): validate the payload (every
field at once), check what only the database knows (members are lines of the enterprise, departments exist, a line
sits in one pickup or series group), then store. A failure stores nothing: the RPC's transaction rolls back."""

from __future__ import annotations

import uuid
from typing import Any

from relais_kit.errors import FieldErrors as Errors
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from relais_kit.validation import Msg, load
from routing import group_schemas as schemas
from routing import references
from routing.configuration import _check_schedules, _line_of, _owned, constraint_errors
from routing.engine.features import authorization_codes
from routing.group_resources import CALL_CENTRE, GroupService
from routing.resources import Row, plain
from routing.scope import Scope, require_admin, require_line_access, require_tenant
from routing.storage import RoutingStore, TableSpec
from routing.storage.snapshot import authorization_key

ENTERPRISE_SETTINGS = TableSpec(
    "enterprise_settings",
    ("internal_messaging_only", "virtual_operator_kind", "virtual_operator_ref", "show_internal_extensions"),
    key="tenant_id",
)
EXTERNAL_CALLS = TableSpec(
    "external_call_settings",
    (
        "max_outgoing_calls",
        "max_incoming_calls",
        "local_carrier_code",
        "long_distance_carrier_code",
        "international_carrier_code",
    ),
    key="tenant_id",
)
POLICY_COLUMNS = (
    "required_for",
    "must_be_valid",
    "codes",
    "min_length",
    "max_length",
    "max_attempts",
    "allow_line_override",
    "lines_may_edit",
)


def _errors(errors: dict[str, Msg]) -> None:
    if errors:
        raise ValidationFailed({f: [{"msgid": m.msgid, "params": m.params}] for f, m in errors.items()})


def _user_ids(service: GroupService, data: Row) -> dict[str, list[str]]:
    out = {}
    for name in service.member_fields:
        values = data[name]
        out[name] = [str(v["user_id"] if isinstance(v, dict) else v) for v in values]
    return out


def _check_references(store: RoutingStore, data: Row, tenant: str, object_id: str | None) -> Errors:
    """Targets that must exist in the enterprise, and an extension no line or other group holds."""
    errors: Errors = {}
    targets = [name for name in ("overflow", "target") if data.get(name)]
    if not targets and not data.get("extension"):
        return errors
    snapshot = store.load_snapshot(tenant, store.tenant_path(tenant) or [tenant])
    for name in targets:
        references.check_target(snapshot, errors, name, data[name])
    references._own_extension(snapshot, errors, data.get("extension"), object_id)
    return errors


def _check_group(store: RoutingStore, service: GroupService, data: Row, tenant: str, object_id: str | None) -> None:
    """Every problem the database sees, reported together."""
    errors: dict[str, Msg] = {}
    lines = _line_ids(store, tenant) if service.member_fields else set()
    for name, ids in _user_ids(service, data).items():
        unknown = [u for u in ids if u not in lines]
        if unknown:
            errors[name] = Msg("No line with id {id} in this enterprise.", id=unknown[0])
        elif service.exclusive:
            taken = _members_elsewhere(store, service, tenant, ids, object_id)
            if taken:
                errors[name] = Msg("Line {id} already belongs to another group of this kind.", id=taken[0])
    department = data.get("department_id")
    if department is not None and not _department_of(store, tenant, department):
        errors["department_id"] = Msg("No department with this id in this enterprise.")
    found = _check_references(store, data, tenant, object_id)
    for field, message in errors.items():
        found.setdefault(field, []).append({"msgid": message.msgid, "params": message.params})
    if found:
        raise ValidationFailed(found)
    _check_schedules(store, service.resource, data, tenant)


def _line_ids(store: RoutingStore, tenant: str) -> set[str]:
    rows = store.tx.all("SELECT user_id::text AS user_id FROM lines WHERE tenant_id = %s", (tenant,))
    return {row["user_id"] for row in rows}


def _members_elsewhere(
    store: RoutingStore, service: GroupService, tenant: str, ids: list[str], object_id: str | None
) -> list[str]:
    table = service.resource.spec.table
    assert table in ("pickup_groups", "park_groups", "series_completions")
    rows = store.tx.all(
        f"SELECT DISTINCT unnest(member_user_ids)::text AS user_id FROM {table}"
        " WHERE tenant_id = %s AND id IS DISTINCT FROM %s::uuid",
        (tenant, object_id),
    )
    taken = {row["user_id"] for row in rows}
    return [u for u in ids if u in taken]


def _department_of(store: RoutingStore, tenant: str, department_id: Any) -> bool:
    return bool(
        store.tx.scalar("SELECT 1 FROM departments WHERE id = %s AND tenant_id = %s", (str(department_id), tenant))
    )


def _out(service: GroupService, row: Row) -> Row:
    return plain(service.resource.from_row(row))


# --- object by object (RTE-07, 09..12) ------------------------------------------------------------------------------


def list_groups(store: RoutingStore, scope: Scope, service: GroupService, enterprise_id: Any) -> list[Row]:
    path = require_tenant(store, scope, enterprise_id)
    rows = store.read_objects(service.resource.spec, path[-1])
    return sorted((_out(service, r) for r in rows), key=lambda r: (r.get("name") or r.get("code") or "", r["id"]))


def get_group(store: RoutingStore, scope: Scope, service: GroupService, object_id: Any) -> Row:
    _owned(store, scope, service.resource.spec, object_id, service.name)
    return _out(service, store.read_objects(service.resource.spec, "", str(object_id))[0])


def create_group(store: RoutingStore, scope: Scope, service: GroupService, enterprise_id: Any, payload: Any) -> Row:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(service.resource.schema(), payload)
    _check_group(store, service, data, tenant, None)
    object_id = str(uuid.uuid4())
    with constraint_errors(service.resource.spec.table):
        store.insert_object(service.resource.spec, tenant, object_id, service.resource.to_row(data))
    return get_group(store, scope, service, object_id)


def update_group(store: RoutingStore, scope: Scope, service: GroupService, object_id: Any, payload: Any) -> Row:
    require_admin(scope)
    tenant = _owned(store, scope, service.resource.spec, object_id, service.name)
    data = load(service.resource.schema(), payload)
    _check_group(store, service, data, tenant, str(object_id))
    with constraint_errors(service.resource.spec.table):
        store.update_object(service.resource.spec, str(object_id), service.resource.to_row(data))
    return get_group(store, scope, service, object_id)


def delete_group(store: RoutingStore, scope: Scope, service: GroupService, object_id: Any) -> None:
    require_admin(scope)
    _owned(store, scope, service.resource.spec, object_id, service.name)
    store.delete_object(service.resource.spec, str(object_id))


def set_agent_state(store: RoutingStore, scope: Scope, centre_id: Any, user_id: Any, payload: Any) -> Row:
    """RTE-09: an agent joins or leaves the call centre (the agent themselves, or an administrator)."""
    tenant = _owned(store, scope, CALL_CENTRE.resource.spec, centre_id, "call_centre")
    line = _line_of(store, tenant, user_id)
    require_line_access(scope, line)
    data = load(schemas.AgentStateSchema(), payload)
    changed = store.tx.scalar(
        "UPDATE call_centre_agents SET joined = %s WHERE centre_id = %s AND user_id = %s RETURNING 1",
        (data["joined"], str(centre_id), line),
    )
    if not changed:
        raise NotFound("agent")
    return get_group(store, scope, CALL_CENTRE, centre_id)


# --- RTE-12: ranges, moves, speed dials -----------------------------------------------------------------------------


def create_speed_code_range(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> list[Row]:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.SpeedCodeRangeSchema(), payload)
    department = str(data["department_id"]) if data["department_id"] else None
    if department is not None and not _department_of(store, tenant, department):
        _errors({"department_id": Msg("No department with this id in this enterprise.")})
    first, last = int(data["first_code"]), int(data["last_code"])
    width, plus = len(data["first_code"]), "+" if data["first_number"].startswith("+") else ""
    digits = data["first_number"].lstrip("+")
    codes = [str(first + i).zfill(width) for i in range(last - first + 1)]
    taken = store.tx.all(
        "SELECT code FROM speed_codes WHERE tenant_id = %s AND department_id IS NOT DISTINCT FROM %s::uuid"
        " AND code = ANY(%s) ORDER BY code",
        (tenant, department, codes),
    )
    if taken:
        _errors({"first_code": Msg("Code {code} is already used.", code=taken[0]["code"])})
    for i, code in enumerate(codes):
        number = plus + str(int(digits) + i).zfill(len(digits))
        store.insert_object(
            TableSpec("speed_codes", ("code", "number", "name", "department_id")),
            tenant,
            str(uuid.uuid4()),
            {"code": code, "number": number, "name": data["name"], "department_id": department},
        )
    rows = store.tx.all(
        "SELECT id::text FROM speed_codes WHERE tenant_id = %s AND department_id IS NOT DISTINCT FROM %s::uuid"
        " AND code = ANY(%s) ORDER BY code",
        (tenant, department, codes),
    )
    from routing.group_resources import SPEED_CODE

    return [get_group(store, scope, SPEED_CODE, row["id"]) for row in rows]


def move_speed_codes(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> dict[str, Any]:
    """Move codes to another department (or to the enterprise as a whole); a code already used there stays put and
    the whole move is refused."""
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.SpeedCodeMoveSchema(), payload)
    department = str(data["department_id"]) if data["department_id"] else None
    if department is not None and not _department_of(store, tenant, department):
        _errors({"department_id": Msg("No department with this id in this enterprise.")})
    ids = sorted({str(i) for i in data["ids"]})
    found = store.tx.all(
        "SELECT id::text, code FROM speed_codes WHERE tenant_id = %s AND id = ANY(%s::uuid[])", (tenant, ids)
    )
    if len(found) != len(ids):
        _errors({"ids": Msg("No speed code with one of these ids in this enterprise.")})
    codes = [row["code"] for row in found]
    if len(codes) != len(set(codes)):
        _errors({"ids": Msg("Two of these speed codes have the same code.")})
    clash = store.tx.all(
        "SELECT code FROM speed_codes WHERE tenant_id = %s AND department_id IS NOT DISTINCT FROM %s::uuid"
        " AND code = ANY(%s) AND NOT id = ANY(%s::uuid[]) ORDER BY code",
        (tenant, department, codes, ids),
    )
    if clash:
        _errors({"department_id": Msg("Code {code} is already used there.", code=clash[0]["code"])})
    store.tx.execute(
        "UPDATE speed_codes SET department_id = %s, updated_at = now() WHERE id = ANY(%s::uuid[])", (department, ids)
    )
    return {"moved": len(ids), "department_id": department}


def get_speed_dials(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any, kind: Any) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    line = _line_of(store, tenant, user_id)
    require_line_access(scope, line)
    data = load(schemas.SpeedDialsSchema(), {"kind": kind})
    entries = store.tx.all(
        "SELECT code, number, name FROM speed_dials WHERE user_id = %s AND kind = %s ORDER BY code",
        (line, data["kind"]),
    )
    return {"user_id": line, "kind": data["kind"], "entries": entries}


def set_speed_dials(
    store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any, kind: Any, payload: Any
) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    line = _line_of(store, tenant, user_id)
    require_line_access(scope, line)
    body = dict(payload) if isinstance(payload, dict) else payload
    if isinstance(body, dict):
        body["kind"] = kind
    data = load(schemas.SpeedDialsSchema(), body)
    store.tx.execute("DELETE FROM speed_dials WHERE user_id = %s AND kind = %s", (line, data["kind"]))
    for entry in data["entries"]:
        store.tx.execute(
            "INSERT INTO speed_dials (tenant_id, user_id, kind, code, number, name) VALUES (%s, %s, %s, %s, %s, %s)",
            (tenant, line, data["kind"], entry["code"], entry["number"], entry["name"]),
        )
    return get_speed_dials(store, scope, enterprise_id, line, data["kind"])


# --- RTE-13: account codes and authorization codes ------------------------------------------------------------------


def _policy_row(store: RoutingStore, tenant: str, user_id: str | None) -> Row | None:
    return store.tx.one(
        "SELECT id::text, " + ", ".join(POLICY_COLUMNS) + " FROM account_code_policies"
        " WHERE tenant_id = %s AND user_id IS NOT DISTINCT FROM %s::uuid",
        (tenant, user_id),
    )


def _save_policy(store: RoutingStore, tenant: str, user_id: str | None, values: Row) -> None:
    existing = _policy_row(store, tenant, user_id)
    columns = [c for c in POLICY_COLUMNS if c in values]
    if existing is None:
        store.tx.execute(
            "INSERT INTO account_code_policies (id, tenant_id, user_id, " + ", ".join(columns) + ")"
            " VALUES (%s, %s, %s, " + ", ".join(["%s"] * len(columns)) + ")",
            (str(uuid.uuid4()), tenant, user_id, *(values[c] for c in columns)),
        )
    else:
        store.tx.execute(
            "UPDATE account_code_policies SET " + ", ".join(f"{c} = %s" for c in columns) + " WHERE id = %s",
            (*(values[c] for c in columns), existing["id"]),
        )


def _policy_out(row: Row | None) -> Row:
    defaults = schemas.AccountCodePolicySchema().load({})
    values = {c: row[c] for c in POLICY_COLUMNS} if row else dict(defaults)
    return plain({**values, "required_for": sorted(values["required_for"]), "codes": list(values["codes"])})


def get_account_code_policy(store: RoutingStore, scope: Scope, enterprise_id: Any) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    require_admin(scope)
    return {"enterprise_id": tenant, **_policy_out(_policy_row(store, tenant, None))}


def set_account_code_policy(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> Row:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.AccountCodePolicySchema(), payload)
    _save_policy(store, tenant, None, {**data, "required_for": sorted(data["required_for"])})
    # the lines' overrides follow what the enterprise no longer allows, and its must-be-valid and attempts
    store.tx.execute(
        "UPDATE account_code_policies SET must_be_valid = %s, max_attempts = %s"
        " WHERE tenant_id = %s AND user_id IS NOT NULL",
        (data["must_be_valid"], data["max_attempts"], tenant),
    )
    if not data["allow_line_override"]:
        store.tx.execute("DELETE FROM account_code_policies WHERE tenant_id = %s AND user_id IS NOT NULL", (tenant,))
    return get_account_code_policy(store, scope, enterprise_id)


def get_line_account_codes(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    line = _line_of(store, tenant, user_id)
    enterprise = _policy_out(_policy_row(store, tenant, None))
    _require_line_rights(scope, line, enterprise, editing=False)
    own = _policy_row(store, tenant, line)
    effective = _policy_out(own) if own else enterprise
    return {
        "user_id": line,
        "overridden": own is not None,
        "allow_line_override": enterprise["allow_line_override"],
        "lines_may_edit": enterprise["lines_may_edit"],
        **{k: effective[k] for k in ("required_for", "codes", "min_length", "max_length")},
    }


def _require_line_rights(scope: Scope, line: str, enterprise: Row, *, editing: bool) -> None:
    if scope.is_admin:
        return
    require_line_access(scope, line)
    if not enterprise["lines_may_edit"]:
        raise PermissionDenied("lines may not see or edit their own account codes")


def set_line_account_codes(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any, payload: Any) -> Row:
    """A line's own call types, length and codes, when the enterprise allows overrides line by line."""
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    line = _line_of(store, tenant, user_id)
    enterprise = _policy_out(_policy_row(store, tenant, None))
    _require_line_rights(scope, line, enterprise, editing=True)
    data = load(schemas.LineAccountCodesSchema(), payload)
    if not enterprise["allow_line_override"]:
        _errors({"_schema": Msg("This enterprise does not allow account codes to be set line by line.")})
    values = {
        **enterprise,
        "required_for": sorted(data["required_for"]),
        "min_length": data["min_length"],
        "max_length": data["max_length"],
        "codes": data["codes"],
    }
    _save_policy(store, tenant, line, values)
    return get_line_account_codes(store, scope, enterprise_id, line)


def clear_line_account_codes(store: RoutingStore, scope: Scope, enterprise_id: Any, user_id: Any) -> None:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    line = _line_of(store, tenant, user_id)
    store.tx.execute("DELETE FROM account_code_policies WHERE tenant_id = %s AND user_id = %s", (tenant, line))


def _code_hash(tenant: str, code: str) -> str:
    """Codes are short digits: keyed by the enterprise so one enterprise's hashes say nothing of another's; the
    engine checks a code the caller keys in with the same function and key (RTE-13)."""
    return authorization_codes.code_hash(authorization_key(tenant), code)


def _authorization_out(row: Row) -> Row:
    return plain(
        {
            "id": row["id"],
            "masked_code": "•" * (row["code_length"] - len(row["last_digits"])) + row["last_digits"],
            "description": row["description"],
            "user_id": row["user_id"],
            "created_at": row["created_at"].isoformat(),
        }
    )


AUTHORIZATION_COLUMNS = "id::text, tenant_id::text, last_digits, code_length, description, user_id, created_at"


def list_authorization_codes(store: RoutingStore, scope: Scope, enterprise_id: Any) -> list[Row]:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    rows = store.tx.all(
        f"SELECT {AUTHORIZATION_COLUMNS} FROM authorization_codes WHERE tenant_id = %s ORDER BY created_at, id",
        (tenant,),
    )
    return [_authorization_out(r) for r in rows]


def create_authorization_code(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> Row:
    """The code is kept only as a keyed hash; it is shown masked (its last two digits) from then on."""
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.AuthorizationCodeSchema(), payload)
    user = _line_of(store, tenant, data["user_id"]) if data["user_id"] else None
    code = data["code"]
    code_hash = _code_hash(tenant, code)
    if store.tx.scalar(
        "SELECT 1 FROM authorization_codes WHERE tenant_id = %s AND code_hash = %s", (tenant, code_hash)
    ):
        _errors({"code": Msg("Already used by another object of this enterprise.")})
    object_id = str(uuid.uuid4())
    store.tx.execute(
        "INSERT INTO authorization_codes (id, tenant_id, code_hash, last_digits, code_length, description, user_id)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (object_id, tenant, code_hash, code[-2:] if len(code) > 4 else "", len(code), data["description"], user),
    )
    row = store.tx.one(f"SELECT {AUTHORIZATION_COLUMNS} FROM authorization_codes WHERE id = %s", (object_id,))
    assert row is not None
    return _authorization_out(row)


def delete_authorization_code(store: RoutingStore, scope: Scope, code_id: Any) -> None:
    require_admin(scope)
    spec = TableSpec("authorization_codes", ())
    _owned(store, scope, spec, code_id, "authorization_code")
    store.delete_object(spec, str(code_id))


# --- singletons of the enterprise (RTE-14, 15, 16) ------------------------------------------------------------------


def _save_singleton(store: RoutingStore, spec: TableSpec, tenant: str, row: Row) -> None:
    if store.owner_of(spec, tenant) is None:
        store.insert_object(spec, tenant, tenant, row)
    else:
        store.update_object(spec, tenant, row)


def _read_singleton(store: RoutingStore, spec: TableSpec, tenant: str) -> Row | None:
    rows = store.read_objects(spec, "", tenant)
    return rows[0] if rows else None


def get_external_calls(store: RoutingStore, scope: Scope, enterprise_id: Any) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    row = _read_singleton(store, EXTERNAL_CALLS, tenant) or schemas.ExternalCallsSchema().load({})
    departments = store.tx.all(
        "SELECT id::text, name, max_incoming_calls, max_outgoing_calls FROM departments WHERE tenant_id = %s"
        " ORDER BY name",
        (tenant,),
    )
    return plain({"enterprise_id": tenant, **{c: row[c] for c in EXTERNAL_CALLS.columns}, "departments": departments})


def set_external_calls(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> Row:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.ExternalCallsSchema(), payload)
    with constraint_errors(EXTERNAL_CALLS.table):
        _save_singleton(store, EXTERNAL_CALLS, tenant, data)
    return get_external_calls(store, scope, enterprise_id)


def get_emergency(store: RoutingStore, scope: Scope, enterprise_id: Any) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    settings = store.tx.one(
        "SELECT notifications_enabled, extra_numbers FROM emergency_settings WHERE tenant_id = %s", (tenant,)
    ) or {"notifications_enabled": False, "extra_numbers": []}
    recipients = store.tx.all(
        "SELECT channel, address, department_id FROM emergency_recipients WHERE tenant_id = %s ORDER BY position",
        (tenant,),
    )
    return plain({"enterprise_id": tenant, **settings, "recipients": recipients})


def set_emergency(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> Row:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.EmergencySchema(), payload)
    for index, recipient in enumerate(data["recipients"]):
        department = recipient["department_id"]
        if department is not None and not _department_of(store, tenant, department):
            _errors({f"recipients.{index}.department_id": Msg("No department with this id in this enterprise.")})
    store.tx.execute(
        "INSERT INTO emergency_settings (tenant_id, extra_numbers, notifications_enabled) VALUES (%s, %s, %s)"
        " ON CONFLICT (tenant_id) DO UPDATE SET extra_numbers = EXCLUDED.extra_numbers,"
        " notifications_enabled = EXCLUDED.notifications_enabled",
        (tenant, data["extra_numbers"], data["notifications_enabled"]),
    )
    store.tx.execute("DELETE FROM emergency_recipients WHERE tenant_id = %s", (tenant,))
    for position, recipient in enumerate(data["recipients"]):
        department = recipient["department_id"]
        store.tx.execute(
            "INSERT INTO emergency_recipients (tenant_id, position, channel, address, department_id)"
            " VALUES (%s, %s, %s, %s, %s)",
            (tenant, position, recipient["channel"], recipient["address"], str(department) if department else None),
        )
    return get_emergency(store, scope, enterprise_id)


def get_enterprise_settings(store: RoutingStore, scope: Scope, enterprise_id: Any) -> Row:
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    row = _read_singleton(store, ENTERPRISE_SETTINGS, tenant)
    if row is None:
        return {"enterprise_id": tenant, **schemas.EnterpriseSettingsSchema().load({})}
    return {
        "enterprise_id": tenant,
        "internal_messaging_only": row["internal_messaging_only"],
        "virtual_operator_number": row["virtual_operator_ref"],
        "show_internal_extensions": row["show_internal_extensions"],
    }


def set_enterprise_settings(store: RoutingStore, scope: Scope, enterprise_id: Any, payload: Any) -> Row:
    require_admin(scope)
    tenant = require_tenant(store, scope, enterprise_id)[-1]
    data = load(schemas.EnterpriseSettingsSchema(), payload)
    number = data["virtual_operator_number"]
    row = {
        "internal_messaging_only": data["internal_messaging_only"],
        "virtual_operator_kind": "number" if number else None,
        "virtual_operator_ref": number,
        "show_internal_extensions": data["show_internal_extensions"],
    }
    _save_singleton(store, ENTERPRISE_SETTINGS, tenant, row)
    return get_enterprise_settings(store, scope, enterprise_id)
