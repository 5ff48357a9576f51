"""Configuration RPCs (RTE-02..08): validated field by field, confined to the caller's scope, and seen by the next
route_call on every replica (the snapshot cache follows the configuration version)."""

import uuid
from typing import Any

import pytest

from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.service import RoutingService
from routing.storage import RoutingStore


def seeded(db_connection: Any, **options: Any) -> SeededEnterprise:
    with db_connection.savepoint("routing") as tx:
        return seed_enterprise(RoutingStore(tx), **options)


def scope_of(
    enterprise: SeededEnterprise, role: str = "enterprise_admin", user_id: str | None = None
) -> dict[str, Any]:
    return {"tenant_path": list(enterprise.scope.tenant_path), "role": role, "user_id": user_id}


def test_rte08_hunt_group_crud_and_the_next_call_sees_the_change(
    run_services: Any, rpc: Any, db_connection: Any
) -> None:
    enterprise = seeded(db_connection, users=6, hunt_groups=0, auto_attendants=0)
    run_services(RoutingService)
    routing, scope = rpc("routing"), scope_of(enterprise)
    group = routing.create_hunt_group(
        scope,
        enterprise.enterprise_id,
        {
            "name": "Soutien",
            "pilot": "+15146669999",
            "algorithm": "regular",
            "members": [{"user_id": u} for u in enterprise.users[:2]],
        },
    )
    assert [m["user_id"] for m in group["members"]] == enterprise.users[:2]
    assert group["members"][0] == {"user_id": enterprise.users[0], "logged_in": True, "weight": 1}
    call = {"call_id": "c1", "caller": "+16135550100", "dialled": "+15146669999", "origin": "trunk"}
    assert [c["address"] for c in routing.route_call(call)["contacts"]] == enterprise.users[:2]
    updated = routing.update_hunt_group(
        scope,
        group["id"],
        {
            "name": "Soutien",
            "pilot": "+15146669999",
            "algorithm": "simultaneous",
            "members": [{"user_id": u} for u in enterprise.users[2:5]],
        },
    )
    assert updated["algorithm"] == "simultaneous"
    plan = routing.route_call({**call, "call_id": "c2"})
    assert (plan["mode"], [c["address"] for c in plan["contacts"]]) == ("simultaneous", enterprise.users[2:5])
    assert [g["id"] for g in routing.list_hunt_groups(scope, enterprise.enterprise_id)] == [group["id"]]
    routing.delete_hunt_group(scope, group["id"])
    assert routing.route_call({**call, "call_id": "c3"})["reason"] == "unknown_did"


def test_rte08_field_errors_name_the_field(run_services: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=1, hunt_groups=1, auto_attendants=0)
    run_services(RoutingService)
    routing, scope = rpc("routing"), scope_of(enterprise)
    with pytest.raises(ValidationFailed) as failed:
        routing.create_hunt_group(
            scope,
            enterprise.enterprise_id,
            {"name": "", "pilot": "514", "algorithm": "random", "overflow": {"kind": "user", "ref": "nobody"}},
        )
    assert set(failed.value.field_errors) == {"name", "pilot", "algorithm", "overflow.ref"}
    with pytest.raises(ValidationFailed) as taken:
        routing.create_hunt_group(scope, enterprise.enterprise_id, {"name": "Groupe 1"})
    assert set(taken.value.field_errors) == {"name"}


def test_rte06_auto_attendant_menus_round_trip(run_services: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=2, hunt_groups=1, auto_attendants=1)
    run_services(RoutingService)
    routing, scope = rpc("routing"), scope_of(enterprise)
    attendant = routing.get_auto_attendant(scope, enterprise.auto_attendants[0]["id"])
    assert [m["menu"] for m in attendant["menus"]] == ["closed", "main", "support"]
    main = next(m for m in attendant["menus"] if m["menu"] == "main")
    assert main["keys"][1] == {"key": "2", "action": "submenu", "ref": "support"}
    with pytest.raises(ValidationFailed) as failed:
        routing.create_auto_attendant(
            scope,
            enterprise.enterprise_id,
            {
                "name": "X",
                "business_hours_menu": "nope",
                "menus": [{"menu": "main", "prompt": "p", "keys": [{"key": "1", "action": "submenu", "ref": "gone"}]}],
            },
        )
    assert "business_hours_menu" in failed.value.field_errors


def test_rte02_restrictions_rules_ticks_and_exemptions(run_services: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=2, hunt_groups=0, auto_attendants=0)
    run_services(RoutingService)
    routing, scope = rpc("routing"), scope_of(enterprise)
    rules = routing.list_restriction_rules(scope, enterprise.enterprise_id)
    uk = next(r for r in rules if r["value"] == "+44")
    call = {
        "call_id": "uk",
        "caller": "2000",
        "dialled": "+442079460000",
        "origin": "internal",
        "caller_user_id": enterprise.users[0],
    }
    assert routing.route_call(call)["kind"] == "ring"
    routing.set_user_restrictions(scope, enterprise.enterprise_id, enterprise.users[0], {"rule_ids": [uk["id"]]})
    assert routing.route_call({**call, "call_id": "uk2"})["reason"] == "restricted"
    cuba = next(r for r in rules if r["value"] == "CU")
    routing.add_restriction_exemption(
        scope,
        cuba["id"],
        {"level": "user", "subject_id": enterprise.users[0], "enterprise_id": enterprise.enterprise_id},
    )
    assert routing.route_call({**call, "call_id": "cu", "dialled": "+5372345678"})["kind"] == "ring"
    with pytest.raises(ValidationFailed) as failed:
        routing.create_restriction_rule(
            scope, enterprise.enterprise_id, {"level": "system", "match": "country", "value": "FR"}
        )
    assert set(failed.value.field_errors) == {"level"}


def test_rte04_a_user_sets_their_own_forwarding_only(run_services: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=2, hunt_groups=0, auto_attendants=0)
    run_services(RoutingService)
    routing = rpc("routing")
    me, colleague = enterprise.users
    mine = scope_of(enterprise, "user", me)
    assert routing.get_forwarding(mine, enterprise.enterprise_id, me)["always"] is None
    saved = routing.set_forwarding(
        mine,
        enterprise.enterprise_id,
        me,
        {"always": {"target": {"kind": "number", "ref": "2001"}}, "ring_seconds": 10},
    )
    assert saved["always"] == {"enabled": True, "target": {"kind": "number", "ref": "2001"}}
    plan = routing.route_call(
        {"call_id": "f", "caller": "+16135550100", "dialled": enterprise.did(0), "origin": "trunk"}
    )
    assert plan["contacts"][0]["address"] == colleague
    with pytest.raises(PermissionDenied):
        routing.set_forwarding(mine, enterprise.enterprise_id, colleague, {})
    with pytest.raises(PermissionDenied):
        routing.create_phone_zone(mine, enterprise.enterprise_id, {"name": "Z", "area_codes": []})


def test_objects_outside_the_scope_are_not_found(run_services: Any, rpc: Any, db_connection: Any) -> None:
    mine = seeded(db_connection, users=1, hunt_groups=0, auto_attendants=0)
    theirs = seeded(db_connection, users=4, hunt_groups=1, auto_attendants=1, did_base=100)
    run_services(RoutingService)
    routing, scope = rpc("routing"), scope_of(mine)
    their_group = theirs.hunt_groups[0]["id"]
    for attempt in (
        lambda: routing.get_hunt_group(scope, their_group),
        lambda: routing.update_hunt_group(scope, their_group, {"name": "x"}),
        lambda: routing.delete_hunt_group(scope, their_group),
        lambda: routing.list_schedules(scope, theirs.enterprise_id),
        lambda: routing.create_phone_zone(scope, theirs.enterprise_id, {"name": "Z", "area_codes": []}),
        lambda: routing.get_forwarding(scope, theirs.enterprise_id, theirs.users[0]),
        lambda: routing.get_phone_zone(scope, str(uuid.uuid4())),
        lambda: routing.get_schedule(scope, "not-an-id"),
    ):
        with pytest.raises(NotFound):
            attempt()
    reseller = {"tenant_path": [theirs.system_id, theirs.reseller_id], "role": "reseller_admin"}
    assert routing.get_hunt_group(reseller, their_group)["id"] == their_group
