"""The users page's backend beyond the lines themselves, over real RabbitMQ, PostgreSQL and SMTP: welcome and
activation e-mails, access codes and free messages, deletion notices, telephone sessions, account expiry,
admin-managed accounts and generated SIP credentials (ACC-09..13, 16, 17)."""

import re
from datetime import date, timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest
from cryptography.fernet import Fernet

from accounts.mail import Mailer
from accounts.service import AccountsService
from accounts.storage import AccountsStore
from accounts.user_mail import warn_expiring_accounts
from relais_kit.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from relais_kit.testing.plugin import wait_for
from tests.hierarchy import PASSWORD, Hierarchy, build

KEY = Fernet.generate_key().decode()
URL = "http://portal.test/reset-password"


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def accounts(tree: Hierarchy, platform_config: dict[str, Any], run_services: Any, rpc: Any, smtp_server: Any) -> Any:
    platform_config["ACCOUNTS"]["SECRETS_KEY"] = KEY
    platform_config["ACCOUNTS"]["SMTP_PORT"] = smtp_server.port
    run_services(AccountsService)
    return rpc("accounts")


def subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message: Any) -> str:
    return str(message.get_payload(decode=True).decode())


def create(accounts: Any, tree: Hierarchy, **changes: Any) -> dict[str, Any]:
    payload = {"first_name": "Sylvie", "last_name": "Tremblay", "email": "sylvie@example.ca", **changes}
    return dict(accounts.create_user(tree.caller("ea"), tree["enterprise_a"], payload))


def test_welcome_mail_activates_through_a_single_use_link(
    accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any
) -> None:
    """ACC-13: the welcome e-mail holds the user number and a link, never a password; the link activates."""
    user = create(accounts, tree, extension="240", activation_url=URL)
    message = wait_for(smtp_server.messages)[0]
    assert message["To"] == "sylvie@example.ca" and subject(message).startswith("Bienvenue")
    text = body(message)
    assert user["user_number"] in text and "Extension : 240" in text
    token = re.search(r"reset-password\?token=([\w-]+)", text).group(1)  # type: ignore[union-attr]
    assert accounts.get_user(tree.caller("ea"), user["id"])["status"] == "pending"
    accounts.reset_password({"token": token, "password": "Chosen-pass-77"})
    assert accounts.get_user(tree.caller("ea"), user["id"])["status"] == "activated"
    assert accounts.authenticate({"identifier": "sylvie@example.ca", "password": "Chosen-pass-77"})["id"] == user["id"]
    with pytest.raises(ValidationFailed):
        accounts.resend_activation(tree.caller("ea"), user["id"], {"activation_url": URL})


def test_change_activation_address_and_resend(accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any) -> None:
    """Guide 002, 5.3: a new activation address, the e-mail sent there; the change is audited."""
    user = create(accounts, tree)  # no activation_url: no e-mail
    with pytest.raises(ValidationFailed) as caught:
        accounts.resend_activation(tree.caller("ea"), user["id"], {"activation_email": "nope"})
    assert set(caught.value.field_errors) == {"activation_email", "activation_url"}
    updated = accounts.resend_activation(
        tree.caller("ea"), user["id"], {"activation_email": "other@example.ca", "activation_url": URL}
    )
    assert updated["activation_email"] == "other@example.ca"
    messages = wait_for(smtp_server.messages)
    assert [m["To"] for m in messages] == ["other@example.ca"]
    logged = sql_query(
        "SELECT after FROM accounts.audit_log WHERE action = 'user.activation_sent' AND target_id = %s", (user["id"],)
    )
    assert logged[0]["after"] == {"activation_email": "other@example.ca"}


def test_access_codes_and_free_messages(accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any) -> None:
    """ACC-12: access codes are the user number and a link to choose a password; a free message is mailed as is."""
    user = create(accounts, tree)
    with pytest.raises(ValidationFailed) as caught:
        accounts.send_user_mail(tree.caller("ea"), user["id"], {"kind": "message", "subject": "", "body": " "})
    assert set(caught.value.field_errors) == {"subject", "body"}
    accounts.send_user_mail(tree.caller("ea"), user["id"], {"kind": "access_codes", "access_url": URL})
    accounts.send_user_mail(
        tree.caller("ea"), user["id"], {"kind": "message", "subject": "Réunion", "body": "À 10 h, salle 2."}
    )
    messages = wait_for(lambda: smtp_server.messages() if len(smtp_server.messages()) == 2 else None)
    codes, note = sorted(messages, key=lambda m: subject(m) != "Vos codes d'accès Relais")
    assert user["user_number"] in body(codes) and "token=" in body(codes)
    assert subject(note) == "Réunion" and body(note).strip() == "À 10 h, salle 2."
    stored = sql_query("SELECT password_hash FROM accounts.users WHERE id = %s", (user["id"],))[0]["password_hash"]
    assert stored not in body(codes)
    actions = sql_query("SELECT after FROM accounts.audit_log WHERE action = 'user.mail' ORDER BY id")
    assert [a["after"]["kind"] for a in actions] == ["access_codes", "message"]
    with pytest.raises(PermissionDenied):
        accounts.send_user_mail(tree.caller("employee"), user["id"], {"kind": "access_codes", "access_url": URL})


def test_deletion_notice_is_mailed_when_asked(accounts: Any, tree: Hierarchy, smtp_server: Any) -> None:
    """ACC-17: "Avertir l'usager"."""
    user = create(accounts, tree)
    accounts.delete_user(tree.caller("ea"), user["id"], {"scope": "company", "notify": True})
    message = wait_for(smtp_server.messages)[0]
    assert message["To"] == "sylvie@example.ca" and "Enterprise A" in body(message)


def test_pin_sign_ins_count_as_telephone_sessions(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    """ACC-11: number of telephone sessions and the last one, shown and sortable on the users page."""
    accounts.change_pin(tree.caller("employee"), {"current_password": PASSWORD, "pin": "482913"})
    accounts.authenticate({"identifier": "employee", "password": "482913"})
    accounts.authenticate({"identifier": "employee", "password": "482913"})
    accounts.authenticate({"identifier": "employee", "password": PASSWORD})  # the web, not the phone
    page = accounts.list_users(
        tree.caller("ea"), tree["enterprise_a"], {"sort": "telephone_sessions", "descending": True}
    )
    top = page["items"][0]
    assert top["identifier"] == "employee" and top["telephone_sessions"] == 2
    assert top["last_telephone_session_at"] is not None


def test_expired_accounts_are_warned_then_blocked(
    accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any, db_connection: Any
) -> None:
    """ACC-16: warned by e-mail (once per date) and at each access (the profile carries the date), blocked after."""
    soon = date.today() + timedelta(days=3)
    accounts.set_user_options(tree.caller("ea"), tree["employee"], {"account_expires_on": soon.isoformat()})
    profile = accounts.authenticate({"identifier": "employee", "password": PASSWORD})
    assert profile["account_expires_on"] == soon.isoformat()
    mailer = Mailer({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_server.port})
    for expected in (1, 0):  # the service's hourly timer runs this; a date is warned once
        with db_connection.savepoint("accounts") as tx:
            assert warn_expiring_accounts(AccountsStore(tx), mailer) == expected
    message = wait_for(smtp_server.messages)[0]
    assert message["To"] == "employee@example.ca" and soon.isoformat() in body(message)
    sql_query(
        "UPDATE accounts.user_options SET account_expires_on = current_date - 1 WHERE user_id = %s",
        (tree["employee"],),
    )
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate({"identifier": "employee", "password": PASSWORD})


def test_admin_managed_users_cannot_change_their_settings(accounts: Any, tree: Hierarchy) -> None:
    """ACC-16: "Compte géré par l'administrateur"; the administrator acting as them still can."""
    accounts.set_user_options(tree.caller("ea"), tree["employee"], {"admin_managed": True})
    with pytest.raises(PermissionDenied):
        accounts.update_profile(tree.caller("employee"), {"display_name": "Me", "language": "fr"})
    acting = {"user_id": tree["employee"], "actor_id": tree["ea"]}
    assert accounts.update_profile(acting, {"display_name": "Set by admin", "language": "fr"})["display_name"] == (
        "Set by admin"
    )


def test_generated_sip_credentials_are_shown_once(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    """ACC-16: a generated password is in the answer once; stored as a Fernet token; masked afterwards."""
    generated = accounts.generate_sip_credentials(tree.caller("ea"), tree["employee"], "registration")
    assert len(generated["password"]) == 20 and generated["has_password"] is True
    stored = sql_query(
        "SELECT password_encrypted FROM accounts.sip_credentials WHERE user_id = %s", (tree["employee"],)
    )
    assert Fernet(KEY.encode()).decrypt(stored[0]["password_encrypted"].encode()).decode() == generated["password"]
    again = accounts.get_user(tree.caller("ea"), tree["employee"])
    assert generated["password"] not in str(again)
    with pytest.raises(ValidationFailed):
        accounts.generate_sip_credentials(tree.caller("ea"), tree["employee"], "telnet")
