"""The accounts RPC over real RabbitMQ and PostgreSQL: sign-in, resellers, seed (ACC-04, ACC-05, ACC-08)."""

from typing import Any

import pytest
from nameko.exceptions import RemoteError

from accounts.passwords import make_hasher
from accounts.seed import seed_defaults
from accounts.service import AccountsService
from accounts.storage import AccountsStore
from relais_kit.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from relais_kit.events import OutboxWriter

PASSWORDS = {"admin": "admin-pass-1", "reseller": "reseller-pass-1", "user": "user-pass-1"}


@pytest.fixture()
def seeded(db_connection: Any) -> dict[str, Any]:
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    with db_connection.savepoint("accounts") as tx:
        store = AccountsStore(tx)
        report = seed_defaults(store, OutboxWriter("accounts"), hasher, PASSWORDS)
        users = {row["identifier"]: row for row in tx.all("SELECT id, identifier FROM users")}
    return {"report": report, "users": users}


@pytest.fixture()
def accounts(seeded: dict[str, Any], run_services: Any, rpc: Any) -> Any:
    run_services(AccountsService)
    return rpc("accounts")


def caller(seeded: dict[str, Any], identifier: str) -> dict[str, str]:
    return {"user_id": str(seeded["users"][identifier]["id"])}


def test_seed_creates_the_three_default_accounts_once(seeded: dict[str, Any], db_connection: Any) -> None:
    assert [(a.identifier, a.role) for a in seeded["report"].created] == [
        ("admin", "system_admin"),
        ("revendeur", "reseller_admin"),
        ("pro", "user"),
    ]
    assert all(a.generated_password is None for a in seeded["report"].created)
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    with db_connection.savepoint("accounts") as tx:
        again = seed_defaults(AccountsStore(tx), OutboxWriter("accounts"), hasher, {})
        hashes = tx.all("SELECT password_hash FROM users")
        kinds = tx.all("SELECT kind, count(*) AS n FROM tenants GROUP BY kind ORDER BY kind")
    assert again.created == []
    assert all(h["password_hash"].startswith("$argon2id$") for h in hashes)
    assert {k["kind"]: k["n"] for k in kinds} == {"professional": 1, "reseller": 1, "system": 1}


def test_generated_passwords_are_returned_once_and_stored_hashed(db_connection: Any) -> None:
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    with db_connection.savepoint("accounts") as tx:
        report = seed_defaults(AccountsStore(tx), OutboxWriter("accounts"), hasher, {})
        stored = tx.all("SELECT password_hash FROM users")
    generated = [a.generated_password for a in report.created]
    assert all(p and len(p) >= 16 for p in generated)
    assert not any(p in h["password_hash"] for p in generated for h in stored)


def test_sign_in_by_identifier_or_email_case_insensitive(accounts: Any) -> None:
    profile = accounts.authenticate({"identifier": "ADMIN", "password": "admin-pass-1"})
    assert profile["role"] == "system_admin" and len(profile["user_number"]) == 4
    assert "password_hash" not in profile


@pytest.mark.parametrize(
    "credentials",
    [
        {"identifier": "admin", "password": "wrong"},
        {"identifier": "nobody", "password": "admin-pass-1"},
    ],
)
def test_wrong_credentials_do_not_say_which_part_is_wrong(accounts: Any, credentials: dict[str, str]) -> None:
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(credentials)


def test_malformed_credentials_name_the_field(accounts: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        accounts.authenticate({"identifier": ""})
    assert set(caught.value.field_errors) == {"identifier", "password"}


def test_system_admin_creates_a_reseller_and_the_event_waits_for_commit(
    accounts: Any, seeded: dict[str, Any], sql_query: Any
) -> None:
    admin = caller(seeded, "admin")
    created = accounts.create_reseller(admin, {"name": "  Acme Télécom ", "contact_email": "ops@acme.ca"})
    assert created["name"] == "Acme Télécom" and created["billing_owner"] == "reseller"
    names = [r["name"] for r in accounts.list_resellers(admin)["items"]]
    assert names == ["Acme Télécom", "Relais"]
    events = sql_query("SELECT payload FROM accounts.outbox WHERE payload->'data'->>'name' = 'Acme Télécom'")
    assert len(events) == 1
    payload = events[0]["payload"]
    assert payload["event_type"] == "reseller_created" and payload["tenant_path"][-1] == created["id"]


def test_duplicate_and_bad_fields_are_reported_together_and_nothing_is_written(
    accounts: Any, seeded: dict[str, Any], sql_query: Any
) -> None:
    admin = caller(seeded, "admin")
    before = sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_reseller(admin, {"name": "relais", "contact_email": "nope", "language": "de"})
    errors = caught.value.field_errors
    assert errors["name"][0]["msgid"] == "A reseller with this name already exists."
    assert errors["contact_email"][0]["msgid"] == "Not a valid email address."
    assert errors["language"][0]["params"]["choices"] == "fr, en"
    with pytest.raises(ValidationFailed) as too_long:
        accounts.create_reseller(admin, {"name": "x" * 101})
    assert too_long.value.field_errors["name"][0]["params"] == {"min": "1", "max": "100"}
    assert sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"] == before
    assert (
        sql_query("SELECT count(*) AS n FROM accounts.outbox WHERE payload->'data'->>'name' <> 'Relais'")[0]["n"] == 0
    )


@pytest.mark.parametrize("identifier", ["revendeur", "pro"])
def test_only_the_system_administrator_manages_resellers(
    accounts: Any, seeded: dict[str, Any], identifier: str
) -> None:
    with pytest.raises(PermissionDenied):
        accounts.create_reseller(caller(seeded, identifier), {"name": "Sneaky"})
    with pytest.raises(PermissionDenied):
        accounts.list_resellers(caller(seeded, identifier))


def test_unknown_or_forged_caller_is_refused(accounts: Any) -> None:
    with pytest.raises(AuthenticationFailed):
        accounts.list_resellers({"user_id": "00000000-0000-0000-0000-000000000000"})
    with pytest.raises(ValidationFailed):
        accounts.list_resellers({"user_id": "admin"})
    with pytest.raises((ValidationFailed, RemoteError)):
        accounts.list_resellers("admin")


def test_presence_is_validated_and_saved(accounts: Any, seeded: dict[str, Any]) -> None:
    pro = caller(seeded, "pro")
    assert accounts.set_presence(pro, "busy")["presence"] == "busy"
    assert accounts.get_profile(pro)["presence"] == "busy"
    with pytest.raises(ValidationFailed) as caught:
        accounts.set_presence(pro, "asleep")
    assert "presence" in caught.value.field_errors
