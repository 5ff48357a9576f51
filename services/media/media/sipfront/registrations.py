"""Registration to carriers (issue 6, NUM-04): the trunks that register are added to Kamailio's uac module.

accounts publishes a trunk's digest password only as its Fernet token (trunk_changed.password_encrypted, made with
the platform's RELAIS_SECRETS_KEY); the media service keeps the token and, when Kamailio starts or a trunk changes,
decrypts it and hands the registration to Kamailio over its control socket (kamcmd reading the command on stdin, so
the password is on no command line, in no file and in no table). Kamailio then registers and refreshes on its own.
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

log = logging.getLogger(__name__)
EXPIRES_SECONDS = 600
_UNSAFE = frozenset(" \t\r\n\"'\\")


class Secrets:
    """Decrypts accounts' Fernet tokens: the current key, then the previous ones while keys rotate."""

    def __init__(self, current: str, previous: list[str]) -> None:
        keys = [k.strip() for k in [current, *previous] if k and k.strip()]
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys]) if keys else None

    def __repr__(self) -> str:  # never show keys
        return "Secrets(...)"

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Secrets:
        media, accounts = config.get("MEDIA") or {}, config.get("ACCOUNTS") or {}
        current = str(media.get("SECRETS_KEY") or accounts.get("SECRETS_KEY") or "")
        previous = media.get("SECRETS_PREVIOUS_KEYS") or accounts.get("SECRETS_PREVIOUS_KEYS") or []
        if isinstance(previous, str):
            previous = previous.split(",")
        try:
            return cls(current, [str(p) for p in previous])
        except (ValueError, TypeError):
            log.error("MEDIA.SECRETS_KEY is not a Fernet key: trunks cannot register")
            return cls("", [])

    def decrypt(self, token: str) -> str | None:
        if self._fernet is None:
            return None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            return None


@dataclass(frozen=True)
class Registration:
    trunk_id: str
    username: str
    host: str
    port: int
    password: str

    def command(self, realm: str) -> str:
        """uac.reg_add's 15 fields (5.6): l_uuid l_username l_domain r_username r_domain realm auth_username
        auth_password auth_ha1 auth_proxy expires flags reg_delay socket contact_addr ("." = none)."""
        server = f"{self.host}:{self.port}"
        # realm empty ("s:" is kamcmd's empty string): uac then answers whatever realm the carrier challenges with
        fields = [self.trunk_id, self.username, realm, self.username, server, "s:"]
        fields += [self.username, self.password, ".", f"sip:{server}", str(EXPIRES_SECONDS), "0", "0", ".", "."]
        return "uac.reg_add " + " ".join(fields)


def wanted(rows: list[dict[str, Any]], secrets: Secrets) -> dict[str, Registration]:
    """The registrations the trunks ask for; a trunk whose password cannot be read is left out, and said so."""
    found: dict[str, Registration] = {}
    for row in rows:
        if not row.get("register") or not row.get("username") or not row.get("password_encrypted"):
            continue
        password = secrets.decrypt(str(row["password_encrypted"]))
        if password is None:
            log.error("trunk %s: password unreadable with RELAIS_SECRETS_KEY; not registering", row["trunk_id"])
            continue
        values = [str(row["username"]), password, str(row["host"])]
        if any(set(value) & _UNSAFE or not value for value in values):
            log.error("trunk %s: user name, password or host has spaces or quotes; not registering", row["trunk_id"])
            continue
        found[str(row["trunk_id"])] = Registration(
            str(row["trunk_id"]), str(row["username"]), str(row["host"]), int(row["port"]), password
        )
    return found


class Registrar:
    """What Kamailio was told: registrations added, changed ones replaced, dropped ones removed."""

    def __init__(self, kamcmd: Path, socket: Path, realm: str) -> None:
        self.kamcmd, self.socket, self.realm = kamcmd, socket, realm
        self.current: dict[str, Registration] = {}

    def sync(self, registrations: dict[str, Registration]) -> None:
        lines = []
        for trunk_id, registration in self.current.items():
            if registrations.get(trunk_id) != registration:
                lines.append(f"uac.reg_remove {trunk_id}")
        for trunk_id, registration in registrations.items():
            if self.current.get(trunk_id) != registration:
                lines.append(registration.command(self.realm))
        if not lines:
            return
        result = subprocess.run(
            [str(self.kamcmd), "-s", f"unix:{self.socket}"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            timeout=10,
        )
        if result.returncode != 0 or "error:" in result.stdout:
            # the output may echo a command: say which trunks, never the output
            log.error("Kamailio refused a trunk registration (trunks %s)", ", ".join(sorted(registrations)))
            return
        self.current = dict(registrations)
        log.info("SIP front: %d trunk registration(s) with carriers", len(registrations))
