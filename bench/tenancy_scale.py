"""Permission check plus scoped list of 1,000 enterprises under a reseller, through the REST API (ACC-01).

    .venv/bin/python bench/tenancy_scale.py [seconds]

Starts the platform as `relais up` does (its own database and vhost), writes 1,000 enterprises under the default
reseller and 1,000 under another (which must not show), signs in as the reseller's administrator and asks for the
whole list (page_size=1000) and for the first page (50) at a fixed rate. Prints p50/p95/p99 from the scheduled
send time. Target: p95 under 50 ms for the 1,000-row list.
"""

from __future__ import annotations

import http.client
import json
import sys
import uuid

import psycopg2
import psycopg2.extras
from _load import run_at_rate
from _platform import RESELLER_PASSWORD, running_platform


def seed(database_url: str, count: int) -> None:
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT id, path::text[] FROM accounts.tenants WHERE kind = 'reseller' ORDER BY created_at LIMIT 1")
        reseller_id, reseller_path = cur.fetchone()
        cur.execute("SELECT id FROM accounts.tenants WHERE kind = 'system'")
        system_id = cur.fetchone()[0]
        other = str(uuid.uuid4())
        cur.execute(
            "INSERT INTO accounts.tenants (id, kind, parent_id, path, name)"
            " VALUES (%s, 'reseller', %s, %s::uuid[], %s)",
            (other, system_id, [str(system_id), other], "Other reseller"),
        )
        rows = []
        for parent, path, label in (
            (reseller_id, reseller_path, "Entreprise"),
            (other, [str(system_id), other], "Autre"),
        ):
            for i in range(count):
                tenant = str(uuid.uuid4())
                rows.append(
                    (
                        tenant,
                        "enterprise",
                        str(parent),
                        [*map(str, path), tenant],
                        f"{label} {i:04d}",
                        f"contact{i}@example.ca",
                    )
                )
        psycopg2.extras.execute_values(
            cur,
            "INSERT INTO accounts.tenants (id, kind, parent_id, path, name, contact_email) VALUES %s",
            rows,
            template="(%s, %s, %s, %s::uuid[], %s, %s)",
        )
    conn.close()


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 15.0
    with running_platform() as (url, database_url):
        seed(database_url, 1000)
        conn = http.client.HTTPConnection(url.split("//")[1])
        conn.request(
            "POST",
            "/api/v1/sessions",
            body=json.dumps({"identifier": "revendeur", "password": RESELLER_PASSWORD}),
            headers={"Content-Type": "application/json"},
        )
        token = json.loads(conn.getresponse().read())["token"]
        auth = {"Authorization": f"Bearer {token}"}

        def get(path: str) -> tuple[int, bytes]:
            conn.request("GET", path, headers=auth)
            response = conn.getresponse()
            return response.status, response.read()

        status, payload = get("/api/v1/customers?page_size=1000")
        listed = json.loads(payload)
        assert status == 200 and listed["total"] == 1001 and len(listed["items"]) == 1000, (status, listed.get("total"))
        assert not any(item["name"].startswith("Autre") for item in listed["items"])

        def whole_list(c: http.client.HTTPConnection) -> int:
            c.request("GET", "/api/v1/customers?page_size=1000", headers=auth)
            response = c.getresponse()
            response.read()
            return response.status

        def first_page(c: http.client.HTTPConnection) -> int:
            c.request("GET", "/api/v1/customers?search=Entreprise%2001", headers=auth)
            response = c.getresponse()
            response.read()
            return response.status

        print("Relais tenancy scale: 1,000 enterprises under the reseller, 1,000 under another (hidden)")
        print(run_at_rate("GET /api/v1/customers?page_size=1000 (1,000 rows)", url, whole_list, 20, seconds).line())
        print(run_at_rate("GET /api/v1/customers?search=… (first page)", url, first_page, 20, seconds).line())


if __name__ == "__main__":
    main()
