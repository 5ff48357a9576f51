"""Numbers, extensions, trunks and phones over real RabbitMQ and PostgreSQL (NUM-01, 02, 04..07)."""

from typing import Any

import pytest
from cryptography.fernet import Fernet

from accounts.service import AccountsService
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from tests.hierarchy import Hierarchy, build

KEY = Fernet.generate_key().decode()
TRUNK = {
    "name": "Fournisseur",
    "host": "sip.example.net",
    "port": 5061,
    "transport": "tls",
    "username": "relais",
    "password": "Trunk-Secret-77",
    "register": True,
    "allowed_sources": ["203.0.113.0/24", "2001:db8::1"],
    "codecs": ["G722", "PCMU"],
    "caller_id_rules": [{"prefix": "1", "caller_id": "514 555 0100"}],
}


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def accounts(tree: Hierarchy, platform_config: dict[str, Any], run_services: Any, rpc: Any) -> Any:
    platform_config["ACCOUNTS"]["SECRETS_KEY"] = KEY
    run_services(AccountsService)
    return rpc("accounts")


def last_event(sql_query: Any, event_type: str) -> dict[str, Any]:
    rows = sql_query(
        "SELECT payload FROM accounts.outbox WHERE event_type = %s ORDER BY payload->>'occurred_at' DESC LIMIT 1",
        (event_type,),
    )
    return dict(rows[0]["payload"]["data"])


def test_dids_are_parsed_to_e164_assigned_changed_and_removed(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    added = accounts.add_dids(
        tree.caller("ra"), tree["enterprise_a"], {"numbers": ["(514) 555-0142", "+1 418 555 0143"]}
    )
    assert [d["number"] for d in added] == ["+15145550142", "+14185550143"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.add_dids(
            tree.caller("ra"),
            tree["enterprise_a"],
            {"numbers": ["514 555 0142", "12345", "+1 438 555 0101", "438-555-0101"]},
        )
    assert set(caught.value.field_errors) == {"numbers.0", "numbers.1", "numbers.3"}
    assert (
        sql_query("SELECT count(*) AS n FROM accounts.dids WHERE tenant_id = %s", (tree["enterprise_a"],))[0]["n"] == 2
    )
    ea = tree.caller("ea")
    assigned = accounts.assign_did(ea, added[0]["id"], {"target_type": "user", "target_id": tree["employee"]})
    assert assigned["used"] and last_event(sql_query, "did_assigned")["target_id"] == tree["employee"]
    assert accounts.get_user(ea, tree["employee"])["dids"] == ["+15145550142"]
    changed = accounts.assign_did(ea, added[0]["id"], {"target_type": "hunt_group", "target_id": tree["sales"]})
    assert changed["target_type"] == "hunt_group"
    used = accounts.list_dids(ea, tree["enterprise_a"], {"state": "used"})
    available = accounts.list_dids(ea, tree["enterprise_a"], {"state": "available"})
    assert [d["number"] for d in used["items"]] == ["+15145550142"]
    assert [d["number"] for d in available["items"]] == ["+14185550143"]
    accounts.assign_did(ea, added[0]["id"], {"target_type": "none"})
    assert last_event(sql_query, "did_assigned")["target_type"] is None
    with pytest.raises(ValidationFailed) as foreign:
        accounts.assign_did(ea, added[0]["id"], {"target_type": "user", "target_id": tree["eb"]})
    assert set(foreign.value.field_errors) == {"target_id"}
    with pytest.raises(NotFound):
        accounts.assign_did(ea, tree["did_b"], {"target_type": "none"})
    with pytest.raises(PermissionDenied):
        accounts.add_dids(ea, tree["enterprise_a"], {"numbers": ["+15145550150"]})


def test_number_blocks_count_assigned_lines(accounts: Any, tree: Hierarchy) -> None:
    ra = tree.caller("ra")
    block = accounts.create_number_block(
        ra,
        tree["enterprise_a"],
        {
            "name": "Ventes",
            "first_number": "+15145550200",
            "last_number": "+15145550209",
            "department_id": tree["sales"],
        },
    )
    assert block["size"] == 10 and block["assigned"] == 0
    dids = accounts.list_dids(tree.caller("ea"), tree["enterprise_a"], {"search": "51455502"})["items"]
    accounts.assign_did(tree.caller("ea"), dids[0]["id"], {"target_type": "user", "target_id": tree["employee"]})
    assert accounts.list_number_blocks(tree.caller("manager"), tree["enterprise_a"])[0]["assigned"] == 1
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_number_block(
            ra, tree["enterprise_a"], {"name": "", "first_number": "+15145550205", "last_number": "+15145550299"}
        )
    assert set(caught.value.field_errors) == {"name", "first_number"}
    with pytest.raises(ValidationFailed):
        accounts.delete_number_block(ra, block["id"])


def test_extensions_one_or_a_range_unique_in_the_enterprise(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    ea = tree.caller("ea")
    added = accounts.add_extensions(ea, tree["enterprise_a"], {"first": "100", "last": "104"})
    assert [e["number"] for e in added] == ["100", "101", "102", "103", "104"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.add_extensions(ea, tree["enterprise_a"], {"first": "104", "last": "106", "user_id": tree["employee"]})
    assert set(caught.value.field_errors) == {"first", "user_id"}
    assert accounts.add_extensions(tree.caller("eb"), tree["enterprise_b"], {"first": "100"})[0]["number"] == "100"
    edited = accounts.update_extension(ea, added[0]["id"], {"number": "110", "user_id": tree["employee"]})
    assert edited["number"] == "110" and last_event(sql_query, "extension_changed")["user_id"] == tree["employee"]
    with pytest.raises(ValidationFailed) as taken:
        accounts.update_extension(ea, added[1]["id"], {"number": "110"})
    assert set(taken.value.field_errors) == {"number"}
    accounts.delete_extension(ea, added[1]["id"])
    assert last_event(sql_query, "extension_changed")["deleted"] is True
    assert len(accounts.list_extensions(ea, tree["enterprise_a"])) == 4
    with pytest.raises(NotFound):
        accounts.delete_extension(ea, tree["extension_b"])


def test_trunk_password_is_encrypted_never_returned_nor_published(
    accounts: Any, tree: Hierarchy, sql_query: Any
) -> None:
    ea = tree.caller("ea")
    trunk = accounts.create_trunk(ea, tree["enterprise_a"], TRUNK)
    assert trunk["has_password"] and "password" not in trunk
    assert trunk["allowed_sources"] == ["203.0.113.0/24", "2001:db8::1/128"]
    assert trunk["caller_id_rules"] == [{"prefix": "1", "caller_id": "+15145550100"}]
    stored = sql_query("SELECT password_encrypted FROM accounts.trunks WHERE id = %s", (trunk["id"],))[0]
    assert Fernet(KEY.encode()).decrypt(stored["password_encrypted"].encode()) == b"Trunk-Secret-77"
    event = last_event(sql_query, "trunk_changed")
    assert event["host"] == "sip.example.net" and "password" not in event
    kept = accounts.update_trunk(ea, trunk["id"], {**TRUNK, "password": None, "port": 5062})
    assert kept["has_password"] and kept["port"] == 5062
    everything = (
        str(sql_query("SELECT payload FROM accounts.outbox"))
        + str(sql_query("SELECT before, after FROM accounts.audit_log"))
        + str(accounts.list_trunks(ea, tree["enterprise_a"]))
    )
    assert "Trunk-Secret-77" not in everything
    bad = {
        **TRUNK,
        "name": "Fournisseur",
        "host": "bad host!",
        "port": 70000,
        "transport": "sctp",
        "allowed_sources": ["10.0.0.1/8"],
        "codecs": ["G729"],
        "caller_id_rules": [{"caller_id": "12"}],
    }
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_trunk(ea, tree["enterprise_a"], bad)
    assert set(caught.value.field_errors) == {
        "name",
        "host",
        "port",
        "transport",
        "allowed_sources.0",
        "codecs.0",
        "caller_id_rules.0.caller_id",
    }
    with pytest.raises(ValidationFailed) as register:
        accounts.create_trunk(ea, tree["enterprise_a"], {"name": "Other", "host": "10.0.0.1", "register": True})
    assert set(register.value.field_errors) == {"register"}
    with pytest.raises(PermissionDenied):
        accounts.create_trunk(tree.caller("manager"), tree["enterprise_a"], TRUNK)
    with pytest.raises(NotFound):
        accounts.update_trunk(ea, tree["trunk_b"], TRUNK)
    accounts.delete_trunk(ea, trunk["id"])
    assert last_event(sql_query, "trunk_changed")["deleted"] is True


def test_phones_mac_normalised_assigned_and_keys(accounts: Any, tree: Hierarchy, sql_query: Any) -> None:
    ea = tree.caller("ea")
    phone = accounts.add_phone(
        ea,
        tree["enterprise_a"],
        {"mac": "00-1A-2B-3C-4D-70", "model": "Yealink T54W", "department_id": tree["sales_west"]},
    )
    assert phone["mac"] == "00:1a:2b:3c:4d:70" and phone["status"] == "not_authenticated"
    with pytest.raises(ValidationFailed) as caught:
        accounts.add_phone(
            ea, tree["enterprise_a"], {"mac": "001a.2b3c.4d70", "model": "", "status": "ringing", "user_id": tree["eb"]}
        )
    assert set(caught.value.field_errors) == {"mac", "model", "status", "user_id"}
    with pytest.raises(ValidationFailed) as multicast:
        accounts.add_phone(ea, tree["enterprise_a"], {"mac": "01:00:5e:00:00:01", "model": "X"})
    assert set(multicast.value.field_errors) == {"mac"}
    manager = tree.caller("manager")
    assigned = accounts.assign_phone(
        manager, phone["id"], {"user_id": tree["employee"], "department_id": tree["sales_west"]}
    )
    assert (
        assigned["user_id"] == tree["employee"]
        and last_event(sql_query, "phone_assigned")["user_id"] == tree["employee"]
    )
    keys = accounts.set_phone_keys(
        manager,
        phone["id"],
        {
            "line_keys": [
                {"position": 1, "action": "speed_dial", "label": "Réception", "value": "+15145550100"},
                {"position": 2, "action": "blf", "value": "20"},
            ],
            "soft_keys": [{"position": 4, "action": "directory"}],
        },
    )
    assert [k["position"] for k in keys["line_keys"]] == [1, 2] and keys["soft_keys"][0]["action"] == "directory"
    with pytest.raises(ValidationFailed) as bad_keys:
        accounts.set_phone_keys(
            manager,
            phone["id"],
            {
                "line_keys": [
                    {"position": 13, "action": "blf", "value": "20"},
                    {"position": 1, "action": "speed_dial"},
                ],
                "soft_keys": [{"position": 1, "action": "directory"}, {"position": 1, "action": "directory"}],
            },
        )
    assert set(bad_keys.value.field_errors) == {"line_keys.0.position", "line_keys.1.value", "line_keys.1.label"}
    with pytest.raises(ValidationFailed) as twice:
        accounts.set_phone_keys(manager, phone["id"], {"soft_keys": [{"position": 1, "action": "directory"}] * 2})
    assert set(twice.value.field_errors) == {"soft_keys"}
    assert len(accounts.get_phone(ea, phone["id"])["line_keys"]) == 2
    with pytest.raises(PermissionDenied):
        accounts.delete_phone(manager, phone["id"])
    with pytest.raises(NotFound):
        accounts.get_phone(manager, tree["phone_b"])
    assert [p["mac"] for p in accounts.list_phones(manager, tree["enterprise_a"])] == ["00:1a:2b:3c:4d:70"]
    accounts.delete_phone(ea, phone["id"])
    assert last_event(sql_query, "phone_assigned")["deleted"] is True


def test_missing_secrets_key_fails_only_calls_that_need_it(
    tree: Hierarchy, run_services: Any, rpc: Any, platform_config: dict[str, Any]
) -> None:
    platform_config["ACCOUNTS"]["SECRETS_KEY"] = ""
    run_services(AccountsService)
    accounts = rpc("accounts")
    assert accounts.list_trunks(tree.caller("ea"), tree["enterprise_a"]) == []
    with pytest.raises(Exception, match="SECRETS_KEY"):
        accounts.create_trunk(tree.caller("ea"), tree["enterprise_a"], TRUNK)
