"""Migrations and the first-start seed, run by explicit commands (never by a service on start)."""

from __future__ import annotations

from typing import Any

from relais.services import ServiceSpec
from relais_kit.config import section
from relais_kit.db import ConnectionPool, connect
from relais_kit.events import OutboxWriter
from relais_kit.migrations import migrate_service


def migrate_all(specs: list[ServiceSpec], database_url: str) -> list[str]:
    lines = []
    conn = connect(database_url)
    try:
        for spec in specs:
            applied = migrate_service(conn, spec.schema, spec.migrations_dir, spec.cls.kit_tables)
            names = ", ".join(f"{m.path.parent.name}/{m.path.name}" for m in applied)
            lines.append(f"migrate {spec.schema}: " + (f"applied {names}" if applied else "up to date"))
    finally:
        conn.close()
    return lines


def seed(config: dict[str, Any], database_url: str) -> list[str]:
    """Create the default accounts (ACC-04). Generated passwords are printed here, once, and never stored."""
    import os

    from accounts.passwords import make_hasher
    from accounts.seed import seed_defaults
    from accounts.storage import AccountsStore

    settings = section(config, "accounts")
    hasher = make_hasher(settings, allow_weak=bool(settings.get("ALLOW_WEAK_HASHING")))
    passwords = {
        "admin": os.environ.get("RELAIS_ADMIN_PASSWORD"),
        "reseller": os.environ.get("RELAIS_RESELLER_PASSWORD"),
        "user": os.environ.get("RELAIS_USER_PASSWORD"),
    }
    pool = ConnectionPool(database_url, "accounts", size=1)
    try:
        # Events go through the outbox; the accounts service publishes them once it runs.
        with pool.transaction() as tx:
            report = seed_defaults(AccountsStore(tx), OutboxWriter("accounts"), hasher, passwords)
    finally:
        pool.close()
    if not report.created:
        return ["seed: default accounts already exist"]
    lines = []
    for account in report.created:
        secret = (
            f"password {account.generated_password}  (generated; shown only this once)"
            if account.generated_password
            else "password from the environment"
        )
        lines.append(f"seed: created {account.role} '{account.identifier}': {secret}")
    return lines


def system_prompts(config: dict[str, Any]) -> list[str]:
    """Make the default voice prompts in French and English (MED-02); quick when they are already there."""
    from media.audio import ensure_system_prompts
    from media.audio.storage import audio_dir

    folder = audio_dir(section(config, "media"))
    made = ensure_system_prompts(folder)
    return [f"voice prompts: {len(made)} in French and English under {folder / 'prompts'}"]


def rebuild_routing_projections(database_url: str) -> list[str]:
    """Empty routing's projections of accounts' data and forget the events that built them, so that replaying
    accounts' outbox (republishing its rows) rebuilds them. Routing's own configuration is kept."""
    from routing.service import PROJECTION_CONSUMERS
    from routing.storage import RoutingStore

    pool = ConnectionPool(database_url, "routing", size=1)
    try:
        with pool.transaction() as tx:
            counts = RoutingStore(tx).empty_event_fed_projections(list(PROJECTION_CONSUMERS))
    finally:
        pool.close()
    return [f"rebuild-projections: emptied routing.{table} ({n} rows)" for table, n in counts.items()]


def sip_front(config: dict[str, Any]) -> list[str]:
    """How phones reach the platform: the SIP front's address, once Kamailio answers there (MED-01)."""
    from media.sipfront.process import sip_options_answered
    from media.sipfront.settings import FrontSettings

    settings = FrontSettings.from_config(config)
    if not settings.enabled:
        return ["SIP front: off (RELAIS_SIP_FRONT=false)"]
    where = f"sip:{settings.sip_host}:{settings.sip_port} (UDP, realm {settings.realm})"
    if not sip_options_answered(settings.sip_host, settings.sip_port):
        return [f"SIP front: NOT answering on {where}; see {settings.run_dir / 'kamailio.log'}"]
    return [
        f"SIP front: {where}. Register a softphone with a user's SIP user name and password (portal: the user's"
        " options page); calls to DIDs come in from the trunks' allowed addresses"
    ]
