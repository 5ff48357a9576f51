"""The users page of a 50,000-user enterprise through the REST API: a page, a sort by a column, an instant search
(ACC-09).

    .venv/bin/python bench/users_page.py [seconds] [rate]

Starts the platform as `relais up` does (its own database and vhost), writes one enterprise with 50,000 users
straight into PostgreSQL with COPY (20 departments, an extension each, a DID for one in five), signs in as the
enterprise's administrator and asks, at a fixed rate: the 100th page sorted by name, the first page sorted by
extension descending, and a contains-search over every column (a broad one that 18 % of the users match, and one
that finds a single user). Prints p50/p95/p99 from the scheduled send time.
Target: p95 under 150 ms for each.

User numbers come from the platform's own sequence and schema (migration 0008): 4 digits while they last, then
5 digits, as the platform hands them out.
"""

from __future__ import annotations

import http.client
import io
import json
import sys
import uuid
from typing import Any

import psycopg2
from _load import run_at_rate
from _platform import running_platform

from accounts.passwords import make_hasher

USERS = 50_000
DEPARTMENTS = 20
ADMIN = "bench-ea"
ADMIN_PASSWORD = "bench-enterprise-Secret-1"
FIRST = ("Sylvie", "Jean", "Marie", "Luc", "Zoé", "Albert", "Chloé", "Mathieu", "Nadia", "Olivier", "Émile", "Inès")
LAST = ("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Smith")


def copy(cur: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    cur.copy_expert(f"COPY accounts.{table} ({columns}) FROM STDIN", buffer)


def seed(database_url: str) -> str:
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT id, path::text[] FROM accounts.tenants WHERE kind = 'reseller' ORDER BY created_at LIMIT 1")
        found = cur.fetchone()
        assert found is not None, "relais seed makes the default reseller"
        reseller_id, reseller_path = found
        enterprise = str(uuid.uuid4())
        cur.execute(
            "INSERT INTO accounts.tenants (id, kind, parent_id, path, name) VALUES (%s, 'enterprise', %s, %s::uuid[],"
            " 'Grande Entreprise')",
            (enterprise, reseller_id, [*reseller_path, enterprise]),
        )
        departments = [str(uuid.uuid4()) for _ in range(DEPARTMENTS)]
        copy(
            cur,
            "departments",
            "id, enterprise_id, path, name",
            [(d, enterprise, "{" + d + "}", f"Service {i:02d}") for i, d in enumerate(departments)],
        )
        cur.execute("SELECT nextval('accounts.user_number_seq')::text FROM generate_series(1, %s)", (USERS,))
        numbers = [r[0] for r in cur.fetchall()]
        cur.execute(
            "INSERT INTO accounts.users (id, tenant_id, user_number, identifier, email, display_name, role,"
            " account_kind, language, password_hash, status) VALUES (%s, %s, '0999', %s, %s, 'Bench Admin',"
            " 'enterprise_admin', 'administrator', 'fr', %s, 'activated')",
            (str(uuid.uuid4()), enterprise, ADMIN, f"{ADMIN}@example.ca", make_hasher({}).hash(ADMIN_PASSWORD)),
        )
        users, extensions, dids = [], [], []
        statuses = ("activated", "activated", "activated", "pending", "not_activated")
        for i in range(USERS):
            user = str(uuid.uuid4())
            first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
            users.append(
                (
                    user,
                    enterprise,
                    numbers[i],
                    f"u{i:05d}",
                    f"u{i:05d}@example.ca",
                    f"{first} {last} {i:05d}",
                    first,
                    f"{last}{i:05d}",
                    "user",
                    "employee",
                    "fr",
                    "not-a-hash",
                    statuses[i % len(statuses)],
                    departments[i % DEPARTMENTS],
                )
            )
            extensions.append((str(uuid.uuid4()), enterprise, str(100000 + i), user))
            if i % 5 == 0:
                dids.append((str(uuid.uuid4()), f"+1514{2000000 + i:07d}", enterprise, "user", user))
        copy(
            cur,
            "users",
            "id, tenant_id, user_number, identifier, email, display_name, first_name, last_name, role, account_kind,"
            " language, password_hash, status, department_id",
            users,
        )
        copy(cur, "extensions", "id, enterprise_id, number, user_id", extensions)
        copy(cur, "dids", "id, number, tenant_id, target_type, target_id", dids)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("ANALYZE accounts.users, accounts.extensions, accounts.dids, accounts.departments")
    conn.close()
    return enterprise


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 15.0
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    with running_platform() as (url, database_url):
        enterprise = seed(database_url)
        conn = http.client.HTTPConnection(url.split("//")[1])
        conn.request(
            "POST",
            "/api/v1/sessions",
            body=json.dumps({"identifier": ADMIN, "password": ADMIN_PASSWORD}),
            headers={"Content-Type": "application/json"},
        )
        token = json.loads(conn.getresponse().read())["token"]
        auth = {"Authorization": f"Bearer {token}"}
        base = f"/api/v1/enterprises/{enterprise}/users"
        queries = {
            "page 100 of 1,001 sorted by name": "?page=100&page_size=50",
            "first page sorted by extension, descending": "?sort=extension&descending=true&page_size=50",
            "instant search in every column (“gagn”: 9,084 matches)": "?search=gagn&page_size=50",
        }
        narrow = {"instant search in every column (“roy 00030”: 1 match)": "?search=roy%2000030&page_size=50"}
        for query in queries.values():
            conn.request("GET", base + query, headers=auth)
            response = conn.getresponse()
            listed = json.loads(response.read())
            assert response.status == 200 and len(listed["items"]) == 50, (response.status, listed)
        conn.request("GET", base + "?page_size=1", headers=auth)
        total = json.loads(conn.getresponse().read())["total"]
        assert total == USERS + 1, total

        print(f"Relais users page: one enterprise with {USERS:,} users (+ its administrator), REST API, {rate:.0f}/s")
        for label, query in {**queries, **narrow}.items():

            def request(c: http.client.HTTPConnection, path: str = base + query) -> int:
                c.request("GET", path, headers=auth)
                response = c.getresponse()
                response.read()
                return response.status

            print(run_at_rate(f"GET …/users{query} ({label})", url, request, rate, seconds).line())


if __name__ == "__main__":
    main()
