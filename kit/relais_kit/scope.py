"""The signed-in caller's place, as the gateway hands it to routing's and media's RPCs (ARCHITECTURE convention 7).

Routing and media cannot read accounts' tables, so the gateway passes ``scope`` ({tenant_path, role, user_id}) and
each service checks every object it reads or writes against its own copy of the tenant tree: anything outside
``scope.tenant_path[-1]`` answers NotFound, exactly like something that does not exist; an action the role lacks
answers PermissionDenied. How a service finds a tenant's path is its own (see routing.scope and media.scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from relais_kit.errors import PermissionDenied
from relais_kit.validation import Msg, load

ROLES = ("system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager", "user")
ADMIN_ROLES = frozenset(ROLES) - {"user"}


class ScopeSchema(Schema):
    """Filled by the gateway from the signed-in session: where the caller sits and what they are."""

    class Meta:
        unknown = EXCLUDE

    tenant_path = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=10))
    role = fields.String(required=True, validate=validate.OneOf(ROLES, error=Msg("Must be one of: {choices}.")))
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


def require_admin(scope: Scope) -> None:
    if not scope.is_admin:
        raise PermissionDenied("administrators only")


def require_line_access(scope: Scope, user_id: str) -> None:
    """Users manage their own line's settings; administrators any line of their scope."""
    if not scope.is_admin and scope.user_id != user_id:
        raise PermissionDenied("a user manages only their own line")
