"""Start a throw-away platform for a benchmark: `relais up` in a subprocess on a fresh database and vhost."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2

from relais_kit.testing.launch import platform_env, start_relais_up, stop_process_group

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("RELAIS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN_PASSWORD = "bench-admin-Secret-1"
RESELLER_PASSWORD = "bench-reseller-Secret-1"


def _admin(sql: str) -> None:
    conn = psycopg2.connect(PG)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


@contextlib.contextmanager
def running_platform() -> Iterator[tuple[str, str]]:
    """Yields the portal URL and the database URL; everything it created is removed afterwards."""
    name = f"relais_bench_{uuid.uuid4().hex[:8]}"
    vhost = f"relais-bench-{uuid.uuid4().hex[:8]}"
    _admin(f"CREATE DATABASE {name}")
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True)
    env, url = platform_env(
        ADMIN_PASSWORD,
        {
            "RELAIS_DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{name}",
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
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False)
