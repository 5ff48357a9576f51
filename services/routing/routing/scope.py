"""Tenant scope of the configuration RPCs (ARCHITECTURE convention 7).

Routing cannot read accounts' tables, so the gateway passes the signed-in caller's ``scope`` (their tenant path and
role) and routing checks that every object it reads or writes lies under ``scope.tenant_path[-1]``, using its own
tenants projection. Anything outside is answered NotFound, exactly like something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relais_kit.errors import NotFound, PermissionDenied
from relais_kit.validation import load
from routing.schemas import ScopeSchema
from routing.storage import RoutingStore

ADMIN_ROLES = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager"})


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
    return Scope(
        tuple(str(t) for t in data["tenant_path"]), data["role"], str(data["user_id"]) if data["user_id"] else None
    )


def path_of(store: RoutingStore, scope: Scope, tenant_id: Any) -> list[str] | None:
    """The tenant's path from the system down: from the projection, or the system tenant itself."""
    tenant = str(tenant_id)
    path = store.tenant_path(tenant)
    if path is None and tenant == scope.tenant_path[0]:
        return [tenant]
    return path


def require_tenant(store: RoutingStore, scope: Scope, tenant_id: Any, what: str = "tenant") -> list[str]:
    """The path of a tenant under the caller's scope; NotFound otherwise."""
    path = path_of(store, scope, tenant_id) if tenant_id is not None else None
    if path is None or scope.tenant not in path:
        raise NotFound(what)
    return path


def require_admin(scope: Scope) -> None:
    if not scope.is_admin:
        raise PermissionDenied("administrators only")


def require_line_access(scope: Scope, user_id: str) -> None:
    """Users manage their own line's settings; administrators any line of their scope."""
    if not scope.is_admin and scope.user_id != user_id:
        raise PermissionDenied("a user manages only their own line")
