"""Passwords, PINs, lockout and reset links (ACC-05, ACC-06, ACC-07)."""

from __future__ import annotations

from typing import Any

from accounts.storage.base import Queries
from accounts.storage.users import USER_COLUMNS


class CredentialQueries(Queries):
    def user_for_sign_in(self, identifier: str) -> dict[str, Any] | None:
        """By identifier or e-mail, case-insensitively (ACC-05); locked rows too, to count attempts. No row lock:
        the failure count is one atomic UPDATE, and holding a lock through a 30 ms argon2 check would queue every
        sign-in of the same account behind the others."""
        return self.tx.one(
            f"SELECT {USER_COLUMNS}, u.password_hash, u.failed_sign_ins FROM users u"
            " JOIN tenants t ON t.id = u.tenant_id"
            " WHERE lower(u.identifier) = lower(%s) OR lower(u.email) = lower(%s)"
            " ORDER BY (lower(u.identifier) = lower(%s)) DESC LIMIT 1",
            (identifier, identifier, identifier),
        )

    def secrets_of(self, user_id: Any) -> dict[str, Any] | None:
        return self.tx.one(
            "SELECT password_hash, pin_hash, failed_sign_ins, locked_at FROM users WHERE id = %s",
            (str(user_id),),
        )

    def record_failed_sign_in(self, user_id: Any, lock_after: int) -> bool:
        """Counts a failure; returns True when this one locked the account."""
        locked = self.tx.scalar(
            "UPDATE users SET failed_sign_ins = failed_sign_ins + 1,"
            " locked_at = CASE WHEN failed_sign_ins + 1 >= %s AND locked_at IS NULL THEN now() ELSE locked_at END"
            " WHERE id = %s RETURNING (locked_at IS NOT NULL AND failed_sign_ins = %s)",
            (lock_after, str(user_id), lock_after),
        )
        return bool(locked)

    def record_sign_in(self, user_id: Any) -> None:
        self.tx.execute("UPDATE users SET failed_sign_ins = 0, last_sign_in_at = now() WHERE id = %s", (str(user_id),))

    def unlock(self, user_id: Any) -> None:
        self.tx.execute("UPDATE users SET failed_sign_ins = 0, locked_at = NULL WHERE id = %s", (str(user_id),))

    def set_password_hash(self, user_id: Any, password_hash: str, changed: bool = True) -> None:
        self.tx.execute(
            "UPDATE users SET password_hash = %s, updated_at = now(),"
            " password_changed_at = CASE WHEN %s THEN now() ELSE password_changed_at END WHERE id = %s",
            (password_hash, changed, str(user_id)),
        )

    def set_pin_hash(self, user_id: Any, pin_hash: str) -> None:
        self.tx.execute("UPDATE users SET pin_hash = %s, updated_at = now() WHERE id = %s", (pin_hash, str(user_id)))

    def add_password_reset(self, token_hash: bytes, user_id: Any, valid_seconds: int) -> None:
        self.tx.execute(
            "INSERT INTO password_resets (token_hash, user_id, expires_at)"
            " VALUES (%s, %s, now() + make_interval(secs => %s))",
            (token_hash, str(user_id), valid_seconds),
        )

    def take_password_reset(self, token_hash: bytes) -> Any:
        """The user id of a live reset link, which is used up by this call; None if unknown, used or expired."""
        return self.tx.scalar(
            "UPDATE password_resets SET used_at = now() WHERE token_hash = %s AND used_at IS NULL"
            " AND expires_at > clock_timestamp() RETURNING user_id",
            (token_hash,),
        )
