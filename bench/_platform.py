"""Start a throw-away platform for a benchmark: `relais up` in a subprocess on a fresh database and vhost."""

from __future__ import annotations

import contextlib
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from relais_kit.testing.launch import platform_env, start_relais_up, stop_process_group
from relais_kit.testing.plugin import create_database, drop_database

ROOT = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "bench-admin-Secret-1"
RESELLER_PASSWORD = "bench-reseller-Secret-1"


@contextlib.contextmanager
def running_platform() -> Iterator[tuple[str, str]]:
    """Yields the portal URL and the database URL; everything it created is removed afterwards."""
    name = f"relais_bench_{uuid.uuid4().hex[:8]}"
    vhost = f"relais-bench-{uuid.uuid4().hex[:8]}"
    database_url = create_database(name)
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True)
    env, url = platform_env(
        ADMIN_PASSWORD,
        {
            "RELAIS_DATABASE_URL": database_url,
            "RELAIS_AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
            "RELAIS_MODE": "external",
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
        },
    )
    process = start_relais_up(env, ROOT)
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        for line in process.stdout:
            if "Relais is up" in line:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("relais up did not start in time")
        else:
            raise RuntimeError("relais up stopped while starting")
        yield url, env["RELAIS_DATABASE_URL"]
    finally:
        stop_process_group(process)
        drop_database(name)
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False)
