"""A small tenant tree for tests, written straight into the accounts schema (fast; no RPC):

system (admin)
├── reseller A (ra)           ├── reseller B (rb)
│   ├── enterprise A (ea)     │   └── enterprise B (eb)
│   │   ├── Sales (managed by "manager")
│   │   │   └── Sales West ("employee" works here)
│   │   └── Support
│   └── professional A (pro)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from accounts.passwords import make_hasher
from accounts.seed import seed_defaults
from accounts.storage import AccountsStore
from relais_kit.db import SavepointConnection
from relais_kit.events import OutboxWriter

PASSWORD = "Password-1234"


@dataclass
class Hierarchy:
    ids: dict[str, str]

    def caller(self, name: str) -> dict[str, str]:
        return {"user_id": self.ids[name]}

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def build(db: SavepointConnection) -> Hierarchy:
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    hashed = hasher.hash(PASSWORD)
    ids: dict[str, str] = {}
    with db.savepoint("accounts") as tx:
        store = AccountsStore(tx)
        seed_defaults(
            store, OutboxWriter("accounts"), hasher, {"admin": PASSWORD, "reseller": PASSWORD, "user": PASSWORD}
        )
        system = store.system_tenant()
        assert system is not None
        ids["system"] = str(system["id"])
        ids["admin"] = str(tx.scalar("SELECT id FROM users WHERE identifier = 'admin'"))

        def tenant(key: str, kind: str, parent: dict[str, Any], name: str) -> dict[str, Any]:
            row = store.create_tenant(kind, parent, name, billing_owner="reseller" if kind == "reseller" else None)
            ids[key] = str(row["id"])
            return row

        def user(key: str, tenant_row: dict[str, Any], role: str, enterprise_role: str | None = None) -> None:
            row = store.create_user(
                tenant_row["id"],
                key,
                key.capitalize(),
                role,
                hashed,
                email=f"{key}@example.ca",
                enterprise_role=enterprise_role,
            )
            ids[key] = str(row["id"])

        reseller_a = tenant("reseller_a", "reseller", system, "Reseller A")
        reseller_b = tenant("reseller_b", "reseller", system, "Reseller B")
        user("ra", reseller_a, "reseller_admin")
        user("rb", reseller_b, "reseller_admin")
        enterprise_a = tenant("enterprise_a", "enterprise", reseller_a, "Enterprise A")
        enterprise_b = tenant("enterprise_b", "enterprise", reseller_b, "Enterprise B")
        professional = tenant("professional_a", "professional", reseller_a, "Professional A")
        user("ea", enterprise_a, "enterprise_admin")
        user("eb", enterprise_b, "enterprise_admin")
        user("proa", professional, "user")
        user("manager", enterprise_a, "user")
        user("employee", enterprise_a, "user")
        user("receptionist", enterprise_a, "user", "receptionist")
        sales = store.create_department(enterprise_a["id"], None, {"name": "Sales"})
        west = store.create_department(enterprise_a["id"], sales, {"name": "Sales West"})
        support = store.create_department(enterprise_a["id"], None, {"name": "Support"})
        ids.update(sales=str(sales["id"]), sales_west=str(west["id"]), support=str(support["id"]))
        store.set_department_managers(sales["id"], [ids["manager"]])
        tx.execute("UPDATE users SET department_id = %s WHERE id = %s", (ids["sales_west"], ids["employee"]))
        # Numbers, extensions, a trunk and a phone of enterprise B, for the walls (NUM-01, 02, 04..07).
        ids["did_b"] = str(store.add_dids(enterprise_b["id"], ["+15145550199"])[0]["id"])
        ids["extension_b"] = str(store.add_extension(enterprise_b["id"], "200", ids["eb"])["id"])
        block_b = store.create_number_block(
            enterprise_b["id"], {"name": "Block B", "first_number": "+15145550300", "last_number": "+15145550309"}
        )
        ids["block_b"] = str(block_b["id"])
        ids["trunk_b"] = str(uuid.uuid4())
        store.save_trunk(
            ids["trunk_b"],
            enterprise_b["id"],
            {
                "name": "Trunk B",
                "host": "sip.example.net",
                "port": 5060,
                "transport": "udp",
                "username": None,
                "register": False,
                "allowed_sources": [],
                "codecs": ["PCMU"],
                "caller_id_rules": [],
            },
            None,
        )
        phone_b = store.add_phone(
            enterprise_b["id"], {"mac": "00:1a:2b:3c:4d:5e", "model": "Yealink T54W", "status": "registered"}
        )
        ids["phone_b"] = str(phone_b["id"])
        # A contact, a partner and an API key of reseller B's side, and a system mail preset (ACC-22..24, 26).
        ids["contact_b"] = str(uuid.uuid4())
        store.save_contact(ids["contact_b"], enterprise_b["id"], {"last_name": "Contact B", "number": "5145550111"})
        ids["partner_b"] = str(uuid.uuid4())
        store.save_partner(ids["partner_b"], reseller_b["id"], {"name": "Partner B", "regions": ["Ontario"]})
        ids["preset"] = str(uuid.uuid4())
        store.save_mail_preset(
            ids["preset"],
            {"name": "Gmail", "protocol": "IMAP", "host": "imap.gmail.com", "port": 993, "security": "tls"},
        )
        key_b = store.add_provisioning_key(
            {
                "id": str(uuid.uuid4()),
                "reseller_id": str(reseller_b["id"]),
                "created_by": ids["rb"],
                "name": "Site B",
                "prefix": "0123456789ab",
                "key_hash": "0" * 64,
            }
        )
        ids["key_b"] = str(key_b["id"])
    return Hierarchy(ids)
