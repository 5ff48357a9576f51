"""The voicemail message store, as the media workers use it at call time (MED-04).

The worker opens a transaction on the media schema (``relais_kit.db.ConnectionPool(url, "media")``), asks
``mailbox_for_call`` before recording (greeting to play, longest message, whether the box still has room), records,
then calls ``save_message`` with the WAV. Both take the audio store from ``media.audio.storage``
(``store_from_settings(MEDIA settings)`` or ``LocalAudioStore(AUDIO_DIR)``).
"""

from __future__ import annotations

import subprocess
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from media.audio import conversion
from media.audio.storage import AudioStore
from media.events import voicemail_recorded
from relais_kit.db import Transaction
from relais_kit.events import OutboxWriter

MESSAGE_COLUMNS = (
    "id::text, user_id::text, tenant_id::text, call_id, caller_number, caller_name, duration_ms, size_bytes, heard,"
    " recorded_at"
)


class MailboxFull(Exception):
    """The mailbox holds its maximum number of messages; nothing was stored."""


def ensure_mailbox(tx: Transaction, user_id: str, tenant_id: str) -> dict[str, Any]:
    tx.execute(
        "INSERT INTO mailboxes (user_id, tenant_id) VALUES (%s, %s) ON CONFLICT (user_id) DO NOTHING",
        (str(user_id), str(tenant_id)),
    )
    row = tx.one(
        "SELECT user_id::text, tenant_id::text, max_message_seconds, max_messages, email_notification,"
        " greeting_key, greeting_duration_ms FROM mailboxes WHERE user_id = %s",
        (str(user_id),),
    )
    assert row is not None
    return row


def mailbox_for_call(tx: Transaction, store: AudioStore, user_id: str, tenant_id: str) -> dict[str, Any]:
    """What a worker needs before recording: ``greeting_path`` (the user's own greeting or None for the system
    prompt ``no_answer_voicemail``), ``max_message_seconds`` and ``accepts`` (False when the box is full)."""
    box = ensure_mailbox(tx, user_id, tenant_id)
    count = tx.scalar("SELECT count(*) FROM voicemail_messages WHERE user_id = %s", (str(user_id),))
    greeting = box["greeting_key"]
    return {
        "greeting_path": str(store.local_path(greeting)) if greeting and store.exists(greeting) else None,
        "max_message_seconds": box["max_message_seconds"],
        "accepts": int(count) < box["max_messages"],
    }


def save_message(
    tx: Transaction,
    store: AudioStore,
    outbox: OutboxWriter,
    *,
    user_id: str,
    tenant_id: str,
    call_id: str,
    wav: bytes,
    caller_number: str = "",
    caller_name: str = "",
    recorded_at: datetime | None = None,
) -> dict[str, Any]:
    """Store a recorded voicemail message in the user's mailbox and announce it once.

    Contract (the WORKERS helper's worker calls this after recording):
    - ``tx``: a transaction on the media schema; the caller commits it. ``outbox``: ``OutboxWriter("media")``; the
      ``voicemail_recorded`` event is written to the outbox in ``tx`` and published by the media service's relay.
    - ``wav``: the recording, any WAV sox reads (the worker's 8 kHz or 16 kHz PCM); it is converted to 8 kHz mono
      16-bit and cut to the mailbox's ``max_message_seconds``.
    - Idempotent per (user_id, call_id): saving the same call again returns the stored message, writes no second
      file, event or e-mail (so a retried save after a worker restart changes nothing).
    - Raises ``MailboxFull`` when the box holds ``max_messages`` (check ``mailbox_for_call`` first to play
      ``mailbox_full`` instead of recording). Raises ``ValueError`` when the audio cannot be read.
    - Marks the message for the new-message e-mail (audio attached) when the mailbox has e-mail notification on;
      the media service sends it after the commit and retries until the SMTP server takes it.
    Returns the message: id, user_id, tenant_id, call_id, caller_number, caller_name, duration_ms, size_bytes,
    heard, recorded_at.
    """
    box = ensure_mailbox(tx, user_id, tenant_id)
    tx.execute("SELECT 1 FROM mailboxes WHERE user_id = %s FOR UPDATE", (str(user_id),))
    existing = tx.one(
        f"SELECT {MESSAGE_COLUMNS} FROM voicemail_messages WHERE user_id = %s AND call_id = %s",
        (str(user_id), call_id),
    )
    if existing is not None:
        return existing
    count = int(tx.scalar("SELECT count(*) FROM voicemail_messages WHERE user_id = %s", (str(user_id),)))
    if count >= box["max_messages"]:
        raise MailboxFull(str(user_id))
    audio = to_telephony(wav, box["max_message_seconds"])
    message_id = str(uuid.uuid4())
    key = f"voicemail/{user_id}/{message_id}.wav"
    store.put(key, audio)
    try:
        message = tx.one(
            "INSERT INTO voicemail_messages (id, user_id, tenant_id, call_id, caller_number, caller_name,"
            " duration_ms, size_bytes, storage_key, recorded_at, notify_pending)"
            f" VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING {MESSAGE_COLUMNS}",
            (
                message_id,
                str(user_id),
                str(tenant_id),
                call_id,
                caller_number[:64],
                caller_name[:200],
                round(conversion.wav_seconds(audio) * 1000),
                len(audio),
                key,
                recorded_at or datetime.now(UTC),
                box["email_notification"],
            ),
        )
        assert message is not None
        voicemail_recorded(outbox, tx, message)
    except BaseException:
        store.delete(key)
        raise
    return message


def to_telephony(wav: bytes, max_seconds: int) -> bytes:
    """The recording as 8 kHz mono 16-bit WAV, at most ``max_seconds`` long."""
    if conversion.is_telephony_wav(wav) and conversion.wav_seconds(wav) <= max_seconds:
        return wav
    with tempfile.TemporaryDirectory(prefix="relais-vm-") as folder:
        source, target = Path(folder) / "in.wav", Path(folder) / "out.wav"
        source.write_bytes(wav)
        result = subprocess.run(
            ["sox", str(source), *conversion.TELEPHONY_OPTIONS, str(target), "trim", "0", str(max_seconds)],
            capture_output=True,
            timeout=conversion.SOX_SECONDS,
            check=False,
        )
        if result.returncode != 0 or not target.exists():
            raise ValueError("the recording could not be read")
        return target.read_bytes()
