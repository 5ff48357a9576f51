"""What a worker's leg to an outside number presents (issue 6, MED-01): decisions.bridge_caller_id."""

from __future__ import annotations

from media.sipfront.decisions import Trunk, bridge_caller_id

TRUNK = Trunk("t", "e", ["e"], "127.0.0.1", 5060, [{"prefix": "33", "caller_id": "+15145550033"}])


def test_an_outside_caller_is_presented_as_itself() -> None:
    assert bridge_caller_id(TRUNK, "+33142685300", "+16135550100") == "+16135550100"


def test_a_line_gets_the_trunks_rule_for_the_dialled_number() -> None:
    assert bridge_caller_id(TRUNK, "+33142685300", "line6") == "+15145550033"


def test_without_a_matching_rule_the_original_caller_stays_and_never_the_worker() -> None:
    assert bridge_caller_id(TRUNK, "+4420", "2001") == "2001"
    assert bridge_caller_id(TRUNK, "+4420", "anonymous") is None
    assert bridge_caller_id(TRUNK, "+4420", "") is None
