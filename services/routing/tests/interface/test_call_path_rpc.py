"""The call-path RPCs media uses, over real RabbitMQ and PostgreSQL: route_call, step_call, call_ended and the
route tracer (RTE-01, 06, 08, 13, 14, 18)."""

from typing import Any

import pytest

from relais_kit.errors import NotFound, ValidationFailed
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.service import RoutingService
from routing.storage import RoutingStore

OUTSIDE = "+16135550100"
BUSINESS_HOURS = "2026-06-10T15:00:00+00:00"  # a Wednesday, 11:00 in Montréal


def seeded(db_connection: Any, **options: Any) -> SeededEnterprise:
    with db_connection.savepoint("routing") as tx:
        return seed_enterprise(RoutingStore(tx), **options)


def trunk_call(call_id: str, dialled: str, **extra: Any) -> dict[str, Any]:
    return {"call_id": call_id, "caller": OUTSIDE, "dialled": dialled, "origin": "trunk", **extra}


def test_rte08_circular_hunt_group_offers_calls_in_turn(
    run_services: Any, rpc: Any, db_connection: Any, sql_query: Any
) -> None:
    enterprise = seeded(db_connection, users=4, algorithm="circular")
    run_services(RoutingService)
    routing = rpc("routing")
    pilot = enterprise.hunt_groups[0]["pilot"]
    firsts = [routing.route_call(trunk_call(f"call-{n}", pilot))["contacts"][0]["address"] for n in range(5)]
    assert firsts == [*enterprise.users[:4], enterprise.users[0]]
    stored = sql_query("SELECT position FROM routing.hunt_positions")
    assert stored == [{"position": 0}]


def test_rte01_plan_has_a_stable_shape_with_its_trace(run_services: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=2, hunt_groups=0)
    run_services(RoutingService)
    plan = rpc("routing").route_call(trunk_call("call-1", enterprise.did(1)))
    assert plan["kind"] == "ring"
    assert plan["contacts"] == [{"kind": "user", "address": enterprise.users[1], "confirm_answer": False}]
    assert plan["fallback"]["kind"] == "voicemail"
    assert [step["code"] for step in plan["trace"]] == ["CALL", "DID", "RING"]
    assert {"feature", "code", "message"} <= set(plan["trace"][0])
    assert plan["state"]["call_id"] == "call-1" and plan["state"]["enterprise_id"] == enterprise.enterprise_id
    assert "updates" not in plan


def test_rte06_step_call_follows_the_callers_keys(run_services: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=4)
    run_services(RoutingService)
    routing = rpc("routing")
    menu = routing.route_call(
        {
            "call_id": "c",
            "caller": "2000",
            "dialled": "700",
            "origin": "internal",
            "caller_user_id": enterprise.users[0],
            "at": BUSINESS_HOURS,
        }
    )
    assert (menu["kind"], menu["menu_id"]) == ("play_menu", "main")
    support = routing.step_call(menu["state"], {"type": "digits_pressed", "digits": "2", "at": BUSINESS_HOURS})
    assert (support["kind"], support["menu_id"]) == ("play_menu", "support")
    rung = routing.step_call(support["state"], {"type": "digits_pressed", "digits": "1", "at": BUSINESS_HOURS})
    assert rung["kind"] == "ring" and rung["contacts"][0]["address"] == enterprise.users[1]
    voicemail = routing.step_call(rung["state"], {"type": "no_answer"})
    assert voicemail["kind"] == "voicemail" and voicemail["mailbox"] == enterprise.users[1]


def test_rte14_department_limit_counts_calls_and_each_end_releases_once(
    run_services: Any, rpc: Any, db_connection: Any, sql_query: Any
) -> None:
    enterprise = seeded(db_connection, users=2, outgoing_limit=1)
    run_services(RoutingService)
    routing = rpc("routing")

    def call_out(call_id: str) -> dict[str, Any]:
        return routing.route_call(
            {
                "call_id": call_id,
                "caller": "2000",
                "dialled": "+15145550199",
                "origin": "internal",
                "caller_user_id": enterprise.users[0],
            }
        )

    assert call_out("first")["kind"] == "ring"
    refused = call_out("second")
    assert (refused["kind"], refused["reason"]) == ("reject", "outgoing_limit")
    assert routing.call_ended("first") == {
        "call_id": "first",
        "released": [f"{enterprise.department_id}:out"],
        "first_end": True,
    }
    assert routing.call_ended("first") == {"call_id": "first", "released": [], "first_end": False}
    counters = sql_query("SELECT in_progress FROM routing.department_calls")
    assert counters == [{"in_progress": 0}]
    assert call_out("third")["kind"] == "ring"


def test_rte14_an_end_that_arrives_before_its_plan_counts_nothing(
    run_services: Any, rpc: Any, db_connection: Any, sql_query: Any
) -> None:
    enterprise = seeded(db_connection, users=1, outgoing_limit=3)
    run_services(RoutingService)
    routing = rpc("routing")
    assert routing.call_ended("early")["first_end"] is True
    plan = routing.route_call(
        {
            "call_id": "early",
            "caller": "2000",
            "dialled": "+15145550199",
            "origin": "internal",
            "caller_user_id": enterprise.users[0],
        }
    )
    assert plan["kind"] == "ring"
    assert sql_query("SELECT coalesce(sum(in_progress), 0) AS n FROM routing.department_calls") == [{"n": 0}]


def test_rte13_wrong_account_codes_block_the_line(
    run_services: Any, rpc: Any, db_connection: Any, sql_query: Any
) -> None:
    enterprise = seeded(db_connection, users=1, hunt_groups=0, auto_attendants=0)
    with db_connection.savepoint("routing") as tx:
        tx.execute(
            "INSERT INTO account_code_policies (id, tenant_id, required_for, codes, max_attempts)"
            " VALUES (gen_random_uuid(), %s, '{long_distance,international}', '{1234}', 2)",
            (enterprise.enterprise_id,),
        )
    run_services(RoutingService)
    routing = rpc("routing")
    request = {
        "call_id": "ld",
        "caller": "2000",
        "dialled": "+14165550100",
        "origin": "internal",
        "caller_user_id": enterprise.users[0],
    }
    ask = routing.route_call(request)
    assert ask["kind"] == "ask_account_code"
    again = routing.step_call(ask["state"], {"type": "account_code_entered", "code": "1111"})
    blocked = routing.step_call(again["state"], {"type": "account_code_entered", "code": "2222"})
    assert (blocked["kind"], blocked["reason"]) == ("reject", "account_code_blocked")
    assert routing.route_call({**request, "call_id": "ld2"})["reason"] == "line_blocked"
    assert sql_query("SELECT user_id::text FROM routing.line_blocks") == [{"user_id": enterprise.users[0]}]


def test_rte18_trace_route_explains_without_changing_anything(
    run_services: Any, rpc: Any, db_connection: Any, sql_query: Any
) -> None:
    enterprise = seeded(db_connection, users=4, algorithm="circular")
    run_services(RoutingService)
    scope = {"tenant_path": list(enterprise.scope.tenant_path), "role": "enterprise_admin"}
    traced = rpc("routing").trace_route(scope, OUTSIDE, enterprise.hunt_groups[0]["pilot"], BUSINESS_HOURS)
    assert traced["origin"] == "trunk"
    assert [(s["feature"], s["code"]) for s in traced["trace"]] == [
        ("RTE-18", "CALL"),
        ("RTE-01", "DID"),
        ("RTE-08", "HUNT"),
    ]
    internal = rpc("routing").trace_route(scope, "2000", "+19005550100")
    assert internal["caller_user_id"] == enterprise.users[0]
    assert internal["plan"]["reason"] == "restricted"
    assert sql_query("SELECT * FROM routing.hunt_positions") == []


def test_rte18_trace_route_outside_the_scope_is_not_found(run_services: Any, rpc: Any, db_connection: Any) -> None:
    mine, theirs = seeded(db_connection, users=1), seeded(db_connection, users=1, did_base=100)
    run_services(RoutingService)
    scope = {"tenant_path": list(mine.scope.tenant_path), "role": "enterprise_admin"}
    with pytest.raises(NotFound):
        rpc("routing").trace_route(scope, OUTSIDE, theirs.did(100), None, theirs.enterprise_id)


def test_route_call_names_each_bad_field(run_services: Any, rpc: Any) -> None:
    run_services(RoutingService)
    with pytest.raises(ValidationFailed) as failed:
        rpc("routing").route_call({"call_id": "", "caller": OUTSIDE, "dialled": "abc", "origin": "sideways"})
    assert set(failed.value.field_errors) == {"call_id", "dialled", "origin"}


def test_rte01_an_unknown_number_is_rejected(run_services: Any, rpc: Any) -> None:
    run_services(RoutingService)
    plan = rpc("routing").route_call(trunk_call("lost", "+15149999999"))
    assert (plan["kind"], plan["reason"], plan["sip_code"]) == ("reject", "unknown_did", 404)


def test_plans_match_the_published_rpc_contract(run_services: Any, rpc: Any, db_connection: Any) -> None:
    """Every kind of plan route_call answers validates against protos/rpc/routing.v1.json."""
    import json
    from pathlib import Path

    import jsonschema

    contract = json.loads((Path(__file__).resolve().parents[4] / "protos/rpc/routing.v1.json").read_text())
    plan_schema = {**contract["methods"]["route_call"]["result"], "$defs": contract["$defs"]}
    enterprise = seeded(db_connection, users=4)
    run_services(RoutingService)
    routing = rpc("routing")
    plans = [
        routing.route_call(trunk_call("a", enterprise.hunt_groups[0]["pilot"])),
        routing.route_call(trunk_call("b", "+15149999999")),
        routing.route_call(
            {
                "call_id": "c",
                "caller": "2000",
                "dialled": "700",
                "origin": "internal",
                "caller_user_id": enterprise.users[0],
                "at": BUSINESS_HOURS,
            }
        ),
    ]
    for plan in plans:
        jsonschema.validate(plan, plan_schema)
