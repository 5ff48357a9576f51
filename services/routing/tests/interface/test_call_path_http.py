"""The call-time channel over keep-alive HTTP (kit/relais_kit/callpath.py): the same plans as the RPC, errors as
status codes, one held connection for many calls (RTE-01, RTE-06, RTE-14)."""

from typing import Any

import pytest

from relais_kit.callpath import CallPathClient, CallPathError
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.service import RoutingService
from routing.storage import RoutingStore

OUTSIDE = "+16135550100"
BUSINESS_HOURS = "2026-06-10T15:00:00+00:00"  # a Wednesday, 11:00 in Montréal


def seeded(db_connection: Any, **options: Any) -> SeededEnterprise:
    with db_connection.savepoint("routing") as tx:
        return seed_enterprise(RoutingStore(tx), **options)


@pytest.fixture
def client(run_services: Any, platform_config: dict[str, Any]) -> Any:
    run_services(RoutingService)
    client = CallPathClient(platform_config["CALL_PATH_ADDRESS"])
    yield client
    client.close()


def test_rte01_http_route_call_answers_the_same_plan_as_the_rpc(client: Any, rpc: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=2, hunt_groups=0)
    request = {"call_id": "c-1", "caller": OUTSIDE, "dialled": enterprise.did(1), "origin": "trunk"}
    over_http = client.route_call(request)
    over_rpc = rpc("routing").route_call({**request, "call_id": "c-2"})
    assert over_http["kind"] == "ring" and over_http["contacts"] == over_rpc["contacts"]
    assert over_http["state"]["call_id"] == "c-1"


def test_rte06_http_step_call_follows_keys_on_one_connection(client: Any, db_connection: Any) -> None:
    enterprise = seeded(db_connection, users=4)
    menu = client.route_call(
        {
            "call_id": "c",
            "caller": "2000",
            "dialled": "700",
            "origin": "internal",
            "caller_user_id": enterprise.users[0],
            "at": BUSINESS_HOURS,
        }
    )
    support = client.step_call(menu["state"], {"type": "digits_pressed", "digits": "2", "at": BUSINESS_HOURS})
    rung = client.step_call(support["state"], {"type": "digits_pressed", "digits": "1", "at": BUSINESS_HOURS})
    assert rung["kind"] == "ring" and rung["contacts"][0]["address"] == enterprise.users[1]
    assert client.call_ended("c")["call_id"] == "c"


def test_http_route_call_names_each_bad_field(client: Any) -> None:
    with pytest.raises(CallPathError) as raised:
        client.route_call({"call_id": "", "origin": "satellite"})
    assert raised.value.status == 422
    fields = raised.value.body["error"]["fields"]
    assert {"caller", "dialled", "origin"} <= set(fields)


def test_http_route_call_refuses_a_body_that_is_not_json(client: Any, platform_config: dict[str, Any]) -> None:
    import http.client

    host, port = platform_config["CALL_PATH_ADDRESS"].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("POST", "/v1/route-call", b"{not json", {"Content-Type": "application/json"})
    assert connection.getresponse().status == 400
    connection.close()


def test_the_call_path_counts_its_calls_in_the_metrics(client: Any, platform_config: dict[str, Any]) -> None:
    import requests

    with pytest.raises(CallPathError):
        client.route_call({})
    metrics = requests.get(f"http://{platform_config['HTTP_ADDRESSES']['routing']}/metrics", timeout=5).text
    assert 'routing_entrypoint_calls_total{entrypoint="callpath/v1/route-call",outcome="ok"}' in metrics
