"""PostgreSQL access: a pool per service, one schema per service, hooks that run after commit.

Every service owns a schema named after it; connections set ``search_path`` to that schema, so SQL in a
service's ``storage.py`` never names another service's tables. Tests swap the pool for one shared connection
whose transactions are savepoints, so each test rolls back everything it did.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import psycopg2
import psycopg2.extensions
import psycopg2.extras
from nameko import config
from nameko.extensions import DependencyProvider
from psycopg2 import sql

log = logging.getLogger(__name__)

psycopg2.extras.register_uuid()  # type: ignore[no-untyped-call]  # uuid and uuid[] columns come back as uuid.UUID, not text

# Statements prepared on each connection, by name (a connection forgets them when it closes).
_PREPARED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


class Transaction:
    """One database transaction: run SQL, and register what must happen only once it has committed."""

    def __init__(self, cursor: psycopg2.extras.RealDictCursor) -> None:
        self.cursor = cursor
        self._after_commit: list[Callable[[], None]] = []

    def execute(self, query: str | sql.Composable, params: Any = None) -> None:
        self.cursor.execute(query, params)

    def one(self, query: str | sql.Composable, params: Any = None) -> dict[str, Any] | None:
        self.cursor.execute(query, params)
        row = self.cursor.fetchone()
        return dict(row) if row is not None else None

    def all(self, query: str | sql.Composable, params: Any = None) -> list[dict[str, Any]]:
        self.cursor.execute(query, params)
        return [dict(row) for row in self.cursor.fetchall()]

    def scalar(self, query: str | sql.Composable, params: Any = None) -> Any:
        self.cursor.execute(query, params)
        row = self.cursor.fetchone()
        return None if row is None else next(iter(row.values()))

    def prepared_one(self, name: str, statement: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
        """Run a hot query as a server-side prepared statement (``statement`` uses $1, $2 … with casts): for the
        small queries of the call path, PostgreSQL's planning costs more than executing them."""
        connection = self.cursor.connection
        names = _PREPARED.setdefault(connection, set())
        if name not in names:
            self.cursor.execute(sql.SQL("PREPARE {} AS ").format(sql.Identifier(name)) + sql.SQL(statement))
            names.add(name)
        placeholders = sql.SQL(", ").join(sql.Placeholder() * len(params))
        self.cursor.execute(sql.SQL("EXECUTE {} ({})").format(sql.Identifier(name), placeholders), params)
        row = self.cursor.fetchone()
        return dict(row) if row is not None else None

    def on_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

    def run_after_commit(self) -> None:
        for callback in self._after_commit:
            try:
                callback()
            except Exception:  # a failed hook (e.g. broker down) must not undo a committed change
                log.exception("after-commit hook failed; the outbox relay will retry")


class TransactionSource(Protocol):
    def transaction(self) -> Any: ...

    def reads(self) -> Any: ...


def connect(url: str, schema: str | None = None) -> psycopg2.extensions.connection:
    options = f"-c search_path={schema},public" if schema else None
    return psycopg2.connect(url, options=options, connect_timeout=5)


class ConnectionPool:
    """A blocking pool (greenlet-friendly under eventlet) that opens connections lazily."""

    def __init__(self, url: str, schema: str, size: int = 8, wait_seconds: float = 10.0) -> None:
        self.url, self.schema, self.size, self.wait_seconds = url, schema, size, wait_seconds
        self._idle: queue.LifoQueue[psycopg2.extensions.connection] = queue.LifoQueue()
        self._opened = 0
        self._lock = threading.Lock()

    def _acquire(self) -> psycopg2.extensions.connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._opened < self.size:
                self._opened += 1
                try:
                    return connect(self.url, self.schema)
                except Exception:
                    self._opened -= 1
                    raise
        return self._idle.get(timeout=self.wait_seconds)

    def _release(self, conn: psycopg2.extensions.connection, broken: bool) -> None:
        if broken or conn.closed:
            with self._lock:
                self._opened -= 1
            with contextlib.suppress(Exception):  # already broken; nothing more to learn from it
                conn.close()
            return
        self._idle.put(conn)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        conn = self._acquire()
        broken = False
        try:
            with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                tx = Transaction(cursor)
                yield tx
            conn.commit()
        except BaseException as exc:
            broken = isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError)
            if not conn.closed:
                conn.rollback()
            raise
        finally:
            self._release(conn, broken)
        tx.run_after_commit()

    @contextmanager
    def reads(self) -> Iterator[Transaction]:
        """Statements that each commit on their own (autocommit): no BEGIN and COMMIT round trips. For reads that
        need no snapshot across statements, such as the call path's, whose writes are compare-and-set."""
        conn = self._acquire()
        broken = False
        try:
            conn.autocommit = True
            with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                yield Transaction(cursor)
        except BaseException as exc:
            broken = isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError)
            raise
        finally:
            if not conn.closed:
                conn.autocommit = False
            self._release(conn, broken)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class SavepointConnection:
    """Tests: one connection inside an outer transaction; each inner transaction is a savepoint."""

    def __init__(self, conn: psycopg2.extensions.connection) -> None:
        self.conn = conn
        self._lock = threading.RLock()
        self._counter = 0

    def for_schema(self, schema: str) -> _SchemaSavepoints:
        return _SchemaSavepoints(self, schema)

    @contextmanager
    def savepoint(self, schema: str) -> Iterator[Transaction]:
        with self._lock:
            self._counter += 1
            name = f"relais_sp_{self._counter}"
            with self.conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                cursor.execute(f"SAVEPOINT {name}")
                cursor.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(sql.Identifier(schema)))
                tx = Transaction(cursor)
                try:
                    yield tx
                except BaseException:
                    cursor.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    raise
                cursor.execute(f"RELEASE SAVEPOINT {name}")
        tx.run_after_commit()


class _SchemaSavepoints:
    def __init__(self, shared: SavepointConnection, schema: str) -> None:
        self.shared, self.schema = shared, schema

    def transaction(self) -> Any:
        return self.shared.savepoint(self.schema)

    def reads(self) -> Any:
        return self.shared.savepoint(self.schema)

    def close(self) -> None:
        pass


_shared_connection: SavepointConnection | None = None


@contextmanager
def shared_connection(conn: psycopg2.extensions.connection) -> Iterator[SavepointConnection]:
    """Make every Database provider set up inside this block use ``conn`` (tests only)."""
    global _shared_connection
    previous = _shared_connection
    _shared_connection = SavepointConnection(conn)
    try:
        yield _shared_connection
    finally:
        _shared_connection = previous


def open_source(url: str, schema: str, size: int = 8) -> ConnectionPool | _SchemaSavepoints:
    if _shared_connection is not None:
        return _shared_connection.for_schema(schema)
    return ConnectionPool(url, schema, size=size)


class Database(DependencyProvider):
    """Hands each worker the service's pool; ``with self.db.transaction() as tx:`` opens a transaction."""

    def __init__(self, schema: str, pool_size: int = 8) -> None:
        self.schema = schema
        self.pool_size = pool_size
        self.source: ConnectionPool | _SchemaSavepoints | None = None

    def setup(self) -> None:
        self.source = open_source(config["DATABASE_URL"], self.schema, self.pool_size)

    def stop(self) -> None:
        if self.source is not None:
            self.source.close()

    def get_dependency(self, worker_ctx: Any) -> ConnectionPool | _SchemaSavepoints:
        assert self.source is not None
        return self.source
