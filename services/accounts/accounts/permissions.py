"""Which role may do what (ACC-02, ACC-03, ACC-20, ACC-21): the one table every accounts RPC checks.

A user's capabilities are their role, their enterprise role if any, and ``department_manager`` when they manage
a department. Scope (which objects) is checked separately, in callers.py.
"""

from __future__ import annotations

from typing import Any

from relais_kit.errors import PermissionDenied

SYSTEM = frozenset({"system_admin"})
RESELLER = SYSTEM | {"reseller_admin"}
ENTERPRISE_ADMINS = RESELLER | {"enterprise_admin", "administrator", "office_manager"}
DEPARTMENTS = ENTERPRISE_ADMINS | {"department_manager"}
EVERYONE = DEPARTMENTS | {"user", "receptionist", "technical_support"}
ADMINS_OF_OWN_TENANT = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "reseller.list": SYSTEM,
    "reseller.read": RESELLER,
    "reseller.create": SYSTEM,
    "reseller.update": SYSTEM,
    "reseller.delete": SYSTEM,
    "branding.update": RESELLER,
    "customer.list": RESELLER,
    "customer.create": RESELLER,
    "customer.update": RESELLER,
    "customer.delete": RESELLER,
    "department.list": DEPARTMENTS,
    "department.create": DEPARTMENTS,
    "department.update": DEPARTMENTS,
    "department.delete": DEPARTMENTS,
    "user.unlock": DEPARTMENTS,
    "user.act_as": ADMINS_OF_OWN_TENANT,
    "admin.list": ADMINS_OF_OWN_TENANT,
    "admin.create": ADMINS_OF_OWN_TENANT,
    "admin.delete": ADMINS_OF_OWN_TENANT,
    "audit.read": ADMINS_OF_OWN_TENANT,
    "settings.update": ADMINS_OF_OWN_TENANT,
    "setup.update": RESELLER,
    "profile.update": EVERYONE,
}

ROLES = ("system_admin", "reseller_admin", "enterprise_admin", "user")
ENTERPRISE_ROLES = ("administrator", "office_manager", "receptionist", "technical_support")


def capabilities_of(user: dict[str, Any], manages_departments: bool) -> frozenset[str]:
    found = {str(user["role"])}
    if user.get("enterprise_role"):
        found.add(str(user["enterprise_role"]))
    if manages_departments:
        found.add("department_manager")
    return frozenset(found)


def require(capabilities: frozenset[str], action: str) -> None:
    if not capabilities & PERMISSIONS[action]:
        raise PermissionDenied(action)
