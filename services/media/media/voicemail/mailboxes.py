"""A user's mailbox as the portal and the API see it (MED-04): settings, greeting, messages.

The owner reads, listens to, downloads and deletes their messages and changes their greeting and e-mail
notification. Administrators whose scope covers the mailbox's enterprise see its settings and counts and change
its limits and greeting, but do not listen to someone else's messages (PermissionDenied). Outside the scope:
NotFound.
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from media.audio import conversion, uploads
from media.audio.storage import AudioStore
from media.scope import Scope, in_scope
from media.voicemail.messages import MESSAGE_COLUMNS, ensure_mailbox
from relais_kit.db import Transaction
from relais_kit.errors import NotFound, PermissionDenied
from relais_kit.validation import Msg, as_uuid, load

GREETING_LIMITS = conversion.Limits(max_seconds=120)


class MailboxUpdate(Schema):
    class Meta:
        unknown = EXCLUDE

    email_notification = fields.Boolean()
    max_message_seconds = fields.Integer(
        validate=validate.Range(min=10, max=600, error=Msg("Between {min} and {max}."))
    )
    max_messages = fields.Integer(validate=validate.Range(min=1, max=1000, error=Msg("Between {min} and {max}.")))


def _mailbox(tx: Transaction, scope: Scope, user_id: Any) -> dict[str, Any]:
    """The mailbox, created for its owner on first sight; NotFound for anyone the scope does not cover."""
    user = as_uuid(user_id)
    if user is None:
        raise NotFound("mailbox")
    if scope.user_id == user:
        return ensure_mailbox(tx, user, scope.tenant)
    row = tx.one("SELECT user_id::text, tenant_id::text FROM mailboxes WHERE user_id = %s", (user,))
    if row is None or not in_scope(tx, scope, row["tenant_id"]):
        raise NotFound("mailbox")
    if not scope.is_admin:
        raise PermissionDenied("a user manages only their own mailbox")
    return ensure_mailbox(tx, user, row["tenant_id"])


def _owner_only(scope: Scope, box: dict[str, Any]) -> None:
    if scope.user_id != box["user_id"]:
        raise PermissionDenied("only the mailbox's owner listens to its messages")


def get_mailbox(tx: Transaction, scope: Scope, user_id: Any) -> dict[str, Any]:
    box = _mailbox(tx, scope, user_id)
    own = scope.user_id == box["user_id"]
    messages = (
        tx.all(
            f"SELECT {MESSAGE_COLUMNS} FROM voicemail_messages WHERE user_id = %s ORDER BY recorded_at DESC",
            (box["user_id"],),
        )
        if own
        else []
    )
    counts = tx.one(
        "SELECT count(*) AS total, count(*) FILTER (WHERE NOT heard) AS new FROM voicemail_messages WHERE user_id = %s",
        (box["user_id"],),
    )
    assert counts is not None
    return {
        "user_id": box["user_id"],
        "max_message_seconds": box["max_message_seconds"],
        "max_messages": box["max_messages"],
        "email_notification": box["email_notification"],
        "has_greeting": bool(box["greeting_key"]),
        "greeting_duration_ms": box["greeting_duration_ms"],
        "message_count": int(counts["total"]),
        "new_count": int(counts["new"]),
        "messages": messages,
        "own": own,
    }


def update_mailbox(tx: Transaction, scope: Scope, user_id: Any, payload: Any) -> dict[str, Any]:
    box = _mailbox(tx, scope, user_id)
    data = load(MailboxUpdate(), payload)
    if ({"max_message_seconds", "max_messages"} & data.keys()) and not scope.is_admin:
        raise PermissionDenied("administrators set the mailbox's limits")
    tx.execute(
        "UPDATE mailboxes SET email_notification = coalesce(%s, email_notification),"
        " max_message_seconds = coalesce(%s, max_message_seconds), max_messages = coalesce(%s, max_messages),"
        " updated_at = now() WHERE user_id = %s",
        (data.get("email_notification"), data.get("max_message_seconds"), data.get("max_messages"), box["user_id"]),
    )
    return get_mailbox(tx, scope, user_id)


def set_greeting(tx: Transaction, store: AudioStore, scope: Scope, user_id: Any, payload: Any) -> dict[str, Any]:
    box = _mailbox(tx, scope, user_id)
    data = load(uploads.UploadSchema(), payload)
    audio = conversion.convert(uploads.decode(data["content_base64"]), GREETING_LIMITS)
    key = f"greetings/{box['user_id']}/greeting.wav"
    previous = store.get(key) if store.exists(key) else None
    store.put(key, audio.wav)
    try:
        tx.execute(
            "UPDATE mailboxes SET greeting_key = %s, greeting_duration_ms = %s, updated_at = now() WHERE user_id = %s",
            (key, audio.duration_ms, box["user_id"]),
        )
    except BaseException:
        if previous is None:
            store.delete(key)
        else:
            store.put(key, previous)
        raise
    return get_mailbox(tx, scope, user_id)


def delete_greeting(tx: Transaction, store: AudioStore, scope: Scope, user_id: Any) -> dict[str, Any]:
    box = _mailbox(tx, scope, user_id)
    key = box["greeting_key"]
    tx.execute(
        "UPDATE mailboxes SET greeting_key = NULL, greeting_duration_ms = NULL, updated_at = now() WHERE user_id = %s",
        (box["user_id"],),
    )
    if key:
        tx.on_commit(lambda: store.delete(key))
    return get_mailbox(tx, scope, user_id)


def greeting_content(tx: Transaction, store: AudioStore, scope: Scope, user_id: Any) -> dict[str, Any]:
    box = _mailbox(tx, scope, user_id)
    if not box["greeting_key"] or not store.exists(box["greeting_key"]):
        raise NotFound("greeting")
    return uploads.attachment("greeting.wav", store.get(box["greeting_key"]))


def _message(tx: Transaction, scope: Scope, message_id: Any) -> dict[str, Any]:
    key = as_uuid(message_id)
    row = (
        tx.one(f"SELECT {MESSAGE_COLUMNS}, storage_key FROM voicemail_messages WHERE id = %s", (key,)) if key else None
    )
    if row is None:
        raise NotFound("voicemail message")
    if row["user_id"] != scope.user_id:
        if not in_scope(tx, scope, row["tenant_id"]):
            raise NotFound("voicemail message")
        raise PermissionDenied("only the mailbox's owner listens to its messages")
    return row


def message_content(tx: Transaction, store: AudioStore, scope: Scope, message_id: Any) -> dict[str, Any]:
    """The message's audio; listening marks it heard."""
    row = _message(tx, scope, message_id)
    tx.execute("UPDATE voicemail_messages SET heard = true WHERE id = %s", (row["id"],))
    stamp = row["recorded_at"].strftime("%Y%m%d-%H%M%S")
    return uploads.attachment(f"voicemail-{stamp}.wav", store.get(row["storage_key"]))


def delete_message(tx: Transaction, store: AudioStore, scope: Scope, message_id: Any) -> None:
    row = _message(tx, scope, message_id)
    tx.execute("DELETE FROM voicemail_messages WHERE id = %s", (row["id"],))
    key = row["storage_key"]
    tx.on_commit(lambda: store.delete(key))
