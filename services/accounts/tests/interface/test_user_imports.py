"""Bulk user import over real RabbitMQ and PostgreSQL, and from a real OpenLDAP server (ACC-15, guide 003)."""

import base64
from typing import Any

import pytest
from eventlet import sleep as eventlet_sleep

from accounts.service import AccountsService
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from relais_kit.testing.ldap_server import LdapServer, person_ldif
from relais_kit.testing.plugin import wait_for
from tests.hierarchy import Hierarchy, build

HEADER = "UserID,FirstName,LastName,Email,Language,Mobile,Home,Business,DID,Protocol,MailServer,UserName"
GOOD = (
    f"{HEADER}\n"
    "2206,John,Smith,john.smith@example.com,en,+1 (650) 555 1212,+1 (650) 555 1213,+1 (650) 555 1214,,EWS,"
    "mailserver.mobileforce.com,john-smith\n"
    "-1,Sylvie,Tremblay,sylvie@example.com,fr,+1 (650) 555 1299,,,,POP3,pop3.mailserver.com,Sylvie.Tremblay\n"
)


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def accounts(tree: Hierarchy, platform_config: dict[str, Any], run_services: Any, rpc: Any, smtp_server: Any) -> Any:
    platform_config["ACCOUNTS"]["SMTP_PORT"] = smtp_server.port
    run_services(AccountsService)
    return rpc("accounts")


def csv_payload(text: str, encoding: str = "utf-8") -> dict[str, Any]:
    content = base64.b64encode(text.encode(encoding)).decode()
    return {"source": "csv", "file_name": "users.csv", "content_base64": content}


def settled(accounts: Any, caller: dict[str, str], job_id: str, states: tuple[str, ...]) -> dict[str, Any]:
    def check() -> Any:
        job = accounts.get_user_import(caller, job_id, {"page_size": 1000})
        return job if job["state"] in states else None

    return wait_for(check, timeout=30)


def preview(accounts: Any, tree: Hierarchy, payload: dict[str, Any], who: str = "ea") -> dict[str, Any]:
    job = accounts.start_user_import(tree.caller(who), tree["enterprise_a"], payload)
    assert job["state"] == "reading"
    return settled(accounts, tree.caller(who), job["id"], ("previewed", "refused", "failed"))


def commit(accounts: Any, tree: Hierarchy, job_id: str, payload: Any = None) -> dict[str, Any]:
    accounts.commit_user_import(tree.caller("ea"), job_id, payload)
    return settled(accounts, tree.caller("ea"), job_id, ("done", "failed", "previewed"))


def events(sql_query: Any, event_type: str) -> list[dict[str, Any]]:
    rows = sql_query("SELECT payload FROM accounts.outbox WHERE event_type = %s", (event_type,))
    return [r["payload"]["data"] for r in rows]


def count_users(sql_query: Any, tree: Hierarchy) -> int:
    return int(
        sql_query("SELECT count(*) AS n FROM accounts.users WHERE tenant_id = %s", (tree["enterprise_a"],))[0]["n"]
    )


def test_csv_preview_then_commit_creates_every_row_once_with_events_and_audit(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    job = preview(accounts, tree, csv_payload(GOOD))
    assert job["state"] == "previewed" and job["total"] == 2
    assert job["counts"] == {"rows": 2, "with_errors": 0, "duplicates": 0, "included": 2}
    assert [r["included"] for r in job["rows"]] == [True, True]
    assert job["rows"][0]["data"]["mobile"] == "+16505551212" and job["rows"][0]["data"]["protocol"] == "EWS"
    before = count_users(sql_query, tree)
    done = commit(accounts, tree, job["id"])
    assert done["state"] == "done" and done["report"] == {"created": 2, "updated": 0, "skipped": 0}
    assert count_users(sql_query, tree) == before + 2
    john = sql_query(
        "SELECT u.id, u.user_number, u.status, u.identifier, u.phone, c.mobile, c.mail_protocol FROM accounts.users u"
        " JOIN accounts.user_contact_details c ON c.user_id = u.id WHERE u.email = 'john.smith@example.com'"
    )[0]
    assert john["user_number"] == "2206" and john["status"] == "pending"
    assert john["identifier"] == "john.smith@example.com" and john["phone"] == "+16505551214"
    assert john["mobile"] == "+16505551212" and john["mail_protocol"] == "EWS"
    created = [e for e in events(sql_query, "user_created") if e["tenant_id"] == tree["enterprise_a"]]
    assert sorted(e["display_name"] for e in created) == ["John Smith", "Sylvie Tremblay"]
    audit = sql_query("SELECT action, target_id FROM accounts.audit_log WHERE action = 'user.import'")
    assert sorted(a["target_id"] for a in audit) == sorted(e["user_id"] for e in created)
    assert [r["outcome"] for r in done["rows"]] == ["created", "created"]

    again = preview(accounts, tree, csv_payload(GOOD))
    assert again["counts"]["duplicates"] == 2 and again["counts"]["included"] == 0
    assert {r["duplicate_of"] for r in again["rows"]} == {e["user_id"] for e in created}
    with pytest.raises(ValidationFailed):  # nothing ticked: nothing to do
        accounts.commit_user_import(tree.caller("ea"), again["id"], None)
    updated = commit(accounts, tree, again["id"], {"all": True})  # ticked duplicates update, never duplicate
    assert updated["report"] == {"created": 0, "updated": 2, "skipped": 0}
    assert count_users(sql_query, tree) == before + 2
    assert len([e for e in events(sql_query, "user_created") if e["tenant_id"] == tree["enterprise_a"]]) == 2
    with pytest.raises(ValidationFailed):  # a job commits once
        accounts.commit_user_import(tree.caller("ea"), again["id"], {"all": True})


def test_user_numbers_go_to_5_digits_once_the_4_digit_space_is_used(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    """-1 gives the next free number: 9999, then 10000 (a number given by hand is skipped); UserID takes 4 digits
    or more (guide 003, ACC-15)."""
    head = "UserID,FirstName,LastName,Email,Language"
    text = f"{head}\n-1,Ann,Roy,ann@example.com,fr\n-1,Bob,Lee,bob@example.com,en\n123456,Cam,Lo,cam@example.com,fr\n"
    last = sql_query("SELECT last_value FROM accounts.user_number_seq")[0]["last_value"]
    sql_query("SELECT setval('accounts.user_number_seq', 9998)")
    try:
        sql_query("UPDATE accounts.users SET user_number = '10000' WHERE id = %s", (tree["ea"],))
        job = preview(accounts, tree, csv_payload(text))
        assert job["counts"]["with_errors"] == 0, job["rows"]
        assert commit(accounts, tree, job["id"])["state"] == "done"
        rows = sql_query(
            "SELECT email, user_number FROM accounts.users WHERE email = ANY(%s)",
            (["ann@example.com", "bob@example.com", "cam@example.com"],),
        )
        assert {r["email"]: r["user_number"] for r in rows} == {
            "ann@example.com": "9999",
            "bob@example.com": "10001",
            "cam@example.com": "123456",
        }
        created = {e["display_name"]: e["user_number"] for e in events(sql_query, "user_created")}
        assert created["Bob Lee"] == "10001"
        bad = preview(accounts, tree, csv_payload(f"{head}\n123,Dan,Ho,dan@example.com,fr\n"))
        assert bad["rows"][0]["errors"]["user_number"][0]["msgid"] == "4 to 10 digits, or -1 to generate one."
    finally:
        sql_query("SELECT setval('accounts.user_number_seq', %s)", (last,))


def test_each_user_a_commit_creates_gets_the_welcome_mail_once_after_the_commit(
    accounts: Any, tree: Hierarchy, smtp_server: Any, sql_query: Any
) -> None:
    """The users module's welcome e-mail, in each user's language, with a single-use link (ACC-13, ACC-15); a
    duplicate ticked (an update) gets none, and importing the file again sends nothing."""
    job = preview(accounts, tree, csv_payload(GOOD))
    done = commit(accounts, tree, job["id"], {"activation_url": "https://portal.example/reset-password"})
    assert done["state"] == "done"
    messages = wait_for(lambda: smtp_server.messages() if len(smtp_server.messages()) >= 2 else None)
    assert sorted(m["To"] for m in messages) == ["john.smith@example.com", "sylvie@example.com"]
    english = next(m for m in messages if m["To"] == "john.smith@example.com")
    assert (
        "Welcome" in str(english["Subject"])
        and "https://portal.example/reset-password?token=" in english.get_payload(decode=True).decode()
    )
    links = sql_query(
        "SELECT count(*) AS n FROM accounts.password_resets r JOIN accounts.users u ON u.id = r.user_id"
        " WHERE u.email IN ('john.smith@example.com', 'sylvie@example.com')"
    )
    assert links[0]["n"] == 2
    again = preview(accounts, tree, csv_payload(GOOD))
    assert commit(accounts, tree, again["id"], {"all": True, "activation_url": "https://portal.example/r"})[
        "report"
    ] == {"created": 0, "updated": 2, "skipped": 0}
    eventlet_sleep(1)
    assert len(smtp_server.messages()) == 2


def test_jobs_cut_off_by_a_crash_are_closed_at_start_and_a_commit_can_be_done_again(
    tree: Hierarchy, run_services: Any, rpc: Any, sql_query: Any
) -> None:
    """A preview or a commit whose process died is left reading or committing; the service's next start marks the
    preview failed (import again) and puts the commit back to its preview, which commits (ACC-15)."""
    runner = run_services(AccountsService)
    accounts = rpc("accounts")
    committing = preview(accounts, tree, csv_payload(GOOD))
    reading = preview(accounts, tree, csv_payload(GOOD))
    runner.stop()
    sql_query("UPDATE accounts.user_import_jobs SET state = 'committing' WHERE id = %s", (committing["id"],))
    sql_query("UPDATE accounts.user_import_jobs SET state = 'reading' WHERE id = %s", (reading["id"],))
    run_services(AccountsService)
    failed = accounts.get_user_import(tree.caller("ea"), reading["id"])
    assert failed["state"] == "failed"
    assert failed["errors"]["_schema"][0]["msgid"].startswith("The import was cut off when the service stopped")
    back = accounts.get_user_import(tree.caller("ea"), committing["id"])
    assert back["state"] == "previewed"
    assert back["errors"]["_schema"][0]["msgid"].startswith("The commit was cut off when the service stopped")
    done = commit(accounts, tree, committing["id"])
    assert done["state"] == "done" and done["report"]["created"] == 2


def test_every_row_error_is_named_and_rows_with_errors_cannot_be_ticked(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    text = (
        "userid;firstname;lastname;email;language;protocol;mobile\n"
        "12;;Smith;not-an-address;de;SMTP;12\n"
        "-1;Ann;Roy;ea@example.ca;fr;;\n"  # the administrator's own address: another account
        "-1;Bob;Lee;bob@example.com;en;imap;\n"
        "-1;Bob;Twice;BOB@example.com;en;;\n"
    )
    job = preview(accounts, tree, csv_payload(text, "cp1252"))
    errors = [r["errors"] for r in job["rows"]]
    assert set(errors[0]) == {"user_number", "first_name", "email", "language", "protocol", "mobile"}
    assert errors[0]["first_name"][0]["msgid"] == "Missing data for required field."
    assert errors[1]["email"][0]["msgid"] == "This e-mail address is already used by another account."
    assert errors[2] == {} and job["rows"][2]["data"]["protocol"] == "IMAP"
    assert errors[3]["email"][0] == {"msgid": "Already given on row {row} of this import.", "params": {"row": 4}}
    accounts.set_user_import_ticks(tree.caller("ea"), job["id"], {"ticked": [1, 2, 3, 4]})
    ticked = accounts.get_user_import(tree.caller("ea"), job["id"])
    assert [r["included"] for r in ticked["rows"]] == [False, False, True, False]


def test_commit_is_all_or_nothing_when_a_row_went_wrong_since_the_preview(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    job = preview(accounts, tree, csv_payload(GOOD))
    # Meanwhile someone creates John by hand: his row is now an error, and Sylvie is not created either.
    sql_query("UPDATE accounts.users SET email = 'john.smith@example.com' WHERE id = %s", (tree["rb"],))
    before = count_users(sql_query, tree)
    after = commit(accounts, tree, job["id"])
    assert after["state"] == "previewed" and count_users(sql_query, tree) == before
    assert after["errors"]["_schema"][0]["params"] == {"count": 1}
    assert after["rows"][0]["errors"]["email"][0]["msgid"] == "This e-mail address is already used by another account."
    assert after["rows"][0]["included"] is False and after["rows"][1]["included"] is True
    assert not sql_query("SELECT 1 FROM accounts.users WHERE email = 'sylvie@example.com'")
    done = commit(accounts, tree, job["id"])  # Sylvie alone, now
    assert done["report"] == {"created": 1, "updated": 0, "skipped": 1}


def test_a_refused_file_says_why(accounts: Any, tree: Hierarchy) -> None:
    job = preview(accounts, tree, csv_payload("UserID,FirstName\n-1,A\n"))
    assert job["state"] == "refused"
    assert job["errors"] == {
        "file": [{"msgid": "The required column {name} is missing.", "params": {"name": "LastName"}}]
    }
    with pytest.raises(ValidationFailed) as caught:
        accounts.start_user_import(tree.caller("ea"), tree["enterprise_a"], {"source": "csv"})
    assert set(caught.value.field_errors) == {"content_base64"}


def test_xml_with_an_external_entity_is_refused(accounts: Any, tree: Hierarchy) -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<Users><User><UserID>-1</UserID><FirstName>&x;</FirstName><LastName>A</LastName>"
        "<Email>a@example.com</Email></User></Users>"
    )
    payload = {"source": "xml", "content_base64": base64.b64encode(xml.encode()).decode()}
    job = preview(accounts, tree, payload)
    assert job["state"] == "refused" and job["total"] == 0


def test_import_from_a_real_ldap_server(accounts: Any, tree: Hierarchy, ldap_server: LdapServer) -> None:
    ldap_server.start(
        person_ldif("ann", "Ann", "Roy", "ann.roy@example.com", mobile="+1 514 555 0101", preferredLanguage="en")
        + "\n"
        + person_ldif("remi", "Rémi", "Côté", "remi@example.com", telephoneNumber="514 555-0102")
        + "\n"
        + person_ldif("nomail", "No", "Mail")
    )
    payload = {
        "source": "ldap",
        "server": ldap_server.url,
        "username": ldap_server.admin_dn,
        "password": ldap_server.admin_password,
    }
    job = preview(accounts, tree, payload)
    assert job["state"] == "previewed" and job["total"] == 3
    by_name = {r["data"]["first_name"]: r for r in job["rows"]}
    assert by_name["Rémi"]["data"]["business"] == "+15145550102" and by_name["Rémi"]["included"]
    assert by_name["Ann"]["data"]["language"] == "en"
    assert by_name["No"]["errors"]["email"][0]["msgid"] == "Missing data for required field."
    done = commit(accounts, tree, job["id"])
    assert done["report"] == {"created": 2, "updated": 0, "skipped": 1}

    wrong = preview(accounts, tree, {**payload, "password": "wrong"})
    assert wrong["state"] == "refused" and "password" in wrong["errors"]
    ldap_server.stop()
    gone = preview(accounts, tree, payload)
    assert gone["state"] == "refused" and "server" in gone["errors"]


def test_import_from_the_phone_system(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    accounts.add_extensions(tree.caller("ea"), tree["enterprise_a"], {"first": "301", "last": "302"})
    job = preview(accounts, tree, {"source": "phone_system"})
    assert [r["data"]["extension"] for r in job["rows"]] == ["301", "302"]
    assert all(r["included"] for r in job["rows"])
    done = commit(accounts, tree, job["id"])
    assert done["report"]["created"] == 2
    held = sql_query(
        "SELECT e.number, u.identifier FROM accounts.extensions e JOIN accounts.users u ON u.id = e.user_id"
        " WHERE e.enterprise_id = %s ORDER BY e.number",
        (tree["enterprise_a"],),
    )
    assert [h["number"] for h in held] == ["301", "302"] and held[0]["identifier"].startswith("line")
    assert preview(accounts, tree, {"source": "phone_system"})["total"] == 0  # again: nothing left to import


def test_imports_are_walled(accounts: Any, tree: Hierarchy) -> None:
    job = accounts.start_user_import(tree.caller("ea"), tree["enterprise_a"], csv_payload(GOOD))
    for who in ("eb", "rb"):
        with pytest.raises(NotFound):
            accounts.get_user_import(tree.caller(who), job["id"])
        with pytest.raises(NotFound):
            accounts.commit_user_import(tree.caller(who), job["id"], {"all": True})
    for who in ("manager", "employee"):
        with pytest.raises(PermissionDenied):
            accounts.get_user_import(tree.caller(who), job["id"])
        with pytest.raises(PermissionDenied):
            accounts.start_user_import(tree.caller(who), tree["enterprise_a"], csv_payload(GOOD))
    with pytest.raises(NotFound):
        accounts.start_user_import(tree.caller("eb"), tree["enterprise_a"], csv_payload(GOOD))
    settled(accounts, tree.caller("ra"), job["id"], ("previewed",))  # the reseller above reaches it
