"""The one permission table (ACC-02, ACC-03): walked action by action."""

import pytest

from accounts.permissions import PERMISSIONS, require
from relais_kit.errors import PermissionDenied

ROLES = ("system_admin", "reseller_admin", "enterprise_admin", "user")


def test_every_action_names_only_known_roles() -> None:
    for action, roles in PERMISSIONS.items():
        assert roles, action
        assert roles <= set(ROLES), action


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
@pytest.mark.parametrize("role", ROLES)
def test_require_follows_the_table(action: str, role: str) -> None:
    if role in PERMISSIONS[action]:
        require(role, action)
    else:
        with pytest.raises(PermissionDenied):
            require(role, action)


def test_resellers_belong_to_the_system_administrator_only() -> None:
    assert PERMISSIONS["reseller.create"] == {"system_admin"}
    assert PERMISSIONS["reseller.list"] == {"system_admin"}
