"""The new-message e-mail (MED-04): the message's audio attached, in the owner's language.

``save_message`` marks a message ``notify_pending`` in the transaction that stores it; the media service's timer
calls ``send_pending`` after the commit. The owner's address and language come from accounts (the owner's own
profile, ``accounts.get_profile``): accounts alone knows them. A message whose e-mail the SMTP server refused
stays pending and is tried again, up to ``MAX_ATTEMPTS``; it is never sent twice once the server took it.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from media.audio.storage import AudioStore
from relais_kit.db import TransactionSource

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
BATCH = 10
CLAIM_SECONDS = 120

SUBJECT = {"fr": "Nouveau message vocal de {caller}", "en": "New voicemail from {caller}"}
BODY = {
    "fr": (
        "Bonjour {name},\n\nVous avez reçu un nouveau message vocal.\n\nDe : {caller}\nReçu le : {when}\n"
        "Durée : {seconds} s\n\nLe message est joint à ce courriel ; vous pouvez aussi l'écouter dans le portail.\n\n"
        "Relais"
    ),
    "en": (
        "Hello {name},\n\nYou have a new voicemail message.\n\nFrom: {caller}\nReceived: {when}\n"
        "Length: {seconds} s\n\nThe message is attached to this e-mail; you can also listen to it in the portal.\n\n"
        "Relais"
    ),
}
UNKNOWN_CALLER = {"fr": "numéro inconnu", "en": "unknown number"}


class Mailer:
    """SMTP settings of the media service (same keys and environment variables as accounts'); raises on failure so
    the message stays pending."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.host = str(settings.get("SMTP_HOST", "127.0.0.1"))
        self.port = int(settings.get("SMTP_PORT", 25))
        self.sender = str(settings.get("MAIL_FROM", "Relais <no-reply@relais.example>"))
        self.username = settings.get("SMTP_USERNAME") or None
        self.password = settings.get("SMTP_PASSWORD") or None
        self.starttls = str(settings.get("SMTP_STARTTLS", "false")).lower() in ("1", "true", "yes")

    def send(self, message: EmailMessage) -> None:
        message["From"] = self.sender
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username and self.password:
                smtp.login(str(self.username), str(self.password))
            smtp.send_message(message)


def new_message_email(profile: dict[str, Any], message: dict[str, Any], audio: bytes) -> EmailMessage:
    language = str(profile.get("language")) if profile.get("language") in BODY else "fr"
    caller = message["caller_name"] or message["caller_number"] or UNKNOWN_CALLER[language]
    if message["caller_name"] and message["caller_number"]:
        caller = f"{message['caller_name']} ({message['caller_number']})"
    email = EmailMessage()
    email["To"] = profile["email"]
    email["Subject"] = SUBJECT[language].format(caller=caller)
    email.set_content(
        BODY[language].format(
            name=profile.get("display_name") or "",
            caller=caller,
            when=message["recorded_at"].strftime("%Y-%m-%d %H:%M UTC"),
            seconds=round(message["duration_ms"] / 1000),
        )
    )
    stamp = message["recorded_at"].strftime("%Y%m%d-%H%M%S")
    email.add_attachment(audio, maintype="audio", subtype="wav", filename=f"voicemail-{stamp}.wav")
    return email


def send_pending(
    db: TransactionSource, store: AudioStore, mailer: Mailer, profile_of: Callable[[str], dict[str, Any] | None]
) -> int:
    """Send the e-mails of pending messages; returns how many went. ``profile_of(user_id)`` asks accounts.

    Messages are claimed for ``CLAIM_SECONDS`` in a short transaction, so no transaction stays open while accounts
    and the SMTP server answer, and two replicas never send the same e-mail.
    """
    with db.transaction() as tx:
        pending = tx.all(
            "UPDATE voicemail_messages SET notify_claimed_until = now() + make_interval(secs => %s)"
            " WHERE id IN (SELECT id FROM voicemail_messages WHERE notify_pending"
            " AND (notify_claimed_until IS NULL OR notify_claimed_until < now())"
            " ORDER BY recorded_at LIMIT %s FOR UPDATE SKIP LOCKED)"
            " RETURNING id::text, user_id::text, caller_number, caller_name, duration_ms, recorded_at, storage_key",
            (CLAIM_SECONDS, BATCH),
        )
    sent = 0
    for message in pending:
        outcome = _send_one(store, mailer, profile_of, message)
        with db.transaction() as tx:
            if outcome == "retry":
                tx.execute(
                    "UPDATE voicemail_messages SET notify_attempts = notify_attempts + 1,"
                    " notify_pending = notify_attempts + 1 < %s, notify_claimed_until = now() + interval '5 seconds'"
                    " WHERE id = %s",
                    (MAX_ATTEMPTS, message["id"]),
                )
            else:
                tx.execute(
                    "UPDATE voicemail_messages SET notify_pending = false, notify_claimed_until = NULL,"
                    " notified_at = CASE WHEN %s THEN now() END WHERE id = %s",
                    (outcome == "sent", message["id"]),
                )
        sent += outcome == "sent"
    return sent


def _send_one(
    store: AudioStore,
    mailer: Mailer,
    profile_of: Callable[[str], dict[str, Any] | None],
    message: dict[str, Any],
) -> str:
    try:
        profile = profile_of(message["user_id"])
    except Exception as exc:  # accounts unreachable or the user gone: try again later
        log.warning("voicemail e-mail: no profile for %s yet: %s", message["user_id"], exc.__class__.__name__)
        return "retry"
    if not profile or not profile.get("email"):
        return "nobody"
    if not store.exists(message["storage_key"]):
        return "nobody"
    try:
        mailer.send(new_message_email(profile, message, store.get(message["storage_key"])))
    except (OSError, smtplib.SMTPException) as exc:
        log.error("voicemail e-mail: the SMTP server %s:%s refused: %s", mailer.host, mailer.port, exc)
        return "retry"
    return "sent"
