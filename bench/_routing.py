"""What bench/route_call.py and bench/call_path.py share: a throw-away database and vhost with an enterprise of
200 lines, 5 hunt groups and 3 auto attendants seeded into routing, a day's call mix, and routing service processes
started as `relais run-service routing` (several share the call-path port as Kubernetes replicas would)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relais.operations import migrate_all
from relais.services import discover
from relais_kit.db import ConnectionPool
from relais_kit.testing.plugin import create_database, drop_database, free_port
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.storage import RoutingStore

ROOT = Path(__file__).resolve().parents[1]
AMQP = os.environ.get("RELAIS_BENCH_AMQP", "amqp://guest:guest@127.0.0.1:5672/")


@dataclass
class RoutingBench:
    database_url: str
    amqp_uri: str
    enterprise: SeededEnterprise
    mix: list[dict[str, Any]]
    services: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_routing(self, replicas: int = 1, **env: str) -> None:
        """Routing service processes on this bench's database and vhost; `env` adds RELAIS_* settings."""
        environment = {
            **os.environ,
            "RELAIS_DATABASE_URL": self.database_url,
            "RELAIS_AMQP_URI": self.amqp_uri,
            "RELAIS_ROUTING_HTTP": f"127.0.0.1:{free_port()}",
            **env,
        }
        for _ in range(replicas):
            self.services.append(
                subprocess.Popen(
                    [sys.executable, "-m", "relais", "run-service", "routing"],
                    cwd=ROOT,
                    env=environment,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                )
            )


def call_mix(enterprise: SeededEnterprise) -> list[dict[str, Any]]:
    """A day's mix: outside callers to lines' DIDs and to hunt-group pilots (shared circular turn), lines calling
    out (restrictions, zones), lines calling an auto attendant."""
    outside = "+16135550100"
    mix: list[dict[str, Any]] = []
    for n in range(0, 200, 10):
        mix.append({"caller": outside, "dialled": enterprise.did(n), "origin": "trunk"})
    for group in enterprise.hunt_groups:
        mix.append({"caller": outside, "dialled": group["pilot"], "origin": "trunk"})
    for n, number in enumerate(("+15145550199", "+14165550100", "+19005550100", "+442079460000", "+33142685300")):
        mix.append(
            {
                "caller": enterprise.extension(n),
                "dialled": number,
                "origin": "internal",
                "caller_user_id": enterprise.users[n],
            }
        )
    for attendant in enterprise.auto_attendants:
        mix.append(
            {
                "caller": enterprise.extension(7),
                "dialled": attendant["extension"],
                "origin": "internal",
                "caller_user_id": enterprise.users[7],
            }
        )
    return mix


@contextmanager
def routing_bench() -> Iterator[RoutingBench]:
    """The seeded database and vhost; on the way out, the services are stopped and both are removed."""
    name, vhost = f"relais_bench_{uuid.uuid4().hex[:8]}", f"relais-bench-{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True)
    bench: RoutingBench | None = None
    try:
        migrate_all(discover(), url)
        pool = ConnectionPool(url, "routing", size=1)
        with pool.transaction() as tx:
            enterprise = seed_enterprise(RoutingStore(tx), users=200, hunt_groups=5, auto_attendants=3)
        pool.close()
        bench = RoutingBench(url, AMQP.rstrip("/") + f"/{vhost}", enterprise, call_mix(enterprise))
        yield bench
    finally:
        for service in bench.services if bench else []:
            os.killpg(service.pid, signal.SIGTERM)
        for service in bench.services if bench else []:
            try:
                service.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(service.pid, signal.SIGKILL)
        drop_database(name)
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False)
