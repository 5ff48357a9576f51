"""Password and PIN hashing with argon2id (ACC-06); the cost comes from config, never below OWASP's minimum."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventlet import tpool

OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


class Hasher(PasswordHasher):
    """argon2id with a precomputed hash to verify against when the identifier is unknown, so the answer takes
    as long either way and does not tell which identifiers exist."""

    def __init__(self, time_cost: int, memory_cost: int, parallelism: int) -> None:
        super().__init__(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
        self.dummy_hash = self.hash("relais-no-such-user")

    def matches(self, password_hash: str | None, password: str) -> bool:
        # argon2 takes ~30 ms of CPU: in a real thread (it releases the GIL) the service's other greenlets, and
        # the second core, keep working meanwhile.
        return bool(tpool.execute(self._matches, password_hash, password))

    def _matches(self, password_hash: str | None, password: str) -> bool:
        try:
            return bool(self.verify(password_hash or self.dummy_hash, password)) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        return str(tpool.execute(super().hash, password, salt=salt))


def make_hasher(settings: dict[str, Any], allow_weak: bool = False) -> Hasher:
    memory = int(settings.get("ARGON2_MEMORY_KIB", OWASP_MIN_MEMORY_KIB))
    time_cost = int(settings.get("ARGON2_TIME_COST", OWASP_MIN_TIME_COST))
    if not allow_weak and (memory < OWASP_MIN_MEMORY_KIB or time_cost < OWASP_MIN_TIME_COST):
        raise ValueError("argon2id cost below OWASP's minimum (19 MiB, 2 passes)")
    return Hasher(time_cost=time_cost, memory_cost=memory, parallelism=int(settings.get("ARGON2_PARALLELISM", 1)))
