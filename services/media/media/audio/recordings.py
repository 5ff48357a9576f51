"""Call recordings (MED-05): an enterprise enables recording; the workers store each recorded call with
``save_recording``; its administrators list, listen to, download and delete them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from media.audio import conversion, uploads
from media.audio.storage import AudioStore
from media.events import recording_saved
from media.scope import Scope, in_scope, require_admin, require_tenant
from media.voicemail.messages import to_telephony
from relais_kit.db import Transaction
from relais_kit.errors import NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, as_uuid, load

COLUMNS = (
    "id::text, tenant_id::text, call_id, caller_number, dialled_number, user_id::text, started_at, duration_ms,"
    " size_bytes"
)
MAX_RECORDING_SECONDS = 6 * 3600


class RecordingSettings(Schema):
    class Meta:
        unknown = EXCLUDE

    enabled = fields.Boolean(required=True)


class Page(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(
        load_default=50, validate=validate.Range(min=1, max=500, error=Msg("Between {min} and {max}."))
    )
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, error=Msg("At least {min}.")))


def recording_enabled(tx: Transaction, tenant_id: Any) -> bool:
    """For the workers: whether calls of this enterprise are recorded."""
    return bool(tx.scalar("SELECT enabled FROM recording_settings WHERE tenant_id = %s", (str(tenant_id),)))


def get_settings(tx: Transaction, scope: Scope, enterprise_id: Any) -> dict[str, Any]:
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    return {"enterprise_id": tenant, "enabled": recording_enabled(tx, tenant)}


def set_settings(tx: Transaction, scope: Scope, enterprise_id: Any, payload: Any) -> dict[str, Any]:
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    data = load(RecordingSettings(), payload)
    tx.execute(
        "INSERT INTO recording_settings (tenant_id, enabled) VALUES (%s, %s)"
        " ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()",
        (tenant, data["enabled"]),
    )
    return {"enterprise_id": tenant, "enabled": data["enabled"]}


def save_recording(
    tx: Transaction,
    store: AudioStore,
    outbox: OutboxWriter,
    *,
    tenant_id: str,
    call_id: str,
    wav: bytes,
    started_at: datetime,
    caller_number: str = "",
    dialled_number: str = "",
    user_id: str | None = None,
) -> dict[str, Any] | None:
    """Store a call's recording when its enterprise records calls (else None, nothing kept). Idempotent per call:
    a second save of the same call returns the stored recording and publishes no second ``recording_saved``."""
    if not recording_enabled(tx, tenant_id):
        return None
    existing = tx.one(f"SELECT {COLUMNS} FROM call_recordings WHERE call_id = %s", (call_id,))
    if existing is not None:
        return existing
    audio = to_telephony(wav, MAX_RECORDING_SECONDS)
    recording_id = str(uuid.uuid4())
    key = f"recordings/{tenant_id}/{recording_id}.wav"
    store.put(key, audio)
    try:
        row = tx.one(
            "INSERT INTO call_recordings (id, tenant_id, call_id, caller_number, dialled_number, user_id, started_at,"
            " duration_ms, size_bytes, storage_key) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            f" RETURNING {COLUMNS}",
            (
                recording_id,
                str(tenant_id),
                call_id,
                caller_number[:64],
                dialled_number[:64],
                user_id,
                started_at,
                round(conversion.wav_seconds(audio) * 1000),
                len(audio),
                key,
            ),
        )
        assert row is not None
        recording_saved(outbox, tx, row)
    except BaseException:
        store.delete(key)
        raise
    return row


def list_recordings(tx: Transaction, scope: Scope, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    page = load(Page(), query or {})
    items = tx.all(
        f"SELECT {COLUMNS} FROM call_recordings WHERE tenant_id = %s ORDER BY started_at DESC LIMIT %s OFFSET %s",
        (tenant, page["limit"], page["offset"]),
    )
    total = tx.scalar("SELECT count(*) FROM call_recordings WHERE tenant_id = %s", (tenant,))
    return {"items": items, "total": int(total), "enabled": recording_enabled(tx, tenant)}


def _recording(tx: Transaction, scope: Scope, recording_id: Any) -> dict[str, Any]:
    key = as_uuid(recording_id)
    row = tx.one(f"SELECT {COLUMNS}, storage_key FROM call_recordings WHERE id = %s", (key,)) if key else None
    if row is None or not in_scope(tx, scope, row["tenant_id"]):
        raise NotFound("recording")
    require_admin(scope)
    return row


def recording_content(tx: Transaction, store: AudioStore, scope: Scope, recording_id: Any) -> dict[str, Any]:
    row = _recording(tx, scope, recording_id)
    return uploads.attachment(f"recording-{row['started_at']:%Y%m%d-%H%M%S}.wav", store.get(row["storage_key"]))


def delete_recording(tx: Transaction, store: AudioStore, scope: Scope, recording_id: Any) -> None:
    row = _recording(tx, scope, recording_id)
    tx.execute("DELETE FROM call_recordings WHERE id = %s", (row["id"],))
    key = row["storage_key"]
    tx.on_commit(lambda: store.delete(key))
