"""Tenancy over real RabbitMQ and PostgreSQL: the four levels, departments, walls between tenants
(ACC-01, ACC-02, ACC-03, ACC-08, ACC-20, ACC-21, ACC-25)."""

import base64
import struct
import zlib
from typing import Any

import pytest

from accounts.service import AccountsService
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from tests.hierarchy import Hierarchy, build


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def accounts(tree: Hierarchy, run_services: Any, rpc: Any) -> Any:
    run_services(AccountsService)
    return rpc("accounts")


def new_enterprise(name: str = "Boulangerie Côté", identifier: str = "cote") -> dict[str, Any]:
    return {
        "kind": "enterprise",
        "name": name,
        "language": "fr",
        "time_zone": "America/Montreal",
        "contact_email": "info@cote.ca",
        "administrator": {
            "identifier": identifier,
            "display_name": "Marie Côté",
            "email": f"{identifier}@cote.ca",
            "password": "Un-mot-de-passe-1",
        },
    }


def png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_reseller_creates_an_enterprise_with_its_administrator(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    created = accounts.create_customer(tree.caller("ra"), new_enterprise())
    assert created["kind"] == "enterprise" and created["parent_id"] == tree["reseller_a"]
    admin = sql_query("SELECT role, tenant_id::text FROM accounts.users WHERE identifier = 'cote'")
    assert admin == [{"role": "enterprise_admin", "tenant_id": created["id"]}]
    assert accounts.authenticate({"identifier": "cote@cote.ca", "password": "Un-mot-de-passe-1"})["role"] == (
        "enterprise_admin"
    )
    event = sql_query("SELECT payload FROM accounts.outbox WHERE event_type = 'customer_account_created'")
    assert event[0]["payload"]["data"]["time_zone"] == "America/Montreal"
    logged = sql_query("SELECT actor_name, action FROM accounts.audit_log WHERE target_id = %s", (created["id"],))
    assert logged == [{"actor_name": "Ra", "action": "customer.create"}]


def test_customer_lists_follow_the_hierarchy(accounts: Any, tree: Hierarchy) -> None:
    def names(who: str) -> list[str]:
        return [c["name"] for c in accounts.list_customers(tree.caller(who))["items"]]

    assert names("ra") == ["Enterprise A", "Professional A"]
    assert names("rb") == ["Enterprise B"]
    assert names("admin") == ["Enterprise A", "Enterprise B", "Professional A", "Professionnel par défaut"]
    assert accounts.list_customers(tree.caller("admin"), {"search": "prof", "page_size": 1})["total"] == 2
    with pytest.raises(PermissionDenied):
        accounts.list_customers(tree.caller("ea"))


@pytest.mark.parametrize("outsider", ["rb", "eb", "ea", "employee"])
def test_nobody_reaches_another_resellers_customer(accounts: Any, tree: Hierarchy, outsider: str) -> None:
    """Guessing ids gives 404-like NotFound for objects out of scope, PermissionDenied for missing roles."""
    with pytest.raises((NotFound, PermissionDenied)):
        accounts.get_customer(tree.caller(outsider), tree["enterprise_a"] if outsider != "ea" else tree["enterprise_b"])
    with pytest.raises((NotFound, PermissionDenied)):
        accounts.update_customer(tree.caller(outsider), tree["enterprise_a"], {"name": "Mine now"})
    with pytest.raises((NotFound, PermissionDenied)):
        accounts.delete_customer(tree.caller(outsider), tree["enterprise_a"])
    if outsider == "rb":
        with pytest.raises(NotFound):
            accounts.get_customer(tree.caller("rb"), tree["enterprise_a"])
        with pytest.raises(NotFound):
            accounts.get_customer(tree.caller("rb"), "not-even-a-uuid")


def test_bad_customer_input_names_every_field_and_writes_nothing(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    before = sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"]
    payload = new_enterprise(name="enterprise a", identifier="ra")
    payload["time_zone"] = "Mars/Olympus"
    payload["administrator"]["email"] = "ea@example.ca"
    payload["contact_email"] = "nope"
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_customer(tree.caller("ra"), payload)
    assert set(caught.value.field_errors) == {
        "name",
        "time_zone",
        "administrator.identifier",
        "administrator.email",
        "contact_email",
    }
    assert sql_query("SELECT count(*) AS n FROM accounts.tenants")[0]["n"] == before


def test_system_admin_must_name_the_reseller(accounts: Any, tree: Hierarchy) -> None:
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_customer(tree.caller("admin"), new_enterprise())
    assert "reseller_id" in caught.value.field_errors
    created = accounts.create_customer(tree.caller("admin"), {**new_enterprise(), "reseller_id": tree["reseller_b"]})
    assert created["parent_id"] == tree["reseller_b"]


def test_account_with_users_is_not_deleted(accounts: Any, tree: Hierarchy) -> None:
    with pytest.raises(ValidationFailed):
        accounts.delete_customer(tree.caller("ra"), tree["enterprise_a"])
    accounts.delete_customer(tree.caller("ra"), tree["professional_a"])
    with pytest.raises(NotFound):
        accounts.get_customer(tree.caller("ra"), tree["professional_a"])


def test_department_managers_see_and_change_only_their_subtree(accounts: Any, tree: Hierarchy) -> None:
    manager = tree.caller("manager")
    assert [d["name"] for d in accounts.list_departments(manager, tree["enterprise_a"])] == ["Sales", "Sales West"]
    assert [d["name"] for d in accounts.list_departments(tree.caller("ea"), tree["enterprise_a"])] == [
        "Sales",
        "Support",
        "Sales West",
    ]
    east = accounts.create_department(
        manager, tree["enterprise_a"], {"name": "Sales East", "parent_id": tree["sales"], "max_incoming_calls": 5}
    )
    assert east["depth"] == 1 and east["max_incoming_calls"] == 5
    with pytest.raises(ValidationFailed) as top_level:
        accounts.create_department(manager, tree["enterprise_a"], {"name": "Rogue"})
    assert "parent_id" in top_level.value.field_errors
    with pytest.raises(NotFound):
        accounts.update_department(manager, tree["support"], {"name": "Mine"})
    with pytest.raises(ValidationFailed) as under_support:
        accounts.create_department(manager, tree["enterprise_a"], {"name": "X", "parent_id": tree["support"]})
    assert "parent_id" in under_support.value.field_errors
    renamed = accounts.update_department(
        manager, tree["sales_west"], {"name": "Ventes Ouest", "operator_number": "514 555-0100"}
    )
    assert renamed["name"] == "Ventes Ouest" and renamed["parent_id"] == tree["sales"]
    with pytest.raises((NotFound, PermissionDenied)):
        accounts.list_departments(tree.caller("employee"), tree["enterprise_a"])
    with pytest.raises(NotFound):
        accounts.list_departments(tree.caller("eb"), tree["enterprise_a"])


def test_department_rules(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    ea = tree.caller("ea")
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_department(
            ea, tree["enterprise_a"], {"name": "sales", "max_incoming_calls": -1, "manager_ids": [tree["eb"]]}
        )
    assert set(caught.value.field_errors) == {"name", "max_incoming_calls", "manager_ids"}
    with pytest.raises(ValidationFailed) as duplicate:
        accounts.create_department(ea, tree["enterprise_a"], {"name": "sales"})
    assert duplicate.value.field_errors["name"][0]["msgid"] == "A department with this name already exists here."
    with pytest.raises(ValidationFailed):
        accounts.delete_department(ea, tree["sales"])  # it has a sub-department
    accounts.delete_department(ea, tree["support"])
    events = [r["event_type"] for r in sql_query("SELECT event_type FROM accounts.outbox ORDER BY created_at")]
    assert "department_deleted" in events


def test_logo_must_be_a_small_real_image(accounts: Any, tree: Hierarchy) -> None:
    ra = tree.caller("ra")
    saved = accounts.set_logo(ra, tree["reseller_a"], base64.b64encode(png()).decode(), "image/png")
    assert saved["has_logo"] is True
    assert accounts.logo(tree["reseller_a"])["mime"] == "image/png"
    for content in (b"<svg onload='alert(1)'/>", b"just text", png(400, 400) + b"\x00" * 300_000):
        with pytest.raises(ValidationFailed) as caught:
            accounts.set_logo(ra, tree["reseller_a"], base64.b64encode(content).decode(), "image/png")
        assert "logo" in caught.value.field_errors
    with pytest.raises(NotFound):
        accounts.set_logo(tree.caller("rb"), tree["reseller_a"], base64.b64encode(png()).decode(), "image/png")


def test_portal_host_is_unique_and_shows_the_brand(accounts: Any, tree: Hierarchy) -> None:
    accounts.update_branding(
        tree.caller("ra"),
        tree["reseller_a"],
        {"brand_name": "Télécom A", "brand_primary_colour": "#0E6B73", "portal_host": "portail.telecom-a.ca"},
    )
    with pytest.raises(ValidationFailed) as clash:
        accounts.update_branding(tree.caller("rb"), tree["reseller_b"], {"portal_host": "PORTAIL.telecom-a.ca"})
    assert clash.value.field_errors["portal_host"][0]["msgid"] == "Another reseller already uses this portal address."
    with pytest.raises(ValidationFailed) as bad:
        accounts.update_branding(
            tree.caller("rb"), tree["reseller_b"], {"portal_host": "not a host", "brand_primary_colour": "red"}
        )
    assert set(bad.value.field_errors) == {"portal_host", "brand_primary_colour"}
    brand = accounts.brand_for_host("portail.telecom-a.ca:8080")
    assert brand["brand_name"] == "Télécom A" and brand["id"] == tree["reseller_a"]
    assert accounts.brand_for_host("unknown.example") is None


def test_delegated_administrators(accounts: Any, tree: Hierarchy) -> None:
    ra = tree.caller("ra")
    delegate = accounts.create_administrator(
        ra, {"identifier": "ra2", "display_name": "Second", "email": "ra2@a.ca", "password": "Delegate-pass-1"}
    )
    assert delegate["role"] == "reseller_admin"
    assert {a["identifier"] for a in accounts.list_administrators(ra)} == {"ra", "ra2"}
    with pytest.raises(ValidationFailed) as taken:
        accounts.create_administrator(
            ra, {"identifier": "ra2", "display_name": "X", "email": "x@a.ca", "password": "Delegate-pass-1"}
        )
    assert "identifier" in taken.value.field_errors
    with pytest.raises(NotFound):
        accounts.delete_administrator(tree.caller("rb"), delegate["id"])
    accounts.delete_administrator(ra, delegate["id"])
    with pytest.raises(PermissionDenied):
        accounts.list_administrators(tree.caller("employee"))


def test_setup_wizard_resumes_at_the_next_step(accounts: Any, tree: Hierarchy) -> None:
    ra = tree.caller("ra")
    assert accounts.setup_state(ra)["next"] == "offer"
    with pytest.raises(ValidationFailed) as empty:
        accounts.save_setup_step(ra, "offer", {"services": []})
    assert "services" in empty.value.field_errors
    state = accounts.save_setup_step(ra, "offer", {"services": ["virtual_receptionist", "single_number"]})
    assert state["next"] == "store" and state["done"] == ["offer"]
    state = accounts.save_setup_step(ra, "billing", {"currency": "CAD", "invoice_day": 1, "tax_region": "QC"})
    assert state["next"] == "store" and not state["complete"]
    state = accounts.save_setup_step(ra, "store", {"store_name": "Boutique A"})
    assert state["complete"] and state["next"] is None
    with pytest.raises(PermissionDenied):
        accounts.setup_state(tree.caller("ea"))


def test_settings_profile_and_contact(accounts: Any, tree: Hierarchy) -> None:
    ea = tree.caller("ea")
    updated = accounts.update_profile(ea, {"display_name": "Ève Admin", "language": "en", "phone": "+1 514 555-0111"})
    assert updated["language"] == "en" and updated["display_name"] == "Ève Admin"
    with pytest.raises(ValidationFailed) as taken:
        accounts.update_profile(ea, {"display_name": "Ève", "language": "fr", "email": "eb@example.ca"})
    assert "email" in taken.value.field_errors
    contact = accounts.update_tenant_contact(ea, {"contact_email": "hello@a.ca", "language": "fr"})
    assert contact["contact_email"] == "hello@a.ca"
    with pytest.raises(PermissionDenied):
        accounts.update_tenant_contact(tree.caller("employee"), {"language": "fr"})
    support = accounts.update_support(tree.caller("ra"), {"support_phone": "+1 800 555-0123"})
    assert support["support_phone"] == "+1 800 555-0123"
