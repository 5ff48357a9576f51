"""Routing's side of tests.hierarchy: the tenants projection of the tree, and one configuration object of each
kind in enterprise B (written through the configuration RPCs' own code), so that walls are tested on objects
that exist (RTE-02..08)."""

from __future__ import annotations

from typing import Any

from relais_kit.db import SavepointConnection
from routing import configuration, group_resources, group_services
from routing.resources import AUTO_ATTENDANT, HUNT_GROUP, PHONE_ZONE, RESTRICTION_RULE, SCHEDULE
from routing.scope import Scope
from routing.storage import RoutingStore


def seed_routing(db: SavepointConnection, ids: dict[str, str]) -> dict[str, str]:
    system = ids["system"]
    tenants = (
        ("reseller_a", "reseller", system),
        ("reseller_b", "reseller", system),
        ("enterprise_a", "enterprise", ids["reseller_a"]),
        ("enterprise_b", "enterprise", ids["reseller_b"]),
        ("professional_a", "professional", ids["reseller_a"]),
    )
    created: dict[str, str] = {}
    with db.savepoint("routing") as tx:
        store = RoutingStore(tx)
        for key, kind, parent in tenants:
            path = [system, parent, ids[key]] if parent != system else [system, ids[key]]
            store.upsert_tenant(ids[key], kind, parent, path, key, time_zone="America/Montreal")
        enterprise = ids["enterprise_b"]
        scope = Scope((system, ids["reseller_b"], enterprise), "enterprise_admin", ids["eb"])

        def make(resource: Any, payload: dict[str, Any]) -> str:
            return str(configuration.create(store, scope, resource, enterprise, payload)["id"])

        created["schedule_id"] = make(
            SCHEDULE, {"name": "B", "weekly": [{"weekday": 0, "start": "08:00", "end": "17:00"}]}
        )
        created["zone_id"] = make(PHONE_ZONE, {"name": "B", "area_codes": ["+1514"]})
        created["group_id"] = make(HUNT_GROUP, {"name": "B"})
        created["attendant_id"] = make(
            AUTO_ATTENDANT, {"name": "B", "business_hours_menu": "main", "menus": [{"menu": "main", "prompt": "b"}]}
        )
        created["rule_id"] = make(RESTRICTION_RULE, {"level": "enterprise", "match": "country", "value": "CU"})
        exemption = configuration.add_exemption(
            store, scope, created["rule_id"], {"level": "enterprise", "subject_id": enterprise}
        )
        created["exemption_id"] = str(exemption["id"])
        created.update(_group_services(store, scope, enterprise, ids["eb"]))
    return created


def _group_services(store: RoutingStore, scope: Scope, enterprise: str, line: str) -> dict[str, str]:
    """One object of each group service (RTE-07, 09..13) in enterprise B."""
    second = "5d6f1c1e-0000-4000-8000-00000000b002"
    store.upsert_line(line, enterprise, extension="2001")
    store.upsert_line(second, enterprise, extension="2002")
    g = group_resources
    payloads: tuple[tuple[str, Any, dict[str, Any]], ...] = (
        ("night_forwarding_id", g.NIGHT_FORWARDING, {"name": "B", "target": {"kind": "number", "ref": "5550000"}}),
        ("centre_id", g.CALL_CENTRE, {"name": "B", "agents": [{"user_id": line}]}),
        ("pickup_group_id", g.PICKUP_GROUP, {"name": "B"}),
        ("park_group_id", g.PARK_GROUP, {"name": "B"}),
        ("paging_group_id", g.PAGING_GROUP, {"name": "B"}),
        ("instant_call_id", g.INSTANT_GROUP_CALL, {"name": "B", "external_numbers": ["+15145550100"]}),
        ("series_id", g.SERIES_COMPLETION, {"name": "B", "member_user_ids": [line, second]}),
        ("speed_code_id", g.SPEED_CODE, {"code": "11", "number": "5550000"}),
    )
    created = {
        key: str(group_services.create_group(store, scope, service, enterprise, payload)["id"])
        for key, service, payload in payloads
    }
    code = group_services.create_authorization_code(store, scope, enterprise, {"code": "24680"})
    created["code_id"] = str(code["id"])
    return created
