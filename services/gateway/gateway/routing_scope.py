"""The signed-in caller as routing's ``scope`` (routing.scope): where they sit and what they are.

Routing cannot read accounts' tables, so every configuration RPC takes this dict and checks every object against
``tenant_path[-1]``. It comes from the session's profile, which accounts wrote at sign-in (or when acting as a
user, ACC-14: the profile is then the user's). An enterprise's delegated administrator or office manager keeps
their enterprise role, which routing treats as an administrator's; everyone else is their platform role.
"""

from __future__ import annotations

from typing import Any

from gateway.web import RequestContext

ENTERPRISE_ADMIN_ROLES = frozenset({"administrator", "office_manager"})


def scope_of(profile: dict[str, Any]) -> dict[str, Any]:
    role = str(profile.get("role") or "user")
    enterprise_role = profile.get("enterprise_role")
    if role == "user" and enterprise_role in ENTERPRISE_ADMIN_ROLES:
        role = str(enterprise_role)
    return {
        "tenant_path": [str(t) for t in profile.get("tenant_path") or [profile["tenant_id"]]],
        "role": role,
        "user_id": str(profile["id"]),
    }


def scope(ctx: RequestContext) -> dict[str, Any]:
    return scope_of(ctx.profile)


def is_routing_admin(profile: dict[str, Any]) -> bool:
    """Whether routing lets this caller change enterprise-wide configuration (relais_kit.scope.ADMIN_ROLES)."""
    return scope_of(profile)["role"] != "user"
