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
    # Users of an enterprise as lines (ACC-09..19): department managers for their departments' users.
    # Employees and professionals get none of these: nothing billable (ACC-02).
    "user.list": DEPARTMENTS,
    "user.create": DEPARTMENTS,
    "user.update": DEPARTMENTS,
    "user.options": DEPARTMENTS,
    "user.credentials": DEPARTMENTS,
    "user.group_admin": DEPARTMENTS,
    "user.reset": DEPARTMENTS,
    "user.delete": ENTERPRISE_ADMINS,
    "user.import": ENTERPRISE_ADMINS,  # bulk import (ACC-15): the enterprise's administrators (guide 003)
    # Numbers (NUM-01, NUM-02): resellers stock DIDs and blocks; the enterprise's administrators assign them.
    "number.create": RESELLER,
    "number.list": ENTERPRISE_ADMINS,
    "number.assign": ENTERPRISE_ADMINS,
    "number_block.list": DEPARTMENTS,
    # Extensions (NUM-05), trunks (NUM-04), phones (NUM-06, NUM-07).
    "extension.list": ENTERPRISE_ADMINS,
    "extension.manage": ENTERPRISE_ADMINS,
    "trunk.list": ENTERPRISE_ADMINS,
    "trunk.manage": ENTERPRISE_ADMINS - {"office_manager"},
    "phone.list": DEPARTMENTS,
    "phone.manage": ENTERPRISE_ADMINS,
    "phone.assign": DEPARTMENTS,
    # Directory (ACC-24), partners (ACC-22), mail servers (ACC-23), remote provisioning (ACC-26).
    "directory.list": EVERYONE,
    "directory.manage": ENTERPRISE_ADMINS,
    "partner.list": RESELLER,
    "partner.manage": RESELLER,
    "mail_preset.list": ENTERPRISE_ADMINS,
    "mail_preset.manage": SYSTEM,
    "mail_server.manage": ENTERPRISE_ADMINS,
    "provisioning.manage": RESELLER,
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
