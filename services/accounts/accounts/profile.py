"""The signed-in user's own profile and status."""

from __future__ import annotations

from typing import Any

from accounts.schemas import PresenceSchema, UserProfileSchema
from accounts.storage import AccountsStore
from relais_kit.validation import load


def profile(caller: dict[str, Any]) -> dict[str, Any]:
    return UserProfileSchema().dump(caller)


def set_presence(store: AccountsStore, caller: dict[str, Any], presence: Any) -> dict[str, Any]:
    data = load(PresenceSchema(), {"presence": presence})
    store.set_presence(caller["id"], data["presence"])
    updated = store.user_profile(caller["id"])
    assert updated is not None
    return profile(updated)
