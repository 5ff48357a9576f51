"""Who is calling and what they may reach (ACC-01, ACC-03, ACC-14, ACC-20).

Every RPC names its caller; accounts trusts only its own record of that user. A caller acting as another user
(``actor_id``) is re-checked on every call, and everything done so is recorded as "actor acting as user".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from accounts.permissions import capabilities_of, require
from accounts.schemas import CallerSchema
from accounts.storage import AccountsStore
from relais_kit.errors import AuthenticationFailed, NotFound, PermissionDenied
from relais_kit.validation import load


@dataclass(frozen=True)
class Caller:
    user: dict[str, Any]
    capabilities: frozenset[str]
    managed_departments: tuple[UUID, ...] = ()
    actor: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> UUID:
        return UUID(str(self.user["id"]))

    @property
    def tenant_id(self) -> UUID:
        return UUID(str(self.user["tenant_id"]))

    @property
    def role(self) -> str:
        return str(self.user["role"])

    @property
    def is_tenant_admin(self) -> bool:
        """Administers the whole of its tenant (and what lies under it), not only some departments."""
        return bool(
            self.capabilities
            & {"system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager"}
        )

    def can(self, action: str) -> None:
        require(self.capabilities, action)

    def sees_tenant(self, tenant: dict[str, Any] | None) -> dict[str, Any]:
        """The tenant if it lies at or under the caller's own tenant; otherwise NotFound (never 403: an id
        outside one's scope must not be told apart from one that does not exist)."""
        if tenant is None or self.tenant_id not in [UUID(str(t)) for t in tenant["path"]]:
            raise NotFound("tenant")
        if not self.is_tenant_admin and UUID(str(tenant["id"])) != self.tenant_id:
            raise NotFound("tenant")
        return tenant

    def sees_department(self, department: dict[str, Any] | None, tenant: dict[str, Any] | None) -> dict[str, Any]:
        if department is None or tenant is None:
            raise NotFound("department")
        in_tenant = self.tenant_id in [UUID(str(t)) for t in tenant["path"]]
        if in_tenant and self.is_tenant_admin:
            return department
        path = [UUID(str(d)) for d in department["path"]]
        if UUID(str(department["enterprise_id"])) == self.tenant_id and any(
            d in path for d in self.managed_departments
        ):
            return department
        raise NotFound("department")

    def audit_identity(self) -> dict[str, Any]:
        if self.actor is not None:
            return {
                "actor_id": self.actor["id"],
                "actor_name": self.actor["display_name"],
                "acting_as_id": self.user["id"],
                "acting_as_name": self.user["display_name"],
            }
        return {
            "actor_id": self.user["id"],
            "actor_name": self.user["display_name"],
            "acting_as_id": None,
            "acting_as_name": None,
        }


def _load(store: AccountsStore, user_id: Any) -> tuple[dict[str, Any], frozenset[str], tuple[UUID, ...]]:
    user = store.user_profile(user_id)
    if user is None:
        raise AuthenticationFailed("caller unknown")
    managed = tuple(store.departments_managed_by(user["id"]))
    return user, capabilities_of(user, bool(managed)), managed


def resolve(store: AccountsStore, payload: Any) -> Caller:
    data = load(CallerSchema(), payload)
    user, capabilities, managed = _load(store, data["user_id"])
    actor = None
    if data.get("actor_id") is not None:
        actor_user, actor_capabilities, actor_managed = _load(store, data["actor_id"])
        actor_caller = Caller(actor_user, actor_capabilities, actor_managed)
        try:
            ensure_may_act_as(store, actor_caller, user)
        except (NotFound, PermissionDenied):
            raise AuthenticationFailed("acting-as no longer allowed") from None
        actor = actor_user
    return Caller(user, capabilities, managed, actor)


def ensure_may_act_as(store: AccountsStore, caller: Caller, target: dict[str, Any]) -> None:
    """Administrators may open the session of a user under them, never of a peer or someone above (ACC-14)."""
    caller.can("user.act_as")
    if UUID(str(target["id"])) == caller.id:
        raise PermissionDenied("user.act_as")
    caller.sees_tenant(store.tenant(target["tenant_id"]))
    if target["role"] == "system_admin" or (
        UUID(str(target["tenant_id"])) == caller.tenant_id and target["role"] == caller.role
    ):
        raise PermissionDenied("user.act_as")
