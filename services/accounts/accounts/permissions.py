"""Which role may do what (ACC-02, ACC-03). The one table every accounts RPC checks."""

from __future__ import annotations

from relais_kit.errors import PermissionDenied

PERMISSIONS: dict[str, frozenset[str]] = {
    "reseller.list": frozenset({"system_admin"}),
    "reseller.create": frozenset({"system_admin"}),
}


def require(role: str, action: str) -> None:
    if role not in PERMISSIONS[action]:
        raise PermissionDenied(action)
