"""Media objects of enterprise B for the walls (MED-02..05), and media's copy of the tenant tree, written straight
into the media schema (the hierarchy is written straight into accounts', so no event tells media about it)."""

from __future__ import annotations

import uuid
from typing import Any

MEDIA_TABLES = ("media.audio_files", "media.mailboxes", "media.voicemail_messages", "media.call_recordings")


def seed_media(sql_query: Any, ids: dict[str, str]) -> dict[str, str]:
    for key, kind, path in (
        ("reseller_a", "reseller", ("system", "reseller_a")),
        ("reseller_b", "reseller", ("system", "reseller_b")),
        ("enterprise_a", "enterprise", ("system", "reseller_a", "enterprise_a")),
        ("enterprise_b", "enterprise", ("system", "reseller_b", "enterprise_b")),
        ("professional_a", "professional", ("system", "reseller_a", "professional_a")),
    ):
        sql_query(
            "INSERT INTO media.directory_tenants (id, kind, path) VALUES (%s, %s, %s::uuid[]) ON CONFLICT DO NOTHING",
            (ids[key], kind, [ids[p] for p in path]),
        )
    made = {"audio_file_id": str(uuid.uuid4()), "message_id": str(uuid.uuid4()), "recording_id": str(uuid.uuid4())}
    b = ids["enterprise_b"]
    sql_query(
        "INSERT INTO media.audio_files (id, tenant_id, kind, name, storage_key, duration_ms, size_bytes)"
        " VALUES (%s, %s, 'announcement', 'Accueil B', 'announcement/b/b.wav', 1000, 16000)",
        (made["audio_file_id"], b),
    )
    sql_query("INSERT INTO media.mailboxes (user_id, tenant_id) VALUES (%s, %s)", (ids["eb"], b))
    sql_query(
        "INSERT INTO media.voicemail_messages (id, user_id, tenant_id, call_id, duration_ms, size_bytes, storage_key,"
        " recorded_at) VALUES (%s, %s, %s, 'call-b', 1000, 16000, 'voicemail/b/b.wav', now())",
        (made["message_id"], ids["eb"], b),
    )
    sql_query(
        "INSERT INTO media.call_recordings (id, tenant_id, call_id, started_at, duration_ms, size_bytes, storage_key)"
        " VALUES (%s, %s, 'call-b', now(), 1000, 16000, 'recordings/b/b.wav')",
        (made["recording_id"], b),
    )
    return {f"media_{k}": v for k, v in made.items()}
