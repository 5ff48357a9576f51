"""`relais up` starts the SIP front (MED-01): its address is printed after "Relais is up" and a phone registers
there (the digest identity is written straight into the front's table here; accounts' way to it is
services/media/tests/interface/test_sip_front.py's)."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg2

from media.sipfront.testing import SCENARIOS, free_udp_port
from relais_kit.testing.plugin import free_port

from .conftest import RunningPlatform


def test_relais_up_starts_the_sip_front_and_a_phone_registers_there(
    launch_platform: Any, fresh_database: str, amqp_uri: str, tmp_path: Path
) -> None:
    sip_port = free_udp_port()
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_SIP_ADDRESS": f"127.0.0.1:{sip_port}",
            "RELAIS_SIP_DECIDER": f"127.0.0.1:{free_port()}",
            "RELAIS_ROUTING_CALLPATH": f"127.0.0.1:{free_port()}",
            "RELAIS_WORKER_BASE_PORT": str(free_udp_port()),
            "RELAIS_MEDIA_WORKERS": "1",
        }
    )
    deadline = time.monotonic() + 30
    while "SIP front:" not in platform.text() and time.monotonic() < deadline:
        time.sleep(0.2)
    line = re.search(r"SIP front: .*", platform.text())
    assert line and f"sip:127.0.0.1:{sip_port} (UDP, realm relais)" in line.group(0), platform.text()[-2000:]

    # a digest identity for the default user: ha1 = md5(user name:realm:password), as accounts publishes it
    conn = psycopg2.connect(fresh_database)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute(
                "INSERT INTO media.subscriber (username, domain, ha1, user_id, kind, enterprise_id, tenant_path)"
                " SELECT 'relais-e2e', 'relais', md5('relais-e2e:relais:E2e-Phone-1'), id, 'default', tenant_id,"
                " ARRAY[tenant_id] FROM accounts.users WHERE identifier = 'pro'"
            )
    finally:
        conn.close()
    registered = subprocess.run(
        ["sipp", "-sf", str(SCENARIOS / "register.xml"), "-s", "relais-e2e", "-au", "relais-e2e", "-ap",
         "E2e-Phone-1", "-m", "1", "-p", str(free_udp_port()), "-timeout", "10s", "-nostdin",
         f"127.0.0.1:{sip_port}"],
        capture_output=True, text=True, timeout=30, cwd=tmp_path,
    )  # fmt: skip
    assert registered.returncode == 0, registered.stdout[-2000:]
