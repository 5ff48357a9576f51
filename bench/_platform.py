"""Start a throw-away platform for a benchmark: `relais up` in a subprocess on a fresh database and vhost."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("RELAIS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN_PASSWORD = "bench-admin-Secret-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(sql: str) -> None:
    conn = psycopg2.connect(PG)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


@contextlib.contextmanager
def running_platform() -> Iterator[str]:
    """Yields the portal URL; everything it created is removed afterwards."""
    name = f"relais_bench_{uuid.uuid4().hex[:8]}"
    vhost = f"relais-bench-{uuid.uuid4().hex[:8]}"
    _admin(f"CREATE DATABASE {name}")
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    ports = {s: free_port() for s in ("accounts", "routing", "media", "billing", "transcription", "gateway")}
    env.update({f"RELAIS_{s.upper()}_HTTP": f"127.0.0.1:{p}" for s, p in ports.items()})
    url = f"http://127.0.0.1:{ports['gateway']}"
    env.update(
        {
            "RELAIS_DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{name}",
            "RELAIS_AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
            "RELAIS_PUBLIC_URL": url,
            "RELAIS_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "RELAIS_MODE": "external",
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "relais", "up"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
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
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False)
