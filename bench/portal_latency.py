"""Portal and API latency through the gateway, with every service running as `relais up` runs them.

    .venv/bin/python bench/portal_latency.py [seconds]

Needs PostgreSQL and RabbitMQ on localhost (it creates and removes its own database and vhost). Prints, for each
request kind, the achieved rate, failures and p50/p95/p99 latency measured from the scheduled send time.
"""

from __future__ import annotations

import http.client
import json
import sys

from _load import run_at_rate
from _platform import ADMIN_PASSWORD, running_platform


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 15.0
    with running_platform() as (url, _):
        body = json.dumps({"identifier": "admin", "password": ADMIN_PASSWORD})
        headers = {"Content-Type": "application/json"}

        def sign_in(conn: http.client.HTTPConnection) -> int:
            conn.request("POST", "/api/v1/sessions", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status

        conn = http.client.HTTPConnection(url.split("//")[1])
        sign_in(conn)
        conn.request("POST", "/api/v1/sessions", body=body, headers=headers)
        token = json.loads(conn.getresponse().read())["token"]
        auth = {"Authorization": f"Bearer {token}"}

        def list_resellers(conn: http.client.HTTPConnection) -> int:
            conn.request("GET", "/api/v1/resellers", headers=auth)
            response = conn.getresponse()
            response.read()
            return response.status

        def sign_in_page(conn: http.client.HTTPConnection) -> int:
            conn.request("GET", "/sign-in")
            response = conn.getresponse()
            response.read()
            return response.status

        print("Relais portal latency (gateway + accounts over RabbitMQ, PostgreSQL), loopback, this machine")
        print(run_at_rate("GET /sign-in (page, no RPC)", url, sign_in_page, 50, seconds).line())
        print(run_at_rate("GET /api/v1/resellers (session + RPC)", url, list_resellers, 50, seconds).line())
        print(run_at_rate("POST /api/v1/sessions (argon2id 19 MiB, t=2)", url, sign_in, 20, seconds).line())


if __name__ == "__main__":
    main()
