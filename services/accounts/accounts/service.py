"""The accounts nameko service: wiring only; the work is in the modules it calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nameko import config
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc as nameko_rpc

from accounts import callers, profile, resellers, sign_in
from accounts.passwords import Hasher, make_hasher
from accounts.storage import AccountsStore
from relais_kit.config import section
from relais_kit.db import Database
from relais_kit.errors import DomainError
from relais_kit.events import Outbox
from relais_kit.service import PlatformService

# Domain errors are answers, not faults: nameko logs them as warnings.
rpc = nameko_rpc(expected_exceptions=DomainError)

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


class PasswordHashing(DependencyProvider):
    def setup(self) -> None:
        settings = section(config, "accounts")
        self.hasher = make_hasher(settings, allow_weak=bool(settings.get("ALLOW_WEAK_HASHING")))

    def get_dependency(self, worker_ctx: Any) -> Hasher:
        return self.hasher


class AccountsService(PlatformService):
    name = "accounts"
    schema = "accounts"
    migrations_dir = MIGRATIONS
    kit_tables = ("outbox",)

    db = Database("accounts")
    outbox = Outbox("accounts")
    hasher = PasswordHashing()

    @rpc
    def authenticate(self, credentials: Any) -> dict[str, Any]:
        with self.db.transaction() as tx:
            return sign_in.authenticate(AccountsStore(tx), self.hasher, credentials)

    @rpc
    def get_profile(self, caller: Any) -> dict[str, Any]:
        with self.db.transaction() as tx:
            return profile.profile(callers.resolve(AccountsStore(tx), caller))

    @rpc
    def set_presence(self, caller: Any, presence: Any) -> dict[str, Any]:
        with self.db.transaction() as tx:
            store = AccountsStore(tx)
            return profile.set_presence(store, callers.resolve(store, caller), presence)

    @rpc
    def list_resellers(self, caller: Any) -> list[dict[str, Any]]:
        with self.db.transaction() as tx:
            store = AccountsStore(tx)
            return resellers.list_resellers(store, callers.resolve(store, caller))

    @rpc
    def create_reseller(self, caller: Any, reseller: Any) -> dict[str, Any]:
        with self.db.transaction() as tx:
            store = AccountsStore(tx)
            return resellers.create_reseller(store, self.outbox, callers.resolve(store, caller), reseller)
