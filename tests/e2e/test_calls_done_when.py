"""Issue 6 "Done when", tried as a new user would from the README (MED-01, MED-04): `relais up` with the SIP front
and a pjsua2 worker, an enterprise, a line with SIP credentials and a DID made over REST, a SIPp phone registered
at the printed SIP address, a SIPp carrier calling the DID (the phone rings and answers), and the call in the new
call history over REST and in Chromium (screenshots in test-artifacts/calls-done-when/)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from media.sipfront.testing import SCENARIOS, SipPlatform, free_udp_port
from relais_kit.testing.plugin import free_port, wait_for
from tests.e2e.conftest import ADMIN_PASSWORD, RunningPlatform, run_browser_flow
from tests.e2e.test_routing_flow import call, token

pytestmark = pytest.mark.e2e
RESELLER_PASSWORD = "e2e-Revendeur-Secret-1"
ENTERPRISE_ADMIN, ENTERPRISE_PASSWORD = "appels-admin", "Appels-Historique-1"
DID = "+15145550170"


def test_a_carrier_call_to_a_did_rings_the_registered_phone_and_shows_in_the_call_history(
    launch_platform: Any, fresh_database: str, amqp_uri: str, smtp_server: Any, tmp_path: Path
) -> None:
    sip_port = free_udp_port()
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
            "RELAIS_SMTP_HOST": "127.0.0.1",
            "RELAIS_SMTP_PORT": str(smtp_server.port),
            "RELAIS_SIP_ADDRESS": f"127.0.0.1:{sip_port}",
            "RELAIS_SIP_DECIDER": f"127.0.0.1:{free_port()}",
            "RELAIS_ROUTING_CALLPATH": f"127.0.0.1:{free_port()}",
            "RELAIS_WORKER_BASE_PORT": str(free_udp_port()),
            "RELAIS_MEDIA_WORKERS": "1",
        }
    )
    url = platform.url
    wait_for(lambda: "SIP front:" in platform.text(), timeout=30)
    printed = re.search(r"SIP front: sip:(127\.0\.0\.1:\d+)", platform.text())
    assert printed and printed.group(1) == f"127.0.0.1:{sip_port}", platform.text()[-2000:]

    # the reseller sells an enterprise; its administrator makes a line with SIP credentials; the reseller's DID
    reseller = token(url, "revendeur", RESELLER_PASSWORD)
    created = call(url, reseller, "POST", "/customers", {
        "kind": "enterprise", "name": "Appels Tremblay", "time_zone": "America/Montreal",
        "administrator": {"identifier": ENTERPRISE_ADMIN, "display_name": "Admin Tremblay",
                          "email": "admin@tremblay.example", "password": ENTERPRISE_PASSWORD},
    })  # fmt: skip
    assert created.status_code == 201, created.text
    enterprise = created.json()["id"]
    admin = token(url, ENTERPRISE_ADMIN, ENTERPRISE_PASSWORD)
    wait_for(lambda: call(url, admin, "GET", f"/enterprises/{enterprise}/schedules").status_code == 200, timeout=30)
    alice = call(url, admin, "POST", f"/enterprises/{enterprise}/users", {
        "first_name": "Alice", "last_name": "Tremblay", "email": "alice@tremblay.example", "extension": "2002",
    })  # fmt: skip
    assert alice.status_code == 201, alice.text
    alice_id = alice.json()["id"]
    sip = call(url, admin, "POST", f"/users/{alice_id}/sip-credentials/generate", {"kind": "default"})
    assert sip.status_code == 201, sip.text
    username, password = sip.json()["username"], sip.json()["password"]
    did = call(url, reseller, "POST", f"/tenants/{enterprise}/dids", {"numbers": [DID]})
    assert did.status_code == 201, did.text
    assigned = call(url, admin, "PUT", f"/dids/{did.json()['items'][0]['id']}/assignment",
                    {"target_type": "user", "target_id": alice_id})  # fmt: skip
    assert assigned.status_code == 200, assigned.text

    # the platform's administrator adds the carrier's trunk (INVITEs from 127.0.0.1 are the carrier's)
    system_admin = token(url, "admin", ADMIN_PASSWORD)
    system = call(url, system_admin, "GET", "/me").json()["tenant_id"]
    trunk = call(url, system_admin, "POST", f"/tenants/{system}/trunks", {
        "name": "Carrier", "host": "127.0.0.1", "port": free_udp_port(), "allowed_sources": ["127.0.0.1/32"],
        "caller_id_rules": [{"prefix": "", "caller_id": DID}],
    })  # fmt: skip
    assert trunk.status_code == 201, trunk.text

    sip_front = SipPlatform(fresh_database, {}, sip_port, tmp_path, [])
    wait_for(lambda: sip_front.sql("SELECT 1 FROM media.subscriber WHERE username = %s", (username,)), timeout=30)
    wait_for(lambda: sip_front.sql("SELECT 1 FROM media.trunks WHERE trunk_id = %s", (trunk.json()["id"],)))
    try:
        # Alice's phone (a SIPp UAS) registers at the printed address; the carrier (SIPp) calls her DID
        phone = sip_front.phone(username, password, SCENARIOS / "phone_uas.xml", "-rtp_echo")
        wait_for(lambda: routed(url, admin, enterprise), timeout=30)
        carrier = sip_front.sipp(
            "-sf", str(SCENARIOS / "trunk_call.xml"), "-s", DID, "-m", "1", "-timeout", "20s", sip_front.sip
        )
        assert carrier.returncode == 0, (carrier.stats, sip_front.kamailio_log()[-3000:], platform.text()[-3000:])
        assert carrier.count("SuccessfulCall(C)") == 1
        assert phone.poll() is None or phone.returncode == 0
    finally:
        for process in sip_front.processes:
            process.kill()
            process.wait()

    # the call is in the enterprise's history: from the carrier, to the DID, answered, with its duration
    def history() -> Any:
        listed = call(url, admin, "GET", f"/enterprises/{enterprise}/calls").json()
        return listed if listed["items"] and listed["items"][0]["ended_at"] else None

    listed = wait_for(history, timeout=20)
    (answered,) = listed["items"]
    assert answered["callee"] == DID and answered["disposition"] == "answered", answered
    assert answered["duration_seconds"] is not None
    assert call(url, reseller, "GET", f"/enterprises/{enterprise}/calls").status_code == 200
    other = call(url, admin, "GET", f"/enterprises/{system}/calls")
    assert other.status_code == 404, other.text

    run_browser_flow(
        "calls-done-when", url, "calls-done-when", json.dumps(
            {"admin": ENTERPRISE_ADMIN, "password": ENTERPRISE_PASSWORD, "did": DID, "enterprise": enterprise}
        ),
    )  # fmt: skip


def routed(url: str, admin: str, enterprise: str) -> bool:
    """Routing has the DID's line (its projection follows accounts' events); a moment more for the registration."""
    time.sleep(0.5)
    response = call(url, admin, "GET", f"/enterprises/{enterprise}/calls")
    return response.status_code == 200
