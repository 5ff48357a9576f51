"""Sign-in secrets over real RabbitMQ, PostgreSQL and a real SMTP server process: lockout and unlock,
password and PIN changes, single-use reset links, acting as a user, the audit log (ACC-05..07, ACC-14, ACC-28)."""

import re
from email.header import decode_header, make_header
from typing import Any

import pytest

from accounts.service import AccountsService
from relais_kit.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from relais_kit.testing.plugin import wait_for
from tests.hierarchy import PASSWORD, Hierarchy, build


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def accounts(tree: Hierarchy, run_services: Any, rpc: Any, platform_config: dict[str, Any], smtp_server: Any) -> Any:
    platform_config["ACCOUNTS"]["SMTP_PORT"] = smtp_server.port
    run_services(AccountsService)
    return rpc("accounts")


def sign_in(accounts: Any, identifier: str, password: str) -> dict[str, Any]:
    return accounts.authenticate({"identifier": identifier, "password": password})  # type: ignore[no-any-return]


def test_lockout_after_repeated_failures_and_admin_unlock(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    for _ in range(3):  # LOCK_AFTER_FAILURES is 3 in the tests
        with pytest.raises(AuthenticationFailed):
            sign_in(accounts, "employee", "wrong")
    with pytest.raises(AuthenticationFailed):
        sign_in(accounts, "employee", PASSWORD)  # locked: even the right password is refused
    events = sql_query(
        "SELECT payload->'data'->>'reason' AS reason FROM accounts.outbox WHERE event_type = 'user_credentials_changed'"
    )
    assert events == [{"reason": "locked"}]
    with pytest.raises(NotFound):
        accounts.unlock_user(tree.caller("rb"), tree["employee"])
    with pytest.raises(PermissionDenied):
        accounts.unlock_user(tree.caller("receptionist"), tree["employee"])
    assert accounts.unlock_user(tree.caller("manager"), tree["employee"])["locked"] is False  # manages Sales > West
    assert sign_in(accounts, "employee", PASSWORD)["identifier"] == "employee"


def test_a_success_resets_the_failure_count(accounts: Any) -> None:
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            sign_in(accounts, "ea", "wrong")
    sign_in(accounts, "ea", PASSWORD)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            sign_in(accounts, "ea", "wrong")
    assert sign_in(accounts, "ea", PASSWORD)["role"] == "enterprise_admin"


def test_password_change_needs_the_current_one_and_ends_sessions(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    caller = tree.caller("ea")
    with pytest.raises(ValidationFailed) as wrong:
        accounts.change_password(caller, {"current_password": "nope", "password": "A-new-password-1"})
    assert "current_password" in wrong.value.field_errors
    with pytest.raises(ValidationFailed) as short:
        accounts.change_password(caller, {"current_password": PASSWORD, "password": "short"})
    assert short.value.field_errors["password"][0]["params"] == {"min": "10", "max": "128"}
    with pytest.raises(ValidationFailed) as contains_identifier:
        accounts.change_password(caller, {"current_password": PASSWORD, "password": "my-ea-password"})
    assert "password" in contains_identifier.value.field_errors
    accounts.change_password(caller, {"current_password": PASSWORD, "password": "A-new-password-1"})
    with pytest.raises(AuthenticationFailed):
        sign_in(accounts, "ea", PASSWORD)
    assert sign_in(accounts, "ea", "A-new-password-1")["identifier"] == "ea"
    reasons = [
        r["reason"]
        for r in sql_query(
            "SELECT payload->'data'->>'reason' AS reason FROM accounts.outbox"
            " WHERE event_type = 'user_credentials_changed'"
        )
    ]
    assert reasons == ["password_changed"]


def test_voicemail_pin_is_a_separate_secret(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    with pytest.raises(ValidationFailed) as bad:
        accounts.change_pin(tree.caller("employee"), {"current_password": PASSWORD, "pin": "12ab"})
    assert "pin" in bad.value.field_errors
    accounts.change_pin(tree.caller("employee"), {"current_password": PASSWORD, "pin": "482913"})
    assert sign_in(accounts, "employee", "482913")["identifier"] == "employee"  # sign in with the PIN (ACC-05)
    stored = sql_query("SELECT pin_hash, password_hash FROM accounts.users WHERE identifier = 'employee'")[0]
    assert stored["pin_hash"].startswith("$argon2id$") and stored["pin_hash"] != stored["password_hash"]
    assert "482913" not in stored["pin_hash"]


def test_forgot_password_mails_a_single_use_link(
    accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any
) -> None:
    accounts.request_password_reset({"identifier": "nobody@example.ca", "reset_url": "http://portal.test/reset"})
    accounts.request_password_reset({"identifier": "EA@example.ca", "reset_url": "http://portal.test/reset"})
    messages = wait_for(smtp_server.messages)
    assert len(messages) == 1
    message = messages[0]
    subject = str(make_header(decode_header(message["Subject"])))
    assert message["To"] == "ea@example.ca" and subject == "Réinitialiser votre mot de passe Relais"
    body = message.get_payload(decode=True).decode()
    assert PASSWORD not in body
    token = re.search(r"http://portal\.test/reset\?token=([\w-]+)", body).group(1)  # type: ignore[union-attr]
    stored = sql_query("SELECT token_hash FROM accounts.password_resets")
    assert len(stored) == 1 and token.encode() not in bytes(stored[0]["token_hash"])
    assert accounts.reset_password({"token": token, "password": "Brand-new-pass-1"}) == {"identifier": "ea"}
    assert sign_in(accounts, "ea", "Brand-new-pass-1")["identifier"] == "ea"
    with pytest.raises(ValidationFailed) as reused:
        accounts.reset_password({"token": token, "password": "Another-pass-22"})
    assert reused.value.field_errors["token"][0]["msgid"].startswith("This link has expired")


def test_expired_link_does_nothing(accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any) -> None:
    accounts.request_password_reset({"identifier": "ea", "reset_url": "http://portal.test/reset"})
    body = wait_for(smtp_server.messages)[0].get_payload(decode=True).decode()
    token = re.search(r"token=([\w-]+)", body).group(1)  # type: ignore[union-attr]
    sql_query("UPDATE accounts.password_resets SET expires_at = now() - interval '1 second'")
    with pytest.raises(ValidationFailed):
        accounts.reset_password({"token": token, "password": "Brand-new-pass-1"})
    assert sign_in(accounts, "ea", PASSWORD)["identifier"] == "ea"


def test_acting_as_a_user_is_audited_as_such(accounts: Any, tree: Hierarchy) -> None:
    session = accounts.act_as(tree.caller("ra"), tree["ea"])
    assert session["identifier"] == "ea" and session["actor"]["display_name"] == "Ra"
    acting = {"user_id": tree["ea"], "actor_id": tree["ra"]}
    accounts.update_tenant_contact(acting, {"contact_email": "changed@a.ca", "language": "fr"})
    entries = accounts.audit_log(tree.caller("ra"), {"search": "tenant.contact"})["items"]
    assert entries[0]["actor_name"] == "Ra" and entries[0]["acting_as_name"] == "Ea"
    assert entries[0]["after"] == {"contact_email": "changed@a.ca"}
    with pytest.raises(NotFound):
        accounts.act_as(tree.caller("rb"), tree["ea"])
    with pytest.raises((NotFound, PermissionDenied)):
        accounts.act_as(tree.caller("ea"), tree["ra"])
    with pytest.raises(PermissionDenied):
        accounts.act_as(tree.caller("ra"), tree["ra"])
    with pytest.raises(AuthenticationFailed):  # a forged actor does not pass
        accounts.get_profile({"user_id": tree["ea"], "actor_id": tree["rb"]})


def test_audit_log_is_visible_to_administrators_above_only(accounts: Any, tree: Hierarchy) -> None:
    accounts.update_tenant_contact(tree.caller("ea"), {"contact_email": "a@a.ca", "language": "fr"})
    accounts.update_tenant_contact(tree.caller("eb"), {"contact_email": "b@b.ca", "language": "fr"})

    def targets(who: str) -> set[str]:
        return {e["target_name"] for e in accounts.audit_log(tree.caller(who))["items"]}

    assert targets("ea") == {"Enterprise A"}
    assert targets("ra") == {"Enterprise A"}
    assert targets("rb") == {"Enterprise B"}
    assert {"Enterprise A", "Enterprise B"} <= targets("admin")
    with pytest.raises(PermissionDenied):
        accounts.audit_log(tree.caller("employee"))
    with pytest.raises(ValidationFailed) as bad_range:
        accounts.audit_log(
            tree.caller("ea"), {"since": "2026-02-01T00:00:00+00:00", "until": "2026-01-01T00:00:00+00:00"}
        )
    assert "since" in bad_range.value.field_errors
