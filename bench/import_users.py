"""Bulk user import of a 10,000-user CSV (ACC-15): preview, then commit.

    .venv/bin/python bench/import_users.py [users]

Builds a throw-away database with the migrations, an enterprise and its administrator, writes a CSV in guide
003's format (semicolons, accents, cp1252, every optional column filled), then runs the two jobs exactly as the
accounts service runs them in the background (accounts.imports.jobs.run_preview and run_commit, on a connection
pool, events written to the outbox): reading and checking every row, then writing every ticked row in one
transaction with execute_values. Prints the wall time of each step and the peak resident set size (ru_maxrss)
of this process, which does the service's work (file, rows, events) plus the benchmark's own set-up.
Targets: preview under 5 s, commit under 15 s, peak memory under 300 MB.

Every row asks for a generated user number (-1): the platform's real schema and sequence hand out the 4-digit
numbers while they last, then 5-digit ones (migration 0008), so all 10,000 users are created.
"""

from __future__ import annotations

import base64
import resource
import sys
import time
import uuid
from typing import Any

from accounts import callers
from accounts.imports import jobs
from accounts.passwords import make_hasher
from accounts.seed import seed_defaults
from accounts.storage import AccountsStore
from relais_kit.db import ConnectionPool
from relais_kit.events import OutboxWriter
from relais_kit.testing.plugin import create_database, drop_database, migrate_everything

FIRST = ("Sylvie", "Jean", "Marie", "Luc", "Zoé", "Albert", "Chloé", "Mathieu", "Nadia", "Olivier", "Émile", "Inès")
LAST = ("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Smith")
PROTOCOLS = ("EWS", "GDAPI", "OWA", "IMAP", "POP3")


def csv_file(users: int) -> bytes:
    lines = ["UserID;FirstName;LastName;Email;Language;Mobile;Home;Business;Protocol;MailServer;UserName"]
    for i in range(users):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        lines.append(
            f"-1;{first};{last};user{i}@bench.example.com;{'fr' if i % 3 else 'en'};+1 514 555 {i % 10000:04d};"
            f"+1 438 555 {i % 10000:04d};+1 450 555 {i % 10000:04d};{PROTOCOLS[i % 5]};mail.bench.example.com;"
            f"{first.lower()}.{i}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def setup(pool: ConnectionPool) -> tuple[str, dict[str, Any]]:
    hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
    with pool.transaction() as tx:
        store = AccountsStore(tx)
        seed_defaults(store, OutboxWriter("accounts"), hasher, {"admin": None, "reseller": None, "user": None})
        reseller = store.tenant(tx.scalar("SELECT id FROM tenants WHERE kind = 'reseller' LIMIT 1"))
        enterprise = store.create_tenant("enterprise", reseller, "Bench Enterprise")
        admin = store.create_user(
            enterprise["id"], "bench-ea", "Bench EA", "enterprise_admin", hasher.hash(uuid.uuid4().hex)
        )
    return str(enterprise["id"]), {"user_id": str(admin["id"])}


def measured(step: Any) -> tuple[float, float]:
    """Wall time of the step, and the process's peak RSS after it (tracemalloc would slow the step 2-3 times)."""
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    name = f"relais_bench_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    try:
        migrate_everything(url)
        pool = ConnectionPool(url, "accounts", size=4)
        enterprise_id, caller = setup(pool)
        content = csv_file(users)
        hasher = make_hasher({}, allow_weak=False)
        with pool.transaction() as tx:
            store = AccountsStore(tx)
            job, work = jobs.start(
                store,
                callers.resolve(store, caller),
                enterprise_id,
                {"source": "csv", "file_name": "bench.csv", "content_base64": base64.b64encode(content).decode()},
            )
        job_id = str(job["id"])
        preview_s, preview_mb = measured(lambda: jobs.run_preview(pool, job_id, work))
        with pool.transaction() as tx:
            store = AccountsStore(tx)
            previewed = jobs.get(store, callers.resolve(store, caller), job_id, {"page_size": 1})
            assert previewed["state"] == "previewed", previewed
            jobs.begin_commit(store, callers.resolve(store, caller), job_id, None)  # no welcome e-mails here
        commit_s, commit_mb = measured(lambda: jobs.run_commit(pool, OutboxWriter("accounts"), hasher, caller, job_id))
        with pool.transaction() as tx:
            store = AccountsStore(tx)
            done = jobs.get(store, callers.resolve(store, caller), job_id, {"page_size": 1})
            events = tx.scalar("SELECT count(*) FROM outbox WHERE event_type = 'user_created'")
        pool.close()
        counts = previewed["counts"]
        assert done["report"]["created"] == users, done["report"]
        print(f"file: {users} users, {len(content) / 1024:.0f} KiB (cp1252, semicolons)")
        print(
            f"preview: {preview_s:.2f} s for {counts['rows']} rows ({counts['included']} importable,"
            f" {counts['with_errors']} with errors), process peak RSS {preview_mb:.0f} MB"
        )
        print(
            f"commit:  {commit_s:.2f} s, state {done['state']}, report {done['report']}, {events} user_created"
            f" events, process peak RSS {commit_mb:.0f} MB"
        )
    finally:
        drop_database(name)


if __name__ == "__main__":
    main()
