"""Events the media service publishes; each has its JSON Schema in protos/events/."""

from __future__ import annotations

from typing import Any

from relais_kit.db import Transaction
from relais_kit.events import OutboxWriter

# call_* are the call journal's facts, written by workers (media.journal) and the SIP front, relayed by the service.
PUBLISHED = ("voicemail_recorded", "recording_saved", "call_started", "call_answered", "call_ended")


def _tenant_path(tx: Transaction, tenant_id: str) -> list[str]:
    path = tx.scalar("SELECT path::text[] FROM directory_tenants WHERE id = %s", (tenant_id,))
    return [str(p) for p in path] if path else [tenant_id]


def voicemail_recorded(outbox: OutboxWriter, tx: Transaction, message: dict[str, Any]) -> dict[str, Any]:
    data = {
        "message_id": message["id"],
        "user_id": message["user_id"],
        "tenant_id": message["tenant_id"],
        "call_id": message["call_id"],
        "caller_number": message["caller_number"],
        "duration_ms": message["duration_ms"],
        "recorded_at": message["recorded_at"].isoformat(),
    }
    return outbox.add(tx, "voicemail_recorded", data, _tenant_path(tx, message["tenant_id"]))


def recording_saved(outbox: OutboxWriter, tx: Transaction, recording: dict[str, Any]) -> dict[str, Any]:
    data = {
        "recording_id": recording["id"],
        "tenant_id": recording["tenant_id"],
        "call_id": recording["call_id"],
        "caller_number": recording["caller_number"],
        "dialled_number": recording["dialled_number"],
        "user_id": recording["user_id"],
        "duration_ms": recording["duration_ms"],
        "started_at": recording["started_at"].isoformat(),
    }
    return outbox.add(tx, "recording_saved", data, _tenant_path(tx, recording["tenant_id"]))
