"""The enterprise administrator's Users page and line actions over HTTP, portal and REST, with accounts, routing
and the gateway running and a real SMTP server (ACC-07, ACC-09..14, ACC-16..19)."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import pytest
import requests

from relais_kit.testing.plugin import SmtpServer, wait_for
from tests.hierarchy import PASSWORD, Hierarchy, build
from tests.platform.conftest import Platform
from tests.platform.test_portal_tenancy import Browser


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def mail(smtp_server: SmtpServer, platform_config: dict[str, Any]) -> SmtpServer:
    platform_config["ACCOUNTS"]["SMTP_PORT"] = smtp_server.port
    return smtp_server


@pytest.fixture()
def portal(tree: Hierarchy, mail: SmtpServer, platform: Platform) -> Platform:
    return platform


def api(portal: Platform, who: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {portal.api_token(who, PASSWORD)}"
    return session


def test_rest_users_page_create_options_reset_delete(portal: Platform, tree: Hierarchy, mail: SmtpServer) -> None:
    ea = api(portal, "ea")
    base = f"{portal.url}/api/v1"
    users = f"{base}/enterprises/{tree['enterprise_a']}/users"
    created = ea.post(
        users,
        json={"first_name": "Sylvie", "last_name": "Tremblay", "email": "s@example.ca", "extension": "204"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["status"] == "pending" and len(user["user_number"]) == 4 and user["extension"] == "204"
    welcome = wait_for(mail.messages)[0]
    assert welcome["To"] == "s@example.ca" and "/reset-password?token=" in welcome.get_payload(decode=True).decode()

    bad = ea.post(users, json={"first_name": "", "last_name": "X", "email": "nope", "extension": "1234567"}, timeout=10)
    assert bad.status_code == 422 and {"first_name", "email", "extension"} <= set(bad.json()["error"]["fields"])

    page = ea.get(users, params={"sort": "extension", "descending": "true", "page_size": 2}, timeout=10).json()
    assert page["items"][0]["extension"] == "204" and page["total"] == 5 and page["page_size"] == 2
    assert ea.get(users, params={"search": "tremb"}, timeout=10).json()["total"] == 1
    assert ea.get(users, params={"search": "tremb", "column": "extension"}, timeout=10).json()["total"] == 0
    assert ea.get(users, params={"letter": "T"}, timeout=10).json()["items"][0]["id"] == user["id"]
    assert {u["identifier"] for u in ea.get(users, params={"search": "admin"}, timeout=10).json()["items"]} == {
        "ea",
        "manager",
    }
    pending = ea.get(users, params={"status": "pending"}, timeout=10).json()
    assert [u["id"] for u in pending["items"]] == [user["id"]]
    assert ea.get(users, params={"sort": "password_hash"}, timeout=10).status_code == 422

    options = ea.put(f"{base}/users/{user['id']}/options", json={"max_contacts": 20, "admin_managed": True}, timeout=10)
    assert options.status_code == 200 and options.json()["max_contacts"] == 20
    assert ea.put(f"{base}/users/{user['id']}/options", json={"max_faxes": 5000}, timeout=10).status_code == 422
    generated = ea.post(f"{base}/users/{user['id']}/sip-credentials/generate", json={"kind": "calling"}, timeout=10)
    assert generated.status_code == 201 and len(generated.json()["password"]) == 20
    assert generated.json()["password"] not in ea.get(f"{base}/users/{user['id']}", timeout=10).text

    assert ea.post(f"{base}/users/{user['id']}/mail", json={"kind": "access_codes"}, timeout=10).status_code == 202
    resent = ea.post(f"{base}/users/{user['id']}/activation", json={"activation_email": "t@example.ca"}, timeout=10)
    assert resent.status_code == 200 and resent.json()["activation_email"] == "t@example.ca"
    wait_for(lambda: len(mail.messages()) >= 3)

    refused = ea.post(f"{base}/users/{user['id']}/reset", json={"confirm": False}, timeout=10)
    assert refused.status_code == 422
    reset = ea.post(f"{base}/users/{user['id']}/reset", json={"confirm": True}, timeout=10)
    assert reset.status_code == 200 and reset.json()["pin"].isdigit() and reset.json()["user"]["status"] == "pending"

    made = ea.put(
        f"{base}/users/{tree['employee']}/group-administrator",
        json={"department_id": tree["support"], "administrator": True},
        timeout=10,
    )
    assert made.status_code == 200 and made.json()["is_administrator"] is True

    deleted = ea.delete(f"{base}/users/{user['id']}", params={"scope": "system", "notify": "true"}, timeout=10)
    assert deleted.status_code == 204
    assert ea.get(f"{base}/users/{user['id']}", timeout=10).status_code == 404
    # an employee without a department to manage reaches none of it
    assert api(portal, "receptionist").get(users, timeout=10).status_code == 403


def test_rest_csv_export_has_bom_and_neutralised_formulas(portal: Platform, tree: Hierarchy) -> None:
    ea = api(portal, "ea")
    users = f"{portal.url}/api/v1/enterprises/{tree['enterprise_a']}/users"
    ea.post(users, json={"first_name": "=SUM(A1)", "last_name": "Écrin", "email": "f@example.ca"}, timeout=10)
    response = ea.get(f"{users}.csv", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "ID" and len(rows[0]) == 12
    assert any(row[1] == "'=SUM(A1)" and row[2] == "Écrin" for row in rows[1:])
    assert len(rows) == 1 + ea.get(users, timeout=10).json()["total"]


def test_portal_users_page_list_search_and_row_actions(portal: Platform, tree: Hierarchy, mail: SmtpServer) -> None:
    """The administrator's page: columns, letters, sort, search, the admin filter; unlock and act-as on each row
    (issue 3's gap: an enterprise administrator, not only a reseller)."""
    ea = Browser(portal).sign_in("ea")
    assert (
        ea.get("/users", allow_redirects=False)
        .headers["Location"]
        .endswith(f"/enterprises/{tree['enterprise_a']}/users")
    )
    path = f"/enterprises/{tree['enterprise_a']}/users"
    page = ea.get(path)
    assert page.status_code == 200 and 'data-testid="users-table"' in page.text
    assert 'data-testid="menu-users"' in page.text
    for header in ("ID", "Ext", "DID", "Rest", "Options", "Forfaits", "Envoyer"):
        assert f">{header}<" in page.text, header
    assert "Employee" in ea.get(path, params={"search": "emplo"}).text
    assert "Employee" not in ea.get(path, params={"search": "emplo", "column": "extension"}).text
    admins = ea.get(path, params={"search": "admin"}).text
    assert "Manager" in admins and "Employee" not in admins
    assert "Receptionist" in ea.get(path, params={"letter": "R"}).text
    assert ea.get(path, params={"sort": "nope"}).status_code == 422
    # lock the employee with wrong passwords, then unlock from the row
    for _ in range(3):
        requests.post(f"{portal.url}/api/v1/sessions", json={"identifier": "employee", "password": "wrong"}, timeout=10)
    row = ea.get(path, params={"search": "employee"}).text
    assert f'action="/users/{tree["employee"]}/unlock"' in row and f'action="/act-as/{tree["employee"]}"' in row
    unlocked = ea.post(f"/users/{tree['employee']}/unlock", {"back": path}, allow_redirects=False)
    assert unlocked.status_code == 303 and unlocked.headers["Location"].startswith(path)
    assert portal.api_token("employee", PASSWORD)
    # the sessions view (ACC-11): count and last telephone session, sortable
    sessions = ea.get(path, params={"view": "sessions", "sort": "telephone_sessions", "desc": "1"})
    assert sessions.status_code == 200 and 'data-testid="sessions"' in sessions.text
    # act as the employee in a new window; the session is recorded as "ea acting as Employee"
    acting = ea.post(f"/act-as/{tree['employee']}")
    assert acting.status_code == 200 and 'data-testid="acting-banner"' in acting.text


def test_portal_create_user_options_mail_reset_and_delete(portal: Platform, tree: Hierarchy, mail: SmtpServer) -> None:
    ea = Browser(portal, "en").sign_in("ea").speak("en")
    path = f"/enterprises/{tree['enterprise_a']}/users"
    assert ea.get(f"{path}/new").status_code == 200
    bad = ea.post(f"{path}/new", {"first_name": "", "last_name": "B", "email": "x", "language": "fr"})
    assert bad.status_code == 422 and "field-error" in bad.text
    created = ea.post(
        f"{path}/new",
        {"first_name": "Lise", "last_name": "Roy", "email": "lise@example.ca", "language": "fr", "send_welcome": "on"},
        allow_redirects=False,
    )
    assert created.status_code == 303, created.text
    user_path = created.headers["Location"].split("?")[0]
    user_id = user_path.split("/")[2]
    edit = ea.get(created.headers["Location"])
    assert "Pending activation" in edit.text and "welcome e-mail" in edit.text
    assert wait_for(mail.messages)[0]["To"] == "lise@example.ca"
    # a pending account gets a reminder from the list (ACC-10); the creation is in the audit log, labelled
    listed = ea.get(path, params={"status": "pending"}).text
    assert "Lise Roy" in listed and f'action="/users/{user_id}/activation"' in listed
    assert "User created" in ea.get("/audit").text
    # change the activation address and resend
    resent = ea.post(f"/users/{user_id}/activation", {"activation_email": "lise.roy@example.ca"})
    assert resent.status_code == 200 and "activation e-mail is sent again" in resent.text
    # options, then a generated SIP password shown once
    options = ea.post(
        f"/users/{user_id}/options",
        {"max_messages_fetched": "0", "max_contacts": "10", "max_voicemails": "5", "max_faxes": "5"},
    )
    assert options.status_code == 422 and "Between 1 and 500" in options.text
    saved = ea.post(
        f"/users/{user_id}/options",
        {
            "max_messages_fetched": "20",
            "max_contacts": "10",
            "max_voicemails": "5",
            "max_faxes": "5",
            "admin_managed": "on",
            "account_expires_on": "2099-12-31",
        },
    )
    assert saved.status_code == 200 and "The options are saved" in saved.text
    generated = ea.post(f"/users/{user_id}/sip/registration/generate")
    password = re.search(r'data-testid="generated-password">([^<]+)<', generated.text).group(1)  # type: ignore[union-attr]
    assert generated.headers["Cache-Control"] == "no-store"
    assert html.unescape(password) not in ea.get(f"/users/{user_id}/options").text
    # a free message
    sent = ea.post(f"/users/{user_id}/mail", {"kind": "message", "subject": "Hello", "body": "See you at 10."})
    assert sent.status_code == 200 and "The e-mail is sent" in sent.text
    wait_for(lambda: any(m["Subject"] == "Hello" for m in mail.messages()))
    # reset: the OK shows a second confirmation; only then the new credentials, once
    first = ea.post(f"/users/{user_id}/reset", {"leave_groups": "on"})
    assert first.status_code == 200 and 'data-testid="confirm-reset"' in first.text
    done = ea.post(f"/users/{user_id}/reset", {"step": "confirm", "confirm": "yes", "leave_groups": "on"})
    assert 'data-testid="new-pin"' in done.text and done.headers["Cache-Control"] == "no-store"
    # delete from the company with a notice
    assert ea.get(f"/users/{user_id}/delete").status_code == 200
    removed = ea.post(f"/users/{user_id}/delete", {"scope": "system", "notify": "on"})
    assert removed.status_code == 200 and "The user is deleted" in removed.text
    assert ea.get(f"/users/{user_id}/edit").status_code == 404


def test_department_manager_sees_only_their_users_and_employee_nothing(portal: Platform, tree: Hierarchy) -> None:
    manager = Browser(portal).sign_in("manager")
    page = manager.get(f"/enterprises/{tree['enterprise_a']}/users")
    assert page.status_code == 200 and "Employee" in page.text and "Receptionist" not in page.text
    assert manager.get(f"/enterprises/{tree['enterprise_b']}/users").status_code == 404
    employee = Browser(portal).sign_in("employee")
    assert employee.get(f"/enterprises/{tree['enterprise_a']}/users").status_code == 403
