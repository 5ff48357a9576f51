"""Users of an enterprise as lines, over real RabbitMQ and PostgreSQL (ACC-09..13, 16..19; ACC-02)."""

from typing import Any

import pytest
from cryptography.fernet import Fernet

from accounts.service import AccountsService
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
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


def new_user(**changes: Any) -> dict[str, Any]:
    return {"first_name": "Sylvie", "last_name": "Tremblay", "email": "sylvie@example.ca", "language": "fr", **changes}


def outbox(sql_query: Any, event_type: str) -> list[dict[str, Any]]:
    rows = sql_query(
        "SELECT payload FROM accounts.outbox WHERE event_type = %s ORDER BY payload->>'occurred_at'", (event_type,)
    )
    return [r["payload"]["data"] for r in rows]


def test_admin_creates_a_pending_user_with_a_generated_number_and_extension(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    created = accounts.create_user(
        tree.caller("ea"),
        tree["enterprise_a"],
        new_user(user_number=-1, extension="204", department_id=tree["sales"]),
    )
    assert created["status"] == "pending" and created["activation_email"] == "sylvie@example.ca"
    assert created["user_number"].isdigit() and len(created["user_number"]) == 4
    assert created["extension"] == "204" and created["account_kind"] == "employee"
    assert created["options"]["max_contacts"] == 500 and created["sip_credentials"] == []
    event = outbox(sql_query, "user_created")[-1]
    assert event["user_id"] == created["id"] and event["extension"] == "204"
    assert event["tenant_id"] == tree["enterprise_a"] and event["department_id"] == tree["sales"]
    assert outbox(sql_query, "extension_changed")[-1]["number"] == "204"
    logged = sql_query("SELECT action FROM accounts.audit_log WHERE target_id = %s", (created["id"],))
    assert logged == [{"action": "user.create"}]
    given = accounts.create_user(tree.caller("ea"), tree["enterprise_a"], new_user(email="b@x.ca", user_number="2206"))
    assert given["user_number"] == "2206"


def test_bad_user_input_names_every_field_and_writes_nothing(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    accounts.create_user(tree.caller("ea"), tree["enterprise_a"], new_user(user_number="2206", extension="204"))
    before = sql_query("SELECT count(*) AS n FROM accounts.users")[0]["n"]
    payload = new_user(
        first_name=" ",
        email="ea@example.ca",
        user_number="2206",
        extension="204",
        department_id=tree["enterprise_b"],
        status="asleep",
        language="de",
    )
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(tree.caller("ea"), tree["enterprise_a"], payload)
    assert set(caught.value.field_errors) == {
        "first_name",
        "email",
        "user_number",
        "extension",
        "department_id",
        "status",
        "language",
    }
    with pytest.raises(ValidationFailed) as bad_shapes:
        accounts.create_user(
            tree.caller("ea"), tree["enterprise_a"], new_user(email="new@x.ca", user_number="12", extension="1234567")
        )
    assert set(bad_shapes.value.field_errors) == {"user_number", "extension"}
    assert sql_query("SELECT count(*) AS n FROM accounts.users")[0]["n"] == before


def test_users_page_letter_paging_sort_search_and_admin(accounts: Any, tree: Hierarchy) -> None:
    ea = tree.caller("ea")
    for first, last, ext in (("Zoé", "Abel", "301"), ("Albert", "Zinn", "302"), ("Bruno", "Côté", "303")):
        accounts.create_user(
            ea, tree["enterprise_a"], new_user(first_name=first, last_name=last, email=f"{first}@x.ca", extension=ext)
        )
    page = accounts.list_users(ea, tree["enterprise_a"], {"letter": "z"})
    assert {u["display_name"] for u in page["items"]} == {"Zoé Abel", "Albert Zinn"}
    by_extension = accounts.list_users(
        ea, tree["enterprise_a"], {"sort": "extension", "descending": True, "page_size": 2}
    )
    assert [u["extension"] for u in by_extension["items"]] == ["303", "302"] and by_extension["total"] == 7
    assert accounts.list_users(ea, tree["enterprise_a"], {"search": "302"})["total"] == 1
    assert accounts.list_users(ea, tree["enterprise_a"], {"search": "302", "column": "user_number"})["total"] == 0
    admins = accounts.list_users(ea, tree["enterprise_a"], {"search": "admin"})["items"]
    assert {u["identifier"] for u in admins} == {"ea", "manager"}
    with pytest.raises(ValidationFailed) as caught:
        accounts.list_users(ea, tree["enterprise_a"], {"sort": "password_hash", "letter": "ab"})
    assert set(caught.value.field_errors) == {"sort", "letter"}


def test_a_broad_search_counts_up_to_1000_and_pages_in_sort_order(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    """A search that 1,200 users match says "1,000+" and still gives each page in order; 5-digit user numbers sort
    after 4-digit ones (ACC-09)."""
    sql_query(
        "INSERT INTO accounts.users (id, tenant_id, user_number, identifier, email, display_name, first_name,"
        " last_name, role, account_kind, language, password_hash, status)"
        " SELECT gen_random_uuid(), %s, (20000 + i)::text, 'gagnon' || i, 'gagnon' || i || '@x.ca',"
        " 'Luc Gagnon ' || lpad(i::text, 4, '0'), 'Luc', 'Gagnon', 'user', 'employee', 'fr', 'x', 'activated'"
        " FROM generate_series(1, 1200) i",
        (tree["enterprise_a"],),
    )
    sql_query("ANALYZE accounts.users")
    ea = tree.caller("ea")
    first = accounts.list_users(ea, tree["enterprise_a"], {"search": "gagn", "page_size": 50})
    assert first["total"] == 1000 and first["total_capped"] is True
    assert [u["display_name"] for u in first["items"]][:2] == ["Luc Gagnon 0001", "Luc Gagnon 0002"]
    page_24 = accounts.list_users(ea, tree["enterprise_a"], {"search": "gagn", "page_size": 50, "page": 24})
    assert [u["display_name"] for u in page_24["items"]][-1] == "Luc Gagnon 1200"
    narrow = accounts.list_users(ea, tree["enterprise_a"], {"search": "gagnon 011", "page_size": 50})
    assert narrow["total"] == 10 and narrow["total_capped"] is False
    by_number = accounts.list_users(ea, tree["enterprise_a"], {"sort": "user_number", "descending": True})
    assert by_number["items"][0]["user_number"] == "21200" and not by_number["total_capped"]


def test_department_managers_reach_only_their_departments_users(accounts: Any, tree: Hierarchy) -> None:
    manager = tree.caller("manager")
    names = [u["identifier"] for u in accounts.list_users(manager, tree["enterprise_a"])["items"]]
    assert names == ["employee"]
    with pytest.raises(NotFound):
        accounts.get_user(manager, tree["receptionist"])
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(manager, tree["enterprise_a"], new_user(department_id=tree["support"]))
    assert set(caught.value.field_errors) == {"department_id"}
    created = accounts.create_user(manager, tree["enterprise_a"], new_user(department_id=tree["sales_west"]))
    assert created["department_id"] == tree["sales_west"]
    with pytest.raises(ValidationFailed) as escalation:
        accounts.update_user(manager, created["id"], {"enterprise_role": "administrator"})
    assert set(escalation.value.field_errors) == {"enterprise_role"}
    with pytest.raises(PermissionDenied):
        accounts.delete_user(manager, created["id"], {"scope": "system"})


@pytest.mark.parametrize("who", ["employee", "receptionist", "proa"])
def test_employees_do_nothing_billable_or_administrative(accounts: Any, tree: Hierarchy, who: str) -> None:
    caller = tree.caller(who)
    with pytest.raises(PermissionDenied):
        accounts.create_user(caller, tree["enterprise_a"], new_user())
    with pytest.raises(PermissionDenied):
        accounts.set_user_options(caller, tree[who], {"max_contacts": 9999})
    with pytest.raises(PermissionDenied):
        accounts.add_dids(caller, tree["enterprise_a"], {"numbers": ["+15145550123"]})
    with pytest.raises(PermissionDenied):
        accounts.create_trunk(caller, tree["enterprise_a"], {"name": "T", "host": "sip.example.net"})


def test_other_tenants_users_are_not_found(accounts: Any, tree: Hierarchy) -> None:
    for who in ("rb", "eb"):
        with pytest.raises(NotFound):
            accounts.get_user(tree.caller(who), tree["employee"])
        with pytest.raises(NotFound):
            accounts.list_users(tree.caller(who), tree["enterprise_a"])
        with pytest.raises(NotFound):
            accounts.reset_line(tree.caller(who), tree["employee"], {"confirm": True})
    assert accounts.get_user(tree.caller("ra"), tree["employee"])["identifier"] == "employee"


def test_options_are_checked_against_their_limits(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    ea = tree.caller("ea")
    with pytest.raises(ValidationFailed) as caught:
        accounts.set_user_options(
            ea,
            tree["employee"],
            {
                "max_messages_fetched": 0,
                "max_contacts": 10001,
                "max_voicemails": -1,
                "max_faxes": "many",
                "account_expires_on": "2001-01-01",
                "admin_managed": "perhaps",
            },
        )
    assert set(caught.value.field_errors) == {
        "max_messages_fetched",
        "max_contacts",
        "max_voicemails",
        "max_faxes",
        "account_expires_on",
        "admin_managed",
    }
    assert sql_query("SELECT count(*) AS n FROM accounts.user_options")[0]["n"] == 0
    options = accounts.set_user_options(
        ea,
        tree["employee"],
        {"max_contacts": 50, "account_expires_on": "2999-12-31", "assistant_on_received_calls": True},
    )
    assert options["max_contacts"] == 50 and options["max_voicemails"] == 100
    assert options["account_expires_on"] == "2999-12-31" and options["assistant_on_received_calls"] is True
    assert accounts.get_user(ea, tree["employee"])["options"] == options


def test_sip_credentials_are_stored_encrypted_and_never_returned(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    ea = tree.caller("ea")
    for kind in ("default", "registration", "calling"):
        shown = accounts.set_sip_credentials(
            ea, tree["employee"], kind, {"username": f"u-{kind}", "password": "Clear-Secret-42"}
        )
        assert shown == {"kind": kind, "username": f"u-{kind}", "has_password": True, "updated_at": shown["updated_at"]}
    stored = sql_query("SELECT password_encrypted FROM accounts.sip_credentials")
    assert len(stored) == 3
    for row in stored:
        assert "Clear-Secret-42" not in row["password_encrypted"]
        assert Fernet(KEY.encode()).decrypt(row["password_encrypted"].encode()) == b"Clear-Secret-42"
    everything = (
        str(accounts.get_user(ea, tree["employee"]))
        + str(sql_query("SELECT before, after FROM accounts.audit_log"))
        + str(sql_query("SELECT payload FROM accounts.outbox"))
    )
    assert "Clear-Secret-42" not in everything
    with pytest.raises(ValidationFailed) as caught:
        accounts.set_sip_credentials(ea, tree["employee"], "other", {"username": "bad name", "password": "short"})
    assert set(caught.value.field_errors) == {"kind", "username", "password"}


def test_edit_personal_details_and_make_a_group_administrator(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    ea = tree.caller("ea")
    edited = accounts.update_user(ea, tree["employee"], {"first_name": "Émile", "last_name": "Roy", "extension": "42"})
    assert edited["display_name"] == "Émile Roy" and edited["extension"] == "42"
    assert outbox(sql_query, "user_updated")[-1]["display_name"] == "Émile Roy"
    made = accounts.set_group_administrator(
        ea, tree["employee"], {"department_id": tree["support"], "administrator": True}
    )
    assert made["is_administrator"] and made["managed_department_ids"] == [tree["support"]]
    assert [u["identifier"] for u in accounts.list_users(tree.caller("employee"), tree["enterprise_a"])["items"]] == []
    with pytest.raises(PermissionDenied):
        accounts.update_user(ea, tree["ea"], {"first_name": "Me"})


def test_reset_line_is_confirmed_irreversible_and_shows_new_credentials_once(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    ea = tree.caller("ea")
    accounts.set_user_options(ea, tree["employee"], {"max_contacts": 7})
    accounts.set_group_administrator(ea, tree["employee"], {"department_id": tree["support"], "administrator": True})
    with pytest.raises(ValidationFailed) as caught:
        accounts.reset_line(ea, tree["employee"], {"confirm": False})
    assert set(caught.value.field_errors) == {"confirm"}
    reset = accounts.reset_line(ea, tree["employee"], {"confirm": True, "leave_groups": True})
    user = reset["user"]
    assert user["identifier"] == reset["identifier"] != "employee" and user["status"] == "pending"
    assert user["options"]["max_contacts"] == 500 and user["managed_department_ids"] == []
    assert user["department_id"] == tree["sales_west"]
    assert {c["kind"] for c in reset["sip_credentials"]} == {"default", "registration"}
    assert accounts.authenticate({"identifier": reset["identifier"], "password": reset["password"]})["id"] == user["id"]
    stored = sql_query("SELECT password_encrypted FROM accounts.sip_credentials WHERE user_id = %s", (user["id"],))
    assert all(c["password"] not in str(stored) for c in reset["sip_credentials"])
    assert reset["password"] not in str(accounts.get_user(ea, user["id"]))
    assert outbox(sql_query, "user_updated")[-1]["reset"] is True
    assert outbox(sql_query, "user_credentials_changed")[-1] == {"user_id": user["id"], "reason": "password_reset"}


def test_delete_from_company_makes_a_free_user_and_releases_numbers(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    ea = tree.caller("ea")
    did = accounts.add_dids(tree.caller("ra"), tree["enterprise_a"], {"numbers": ["514 555 0142"]})[0]
    accounts.assign_did(ea, did["id"], {"target_type": "user", "target_id": tree["employee"]})
    accounts.update_user(ea, tree["employee"], {"extension": "77"})
    accounts.delete_user(ea, tree["employee"], {"scope": "company"})
    with pytest.raises(NotFound):
        accounts.get_user(ea, tree["employee"])
    moved = sql_query(
        "SELECT t.kind, t.parent_id::text AS parent FROM accounts.users u JOIN accounts.tenants t ON t.id = u.tenant_id"
        " WHERE u.id = %s",
        (tree["employee"],),
    )
    assert moved == [{"kind": "professional", "parent": tree["reseller_a"]}]
    assert outbox(sql_query, "did_assigned")[-1] == {
        "did_id": did["id"],
        "number": "+15145550142",
        "tenant_id": tree["enterprise_a"],
        "target_type": None,
        "target_id": None,
    }
    assert outbox(sql_query, "extension_changed")[-1]["deleted"] is True
    assert outbox(sql_query, "user_updated")[-1]["previous_tenant_id"] == tree["enterprise_a"]


def test_delete_from_system(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    ea = tree.caller("ea")
    with pytest.raises(ValidationFailed):
        accounts.delete_user(ea, tree["employee"], {"scope": "everywhere"})
    accounts.set_sip_credentials(ea, tree["employee"], "default", {"username": "e", "password": "Secret-123"})
    accounts.delete_user(ea, tree["employee"], {"scope": "system"})
    assert sql_query("SELECT count(*) AS n FROM accounts.users WHERE id = %s", (tree["employee"],))[0]["n"] == 0
    assert sql_query("SELECT count(*) AS n FROM accounts.sip_credentials")[0]["n"] == 0
    assert outbox(sql_query, "user_deleted")[-1]["user_id"] == tree["employee"]
