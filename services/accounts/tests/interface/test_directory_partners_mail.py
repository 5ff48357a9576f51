"""Company directory (ACC-24), partners (ACC-22), mail servers (ACC-23), remote provisioning (ACC-26) and the lines
CSV rows (NUM-08), over real RabbitMQ and PostgreSQL."""

import json
from typing import Any

import pytest
from cryptography.fernet import Fernet

from accounts.service import AccountsService
from relais_kit.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from tests.hierarchy import Hierarchy, build

KEY = Fernet.generate_key().decode()


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def accounts(tree: Hierarchy, platform_config: dict[str, Any], run_services: Any, rpc: Any) -> Any:
    platform_config["ACCOUNTS"]["SECRETS_KEY"] = KEY
    run_services(AccountsService)
    return rpc("accounts")


def test_directory_lists_users_and_contacts_with_search_and_filters(accounts: Any, tree: Hierarchy) -> None:
    ea = tree.caller("ea")
    contact = accounts.create_contact(
        ea,
        tree["enterprise_a"],
        {"first_name": "Léa", "last_name": "Fournier", "company": "Plomberie", "number": "+1 (514) 555-0177"},
    )
    assert contact["number"] == "+15145550177"
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_contact(
            ea, tree["enterprise_a"], {"last_name": "", "number": "abc", "department_id": tree["sales"][:-1] + "0"}
        )
    assert set(caught.value.field_errors) == {"last_name", "number", "department_id"}
    # every employee reads the directory (speed dial 8 and 100 pick from it); only administrators change it
    employee = tree.caller("employee")
    found = accounts.search_directory(employee, tree["enterprise_a"], {"search": "plomb"})
    assert [(e["kind"], e["last_name"]) for e in found["items"]] == [("external", "Fournier")]
    internal = accounts.search_directory(employee, tree["enterprise_a"], {"kind": "internal"})
    assert {e["kind"] for e in internal["items"]} == {"internal"} and internal["total"] >= 4
    in_west = accounts.search_directory(employee, tree["enterprise_a"], {"department_id": tree["sales_west"]})
    assert [e["id"] for e in in_west["items"]] == [tree["employee"]]
    with pytest.raises(PermissionDenied):
        accounts.create_contact(employee, tree["enterprise_a"], {"last_name": "X", "number": "123"})
    with pytest.raises(NotFound):
        accounts.search_directory(employee, tree["enterprise_b"])
    with pytest.raises(NotFound):
        accounts.update_contact(tree.caller("eb"), contact["id"], {"last_name": "X", "number": "123"})
    updated = accounts.update_contact(ea, contact["id"], {"last_name": "Fournier-Roy", "number": "8400"})
    assert updated["first_name"] is None and updated["number"] == "8400"
    accounts.delete_contact(ea, contact["id"])
    assert accounts.search_directory(ea, tree["enterprise_a"], {"kind": "external"})["total"] == 0


def test_partners_by_region_per_reseller(accounts: Any, tree: Hierarchy) -> None:
    ra = tree.caller("ra")
    created = accounts.create_partner(
        ra,
        tree["reseller_a"],
        {"name": "Télécom Nord", "regions": ["Québec", "Ontario"], "referral_percent": "12.5", "website": ""},
    )
    assert created["regions"] == ["Ontario", "Québec"] and created["website"] is None
    accounts.create_partner(ra, tree["reseller_a"], {"name": "Maritimes", "regions": ["Nouvelle-Écosse"]})
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_partner(
            ra, tree["reseller_a"], {"name": "télécom nord", "regions": [], "referral_percent": 120}
        )
    assert set(caught.value.field_errors) == {"name", "regions", "referral_percent"}
    in_quebec = accounts.list_partners(ra, tree["reseller_a"], {"region": "québec"})
    assert [p["name"] for p in in_quebec] == ["Télécom Nord"]
    with pytest.raises(NotFound):
        accounts.list_partners(tree.caller("rb"), tree["reseller_a"])
    with pytest.raises(PermissionDenied):
        accounts.list_partners(tree.caller("ea"), tree["reseller_a"])
    accounts.delete_partner(ra, created["id"])
    assert [p["name"] for p in accounts.list_partners(ra, tree["reseller_a"])] == ["Maritimes"]


def test_mail_presets_and_company_server_with_encrypted_password(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    admin = tree.caller("admin")
    preset = accounts.save_mail_preset(
        admin, None, {"name": "Hotmail", "protocol": "IMAP", "host": "outlook.office365.com", "port": 993}
    )
    with pytest.raises(PermissionDenied):
        accounts.save_mail_preset(tree.caller("ra"), None, {"name": "X", "protocol": "IMAP", "host": "x.example"})
    ea = tree.caller("ea")
    assert [p["name"] for p in accounts.list_mail_presets(ea)] == ["Gmail", "Hotmail"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.set_company_mail_server(ea, tree["enterprise_a"], {"username": "boite"})
    assert set(caught.value.field_errors) == {"protocol"}
    saved = accounts.set_company_mail_server(
        ea, tree["enterprise_a"], {"preset_id": preset["id"], "username": "boite", "password": "Mail-Secret-42"}
    )
    assert saved["host"] == "outlook.office365.com" and saved["has_password"] and "password" not in saved
    stored = sql_query("SELECT password_encrypted FROM accounts.company_mail_servers")[0]["password_encrypted"]
    assert Fernet(KEY.encode()).decrypt(stored.encode()).decode() == "Mail-Secret-42"
    kept = accounts.set_company_mail_server(
        ea, tree["enterprise_a"], {"protocol": "EWS", "host": "mail.example.com", "username": "boite"}
    )
    assert kept["has_password"] and kept["protocol"] == "EWS"
    audit = json.dumps([r["after"] for r in sql_query("SELECT after FROM accounts.audit_log")])
    assert "Mail-Secret-42" not in audit and "gAAAAA" not in audit
    with pytest.raises(NotFound):
        accounts.get_company_mail_server(tree.caller("eb"), tree["enterprise_a"])


def test_provisioning_key_is_shown_once_hashed_and_signs_customers_up(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    ra = tree.caller("ra")
    created = accounts.create_provisioning_key(ra, tree["reseller_a"], {"name": "Site web"})
    key = created["key"]
    assert key.startswith("rlk_") and all(
        "key" not in k for k in accounts.list_provisioning_keys(ra, tree["reseller_a"])
    )
    stored = sql_query("SELECT key_hash FROM accounts.provisioning_keys")[0]["key_hash"]
    assert key not in stored and len(stored) == 64
    with pytest.raises(NotFound):
        accounts.create_provisioning_key(tree.caller("rb"), tree["reseller_a"], {"name": "X"})
    customer = {
        "kind": "enterprise",
        "name": "Inscrite en ligne",
        "reseller_id": tree["reseller_b"],  # ignored: the key decides
        "administrator": {
            "identifier": "en-ligne",
            "display_name": "En ligne",
            "email": "en-ligne@example.ca",
            "password": "Online-pass-123",
        },
    }
    signed_up = accounts.provision_customer(key, customer)
    assert signed_up["parent_id"] == tree["reseller_a"]
    with pytest.raises(AuthenticationFailed):
        accounts.provision_customer(key[:-1] + ("A" if key[-1] != "A" else "B"), customer)
    accounts.revoke_provisioning_key(ra, created["id"])
    with pytest.raises(AuthenticationFailed):
        accounts.provision_customer(key, {**customer, "name": "Encore"})
    assert sql_query("SELECT count(*) AS n FROM accounts.tenants WHERE name = 'Encore'")[0]["n"] == 0


def test_lines_export_sorted_by_department(accounts: Any, tree: Hierarchy) -> None:
    ea = tree.caller("ea")
    did = accounts.add_dids(tree.caller("ra"), tree["enterprise_a"], {"numbers": ["+1 514 555 0160"]})[0]
    accounts.assign_did(ea, did["id"], {"target_type": "user", "target_id": tree["employee"]})
    rows = accounts.export_lines(ea, tree["enterprise_a"])
    departments = [r["department_name"] for r in rows]
    assert departments == sorted(departments, key=lambda d: (d is not None, d or ""))
    assert {
        "display_name": "Employee",
        "number": "+15145550160",
        "extension": None,
        "department_name": "Sales West",
    } in rows
    managed = accounts.export_lines(tree.caller("manager"), tree["enterprise_a"])
    assert [r["display_name"] for r in managed] == ["Employee"]
    with pytest.raises(NotFound):
        accounts.export_lines(ea, tree["enterprise_b"])
