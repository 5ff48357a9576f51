"""The signed-in user's own profile and status."""

from __future__ import annotations

from typing import Any

from accounts.callers import Caller
from accounts.schemas import PresenceSchema, UserProfileSchema
from accounts.storage import AccountsStore
from relais_kit.validation import load


def profile(caller: Caller) -> dict[str, Any]:
    dumped: dict[str, Any] = UserProfileSchema().dump(caller.user)
    dumped["capabilities"] = sorted(caller.capabilities)
    dumped["managed_departments"] = [str(d) for d in caller.managed_departments]
    if caller.actor is not None:
        dumped["actor"] = {"id": str(caller.actor["id"]), "display_name": caller.actor["display_name"]}
    return dumped


def set_presence(store: AccountsStore, caller: Caller, presence: Any) -> dict[str, Any]:
    data = load(PresenceSchema(), {"presence": presence})
    store.set_presence(caller.id, data["presence"])
    updated = store.user_profile(caller.id)
    assert updated is not None
    return profile(Caller(updated, caller.capabilities, caller.managed_departments, caller.actor))
