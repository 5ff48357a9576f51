"""Versioned migrations against a real PostgreSQL: explicit, recorded, checksummed, all or nothing."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from relais_kit.migrations import MigrationError, discover, is_current, migrate, migrate_service
from relais_kit.testing.plugin import create_database, drop_database


@pytest.fixture()
def scratch_conn() -> Iterator[psycopg2.extensions.connection]:
    name = f"relais_mig_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(create_database(name))
    yield conn
    conn.close()
    drop_database(name)


def write(directory: Path, name: str, text: str) -> None:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text)


def test_applies_once_in_the_service_schema(tmp_path: Path, scratch_conn: psycopg2.extensions.connection) -> None:
    write(tmp_path, "0001_first.sql", "CREATE TABLE things (id int CONSTRAINT things_pkey PRIMARY KEY);")
    assert [m.name for m in migrate(scratch_conn, "sample", tmp_path)] == ["first"]
    assert migrate(scratch_conn, "sample", tmp_path) == []
    with scratch_conn.cursor() as cur:
        cur.execute("SELECT to_regclass('sample.things') IS NOT NULL, count(*) FROM sample.schema_migrations")
        assert cur.fetchone() == (True, 1)
    assert is_current(scratch_conn, "sample", tmp_path)


def test_new_file_is_pending_until_migrated(tmp_path: Path, scratch_conn: psycopg2.extensions.connection) -> None:
    write(tmp_path, "0001_first.sql", "CREATE TABLE a (id int);")
    migrate(scratch_conn, "sample", tmp_path)
    write(tmp_path, "0002_second.sql", "CREATE TABLE b (id int);")
    assert not is_current(scratch_conn, "sample", tmp_path)
    assert [m.version for m in migrate(scratch_conn, "sample", tmp_path)] == [2]


def test_edited_applied_migration_is_refused(tmp_path: Path, scratch_conn: psycopg2.extensions.connection) -> None:
    write(tmp_path, "0001_first.sql", "CREATE TABLE a (id int);")
    migrate(scratch_conn, "sample", tmp_path)
    write(tmp_path, "0001_first.sql", "CREATE TABLE a (id bigint);")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        migrate(scratch_conn, "sample", tmp_path)


def test_failed_migration_leaves_nothing(tmp_path: Path, scratch_conn: psycopg2.extensions.connection) -> None:
    write(tmp_path, "0001_first.sql", "CREATE TABLE a (id int);")
    write(tmp_path, "0002_broken.sql", "CREATE TABLE b (id int); SELECT no_such_function();")
    with pytest.raises(MigrationError, match=r"0002_broken\.sql"):
        migrate(scratch_conn, "sample", tmp_path)
    with scratch_conn.cursor() as cur:
        cur.execute("SELECT to_regclass('sample.a'), to_regclass('sample.b')")
        assert cur.fetchone() == (None, None)


def test_gaps_and_bad_names_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "0001_first.sql", "")
    write(tmp_path, "0003_third.sql", "")
    with pytest.raises(MigrationError, match="without gaps"):
        discover(tmp_path)
    write(tmp_path / "other", "first.sql", "")
    with pytest.raises(MigrationError, match="NNNN_description"):
        discover(tmp_path / "other")


def test_kit_tables_come_from_their_own_tracks(tmp_path: Path, scratch_conn: psycopg2.extensions.connection) -> None:
    write(tmp_path, "0001_own.sql", "CREATE TABLE own (id int);")
    applied = migrate_service(scratch_conn, "sample", tmp_path, ("outbox", "inbox"))
    assert [(m.path.parent.name, m.name) for m in applied] == [
        ("outbox", "outbox"),
        ("inbox", "processed_events"),
        (tmp_path.name, "own"),
    ]
    assert is_current(scratch_conn, "sample", tmp_path, ("outbox", "inbox"))
    assert not is_current(scratch_conn, "other", tmp_path, ("outbox",))
    with scratch_conn.cursor() as cur:
        cur.execute("SELECT track, version FROM sample.schema_migrations ORDER BY track")
        assert cur.fetchall() == [("inbox", 1), ("outbox", 1), ("service", 1)]
