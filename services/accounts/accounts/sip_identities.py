"""What the SIP front needs of a user's SIP credentials (MED-01): the digest ha1, never the password.

ha1 = md5(username:realm:password) is what a registrar stores to check digest answers (RFC 2617); the clear
password stays encrypted in accounts. The realm is the SIP front's (ACCOUNTS.SIP_REALM, the same value as
MEDIA.SIP_REALM); the event names it, so a front of another realm ignores the identity instead of failing logins.
"""

from __future__ import annotations

import hashlib
from typing import Any

from nameko import config

from accounts import events
from accounts.storage import AccountsStore
from relais_kit.config import section
from relais_kit.events import OutboxWriter

DEFAULT_REALM = "relais"


def realm() -> str:
    return str(section(config, "accounts").get("SIP_REALM") or DEFAULT_REALM)


def ha1(username: str, password: str, sip_realm: str) -> str:
    # md5 is what SIP digest (RFC 2617) defines; it is not used here to protect a stored password.
    return hashlib.md5(f"{username}:{sip_realm}:{password}".encode(), usedforsecurity=False).hexdigest()


def changed(
    store: AccountsStore,
    outbox: OutboxWriter,
    line: dict[str, Any],
    enterprise: dict[str, Any],
    kind: str,
    username: str | None,
    password: str | None,
) -> None:
    """One identity set (username and password) or, with no password, removed; kind "all" removes every one."""
    sip_realm = realm()
    data = {
        "user_id": str(line["id"]),
        "enterprise_id": str(enterprise["id"]),
        "kind": kind,
        "username": username,
        "realm": sip_realm,
        "ha1": ha1(username, password, sip_realm) if username and password else None,
        "deleted": not (username and password),
    }
    events.sip_credentials_changed(outbox, store.tx, data, enterprise["path"])
