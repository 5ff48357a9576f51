"""Tenant scope of media's portal and API RPCs (relais_kit.scope), checked against ``directory_tenants``, media's
copy of the tenant tree fed by accounts' events."""

from __future__ import annotations

from typing import Any

from relais_kit.db import Transaction
from relais_kit.errors import NotFound
from relais_kit.scope import Scope, parse_scope, require_admin
from relais_kit.validation import as_uuid

__all__ = ["Scope", "in_scope", "parse_scope", "require_admin", "require_tenant", "tenant_path"]


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
