"""Sign-in with identifier or e-mail and password (ACC-05)."""

from __future__ import annotations

from typing import Any

from accounts.passwords import Hasher
from accounts.schemas import CredentialsSchema, UserProfileSchema
from accounts.storage import AccountsStore
from relais_kit.errors import AuthenticationFailed
from relais_kit.validation import load


def authenticate(store: AccountsStore, hasher: Hasher, payload: Any) -> dict[str, Any]:
    credentials = load(CredentialsSchema(), payload)
    user = store.user_for_sign_in(credentials["identifier"])
    if not hasher.matches(user["password_hash"] if user else None, credentials["password"]) or user is None:
        raise AuthenticationFailed("wrong identifier or password")
    if hasher.check_needs_rehash(user["password_hash"]):
        store.update_password_hash(user["id"], hasher.hash(credentials["password"]))
    return UserProfileSchema().dump(user)
