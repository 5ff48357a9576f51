"""An example enterprise written through the same code as the configuration RPCs, for tests and benchmarks:
lines with extensions and DIDs, departments with limits, hunt groups, auto attendants, a schedule, restrictions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from routing import configuration
from routing.resources import AUTO_ATTENDANT, HUNT_GROUP, PHONE_ZONE, RESTRICTION_RULE, SCHEDULE
from routing.scope import Scope
from routing.storage import RoutingStore


@dataclass
class SeededEnterprise:
    system_id: str
    reseller_id: str
    enterprise_id: str
    scope: Scope
    users: list[str] = field(default_factory=list)
    department_id: str = ""
    hunt_groups: list[dict[str, Any]] = field(default_factory=list)
    auto_attendants: list[dict[str, Any]] = field(default_factory=list)

    def did(self, index: int) -> str:
        return f"+1514555{index:04d}"

    def extension(self, index: int) -> str:
        return f"{2000 + index}"


def seed_enterprise(
    store: RoutingStore,
    *,
    users: int = 10,
    hunt_groups: int = 1,
    auto_attendants: int = 1,
    algorithm: str = "circular",
    outgoing_limit: int | None = None,
    did_base: int = 0,
) -> SeededEnterprise:
    system_id, reseller_id, enterprise_id = (str(uuid.uuid4()) for _ in range(3))
    store.upsert_tenant(reseller_id, "reseller", system_id, [system_id, reseller_id], "Revendeur")
    store.upsert_tenant(
        enterprise_id,
        "enterprise",
        reseller_id,
        [system_id, reseller_id, enterprise_id],
        "Entreprise",
        time_zone="America/Montreal",
    )
    scope = Scope((system_id, reseller_id, enterprise_id), "enterprise_admin", None)
    seeded = SeededEnterprise(system_id, reseller_id, enterprise_id, scope)
    seeded.department_id = str(uuid.uuid4())
    store.upsert_department(
        {
            "department_id": seeded.department_id,
            "enterprise_id": enterprise_id,
            "path": [seeded.department_id],
            "name": "Ventes",
            "max_incoming_calls": None,
            "max_outgoing_calls": outgoing_limit,
        }
    )
    for index in range(users):
        user_id = str(uuid.uuid4())
        seeded.users.append(user_id)
        store.upsert_line(user_id, enterprise_id, department_id=seeded.department_id, extension=seeded.extension(index))
        store.upsert_did(seeded.did(did_base + index), enterprise_id, "user", user_id)
    schedule = configuration.create(
        store,
        scope,
        SCHEDULE,
        enterprise_id,
        {"name": "Heures d'ouverture", "weekly": [{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)]},
    )
    for index in range(hunt_groups):
        members = seeded.users[index * 4 : index * 4 + 4] or seeded.users[:4]
        seeded.hunt_groups.append(
            configuration.create(
                store,
                scope,
                HUNT_GROUP,
                enterprise_id,
                {
                    "name": f"Groupe {index + 1}",
                    "pilot": f"+1514666{did_base + index:04d}",
                    "extension": f"{500 + index}",
                    "algorithm": algorithm,
                    "members": [{"user_id": user_id} for user_id in members],
                    "overflow": {"kind": "voicemail", "ref": members[0]},
                },
            )
        )
    # The menus name only what exists (routing refuses a key to a missing extension): the first hunt group,
    # else the first line; the support menu's second line, else the first.
    main_target = "500" if hunt_groups else seeded.extension(0)
    support_target = seeded.extension(1 if users > 1 else 0)
    for index in range(auto_attendants):
        seeded.auto_attendants.append(
            configuration.create(
                store,
                scope,
                AUTO_ATTENDANT,
                enterprise_id,
                {
                    "name": f"Accueil {index + 1}",
                    "extension": f"{700 + index}",
                    "business_hours_menu": "main",
                    "after_hours_menu": "closed",
                    "business_schedule_id": schedule["id"],
                    "menus": [
                        {
                            "menu": "main",
                            "prompt": "welcome",
                            "keys": [
                                {"key": "1", "action": "transfer", "ref": main_target},
                                {"key": "2", "action": "submenu", "ref": "support"},
                                {"key": "9", "action": "directory"},
                            ],
                        },
                        {
                            "menu": "support",
                            "prompt": "support",
                            "keys": [{"key": "1", "action": "transfer", "ref": support_target}],
                        },
                        {"menu": "closed", "prompt": "closed", "keys": [{"key": "0", "action": "repeat"}]},
                    ],
                },
            )
        )
    configuration.create(
        store, scope, PHONE_ZONE, enterprise_id, {"name": "Montréal", "area_codes": ["+1514", "+1438", "+1450"]}
    )
    for rule in (
        {"level": "enterprise", "match": "prefix", "value": "+1900", "name": "Numéros surtaxés"},
        {"level": "enterprise", "match": "country", "value": "CU", "name": "Cuba"},
        {"level": "enterprise", "match": "prefix", "value": "+44", "per_user": True, "name": "Royaume-Uni"},
    ):
        configuration.create(store, scope, RESTRICTION_RULE, enterprise_id, rule)
    return seeded
