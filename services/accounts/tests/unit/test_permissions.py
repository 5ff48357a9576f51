"""The one permission table (ACC-02, ACC-03, ACC-20, ACC-21): walked action by action, capability by capability."""

import pytest

from accounts.permissions import ENTERPRISE_ROLES, PERMISSIONS, ROLES, capabilities_of, require
from relais_kit.errors import PermissionDenied

CAPABILITIES = (*ROLES, *ENTERPRISE_ROLES, "department_manager")


def test_every_action_names_only_known_capabilities() -> None:
    for action, allowed in PERMISSIONS.items():
        assert allowed, action
        assert allowed <= set(CAPABILITIES), action


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
@pytest.mark.parametrize("capability", CAPABILITIES)
def test_require_follows_the_table(action: str, capability: str) -> None:
    if capability in PERMISSIONS[action]:
        require(frozenset({capability}), action)
    else:
        with pytest.raises(PermissionDenied):
            require(frozenset({capability}), action)


def test_resellers_belong_to_the_system_administrator_only() -> None:
    for action in ("reseller.create", "reseller.update", "reseller.delete", "reseller.list"):
        assert PERMISSIONS[action] == {"system_admin"}


def test_employees_and_receptionists_manage_nothing_of_the_tenancy() -> None:
    """An employee can do nothing billable or administrative; receptionist and support only their own profile,
    and read the company directory everyone in the enterprise shares (ACC-24)."""
    for capability in ("user", "receptionist", "technical_support"):
        allowed = {action for action, roles in PERMISSIONS.items() if capability in roles}
        assert allowed == {"profile.update", "directory.list"}, capability


def test_capabilities_combine_role_enterprise_role_and_management() -> None:
    employee = {"role": "user", "enterprise_role": "office_manager"}
    assert capabilities_of(employee, manages_departments=True) == {"user", "office_manager", "department_manager"}
    assert capabilities_of({"role": "reseller_admin", "enterprise_role": None}, False) == {"reseller_admin"}
