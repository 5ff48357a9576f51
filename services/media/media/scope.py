"""Tenant scope of media's portal and API RPCs (ARCHITECTURE convention 7, as routing does it).

The gateway passes the signed-in caller's ``scope`` ({tenant_path, role, user_id}); media checks that every object
it reads or writes belongs to a tenant at or under ``scope.tenant_path[-1]``, using its copy of the tenant tree
(``directory_tenants``, fed by accounts' events). Anything outside answers NotFound, exactly like something that
does not exist; an action the role lacks answers PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from relais_kit.db import Transaction
from relais_kit.errors import NotFound, PermissionDenied
from relais_kit.validation import as_uuid, load

ROLES = ("system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager", "user")
ADMIN_ROLES = frozenset(ROLES) - {"user"}


class ScopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    tenant_path = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=10))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    user_id = fields.UUID(load_default=None, allow_none=True)


@dataclass(frozen=True)
class Scope:
    tenant_path: tuple[str, ...]
    role: str
    user_id: str | None

    @property
    def tenant(self) -> str:
        return self.tenant_path[-1]

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES


def parse_scope(payload: Any) -> Scope:
    data = load(ScopeSchema(), payload)
    user = str(data["user_id"]) if data["user_id"] else None
    return Scope(tuple(str(t) for t in data["tenant_path"]), data["role"], user)


def tenant_path(tx: Transaction, scope: Scope, tenant_id: Any) -> list[str] | None:
    tenant = as_uuid(tenant_id)
    if tenant is None:
        return None
    if tenant == scope.tenant:
        return list(scope.tenant_path)
    path = tx.scalar("SELECT path::text[] FROM directory_tenants WHERE id = %s", (tenant,))
    return list(path) if path is not None else None


def require_tenant(tx: Transaction, scope: Scope, tenant_id: Any, what: str = "tenant") -> str:
    """The tenant id when it lies at or under the caller's place; NotFound otherwise."""
    path = tenant_path(tx, scope, tenant_id)
    if path is None or scope.tenant not in path:
        raise NotFound(what)
    return str(path[-1])


def in_scope(tx: Transaction, scope: Scope, tenant_id: Any) -> bool:
    path = tenant_path(tx, scope, tenant_id)
    return path is not None and scope.tenant in path


def require_admin(scope: Scope) -> None:
    if not scope.is_admin:
        raise PermissionDenied("administrators only")
