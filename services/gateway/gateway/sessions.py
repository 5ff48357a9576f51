"""Portal and API sessions (ACC-05): random tokens, only their hash stored, ended after idle time."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import psycopg2.extras

from relais_kit.db import Transaction


@dataclass(frozen=True)
class Session:
    user_id: str
    profile: dict[str, Any]
    csrf_token: str

    @property
    def actor_id(self) -> str | None:
        """Set when an administrator acts as this user (ACC-14)."""
        actor = self.profile.get("actor")
        return str(actor["id"]) if actor else None


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def session_actor(profile: dict[str, Any]) -> str | None:
    actor = profile.get("actor")
    return str(actor["id"]) if actor else None


class SessionStore:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def create(self, profile: dict[str, Any]) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        self.tx.execute(
            "INSERT INTO sessions (token_hash, user_id, profile, csrf_token, actor_user_id)"
            " VALUES (%s, %s, %s, %s, %s)",
            (token_hash(token), profile["id"], psycopg2.extras.Json(profile), csrf, session_actor(profile)),
        )
        return token, Session(str(profile["id"]), profile, csrf)

    def touch(self, token: str, idle_seconds: int) -> Session | None:
        """The live session of ``token``, its idle clock restarted; None if unknown, ended or idle too long."""
        # Losing the last few idle-clock updates in a crash only ends sessions a little early: no need to wait
        # for the disk on every request.
        self.tx.execute("SET LOCAL synchronous_commit = off")
        row = self.tx.one(
            "UPDATE sessions SET last_seen_at = now() WHERE token_hash = %s AND ended_at IS NULL"
            " AND last_seen_at > now() - make_interval(secs => %s) RETURNING user_id, profile, csrf_token",
            (token_hash(token), idle_seconds),
        )
        if row is None:
            self.tx.execute(
                "UPDATE sessions SET ended_at = now() WHERE token_hash = %s AND ended_at IS NULL", (token_hash(token),)
            )
            return None
        return Session(str(row["user_id"]), row["profile"], row["csrf_token"])

    def existed(self, token: str) -> bool:
        return bool(
            self.tx.scalar("SELECT EXISTS (SELECT 1 FROM sessions WHERE token_hash = %s)", (token_hash(token),))
        )

    def end(self, token: str) -> None:
        self.tx.execute(
            "UPDATE sessions SET ended_at = now() WHERE token_hash = %s AND ended_at IS NULL", (token_hash(token),)
        )

    def update_profile(self, token: str, profile: dict[str, Any]) -> None:
        self.tx.execute(
            "UPDATE sessions SET profile = %s WHERE token_hash = %s", (psycopg2.extras.Json(profile), token_hash(token))
        )

    def end_all_of(self, user_id: str) -> int:
        """Every session of the user, and every session someone opened as them or they opened as someone."""
        self.tx.execute(
            "UPDATE sessions SET ended_at = now() WHERE ended_at IS NULL AND (user_id = %s OR actor_user_id = %s)",
            (user_id, user_id),
        )
        return int(self.tx.cursor.rowcount)
