"""The call history over the real broker and database (MED-01): worker calls and proxied calls in one list, newest
first, with who answered, duration and outcome; filters by day and line, paging; a user sees their own calls only;
another tenant's enterprise answers NotFound and a plain user PermissionDenied for the enterprise's list."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nameko
import pytest

from media.service import MediaService
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from tests.hierarchy import Hierarchy, build

from .test_audio_and_voicemail import project, scope


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def media(tmp_path: Path, platform_config: dict[str, Any], smtp_server: Any, run_services: Any, rpc: Any) -> Any:
    nameko.config["MEDIA"] = {"AUDIO_DIR": str(tmp_path / "audio"), "SMTP_HOST": "127.0.0.1",
                              "SMTP_PORT": smtp_server.port}  # fmt: skip
    run_services(MediaService)
    return rpc("media")


def journal_calls(database_url: str, tree: Hierarchy, sql_query: Any) -> None:
    """A DID call the employee answered for 42 s (worker), one that went to voicemail, and a proxied call
    refused busy; one in enterprise B that nobody of A may see."""
    ent_a, ent_b = tree["enterprise_a"], tree["enterprise_b"]
    path_a = [tree["system"], tree["reseller_a"], ent_a]
    path_b = [tree["system"], tree["reseller_b"], ent_b]
    now = datetime.now(UTC).replace(microsecond=0)
    did, emp = "+33199000001", tree["employee"]

    def ago(seconds: int) -> datetime:
        return now - timedelta(seconds=seconds)

    rows = [
        # (leg, call, fact, direction, caller, callee, enterprise, path, at, disposition, cause)
        ("c1:in", "c1", "started", "inbound", "+33140000001", did, ent_a, path_a, ago(600), None, None),
        ("c1:in", "c1", "answered", "inbound", "+33140000001", did, ent_a, path_a, ago(600), None, None),
        ("c1:out1", "c1", "started", "outbound", "+33140000001", emp, ent_a, path_a, ago(600), None, None),
        ("c1:out1", "c1", "answered", "outbound", "+33140000001", emp, ent_a, path_a, ago(542), None, None),
        ("c1:in", "c1", "ended", "inbound", "+33140000001", did, ent_a, path_a, ago(500), "answered", 200),
        ("c2:in", "c2", "started", "inbound", "+33140000002", did, ent_a, path_a, ago(300), None, None),
        ("c2:in", "c2", "answered", "inbound", "+33140000002", did, ent_a, path_a, ago(240), None, None),
        ("c2:in", "c2", "ended", "inbound", "+33140000002", did, ent_a, path_a, ago(180), "answered", None),
        ("cb:in", "cb", "started", "inbound", "+33140000009", "+33299000001", ent_b, path_b, ago(60), None, None),
    ]
    for leg, call, fact, direction, caller, callee, ent, path, at, disposition, cause in rows:
        sql_query(
            "INSERT INTO media.call_facts (fact_key, leg_id, call_id, fact, direction, worker, caller, callee,"
            " enterprise_id, tenant_path, occurred_at, disposition, cause, event_id)"
            " VALUES (%s, %s, %s, %s, %s, 'w0:1', %s, %s, %s, %s::uuid[], %s, %s, %s, gen_random_uuid())",
            (f"{leg}:{fact}", leg, call, fact, direction, caller, callee, ent, path, at, disposition, cause),
        )
    for fact, at, disposition, cause in (("started", 2, None, None), ("ended", 1, "busy", 486)):
        sql_query(
            "INSERT INTO media.front_call_facts (call_id, fact, caller, callee, enterprise_id, tenant_path,"
            " occurred_at, disposition, cause) VALUES ('p1', %s, 'alice', '201', %s, %s::uuid[], %s, %s, %s)",
            (fact, ent_a, path_a, now - timedelta(minutes=at), disposition, cause),
        )


def test_enterprise_calls_from_both_journals_with_filters_paging_and_walls(
    media: Any, tree: Hierarchy, sql_query: Any, database_url: str
) -> None:
    project(sql_query, tree)
    journal_calls(database_url, tree, sql_query)
    ea = scope(tree, "ea", "enterprise_admin", "reseller_a", "enterprise_a")
    listed = media.list_calls(ea, tree["enterprise_a"], {})
    assert [c["call_id"] for c in listed["items"]] == ["p1", "c2", "c1"] and listed["total"] == 3
    proxied, to_service, answered = listed["items"]
    assert proxied["disposition"] == "busy" and proxied["cause"] == 486 and proxied["handled_by"] == "proxy"
    assert proxied["answered_by"] is None and proxied["duration_seconds"] is None
    assert to_service["answered_by"] == "service" and to_service["duration_seconds"] == 60
    assert answered["answered_by"] == tree["employee"] and answered["caller"] == "+33140000001"
    assert answered["disposition"] == "answered" and answered["duration_seconds"] == 42

    assert [c["call_id"] for c in media.list_calls(ea, tree["enterprise_a"], {"line": "201"})["items"]] == ["p1"]
    by_user = media.list_calls(ea, tree["enterprise_a"], {"line": tree["employee"]})
    assert [c["call_id"] for c in by_user["items"]] == ["c1"]
    second = media.list_calls(ea, tree["enterprise_a"], {"limit": 2, "offset": 2})
    assert [c["call_id"] for c in second["items"]] == ["c1"] and second["total"] == 3
    old = (datetime.now(UTC) - timedelta(days=40)).date().isoformat()
    assert media.list_calls(ea, tree["enterprise_a"], {"since": old, "until": old})["items"] == []
    with pytest.raises(ValidationFailed) as refused:
        media.list_calls(ea, tree["enterprise_a"], {"since": "2024-05-02", "until": "2024-05-01"})
    assert set(refused.value.field_errors) == {"until"}
    with pytest.raises(ValidationFailed) as refused:
        media.list_calls(ea, tree["enterprise_a"], {"since": "yesterday", "limit": 0})
    assert set(refused.value.field_errors) == {"since", "limit"}

    # the reseller above sees the enterprise's calls; nobody of A sees B's; a plain user cannot list the enterprise
    ra = scope(tree, "ra", "reseller_admin", "reseller_a")
    assert media.list_calls(ra, tree["enterprise_a"], {})["total"] == 3
    with pytest.raises(NotFound):
        media.list_calls(ea, tree["enterprise_b"], {})
    with pytest.raises(NotFound):
        media.calls_per_period(ea, tree["enterprise_b"], {})
    employee = scope(tree, "employee", "user", "reseller_a", "enterprise_a")
    with pytest.raises(PermissionDenied):
        media.list_calls(employee, tree["enterprise_a"], {})

    per_hour = media.calls_per_period(ea, tree["enterprise_a"], {"unit": "hour", "periods": 3})
    assert len(per_hour["points"]) == 3 and sum(p["calls"] for p in per_hour["points"]) == 3


def test_times_days_and_chart_periods_are_the_enterprises_own(
    media: Any, tree: Hierarchy, sql_query: Any, database_url: str
) -> None:
    project(sql_query, tree)
    journal_calls(database_url, tree, sql_query)
    ea = scope(tree, "ea", "enterprise_admin", "reseller_a", "enterprise_a")
    in_utc = media.list_calls(ea, tree["enterprise_a"], {})["items"]
    zoned = media.list_calls(ea, tree["enterprise_a"], {"time_zone": "Asia/Kolkata"})
    assert zoned["time_zone"] == "Asia/Kolkata"
    for utc_call, local_call in zip(in_utc, zoned["items"], strict=True):
        local = datetime.fromisoformat(local_call["started_at"])
        assert local.utcoffset() == timedelta(hours=5, minutes=30)
        assert local == datetime.fromisoformat(utc_call["started_at"])  # the same instant, said in local time
    # the chart's days are local days: today's calls are counted on today's local date
    per_day = media.calls_per_period(
        ea, tree["enterprise_a"], {"unit": "day", "periods": 2, "time_zone": "Asia/Kolkata"}
    )
    last = per_day["points"][-1]
    assert last["at"].endswith("+05:30") and last["calls"] + per_day["points"][0]["calls"] == 3
    with pytest.raises(ValidationFailed) as refused:
        media.list_calls(ea, tree["enterprise_a"], {"time_zone": "Mars/Olympus_Mons"})
    assert set(refused.value.field_errors) == {"time_zone"}


def test_a_user_sees_only_their_own_calls(media: Any, tree: Hierarchy, sql_query: Any, database_url: str) -> None:
    project(sql_query, tree)
    journal_calls(database_url, tree, sql_query)
    employee = scope(tree, "employee", "user", "reseller_a", "enterprise_a")
    mine = media.list_user_calls(employee, tree["employee"], {})
    assert [c["call_id"] for c in mine["items"]] == ["c1"]  # the call they answered, found by their id
    by_number = media.list_user_calls(employee, tree["employee"], {"numbers": ["201"]})
    assert [c["call_id"] for c in by_number["items"]] == ["p1", "c1"]
    # naming a line that is not theirs finds nothing of anyone else
    assert media.list_user_calls(employee, tree["employee"], {"line": "+33199000001"})["items"] == []
    with pytest.raises(NotFound):
        media.list_user_calls(employee, tree["ea"], {})
    ea = scope(tree, "ea", "enterprise_admin", "reseller_a", "enterprise_a")
    with pytest.raises(NotFound):
        media.list_user_calls(ea, tree["employee"], {})
