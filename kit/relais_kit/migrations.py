"""Versioned SQL migrations, one schema per service, applied only by an explicit command.

A service's ``migrations/`` holds ``NNNN_description.sql`` files. Each runs in its own transaction with
``search_path`` set to the service's schema and is recorded in ``<schema>.schema_migrations`` with a checksum,
so an edited, already-applied file is refused instead of silently diverging.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import psycopg2.extensions
from psycopg2 import sql

# Tables the kit itself needs in a service's schema (see relais_kit.events), migrated as tracks of their own so
# every service gets the same definition from one place.
KIT_TRACKS_DIR = Path(__file__).parent / "schema"
SERVICE_TRACK = "service"

_FILE_PATTERN = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def discover(directory: Path) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_PATTERN.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNNN_description.sql")
        migrations.append(Migration(int(match["version"]), match["name"], path))
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise MigrationError(f"{directory}: versions must run 0001, 0002, … without gaps, found {versions}")
    return migrations


def _lock_key(schema: str) -> int:
    return zlib.crc32(f"relais-migrate-{schema}".encode())


def applied(conn: psycopg2.extensions.connection, schema: str, track: str = SERVICE_TRACK) -> dict[int, str]:
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (f"{schema}.schema_migrations",))
        row = cur.fetchone()
        if row is None or row[0] is None:
            return {}
        cur.execute(
            sql.SQL("SELECT version, checksum FROM {}.schema_migrations WHERE track = %s").format(
                sql.Identifier(schema)
            ),
            (track,),
        )
        return {int(version): str(checksum) for version, checksum in cur.fetchall()}


def pending(
    conn: psycopg2.extensions.connection, schema: str, directory: Path, track: str = SERVICE_TRACK
) -> list[Migration]:
    done = applied(conn, schema, track)
    todo = []
    for migration in discover(directory):
        if migration.version in done:
            if done[migration.version] != migration.checksum:
                raise MigrationError(
                    f"{schema}: migration {migration.path.name} was changed after it was applied; "
                    "add a new migration instead"
                )
        else:
            todo.append(migration)
    return todo


def tracks(migrations_dir: Path, kit_tables: tuple[str, ...] = ()) -> list[tuple[str, Path]]:
    """The kit's tracks a service uses (``outbox``, ``inbox``), then the service's own migrations."""
    return [*((name, KIT_TRACKS_DIR / name) for name in kit_tables), (SERVICE_TRACK, migrations_dir)]


def migrate(
    conn: psycopg2.extensions.connection, schema: str, directory: Path, track: str = SERVICE_TRACK
) -> list[Migration]:
    """Apply the pending migrations of one track of a service; returns what was applied."""
    schema_id = sql.Identifier(schema)
    done: list[Migration] = []
    with conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(schema),))
        cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema_id))
        cur.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {}.schema_migrations ("
                " track text NOT NULL, version integer NOT NULL,"
                " name text NOT NULL, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now(),"
                " CONSTRAINT schema_migrations_pkey PRIMARY KEY (track, version))"
            ).format(schema_id)
        )
        for migration in pending(conn, schema, directory, track):
            cur.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(schema_id))
            try:
                cur.execute(migration.text)
            except Exception as exc:
                raise MigrationError(f"{schema}: {migration.path.name} failed: {exc}") from exc
            cur.execute(
                sql.SQL(
                    "INSERT INTO {}.schema_migrations (track, version, name, checksum) VALUES (%s, %s, %s, %s)"
                ).format(schema_id),
                (track, migration.version, migration.name, migration.checksum),
            )
            done.append(migration)
    return done


def migrate_service(
    conn: psycopg2.extensions.connection, schema: str, migrations_dir: Path, kit_tables: tuple[str, ...] = ()
) -> list[Migration]:
    done: list[Migration] = []
    for track, directory in tracks(migrations_dir, kit_tables):
        done.extend(migrate(conn, schema, directory, track))
    return done


def is_current(
    conn: psycopg2.extensions.connection, schema: str, migrations_dir: Path, kit_tables: tuple[str, ...] = ()
) -> bool:
    return not any(pending(conn, schema, d, t) for t, d in tracks(migrations_dir, kit_tables))
