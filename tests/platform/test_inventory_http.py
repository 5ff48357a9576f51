"""Numbers, extensions, trunks, phones, the directory, partners, mail servers and remote provisioning through the
portal and the REST API, with the real services behind them (NUM-01..08, ACC-22..24, ACC-26)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import requests

from tests.hierarchy import Hierarchy, build
from tests.platform.conftest import Platform
from tests.platform.test_portal_tenancy import Browser


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def portal(tree: Hierarchy, platform: Platform) -> Platform:
    return platform


def as_(portal: Platform, who: str, language: str = "fr") -> Browser:
    return Browser(portal, language).sign_in(who).speak(language)


def read_csv(response: requests.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_numbers_assign_blocks_and_lines_csv(portal: Platform, tree: Hierarchy) -> None:
    ra, ea = as_(portal, "ra"), as_(portal, "ea")
    enterprise = tree["enterprise_a"]
    empty = ea.get(f"/tenants/{enterprise}/numbers")
    assert 'data-testid="empty-state"' in empty.text and "Numéros de téléphone" in empty.text
    bad = ra.post(f"/tenants/{enterprise}/numbers/new", {"numbers": "514 555 0142\n12345"})
    assert bad.status_code == 422 and "12345" in bad.text
    assert (
        ra.post(f"/tenants/{enterprise}/numbers/new", {"numbers": "514 555 0142\n+1 514 555 0143"}).status_code == 200
    )
    page = ea.get(f"/tenants/{enterprise}/numbers")
    assert "+15145550142" in page.text and "+15145550143" in page.text and "Renvoi activé" in page.text
    did = ea.get(f"/api/v1/tenants/{enterprise}/dids", headers={"X-CSRF-Token": ea.csrf}).json()["items"][0]
    form = ea.get(f"/tenants/{enterprise}/numbers/{did['id']}")
    assert f"user:{tree['employee']}" in form.text
    assert (
        ea.post(f"/tenants/{enterprise}/numbers/{did['id']}", {"target": f"user:{tree['employee']}"}).status_code == 200
    )
    listed = ea.get(f"/tenants/{enterprise}/numbers?state=used")
    assert "Employee" in listed.text and "+15145550143" not in listed.text
    rows = read_csv(ea.get(f"/enterprises/{enterprise}/lines.csv"))
    assert rows[0] == ["Nom", "Numéro", "Poste", "Service"]
    # a leading + could start a spreadsheet formula, so the cell is neutralised with a quote
    assert ["Employee", "'+15145550142", "", "Sales West"] in rows
    assert [r[3] for r in rows[1:]] == sorted(r[3] for r in rows[1:])
    numbers_csv = read_csv(ea.get(f"/tenants/{enterprise}/numbers.csv"))
    assert len(numbers_csv) == 3
    # a reseller creates a block; the enterprise sees how many of its lines are assigned
    block = {"name": '=HYPERLINK("x")', "first_number": "+1 514 555 0500", "last_number": "+1 514 555 0509"}
    assert ra.post(f"/enterprises/{enterprise}/number-blocks/new", block).status_code == 200
    blocks = read_csv(ea.get(f"/enterprises/{enterprise}/number-blocks.csv"))
    assert blocks[1][0] == '\'=HYPERLINK("x")' and blocks[1][3:] == ["10", "0"]
    # another enterprise's numbers are out of reach
    assert as_(portal, "eb").get(f"/tenants/{enterprise}/numbers").status_code == 404


def test_extensions_trunks_and_phone_keys(portal: Platform, tree: Hierarchy) -> None:
    ea = as_(portal, "ea", "en")
    base = f"/enterprises/{tree['enterprise_a']}"
    assert ea.post(f"{base}/extensions/new", {"first": "200", "last": "209"}).status_code == 200
    clash = ea.post(f"{base}/extensions/new", {"first": "205", "last": "1"})
    assert clash.status_code == 422
    assert len(read_csv(ea.get(f"{base}/extensions.csv"))) == 11
    trunk = {
        "name": "Provider",
        "host": "sip.example.net",
        "port": "5061",
        "transport": "tls",
        "username": "relais",
        "password": "Trunk-Secret-77",
        "register": "on",
        "allowed_sources": "203.0.113.0/24",
        "codecs": ["G722", "PCMU"],
        "caller_id_rules": "1 +15145550100",
    }
    tenant = f"/tenants/{tree['enterprise_a']}"
    assert ea.post(f"{tenant}/trunks/new", trunk).status_code == 200
    bad = ea.post(f"{tenant}/trunks/new", {**trunk, "host": "not a host", "allowed_sources": "nope"})
    assert bad.status_code == 422 and "A host name or an IP address." in bad.text
    listed = ea.get(f"{tenant}/trunks")
    assert "sip.example.net:5061 (TLS)" in listed.text and "Trunk-Secret-77" not in listed.text
    assert "Trunk-Secret-77" not in ea.get(f"{tenant}/trunks.csv").text
    phone = {"mac": "00-1A-2B-3C-4D-70", "model": "Yealink T54W", "status": "registered", "user_id": tree["employee"]}
    assert ea.post(f"{base}/phones/new", phone).status_code == 200
    phones = ea.get(f"/api/v1/enterprises/{tree['enterprise_a']}/phones").json()["items"]
    phone_id = phones[0]["id"]
    assert phones[0]["user_name"] == "Employee"
    keys_page = ea.get(f"{base}/phones/{phone_id}/keys")
    assert keys_page.status_code == 200 and keys_page.text.count('name="line-') == 36
    wrong = ea.post(f"{base}/phones/{phone_id}/keys", {"line-1-action": "speed_dial", "line-1-value": "x"})
    assert wrong.status_code == 422 and "The number to dial." in wrong.text
    keys = {
        "line-1-action": "speed_dial",
        "line-1-value": "5145550199",
        "line-1-label": "Reception",
        "line-7-action": "blf",
        "line-7-value": "20",
        "soft-4-action": "directory",
    }
    assert ea.post(f"{base}/phones/{phone_id}/keys", keys).status_code == 200
    saved = ea.get(f"/api/v1/phones/{phone_id}").json()
    assert [(k["position"], k["action"]) for k in saved["line_keys"]] == [(1, "speed_dial"), (7, "blf")]
    assert saved["soft_keys"] == [{"position": 4, "action": "directory", "label": None, "value": None}]


def test_directory_partners_mail_servers_and_provisioning(portal: Platform, tree: Hierarchy) -> None:
    ea = as_(portal, "ea")
    base = f"/enterprises/{tree['enterprise_a']}/directory"
    assert ea.post(f"{base}/new", {"last_name": "Plomberie", "number": "+1 (514) 555-0177"}).status_code == 200
    employee = as_(portal, "employee")
    found = employee.get(f"{base}?search=plomb")
    assert "Plomberie" in found.text and "+15145550177" in found.text and 'data-testid="new-contact"' not in found.text
    assert employee.post(f"{base}/new", {"last_name": "X", "number": "123"}).status_code == 403
    assert "Plomberie" in employee.get(f"{base}.csv").content.decode("utf-8-sig")
    ra = as_(portal, "ra", "en")
    partners = f"/tenants/{tree['reseller_a']}/partners"
    assert ra.post(f"{partners}/new", {"name": "North", "regions": "Québec\nOntario"}).status_code == 200
    assert "North" in ra.get(f"{partners}?region=Ontario").text
    admin = as_(portal, "admin", "en")
    preset = {"name": "Hotmail", "protocol": "IMAP", "host": "outlook.office365.com", "port": "993", "security": "tls"}
    assert admin.post("/mail-servers/new", preset).status_code == 200
    presets = admin.get("/api/v1/mail-presets").json()["items"]
    server = f"/enterprises/{tree['enterprise_a']}/mail-server"
    saved = ea.post(server, {"preset_id": presets[0]["id"], "username": "box", "password": "Mail-Secret-1"})
    assert saved.status_code == 200 and "Mail-Secret-1" not in saved.text
    assert ea.get(f"/api/v1{server}").json()["has_password"] is True
    # remote provisioning: the key is shown once, then signs a customer up through the public API
    shown = ra.post("/provisioning/new", {"name": "Web site"})
    key = shown.text.split('data-testid="secret-value">')[1].split("<")[0]
    assert key.startswith("rlk_") and key not in ra.get("/provisioning").text
    customer = {
        "kind": "professional",
        "name": "Signed up online",
        "administrator": {
            "identifier": "online-pro",
            "display_name": "Online",
            "email": "online@example.ca",
            "password": "Online-pass-123",
        },
    }
    url = f"{portal.url}/api/v1/provisioning/customers"
    assert requests.post(url, json=customer, headers={"X-Api-Key": key}, timeout=10).status_code == 201
    assert requests.post(url, json=customer, headers={"X-Api-Key": key + "x"}, timeout=10).status_code == 401
    assert portal.api_token("online-pro", "Online-pass-123")
