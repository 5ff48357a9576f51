"""The worker's side of voicemail: the mailbox's greeting and limits before recording, then the WAV handed to
``media.voicemail.save_message`` (which stores it, announces ``voicemail_recorded`` and queues the e-mail)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from media.audio.storage import LocalAudioStore
from media.voicemail import mailbox_for_call, save_message
from relais_kit.db import TransactionSource
from relais_kit.events import OutboxWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailbox:
    user_id: str
    tenant_id: str
    greeting: Path | None
    max_seconds: int
    accepts: bool


class VoicemailSink:
    def __init__(self, source: TransactionSource, audio_dir: Path) -> None:
        self.source = source
        self.store = LocalAudioStore(audio_dir)
        self.outbox = OutboxWriter("media")

    def mailbox(self, user_id: str, tenant_id: str | None, default_seconds: int) -> Mailbox | None:
        """The mailbox of a voicemail plan (its ``mailbox`` is the user's id); None when there is none to use."""
        if not tenant_id or not _is_uuid(user_id) or not _is_uuid(tenant_id):
            return None
        with self.source.transaction() as tx:
            box = mailbox_for_call(tx, self.store, user_id, tenant_id)
        seconds = min(int(box["max_message_seconds"] or default_seconds), default_seconds)
        greeting = Path(box["greeting_path"]) if box["greeting_path"] else None
        return Mailbox(user_id, tenant_id, greeting, seconds, bool(box["accepts"]))

    def save(self, box: Mailbox, wav: Path, caller: str, call_id: str) -> str:
        with self.source.transaction() as tx:
            message = save_message(
                tx,
                self.store,
                self.outbox,
                user_id=box.user_id,
                tenant_id=box.tenant_id,
                call_id=call_id,
                wav=wav.read_bytes(),
                caller_number=caller,
            )
        wav.unlink(missing_ok=True)
        return str(message["id"])


@dataclass(frozen=True)
class StoredMessage:
    id: str
    path: Path
    caller: str
    heard: bool


class MailboxByPhone:
    """The owner's side of a mailbox, for the voicemail box by phone (the portal's list/listen/delete, MED-04)."""

    def __init__(self, source: TransactionSource, store: LocalAudioStore) -> None:
        self.source = source
        self.store = store

    def messages(self, user_id: str) -> list[StoredMessage]:
        """New messages first, then the ones already heard; oldest first within each."""
        if not _is_uuid(user_id):
            return []
        with self.source.transaction() as tx:
            rows = tx.all(
                "SELECT id::text, storage_key, caller_number, heard FROM voicemail_messages WHERE user_id = %s"
                " ORDER BY heard, recorded_at",
                (user_id,),
            )
        return [
            StoredMessage(r["id"], self.store.local_path(r["storage_key"]), r["caller_number"], r["heard"])
            for r in rows
        ]

    def mark_heard(self, user_id: str, message_id: str) -> None:
        with self.source.transaction() as tx:
            tx.execute(
                "UPDATE voicemail_messages SET heard = true WHERE id = %s AND user_id = %s", (message_id, user_id)
            )

    def delete(self, user_id: str, message_id: str) -> bool:
        with self.source.transaction() as tx:
            key = tx.scalar(
                "DELETE FROM voicemail_messages WHERE id = %s AND user_id = %s RETURNING storage_key",
                (message_id, user_id),
            )
            if key:
                tx.on_commit(lambda: self.store.delete(str(key)))
        return bool(key)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
