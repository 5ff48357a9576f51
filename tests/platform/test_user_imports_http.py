"""Importer des usagers through the portal and the REST API, against the real services (ACC-15, guide 003)."""

import base64
import time
from typing import Any

import pytest
import requests

from tests.hierarchy import PASSWORD, Hierarchy, build
from tests.platform.conftest import Platform
from tests.platform.test_portal_tenancy import Browser

CSV = (
    "UserID;FirstName;LastName;Email;Language;Protocol\n"
    "-1;Hélène;Côté;helene@example.com;fr;IMAP\n"
    "-1;Ann;Roy;pas-une-adresse;en;\n"
    "-1;Employee;Again;employee@example.ca;fr;\n"
).encode("cp1252")


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


def poll(get: Any, states: tuple[str, ...]) -> Any:
    deadline = time.monotonic() + 30
    while True:
        response = get()
        if any(f'data-state="{s}"' in response.text or response.headers.get("X-State") == s for s in states):
            return response
        if time.monotonic() > deadline:
            pytest.fail(f"import still not in {states}: {response.text[:500]}")
        time.sleep(0.2)


def test_portal_import_preview_ticks_commit_and_report(tree: Hierarchy, platform: Platform, sql_query: Any) -> None:
    browser = Browser(platform, "fr").sign_in("ea", PASSWORD)
    page = browser.get(f"/enterprises/{tree['enterprise_a']}/users/import")
    assert page.status_code == 200 and "Importer des usagers" in page.text and "Système téléphonique" in page.text
    missing = browser.post(f"/enterprises/{tree['enterprise_a']}/users/import", {"source": "csv"})
    assert missing.status_code == 422 and "Choisissez un fichier." in missing.text
    started = browser.http.post(
        f"{platform.url}/enterprises/{tree['enterprise_a']}/users/import",
        data={"source": "csv", "csrf_token": browser.csrf},
        files={"file": ("usagers.csv", CSV, "text/csv")},
        allow_redirects=False,
        timeout=10,
    )
    assert started.status_code == 303, started.text
    job_path = started.headers["Location"]
    preview = poll(lambda: browser.get(job_path), ("previewed",))
    assert "Hélène Côté" in preview.text
    assert "Email : Ce n’est pas une adresse courriel valide." in preview.text  # the field and the rule, in French
    assert preview.text.count('data-duplicate="1"') == 1  # the employee's own address: a duplicate, unticked
    assert "3 usagers lus : 1 avec des erreurs, 1 doubles, 1 cochés." in preview.text
    done = browser.post(f"{job_path}/commit", {"shown": ["1", "2", "3"], "include": ["1"]}, allow_redirects=False)
    assert done.status_code == 303
    report = poll(lambda: browser.get(job_path), ("done",))
    assert "Usagers créés : 1" in report.text and "Lignes non importées : 2" in report.text
    assert sql_query("SELECT status FROM accounts.users WHERE email = 'helene@example.com'") == [{"status": "pending"}]
    other = Browser(platform, "fr").sign_in("eb", PASSWORD)
    assert other.get(job_path).status_code == 404
    employee = Browser(platform, "fr").sign_in("employee", PASSWORD)
    assert employee.get(f"/enterprises/{tree['enterprise_a']}/users/import").status_code in (200, 403)
    assert employee.get(job_path).status_code == 403


def test_rest_import_then_the_same_file_again_creates_nothing(
    tree: Hierarchy, platform: Platform, sql_query: Any
) -> None:
    auth = {"Authorization": f"Bearer {platform.api_token('ea', PASSWORD)}"}
    url = f"{platform.url}/api/v1"
    body = {"source": "csv", "file_name": "u.csv", "content_base64": base64.b64encode(CSV).decode()}

    def settle(job_id: str, states: tuple[str, ...]) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while True:
            job = requests.get(f"{url}/user-imports/{job_id}", headers=auth, timeout=10).json()
            if job["state"] in states:
                return dict(job)
            assert time.monotonic() < deadline, job
            time.sleep(0.2)

    started = requests.post(
        f"{url}/enterprises/{tree['enterprise_a']}/user-imports", json=body, headers=auth, timeout=10
    )
    assert started.status_code == 202, started.text
    job = settle(started.json()["id"], ("previewed",))
    assert job["counts"] == {"rows": 3, "with_errors": 1, "duplicates": 1, "included": 1}
    assert job["rows"][1]["errors"]["email"][0]["msgid"] == "Not a valid email address."
    committed = requests.post(f"{url}/user-imports/{job['id']}/commit", json={}, headers=auth, timeout=10)
    assert committed.status_code == 202
    assert settle(job["id"], ("done",))["report"] == {"created": 1, "updated": 0, "skipped": 2}
    count = sql_query("SELECT count(*) AS n FROM accounts.users")[0]["n"]
    again = requests.post(f"{url}/enterprises/{tree['enterprise_a']}/user-imports", json=body, headers=auth, timeout=10)
    second = settle(again.json()["id"], ("previewed",))
    assert second["counts"]["included"] == 0 and second["counts"]["duplicates"] == 2
    refused = requests.post(f"{url}/user-imports/{second['id']}/commit", json={}, headers=auth, timeout=10)
    assert refused.status_code == 422
    ticked = requests.post(f"{url}/user-imports/{second['id']}/commit", json={"all": True}, headers=auth, timeout=10)
    assert ticked.status_code == 202
    assert settle(second["id"], ("done",))["report"]["created"] == 0
    assert sql_query("SELECT count(*) AS n FROM accounts.users")[0]["n"] == count
    bad = requests.post(
        f"{url}/enterprises/{tree['enterprise_a']}/user-imports", json={"source": "fax"}, headers=auth, timeout=10
    )
    assert bad.status_code == 422 and "source" in bad.json()["error"]["fields"]
