"""Per-user options of guide 003 and the three SIP identities (ACC-16).

SIP passwords are stored only as Fernet tokens; reading a user shows the user name and whether a password is set.
The audit log records that a password changed, never the password.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from accounts import audit, reach, sip_identities
from accounts.callers import Caller
from accounts.secrets import SecretBox, new_password, new_username
from accounts.storage import AccountsStore
from accounts.user_schemas import (
    SIP_KINDS,
    SipCredentialOutSchema,
    SipCredentialsSchema,
    UserOptionsOutSchema,
    UserOptionsSchema,
)
from relais_kit.errors import PermissionDenied
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error

EXPIRED = Msg("The expiry date cannot be in the past.")
REDACTED = "[redacted]"


def dump_options(options: dict[str, Any]) -> dict[str, Any]:
    return UserOptionsOutSchema().dump(options)


def masked_credentials(store: AccountsStore, user_id: Any) -> list[dict[str, Any]]:
    return SipCredentialOutSchema(many=True).dump(store.sip_credentials(user_id))


def _line(store: AccountsStore, caller: Caller, user_id: Any, action: str) -> tuple[dict[str, Any], dict[str, Any]]:
    caller.can(action)
    line, enterprise = reach.line(store, caller, user_id)
    if line["role"] != "user":
        raise PermissionDenied(action)
    return line, enterprise


def set_user_options(store: AccountsStore, caller: Caller, user_id: Any, payload: Any) -> dict[str, Any]:
    """Only the options given change; each is checked against its limits, all at once."""
    line, enterprise = _line(store, caller, user_id, "user.options")
    data, errors = reach.load_all(UserOptionsSchema(), payload)
    expires = data.get("account_expires_on")
    if expires is not None and expires < datetime.now(UTC).date():
        reach.add_error(errors, "account_expires_on", EXPIRED)
    reach.fail_if(errors)
    before = dump_options(store.user_options(line["id"]))
    if data:
        store.set_user_options(line["id"], {**store.user_options(line["id"]), **data})
    after = dump_options(store.user_options(line["id"]))
    audit.record(store, caller, "user.options", "user", line, enterprise["path"], before, after)
    return after


def set_sip_credentials(
    store: AccountsStore,
    outbox: OutboxWriter,
    box: SecretBox,
    caller: Caller,
    user_id: Any,
    kind: Any,
    payload: Any,
) -> dict[str, Any]:
    """Default, registration or calling credentials; the password is encrypted before it is stored."""
    line, enterprise = _line(store, caller, user_id, "user.credentials")
    data, errors = reach.load_all(SipCredentialsSchema(), payload)
    if kind not in SIP_KINDS:
        errors = {
            **errors,
            "kind": field_error("kind", "Must be one of: {choices}.", choices=", ".join(SIP_KINDS)).field_errors[
                "kind"
            ],
        }
    reach.fail_if(errors)
    previous = {c["kind"]: c for c in store.sip_credentials(line["id"])}.get(kind)
    store.set_sip_credentials(line["id"], kind, data["username"], box.encrypt(data["password"]))
    sip_identities.changed(store, outbox, line, enterprise, kind, data["username"], data["password"])
    audit.record(
        store,
        caller,
        "user.sip_credentials",
        "user",
        line,
        enterprise["path"],
        {
            "kind": kind,
            "username": previous["username"] if previous else None,
            "password": None if previous is None else "(previous)",
        },
        {"kind": kind, "username": data["username"], "password": REDACTED},
    )
    current = {c["kind"]: c for c in store.sip_credentials(line["id"])}[kind]
    return SipCredentialOutSchema().dump(current)


def generate_sip_credentials(
    store: AccountsStore, outbox: OutboxWriter, box: SecretBox, caller: Caller, user_id: Any, kind: Any
) -> dict[str, Any]:
    """New random credentials of one kind (ACC-16): the user name is kept when there is one; the password is
    returned this once, in clear, and stored only encrypted. Reading the user later shows it masked."""
    line, enterprise = _line(store, caller, user_id, "user.credentials")
    if kind not in SIP_KINDS:
        raise field_error("kind", "Must be one of: {choices}.", choices=", ".join(SIP_KINDS))
    previous = {c["kind"]: c for c in store.sip_credentials(line["id"])}.get(kind)
    username = previous["username"] if previous else new_username(f"{line['user_number']}-")
    password = new_password(20)
    store.set_sip_credentials(line["id"], kind, username, box.encrypt(password))
    sip_identities.changed(store, outbox, line, enterprise, kind, username, password)
    audit.record(
        store,
        caller,
        "user.sip_credentials",
        "user",
        line,
        enterprise["path"],
        {"kind": kind, "username": previous["username"] if previous else None},
        {"kind": kind, "username": username, "password": REDACTED, "generated": True},
    )
    current = {c["kind"]: c for c in store.sip_credentials(line["id"])}[kind]
    return {**SipCredentialOutSchema().dump(current), "password": password}
