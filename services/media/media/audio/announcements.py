"""The announcement repository and music on hold of an enterprise (MED-02, MED-03): upload (checked and converted
to telephony WAV), list, download, rename/describe, choose the music on hold, delete.

Administrators of the enterprise or above manage them; other users get PermissionDenied. Files of a tenant outside
the caller's scope are NotFound. The audio is written before the row and removed if the row cannot be written; a
deleted file's audio goes once the deletion has committed.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from media.audio import conversion, uploads
from media.audio.storage import AudioStore
from media.scope import Scope, in_scope, require_admin, require_tenant
from relais_kit.db import Transaction
from relais_kit.errors import NotFound
from relais_kit.validation import Msg, Text, field_error, load

ANNOUNCEMENT, MUSIC_ON_HOLD = "announcement", "music_on_hold"
KINDS = (ANNOUNCEMENT, MUSIC_ON_HOLD)
LIMITS = {ANNOUNCEMENT: conversion.Limits(max_seconds=600), MUSIC_ON_HOLD: conversion.Limits(max_seconds=900)}
COLUMNS = (
    "id::text, tenant_id::text, kind, name, description, original_filename, duration_ms, size_bytes, is_default,"
    " created_at, updated_at"
)
NAME = validate.Length(min=1, max=100, error=Msg("Between {min} and {max} characters."))
DESCRIPTION = validate.Length(max=500, error=Msg("At most {max} characters."))


class AudioFileInput(uploads.UploadSchema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS, error=Msg("Must be one of: {choices}.")))
    name = Text(required=True, validate=NAME)
    description = Text(load_default="", validate=DESCRIPTION)
    is_default = fields.Boolean(load_default=False)


class AudioFileUpdate(Schema):
    class Meta:
        unknown = EXCLUDE

    name = Text(validate=NAME)
    description = Text(validate=DESCRIPTION)
    is_default = fields.Boolean()


def list_files(tx: Transaction, scope: Scope, enterprise_id: Any, kind: Any = None) -> list[dict[str, Any]]:
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    if kind is not None and kind not in KINDS:
        raise field_error("kind", "Must be one of: {choices}.", choices=", ".join(KINDS))
    return tx.all(
        f"SELECT {COLUMNS} FROM audio_files WHERE tenant_id = %s AND (%s::text IS NULL OR kind = %s)"
        " ORDER BY kind, lower(name)",
        (tenant, kind, kind),
    )


def _row(tx: Transaction, scope: Scope, file_id: Any) -> dict[str, Any]:
    try:
        key = str(uuid.UUID(str(file_id)))
    except ValueError:
        raise NotFound("audio file") from None
    row = tx.one(f"SELECT {COLUMNS}, storage_key FROM audio_files WHERE id = %s", (key,))
    if row is None or not in_scope(tx, scope, row["tenant_id"]):
        raise NotFound("audio file")
    require_admin(scope)
    return row


def public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "storage_key"}


def get_file(tx: Transaction, scope: Scope, file_id: Any) -> dict[str, Any]:
    return public(_row(tx, scope, file_id))


def create_file(tx: Transaction, store: AudioStore, scope: Scope, enterprise_id: Any, payload: Any) -> dict[str, Any]:
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    data = load(AudioFileInput(), payload)
    _name_free(tx, tenant, data["kind"], data["name"], None)
    audio = conversion.convert(uploads.decode(data["content_base64"]), LIMITS[data["kind"]])
    file_id = str(uuid.uuid4())
    storage_key = f"{data['kind']}/{tenant}/{file_id}.wav"
    store.put(storage_key, audio.wav)
    try:
        if data["is_default"]:
            _clear_default(tx, tenant, data["kind"])
        row = tx.one(
            "INSERT INTO audio_files (id, tenant_id, kind, name, description, original_filename, storage_key,"
            " duration_ms, size_bytes, is_default) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            f" RETURNING {COLUMNS}",
            (
                file_id,
                tenant,
                data["kind"],
                data["name"],
                data["description"],
                _safe_filename(data["filename"]),
                storage_key,
                audio.duration_ms,
                audio.size_bytes,
                data["is_default"],
            ),
        )
    except BaseException:
        store.delete(storage_key)
        raise
    assert row is not None
    return row


def update_file(tx: Transaction, scope: Scope, file_id: Any, payload: Any) -> dict[str, Any]:
    row = _row(tx, scope, file_id)
    data = load(AudioFileUpdate(), payload)
    if "name" in data:
        _name_free(tx, row["tenant_id"], row["kind"], data["name"], row["id"])
    if data.get("is_default"):
        _clear_default(tx, row["tenant_id"], row["kind"])
    updated = tx.one(
        "UPDATE audio_files SET name = coalesce(%s, name), description = coalesce(%s, description),"
        f" is_default = coalesce(%s, is_default), updated_at = now() WHERE id = %s RETURNING {COLUMNS}",
        (data.get("name"), data.get("description"), data.get("is_default"), row["id"]),
    )
    assert updated is not None
    return updated


def delete_file(tx: Transaction, store: AudioStore, scope: Scope, file_id: Any) -> None:
    row = _row(tx, scope, file_id)
    tx.execute("DELETE FROM audio_files WHERE id = %s", (row["id"],))
    key = row["storage_key"]
    tx.on_commit(lambda: store.delete(key))


def file_content(tx: Transaction, store: AudioStore, scope: Scope, file_id: Any) -> dict[str, Any]:
    row = _row(tx, scope, file_id)
    return uploads.attachment(f"{_slug(row['name'])}.wav", store.get(row["storage_key"]))


def music_on_hold_path(tx: Transaction, store: AudioStore, tenant_id: Any) -> str | None:
    """For the workers: the enterprise's chosen music on hold (or its only one), None for the system's tune."""
    key = tx.scalar(
        "SELECT storage_key FROM audio_files WHERE tenant_id = %s AND kind = 'music_on_hold'"
        " ORDER BY is_default DESC, created_at LIMIT 1",
        (str(tenant_id),),
    )
    return str(store.local_path(key)) if key else None


def _name_free(tx: Transaction, tenant: str, kind: str, name: str, own_id: str | None) -> None:
    taken = tx.scalar(
        "SELECT id::text FROM audio_files WHERE tenant_id = %s AND kind = %s AND lower(name) = lower(%s)"
        " AND id IS DISTINCT FROM %s::uuid",
        (tenant, kind, name, own_id),
    )
    if taken:
        raise field_error("name", "An audio file with this name already exists.")


def _clear_default(tx: Transaction, tenant: str, kind: str) -> None:
    tx.execute("UPDATE audio_files SET is_default = false WHERE tenant_id = %s AND kind = %s", (tenant, kind))


def _safe_filename(name: str) -> str:
    return re.sub(r"[^\w .()-]", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:255]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:80] or "audio"
