"""Events published only after their transaction commits (outbox), consumed at most once (inbox).

The ``outbox`` and ``processed_events`` tables come from the kit's own migration tracks (``relais_kit/schema``);
a service asks for them with ``kit_tables = ("outbox",)`` or ``("inbox",)``.

Publishing: ``self.outbox.add(tx, "reseller_created", data, tenant_path)`` writes the event into the service's
``outbox`` table inside the business transaction; once it commits the event is published and marked. If the
broker is down at that moment, a relay thread publishes what is left, so a committed fact is never lost and an
uncommitted one is never seen.

Consuming: ``@consumes("accounts", "reseller_created", Schema)`` validates the envelope and the data with the
consumer's own schema (unknown fields ignored) and records the event id in ``processed_events`` in the same
transaction as the handler's work, so a redelivered event changes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import eventlet
import eventlet.event
import psycopg2.extras
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from nameko import config
from nameko.events import SERVICE_POOL, EventDispatcher, event_handler

from relais_kit.contracts import ContractError, envelope, validate_event, validate_events
from relais_kit.db import ConnectionPool, Transaction, _SchemaSavepoints, open_source

log = logging.getLogger(__name__)

RELAY_AGE_SECONDS = 2.0
PUBLISH_BATCH = 200


class OutboxWriter:
    """Adds events to the outbox of ``source`` inside a transaction; ``publish`` runs after the commit."""

    def __init__(self, source: str, publish: Callable[[list[str]], Any] | None = None) -> None:
        self.source = source
        self._publish = publish

    def add(
        self, tx: Transaction, event_type: str, data: dict[str, Any], tenant_path: list[str], version: int = 1
    ) -> dict[str, Any]:
        event = envelope(self.source, event_type, data, tenant_path, version)
        validate_event(event)
        tx.execute(
            "INSERT INTO outbox (event_id, event_type, payload) VALUES (%s, %s, %s)",
            (event["event_id"], event_type, psycopg2.extras.Json(event)),
        )
        publish = self._publish
        if publish is not None:
            tx.on_commit(lambda: publish([event["event_id"]]))
        return event

    def add_many(
        self, tx: Transaction, events: list[tuple[str, dict[str, Any], list[str]]], version: int = 1
    ) -> list[dict[str, Any]]:
        """Many events (event type, data, tenant path) in a few statements, for bulk work such as imports;
        published after the commit in batches, like ``add``."""
        built = [envelope(self.source, event_type, data, path, version) for event_type, data, path in events]
        validate_events(built)
        psycopg2.extras.execute_values(
            tx.cursor,
            "INSERT INTO outbox (event_id, event_type, payload) VALUES %s",
            [(e["event_id"], e["event_type"], psycopg2.extras.Json(e)) for e in built],
            page_size=1000,
        )
        publish = self._publish
        if publish is not None and built:
            ids = [e["event_id"] for e in built]

            def publish_in_batches() -> None:
                for start in range(0, len(ids), PUBLISH_BATCH):
                    publish(ids[start : start + PUBLISH_BATCH])

            tx.on_commit(publish_in_batches)
        return built


class Outbox(EventDispatcher):
    """The service's event publisher; events go through its ``outbox`` table."""

    def __init__(self, schema: str, relay_interval: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schema = schema
        self.relay_interval = relay_interval
        self.source: ConnectionPool | _SchemaSavepoints | None = None
        self._relay: Any = None
        self._stopping = False
        self._stop_event: Any = None
        self.published_hook: Callable[[dict[str, Any]], None] | None = None

    def setup(self) -> None:
        super().setup()
        self.source = open_source(config["DATABASE_URL"], self.schema, size=2)

    def start(self) -> None:
        self._stop_event = eventlet.event.Event()
        super().start()
        self._relay = self.container.spawn_managed_thread(self._relay_loop)

    def stop(self) -> None:
        # Let the relay finish its pass instead of killing it mid-query: a greenlet killed inside psycopg2 leaves
        # the connection closed under whoever shares it.
        self._stopping = True
        if self._stop_event is not None and not self._stop_event.ready():
            self._stop_event.send(True)
        if self._relay is not None:
            self._relay.wait()
        if self.source is not None:
            self.source.close()
        super().stop()

    def get_dependency(self, worker_ctx: Any) -> OutboxWriter:
        return OutboxWriter(self.container.service_name, self.publish_pending)

    def publish_pending(self, event_ids: list[str] | None = None) -> int:
        assert self.source is not None
        with self.source.transaction() as tx:
            if event_ids is None:
                rows = tx.all(
                    "SELECT event_id, event_type, payload FROM outbox WHERE published_at IS NULL"
                    " AND created_at < clock_timestamp() - make_interval(secs => %s)"
                    " ORDER BY created_at LIMIT 200 FOR UPDATE SKIP LOCKED",
                    (RELAY_AGE_SECONDS,),
                )
            else:
                rows = tx.all(
                    "SELECT event_id, event_type, payload FROM outbox WHERE published_at IS NULL"
                    " AND event_id = ANY(%s::uuid[]) ORDER BY created_at FOR UPDATE SKIP LOCKED",
                    (event_ids,),
                )
            for row in rows:
                self.publisher.publish(row["payload"], exchange=self.exchange, routing_key=row["event_type"])
                tx.execute("UPDATE outbox SET published_at = now() WHERE event_id = %s", (row["event_id"],))
                if self.published_hook is not None:
                    self.published_hook(row["payload"])
            return len(rows)

    def _relay_loop(self) -> None:
        while not self._stopping:
            with eventlet.Timeout(self.relay_interval, False):
                self._stop_event.wait()
            if self._stopping:
                return
            try:
                self.publish_pending()
            except Exception:
                log.exception("outbox relay of %s failed; retrying", self.schema)


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    event_type = fields.String(required=True)
    version = fields.Integer(required=True)
    source = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    tenant_path = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))
    data = fields.Dict(required=True)


Handler = Callable[[Any, Transaction, dict[str, Any], dict[str, Any]], None]


def consumes(
    source: str, event_type: str, data_schema: type[Schema], versions: tuple[int, ...] = (1,)
) -> Callable[[Handler], Callable[[Any, Any], None]]:
    """Subscribe a handler ``(self, tx, envelope, data)``; the service must have a ``db`` dependency."""

    def decorate(fn: Handler) -> Callable[[Any, Any], None]:
        consumer = f"{fn.__module__}.{fn.__qualname__}"

        @wraps(fn)
        def handler(self: Any, payload: Any) -> None:
            try:
                if isinstance(payload, str | bytes):
                    payload = json.loads(payload)
                env = EnvelopeSchema().load(payload)
                if env["event_type"] != event_type or env["version"] not in versions:
                    raise ContractError(f"expected {event_type} v{versions}, got {env['event_type']} v{env['version']}")
                data = data_schema(unknown=EXCLUDE).load(env["data"])
            except (ValidationError, ContractError, ValueError) as exc:
                log.error("%s rejected a malformed %s event: %s", consumer, event_type, exc)
                return
            try:
                with self.db.transaction() as tx:
                    claimed = tx.scalar(
                        "INSERT INTO processed_events (event_id, consumer) VALUES (%s, %s)"
                        " ON CONFLICT DO NOTHING RETURNING 1",
                        (str(env["event_id"]), consumer),
                    )
                    if claimed:
                        fn(self, tx, env, data)
            except Exception:
                eventlet.sleep(0.5)  # back off before the broker redelivers
                raise

        decorated: Callable[[Any, Any], None] = event_handler(
            source, event_type, handler_type=SERVICE_POOL, reliable_delivery=True, requeue_on_error=True
        )(handler)
        return decorated

    return decorate
