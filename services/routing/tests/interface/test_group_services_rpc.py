"""Group services and enterprise settings over real RabbitMQ and PostgreSQL (RTE-07, RTE-09..16): each saves and
reads back, refuses bad fields with the field and rule named and stores nothing, stays inside the caller's scope,
and what the engine routes on follows the change."""

import uuid
from typing import Any

import pytest

from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.service import RoutingService
from routing.storage import RoutingStore


def seeded(db_connection: Any, **options: Any) -> SeededEnterprise:
    with db_connection.savepoint("routing") as tx:
        return seed_enterprise(RoutingStore(tx), **{"hunt_groups": 0, "auto_attendants": 0, **options})


def scope_of(
    enterprise: SeededEnterprise, role: str = "enterprise_admin", user_id: str | None = None
) -> dict[str, Any]:
    return {"tenant_path": list(enterprise.scope.tenant_path), "role": role, "user_id": user_id}


def field_errors(call: Any, *args: Any) -> set[str]:
    with pytest.raises(ValidationFailed) as failed:
        call(*args)
    return set(failed.value.field_errors)


@pytest.fixture()
def world(run_services: Any, rpc: Any, db_connection: Any) -> tuple[Any, SeededEnterprise, SeededEnterprise]:
    mine, other = seeded(db_connection, users=6), seeded(db_connection, users=2, did_base=100)
    run_services(RoutingService)
    return rpc("routing"), mine, other


def test_rte10_11_groups_round_trip_and_refuse_what_the_database_knows(world: Any) -> None:
    routing, ent, other = world
    scope, users = scope_of(ent), ent.users
    cases: list[tuple[str, str, dict[str, Any], set[str]]] = [
        # (kind, plural, payload, fields refused)
        ("pickup_group", "pickup_groups", {"name": "Accueil", "member_user_ids": users[:2]}, set()),
        ("pickup_group", "pickup_groups", {"name": "Bis", "member_user_ids": [users[0]]}, {"member_user_ids"}),
        ("pickup_group", "pickup_groups", {"name": "Autre", "member_user_ids": [other.users[0]]}, {"member_user_ids"}),
        (
            "pickup_group",
            "pickup_groups",
            {"name": "", "member_user_ids": [users[2], users[2]]},
            {"name", "member_user_ids"},
        ),
        ("park_group", "park_groups", {"name": "Parc", "member_user_ids": users[:3], "recall_seconds": 60}, set()),
        ("park_group", "park_groups", {"name": "Parc 2", "recall_seconds": 29}, {"recall_seconds"}),
        (
            "paging_group",
            "paging_groups",
            {"name": "Entrepôt", "extension": "7001", "member_user_ids": users[:3]},
            set(),
        ),
        ("paging_group", "paging_groups", {"name": "Entrepôt", "extension": "7002"}, {"name"}),
        (
            "instant_group_call",
            "instant_group_calls",
            {"name": "Urgence", "member_user_ids": users[:2], "external_numbers": ["+15145550199"]},
            set(),
        ),
        ("instant_group_call", "instant_group_calls", {"name": "Vide"}, {"member_user_ids"}),
        (
            "instant_group_call",
            "instant_group_calls",
            {"name": "Mauvais", "external_numbers": ["5145550199"]},
            {"external_numbers.0"},
        ),
        ("series_completion", "series_completions", {"name": "Série", "member_user_ids": users[3:6]}, set()),
        # an extension already held by a line or another group, a target that does not exist
        ("paging_group", "paging_groups", {"name": "Quai", "extension": ent.extension(1)}, {"extension"}),
        ("call_centre", "call_centres", {"name": "Centre", "extension": "7001"}, {"extension"}),
        (
            "call_centre",
            "call_centres",
            {"name": "Centre", "overflow": {"kind": "hunt_group", "ref": str(uuid.uuid4())}},
            {"overflow.ref"},
        ),
        (
            "night_forwarding",
            "night_forwardings",
            {"name": "Nuit", "target": {"kind": "number", "ref": "2999"}},
            {"target.ref"},
        ),
        (
            "series_completion",
            "series_completions",
            {"name": "Une seule", "member_user_ids": [users[0]]},
            {"member_user_ids"},
        ),
        (
            "series_completion",
            "series_completions",
            {"name": "Reprise", "member_user_ids": [users[3], users[0]]},
            {"member_user_ids"},
        ),
    ]
    for kind, plural, payload, refused in cases:
        create = getattr(routing, f"create_{kind}")
        if refused:
            before = getattr(routing, f"list_{plural}")(scope, ent.enterprise_id)
            assert field_errors(create, scope, ent.enterprise_id, payload) == refused, payload
            assert getattr(routing, f"list_{plural}")(scope, ent.enterprise_id) == before  # nothing saved
        else:
            made = create(scope, ent.enterprise_id, payload)
            assert made["name"] == payload["name"]
            assert getattr(routing, f"get_{kind}")(scope, made["id"]) == made
    # the series is what the engine routes on: a busy line's call goes to the next free line of the series
    busy = {"call_id": "series-1", "caller": "+16135550100", "dialled": ent.did(3), "origin": "trunk"}
    plan = routing.route_call({**busy, "busy_user_ids": [users[3]]})
    assert [c["address"] for c in plan["contacts"]] == [users[4]]
    # an instant group call is reached by its extension and rings its lines and numbers at once
    instant = routing.list_instant_group_calls(scope, ent.enterprise_id)[0]
    changed = {k: instant[k] for k in ("name", "member_user_ids", "external_numbers")}
    routing.update_instant_group_call(scope, instant["id"], {**changed, "extension": "7100"})
    group_call = {
        "call_id": "igc-1",
        "caller": "2005",
        "caller_user_id": users[5],
        "dialled": "7100",
        "origin": "internal",
    }
    plan = routing.route_call(group_call)
    assert (plan["mode"], [c["address"] for c in plan["contacts"]]) == ("simultaneous", [*users[:2], "+15145550199"])
    pickup = routing.list_pickup_groups(scope, ent.enterprise_id)[0]
    moved = routing.update_pickup_group(scope, pickup["id"], {"name": "Accueil", "member_user_ids": [users[1]]})
    assert moved["member_user_ids"] == [users[1]]
    # now users[0] is free again
    routing.create_pickup_group(scope, ent.enterprise_id, {"name": "Bis", "member_user_ids": [users[0]]})
    # another enterprise neither sees nor changes these groups
    with pytest.raises(NotFound):
        routing.get_pickup_group(scope_of(other), pickup["id"])
    with pytest.raises(NotFound):
        routing.delete_pickup_group(scope_of(other), pickup["id"])
    with pytest.raises(PermissionDenied):
        routing.delete_pickup_group(scope_of(ent, "user", users[1]), pickup["id"])
    routing.delete_pickup_group(scope, pickup["id"])
    with pytest.raises(NotFound):
        routing.get_pickup_group(scope, pickup["id"])


def test_rte11_paging_group_is_what_the_engine_pages(world: Any) -> None:
    routing, ent, _ = world
    scope = scope_of(ent)
    group = routing.create_paging_group(
        scope,
        ent.enterprise_id,
        {"name": "Atelier", "member_user_ids": ent.users[:3], "originator_user_ids": [ent.users[3]]},
    )
    routing.set_forwarding(
        scope, ent.enterprise_id, ent.users[0], {"always": {"target": {"kind": "paging_group", "ref": group["id"]}}}
    )
    internal = {
        "caller": ent.extension(3),
        "dialled": ent.extension(0),
        "origin": "internal",
        "caller_user_id": ent.users[3],
    }
    plan = routing.route_call({**internal, "call_id": "page-1"})
    assert plan["paging"] is True
    assert sorted(c["address"] for c in plan["contacts"]) == sorted(ent.users[:3])
    # Only originators page: an outside caller reaching the same number is refused.
    outside = routing.route_call(
        {"call_id": "page-2", "caller": "+16135550100", "dialled": ent.did(0), "origin": "trunk"}
    )
    assert outside["kind"] == "reject"


def test_rte09_call_centre_agents_join_and_leave(world: Any) -> None:
    routing, ent, other = world
    scope = scope_of(ent)
    centre = routing.create_call_centre(
        scope,
        ent.enterprise_id,
        {
            "name": "Service client",
            "policy": "uniform",
            "max_wait_seconds": 600,
            "music": "attente.wav",
            "overflow": {"kind": "voicemail", "ref": ent.users[0]},
            "agents_join_by_default": False,
            "agents": [{"user_id": ent.users[1]}, {"user_id": ent.users[2], "joined": True}],
        },
    )
    assert centre["agents"] == [
        {"user_id": ent.users[1], "joined": False},
        {"user_id": ent.users[2], "joined": True},
    ]
    kept = ("name", "policy", "max_wait_seconds", "music", "overflow", "agents_join_by_default", "agents")
    changed = {**{k: centre[k] for k in kept}, "extension": "700", "queue_max_callers": 1}
    routing.update_call_centre(scope, centre["id"], changed)
    call = {"call_id": "cc-1", "caller": "2000", "caller_user_id": ent.users[0], "dialled": "700", "origin": "internal"}
    assert routing.route_call(call)["kind"] == "queue"
    full = routing.route_call({**call, "call_id": "cc-2", "queue_lengths": {centre["id"]: 1}})
    assert (full["kind"], full["mailbox"]) == ("voicemail", ent.users[0])
    agent_scope = scope_of(ent, "user", ent.users[1])
    joined = routing.set_call_centre_agent(agent_scope, centre["id"], ent.users[1], {"joined": True})
    assert joined["agents"][0]["joined"] is True
    with pytest.raises(PermissionDenied):  # an agent changes only their own state
        routing.set_call_centre_agent(agent_scope, centre["id"], ent.users[2], {"joined": False})
    with pytest.raises(NotFound):
        routing.set_call_centre_agent(scope, centre["id"], ent.users[3], {"joined": True})
    with pytest.raises(NotFound):
        routing.set_call_centre_agent(scope_of(other), centre["id"], ent.users[1], {"joined": True})
    assert field_errors(
        routing.update_call_centre,
        scope,
        centre["id"],
        {"name": "X", "max_wait_seconds": 4, "policy": "random", "queue_max_callers": 501},
    ) == {"max_wait_seconds", "policy", "queue_max_callers"}
    assert routing.get_call_centre(scope, centre["id"])["max_wait_seconds"] == 600


def test_rte07_night_forwarding_manual_or_scheduled(world: Any) -> None:
    routing, ent, _ = world
    scope = scope_of(ent)
    schedule = routing.list_schedules(scope, ent.enterprise_id)[0]
    base = {"name": "Nuit", "target": {"kind": "number", "ref": "+15145550000"}, "user_ids": ent.users[:2]}
    assert field_errors(routing.create_night_forwarding, scope, ent.enterprise_id, {**base, "mode": "scheduled"}) == {
        "business_schedule_id"
    }
    assert field_errors(
        routing.create_night_forwarding,
        scope,
        ent.enterprise_id,
        {**base, "mode": "on", "business_schedule_id": str(uuid.uuid4())},
    ) == {"schedule"}
    assert routing.list_night_forwardings(scope, ent.enterprise_id) == []
    night = routing.create_night_forwarding(scope, ent.enterprise_id, {**base, "mode": "on"})
    call = {"call_id": "night-1", "caller": "+16135550100", "dialled": ent.did(0), "origin": "trunk"}
    assert "+15145550000" in str(routing.route_call(call))
    routing.update_night_forwarding(
        scope, night["id"], {**base, "mode": "scheduled", "business_schedule_id": schedule["id"]}
    )
    assert routing.get_night_forwarding(scope, night["id"])["mode"] == "scheduled"
    routing.update_night_forwarding(scope, night["id"], {**base, "mode": "off"})
    plan = routing.route_call({**call, "call_id": "night-2"})
    assert [c["address"] for c in plan["contacts"]] == [ent.users[0]]


def test_rte12_speed_codes_ranges_moves_and_speed_dials(world: Any) -> None:
    routing, ent, other = world
    scope = scope_of(ent)
    one = routing.create_speed_code(
        scope, ent.enterprise_id, {"code": "10", "number": "+15145550123", "name": "Banque"}
    )
    made = routing.create_speed_code_range(
        scope, ent.enterprise_id, {"first_code": "20", "last_code": "24", "first_number": "+15145550200"}
    )
    assert [(c["code"], c["number"]) for c in made] == [(f"2{i}", f"+1514555020{i}") for i in range(5)]
    cases = [
        ({"first_code": "24", "last_code": "26", "first_number": "5550000"}, {"first_code"}),  # 24 is taken
        ({"first_code": "30", "last_code": "29", "first_number": "5550000"}, {"last_code"}),
        ({"first_code": "100", "last_code": "299", "first_number": "5550000"}, {"last_code"}),
        ({"first_code": "1", "last_code": "10", "first_number": "5550000"}, {"last_code"}),
        ({"first_code": "30", "last_code": "39", "first_number": "5"}, {"first_number"}),
        (
            {"first_code": "30", "last_code": "31", "first_number": "1", "department_id": str(uuid.uuid4())},
            {"department_id"},
        ),
    ]
    for payload, refused in cases:
        assert field_errors(routing.create_speed_code_range, scope, ent.enterprise_id, payload) == refused, payload
    assert len(routing.list_speed_codes(scope, ent.enterprise_id)) == 6
    # the engine routes on them: a line dialling 22 reaches the number the code stands for
    call = {
        "call_id": "speed-1",
        "caller": "2000",
        "caller_user_id": ent.users[0],
        "dialled": "22",
        "origin": "internal",
    }
    assert [c["address"] for c in routing.route_call(call)["contacts"]] == ["+15145550202"]
    moved = routing.move_speed_codes(
        scope, ent.enterprise_id, {"ids": [one["id"], made[0]["id"]], "department_id": ent.department_id}
    )
    assert moved["moved"] == 2
    assert routing.get_speed_code(scope, one["id"])["department_id"] == ent.department_id
    # the same code may live once per department: a move onto a taken code is refused whole
    routing.create_speed_code(
        scope, ent.enterprise_id, {"code": "21", "number": "123", "department_id": ent.department_id}
    )
    assert field_errors(
        routing.move_speed_codes, scope, ent.enterprise_id, {"ids": [made[1]["id"]], "department_id": ent.department_id}
    ) == {"department_id"}
    assert field_errors(
        routing.move_speed_codes, scope, other.enterprise_id and ent.enterprise_id, {"ids": [str(uuid.uuid4())]}
    ) == {"ids"}
    with pytest.raises(NotFound):
        routing.move_speed_codes(scope_of(other), ent.enterprise_id, {"ids": [one["id"]]})
    # speed dial 8 and 100, which a user manages for their own line
    user_scope = scope_of(ent, "user", ent.users[0])
    dials = routing.set_speed_dials(
        user_scope, ent.enterprise_id, ent.users[0], "8", {"entries": [{"code": "2", "number": "+15145550100"}]}
    )
    assert dials["entries"] == [{"code": "2", "number": "+15145550100", "name": ""}]
    assert field_errors(
        routing.set_speed_dials,
        user_scope,
        ent.enterprise_id,
        ent.users[0],
        "8",
        {"entries": [{"code": "1", "number": "1"}]},
    ) == {"entries"}
    assert field_errors(
        routing.set_speed_dials,
        user_scope,
        ent.enterprise_id,
        ent.users[0],
        "100",
        {"entries": [{"code": "7", "number": "1"}]},
    ) == {"entries"}
    assert routing.get_speed_dials(user_scope, ent.enterprise_id, ent.users[0], "8")["entries"][0]["code"] == "2"
    dialled = {
        "call_id": "speed-2",
        "caller": "2000",
        "caller_user_id": ent.users[0],
        "dialled": "2",
        "origin": "internal",
    }
    assert [c["address"] for c in routing.route_call(dialled)["contacts"]] == ["+15145550100"]
    with pytest.raises(PermissionDenied):
        routing.get_speed_dials(user_scope, ent.enterprise_id, ent.users[1], "8")


@pytest.mark.parametrize(
    ("payload", "refused"),
    [
        ({"codes": ["1234567890123456"]}, {"codes.0"}),  # a 16-digit code
        ({"min_length": 0}, {"min_length"}),
        ({"max_length": 16}, {"max_length"}),
        ({"max_attempts": 0}, {"max_attempts"}),
        ({"max_attempts": 101}, {"max_attempts"}),
        ({"min_length": 5, "max_length": 4}, {"max_length"}),
        ({"min_length": 4, "max_length": 4, "codes": ["123"]}, {"codes"}),
        ({"required_for": ["international", "moon"]}, {"required_for.1"}),
        ({"codes": ["12a"]}, {"codes.0"}),
    ],
)
def test_rte13_account_code_policy_limits(world: Any, payload: dict[str, Any], refused: set[str]) -> None:
    routing, ent, _ = world
    scope = scope_of(ent)
    before = routing.get_account_code_policy(scope, ent.enterprise_id)
    assert field_errors(routing.set_account_code_policy, scope, ent.enterprise_id, payload) == refused
    assert routing.get_account_code_policy(scope, ent.enterprise_id) == before


def test_rte13_account_codes_policy_line_override_and_lockout(world: Any) -> None:
    routing, ent, other = world
    scope = scope_of(ent)
    policy = routing.set_account_code_policy(
        scope,
        ent.enterprise_id,
        {
            "required_for": ["international"],
            "codes": ["123456789012345", "4242"],
            "min_length": 4,
            "max_length": 15,
            "max_attempts": 1,
        },
    )
    assert policy["codes"] == ["123456789012345", "4242"] and policy["max_attempts"] == 1
    call = {
        "call_id": "acc-1",
        "caller": "2000",
        "caller_user_id": ent.users[0],
        "dialled": "+441234567890",
        "origin": "internal",
    }
    asked = routing.route_call(call)
    assert asked["kind"] == "ask_account_code"
    wrong = routing.step_call(asked["state"], {"type": "account_code_entered", "code": "9999"})
    assert wrong["reason"] == "account_code_blocked"
    assert routing.unblock_line(scope, ent.enterprise_id, ent.users[0])["unblocked"] is True
    # a line override is refused until the enterprise allows it, then replaces the policy for that line
    user_scope = scope_of(ent, "user", ent.users[1])
    with pytest.raises(PermissionDenied):
        routing.get_line_account_codes(user_scope, ent.enterprise_id, ent.users[1])
    assert field_errors(
        routing.set_line_account_codes, scope, ent.enterprise_id, ent.users[1], {"required_for": []}
    ) == {"_schema"}
    routing.set_account_code_policy(
        scope,
        ent.enterprise_id,
        {
            **{k: policy[k] for k in ("required_for", "codes", "min_length", "max_length")},
            "allow_line_override": True,
            "lines_may_edit": True,
        },
    )
    own = routing.set_line_account_codes(user_scope, ent.enterprise_id, ent.users[1], {"required_for": [], "codes": []})
    assert own["overridden"] is True and own["required_for"] == []
    free = routing.route_call({**call, "call_id": "acc-2", "caller": "2001", "caller_user_id": ent.users[1]})
    assert free["kind"] != "ask_account_code"
    with pytest.raises(NotFound):
        routing.get_account_code_policy(scope_of(other), ent.enterprise_id)


def test_rte13_authorization_codes_are_kept_hashed(world: Any, sql_query: Any) -> None:
    routing, ent, other = world
    scope = scope_of(ent)
    made = routing.create_authorization_code(
        scope, ent.enterprise_id, {"code": "987654321", "description": "Direction"}
    )
    assert made["masked_code"] == "•••••••21"
    assert field_errors(routing.create_authorization_code, scope, ent.enterprise_id, {"code": "987654321"}) == {"code"}
    assert field_errors(routing.create_authorization_code, scope, ent.enterprise_id, {"code": "1" * 16}) == {"code"}
    stored = sql_query("SELECT code_hash FROM routing.authorization_codes WHERE id = %s", (made["id"],))
    assert "987654321" not in str(stored)
    assert [c["id"] for c in routing.list_authorization_codes(scope, ent.enterprise_id)] == [made["id"]]
    with pytest.raises(NotFound):
        routing.delete_authorization_code(scope_of(other), made["id"])
    routing.delete_authorization_code(scope, made["id"])
    assert routing.list_authorization_codes(scope, ent.enterprise_id) == []


def test_rte14_15_16_enterprise_settings(world: Any) -> None:
    routing, ent, other = world
    scope = scope_of(ent)
    external = routing.set_external_calls(
        scope,
        ent.enterprise_id,
        {"max_outgoing_calls": 5, "local_carrier_code": "101", "international_carrier_code": "10*1"},
    )
    assert (external["max_outgoing_calls"], external["local_carrier_code"]) == (5, "101")
    assert [d["name"] for d in external["departments"]] == ["Ventes"]
    assert field_errors(
        routing.set_external_calls,
        scope,
        ent.enterprise_id,
        {"max_outgoing_calls": -1, "long_distance_carrier_code": "123456789"},
    ) == {
        "max_outgoing_calls",
        "long_distance_carrier_code",
    }
    assert routing.get_external_calls(scope, ent.enterprise_id)["max_outgoing_calls"] == 5

    emergency = routing.set_emergency_settings(
        scope,
        ent.enterprise_id,
        {
            "notifications_enabled": True,
            "recipients": [
                {"channel": "email", "address": "securite@example.com", "department_id": ent.department_id},
                {"channel": "phone", "address": "+15145550111"},
            ],
        },
    )
    assert emergency["notifications_enabled"] is True and len(emergency["recipients"]) == 2
    call = {"call_id": "sos", "caller": "2000", "caller_user_id": ent.users[0], "dialled": "911", "origin": "internal"}
    notices = str(routing.route_call(call))
    assert "securite@example.com" in notices and "+15145550111" in notices
    assert field_errors(
        routing.set_emergency_settings,
        scope,
        ent.enterprise_id,
        {"recipients": [{"channel": "email", "address": "pas-un-courriel"}, {"channel": "phone", "address": "abc"}]},
    ) == {"recipients.0.address", "recipients.1.address"}
    assert field_errors(
        routing.set_emergency_settings,
        scope,
        ent.enterprise_id,
        {"recipients": [{"channel": "email", "address": "a@example.com", "department_id": other.department_id}]},
    ) == {"recipients.0.department_id"}
    assert len(routing.get_emergency_settings(scope, ent.enterprise_id)["recipients"]) == 2

    settings = routing.set_enterprise_settings(
        scope,
        ent.enterprise_id,
        {
            "internal_messaging_only": True,
            "virtual_operator_number": ent.extension(1),
            "show_internal_extensions": False,
        },
    )
    assert settings["virtual_operator_number"] == ent.extension(1)
    assert field_errors(
        routing.set_enterprise_settings, scope, ent.enterprise_id, {"virtual_operator_number": "opérateur"}
    ) == {"virtual_operator_number"}
    assert routing.get_enterprise_settings(scope, ent.enterprise_id)["internal_messaging_only"] is True
    for call_rpc in (routing.get_enterprise_settings, routing.get_emergency_settings, routing.get_external_calls):
        with pytest.raises(NotFound):
            call_rpc(scope_of(other), ent.enterprise_id)
    with pytest.raises(PermissionDenied):
        routing.set_enterprise_settings(scope_of(ent, "user", ent.users[0]), ent.enterprise_id, {})
