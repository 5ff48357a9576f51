"""Tenant scope of the configuration RPCs (relais_kit.scope), checked against routing's own tenants projection."""

from __future__ import annotations

from typing import Any

from relais_kit.errors import NotFound
from relais_kit.scope import Scope, parse_scope, require_admin, require_line_access
from routing.storage import RoutingStore

__all__ = ["Scope", "parse_scope", "path_of", "require_admin", "require_line_access", "require_tenant"]


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
