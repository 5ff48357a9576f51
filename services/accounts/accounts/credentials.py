"""Sign-in, lockout, password and PIN changes, "Forgot?" links (ACC-05, ACC-06, ACC-07).

A failed sign-in must be counted even though the call fails, so ``authenticate`` returns an outcome and the
service raises only after the transaction has committed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from accounts import audit, events
from accounts.callers import Caller
from accounts.mail import Mailer, password_reset_message
from accounts.passwords import Hasher
from accounts.schemas import (
    CredentialsSchema,
    PasswordChangeSchema,
    PinChangeSchema,
    ResetRequestSchema,
    ResetSchema,
    UserProfileSchema,
)
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound, ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

LOCK_AFTER_FAILURES = 5
RESET_LINK_SECONDS = 3600
WRONG_PASSWORD = Msg("The current password is not right.")
SAME_AS_IDENTIFIER = Msg("The password must not contain your identifier.")
LINK_NOT_VALID = Msg("This link has expired or was already used. Ask for a new one.")


@dataclass(frozen=True)
class SignInOutcome:
    profile: dict[str, Any] | None


def authenticate(
    store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, payload: Any, lock_after: int = LOCK_AFTER_FAILURES
) -> SignInOutcome:
    """Identifier or e-mail, with the password or the voicemail PIN. A locked account never signs in; the
    ``lock_after``-th failure in a row locks it and ends its sessions."""
    credentials = load(CredentialsSchema(), payload)
    user = store.user_for_sign_in(credentials["identifier"])
    secrets_row = store.secrets_of(user["id"]) if user else None
    password_ok = hasher.matches(secrets_row["password_hash"] if secrets_row else None, credentials["password"])
    pin_ok = bool(secrets_row and secrets_row["pin_hash"]) and hasher.matches(
        secrets_row["pin_hash"] if secrets_row else None, credentials["password"]
    )
    if user is None or secrets_row is None:
        return SignInOutcome(None)
    if user["locked_at"] is not None:
        return SignInOutcome(None)
    if account_expired(store, user["id"]):  # blocked after the expiry date of its options (ACC-16)
        return SignInOutcome(None)
    if not (password_ok or pin_ok):
        if store.record_failed_sign_in(user["id"], lock_after):
            events.user_credentials_changed(outbox, store.tx, user, "locked")
            audit.record(
                store, None, "user.locked", "user", user, user["tenant_path"], after={"failed_sign_ins": lock_after}
            )
        return SignInOutcome(None)
    store.record_sign_in(user["id"])
    if pin_ok and not password_ok:  # the PIN is the phone's way in: a telephone session (ACC-11)
        store.record_telephone_session(user["id"])
    if password_ok and hasher.check_needs_rehash(secrets_row["password_hash"]):
        store.set_password_hash(user["id"], hasher.hash(credentials["password"]), changed=False)
    return SignInOutcome(UserProfileSchema().dump(user))


def check_pin(
    store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, caller: Caller, pin: Any, lock_after: int
) -> dict[str, bool]:
    """The voicemail box by phone (MED-04): whether ``pin`` is the caller's own PIN, never the PIN itself.

    A wrong PIN counts as a failed sign-in, so the same lockout applies (guide 004: a subscriber who entered a
    wrong PIN too many times is locked until unlocked); a right one is a telephone session (ACC-11)."""
    user = caller.user
    secrets_row = store.secrets_of(caller.id)
    if secrets_row is None or secrets_row["locked_at"] is not None or account_expired(store, caller.id):
        return {"ok": False, "locked": True}
    digits = str(pin) if isinstance(pin, str | int) else ""
    if digits.isdigit() and secrets_row["pin_hash"] and hasher.matches(secrets_row["pin_hash"], digits):
        store.record_sign_in(caller.id)
        store.record_telephone_session(caller.id)
        return {"ok": True, "locked": False}
    locked = store.record_failed_sign_in(caller.id, lock_after)
    if locked:
        events.user_credentials_changed(outbox, store.tx, user, "locked")
        audit.record(
            store, None, "user.locked", "user", user, user["tenant_path"], after={"failed_sign_ins": lock_after}
        )
    return {"ok": False, "locked": locked}


def account_expired(store: AccountsStore, user_id: Any) -> bool:
    expires = store.account_expires_on(user_id)
    return expires is not None and expires < datetime.now(UTC).date()


def _check_current(store: AccountsStore, hasher: Hasher, caller: Caller, password: str) -> None:
    secrets_row = store.secrets_of(caller.id)
    if secrets_row is None or not hasher.matches(secrets_row["password_hash"], password):
        raise field_error("current_password", WRONG_PASSWORD)


def _check_new_password(user: dict[str, Any], password: str, field: str = "password") -> None:
    if user["identifier"].lower() in password.lower():
        raise field_error(field, SAME_AS_IDENTIFIER)


def change_password(store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, caller: Caller, payload: Any) -> None:
    """Ends every session of the user, this one included (the gateway hears user_credentials_changed)."""
    data = load(PasswordChangeSchema(), payload)
    _check_current(store, hasher, caller, data["current_password"])
    _check_new_password(caller.user, data["password"])
    store.set_password_hash(caller.id, hasher.hash(data["password"]))
    events.user_credentials_changed(outbox, store.tx, caller.user, "password_changed")
    audit.record(store, caller, "user.password_change", "user", caller.user, caller.user["tenant_path"])


def change_pin(store: AccountsStore, hasher: Hasher, caller: Caller, payload: Any) -> None:
    """The voicemail PIN is a secret of its own, separate from the web password (ACC-06)."""
    data = load(PinChangeSchema(), payload)
    _check_current(store, hasher, caller, data["current_password"])
    store.set_pin_hash(caller.id, hasher.hash(data["pin"]))
    audit.record(store, caller, "user.pin_change", "user", caller.user, caller.user["tenant_path"])


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def request_reset(store: AccountsStore, mailer: Mailer, payload: Any) -> None:
    """E-mails a single-use link valid one hour, never a password. Answers the same whether or not the
    identifier exists, so the form does not tell who has an account."""
    data = load(ResetRequestSchema(), payload)
    user = store.user_for_sign_in(data["identifier"])
    if user is None or not user["email"]:
        return
    token = secrets.token_urlsafe(32)
    store.add_password_reset(token_hash(token), user["id"], RESET_LINK_SECONDS)
    separator = "&" if "?" in data["reset_url"] else "?"
    message = password_reset_message(user, f"{data['reset_url']}{separator}token={token}", RESET_LINK_SECONDS // 60)
    store.tx.on_commit(lambda: mailer.send(message))


def reset_password(store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, payload: Any) -> dict[str, Any]:
    """Sets the new password, unlocks the account and ends every session; the link is then used up."""
    try:
        data = load(ResetSchema(), payload)
    except ValidationFailed as exc:
        if "token" in exc.field_errors:
            raise field_error("token", LINK_NOT_VALID) from None
        raise
    user_id = store.take_password_reset(token_hash(data["token"]))
    user = store.user_profile(user_id) if user_id else None
    if user is None:
        raise field_error("token", LINK_NOT_VALID)
    _check_new_password(user, data["password"])
    store.set_password_hash(user["id"], hasher.hash(data["password"]))
    store.unlock(user["id"])
    store.activate_if_pending(user["id"])  # the welcome e-mail's link is this same link (ACC-13)
    events.user_credentials_changed(outbox, store.tx, user, "password_reset")
    audit.record(store, None, "user.password_reset", "user", user, user["tenant_path"])
    return {"identifier": user["identifier"]}


def unlock(store: AccountsStore, caller: Caller, user_id: Any) -> dict[str, Any]:
    """An administrator above the user unlocks the account (guide 004 "Déverrouiller le compte")."""
    caller.can("user.unlock")
    user = store.user_profile(user_id)
    if user is None:
        raise NotFound("user")
    tenant = caller.sees_tenant(store.tenant(user["tenant_id"]))
    if not caller.is_tenant_admin:
        department = store.department(user["department_id"]) if user["department_id"] else None
        caller.sees_department(department, tenant)
    before = UserProfileSchema().dump(user)
    store.unlock(user["id"])
    after = UserProfileSchema().dump(store.user_profile(user["id"]))
    audit.record(
        store,
        caller,
        "user.unlock",
        "user",
        user,
        user["tenant_path"],
        {"locked": before["locked"]},
        {"locked": after["locked"]},
    )
    return after
