"""Who is calling: every RPC names its caller, and accounts trusts only its own record of that user."""

from __future__ import annotations

from typing import Any

from accounts.schemas import CallerSchema
from accounts.storage import AccountsStore
from relais_kit.errors import AuthenticationFailed
from relais_kit.validation import load


def resolve(store: AccountsStore, caller: Any) -> dict[str, Any]:
    data = load(CallerSchema(), caller)
    profile = store.user_profile(data["user_id"])
    if profile is None:
        raise AuthenticationFailed("caller unknown")
    return profile
