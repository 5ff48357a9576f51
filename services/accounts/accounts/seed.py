"""First start (ACC-04): the system tenant and administrator, the default reseller and professional user.

Passwords come from the environment when given there, otherwise they are generated and returned once so the
command that ran the seed can print them; only their argon2id hashes are stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from accounts import events
from accounts.passwords import Hasher
from accounts.storage import AccountsStore
from relais_kit.events import OutboxWriter

SYSTEM_NAME = "Relais"
DEFAULT_RESELLER_NAME = "Relais"
DEFAULT_PROFESSIONAL_NAME = "Professionnel par défaut"


@dataclass
class SeededAccount:
    identifier: str
    role: str
    generated_password: str | None


@dataclass
class SeedReport:
    created: list[SeededAccount] = field(default_factory=list)


def _password(given: str | None) -> tuple[str, str | None]:
    if given:
        return given, None
    generated = secrets.token_urlsafe(12)
    return generated, generated


def seed_defaults(
    store: AccountsStore, outbox: OutboxWriter, hasher: Hasher, passwords: dict[str, str | None]
) -> SeedReport:
    """Idempotent: creates only what is missing."""
    report = SeedReport()
    system = store.system_tenant() or store.create_tenant("system", None, SYSTEM_NAME)
    if not store.identifier_taken("admin"):
        password, generated = _password(passwords.get("admin"))
        store.create_user(system["id"], "admin", "Administrateur-système", "system_admin", hasher.hash(password))
        report.created.append(SeededAccount("admin", "system_admin", generated))

    reseller = store.first_tenant("reseller")
    if reseller is None:
        reseller = store.create_tenant("reseller", system, DEFAULT_RESELLER_NAME, billing_owner="system")
        events.reseller_created(outbox, store.tx, reseller)
    if not store.identifier_taken("revendeur"):
        password, generated = _password(passwords.get("reseller"))
        store.create_user(
            reseller["id"], "revendeur", "Administrateur-revendeur", "reseller_admin", hasher.hash(password)
        )
        report.created.append(SeededAccount("revendeur", "reseller_admin", generated))

    professional = store.first_tenant("professional")
    if professional is None:
        professional = store.create_tenant("professional", reseller, DEFAULT_PROFESSIONAL_NAME)
    if not store.identifier_taken("pro"):
        password, generated = _password(passwords.get("user"))
        store.create_user(professional["id"], "pro", "Utilisateur professionnel", "user", hasher.hash(password))
        report.created.append(SeededAccount("pro", "user", generated))
    return report
