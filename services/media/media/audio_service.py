"""The media service's audio, voicemail and recording entry points (MED-02..05), mixed into MediaService.

RPCs take the gateway's ``scope`` (media.scope) and answer NotFound outside it and PermissionDenied for a role
that lacks the action. Audio travels as base64 in JSON (media.audio.uploads). Wiring only: the work is in
media.audio and media.voicemail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import eventlet
from nameko import config
from nameko.extensions import DependencyProvider
from nameko.rpc import ServiceRpc
from nameko.timer import timer

from media import directory
from media.audio import announcements, recordings
from media.audio.prompts import ensure_system_prompts
from media.audio.storage import AudioStore, audio_dir, store_from_settings
from media.scope import Scope, parse_scope
from media.voicemail import mailboxes, notify
from relais_kit.config import section
from relais_kit.db import Database, Transaction
from relais_kit.events import consumes
from relais_kit.rpc import rpc

log = logging.getLogger(__name__)
PROFILE_SECONDS = 5.0  # a nameko RPC waits for its reply forever; accounts down must not hold the timer (or a stop)


class AudioFiles(DependencyProvider):
    """The audio store from the MEDIA settings; makes the system prompts at start (idempotent)."""

    def setup(self) -> None:
        settings = section(config, "media")
        self.store = store_from_settings(settings)
        ensure_system_prompts(audio_dir(settings))

    def get_dependency(self, worker_ctx: Any) -> AudioStore:
        return self.store


class VoicemailMailer(DependencyProvider):
    def setup(self) -> None:
        self.mailer = notify.Mailer(section(config, "media"))

    def get_dependency(self, worker_ctx: Any) -> notify.Mailer:
        return self.mailer


class AudioAndVoicemail:
    db = Database("media")
    audio = AudioFiles()
    voicemail_mailer = VoicemailMailer()
    accounts_rpc = ServiceRpc("accounts")

    @contextmanager
    def _scoped(self, scope: Any) -> Iterator[tuple[Transaction, Scope]]:
        who = parse_scope(scope)
        with self.db.transaction() as tx:
            yield tx, who

    # --- announcements and music on hold (MED-02, MED-03) ------------------------------------------------------

    @rpc
    def list_audio_files(self, scope: Any, enterprise_id: Any, kind: Any = None) -> list[dict[str, Any]]:
        with self._scoped(scope) as (tx, who):
            return announcements.list_files(tx, who, enterprise_id, kind)

    @rpc
    def create_audio_file(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return announcements.create_file(tx, self.audio, who, enterprise_id, payload)

    @rpc
    def get_audio_file(self, scope: Any, file_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return announcements.get_file(tx, who, file_id)

    @rpc
    def update_audio_file(self, scope: Any, file_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return announcements.update_file(tx, who, file_id, payload)

    @rpc
    def delete_audio_file(self, scope: Any, file_id: Any) -> None:
        with self._scoped(scope) as (tx, who):
            announcements.delete_file(tx, self.audio, who, file_id)

    @rpc
    def audio_file_content(self, scope: Any, file_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return announcements.file_content(tx, self.audio, who, file_id)

    # --- voicemail (MED-04) ------------------------------------------------------------------------------------

    @rpc
    def get_mailbox(self, scope: Any, user_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return mailboxes.get_mailbox(tx, who, user_id)

    @rpc
    def update_mailbox(self, scope: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return mailboxes.update_mailbox(tx, who, user_id, payload)

    @rpc
    def set_greeting(self, scope: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return mailboxes.set_greeting(tx, self.audio, who, user_id, payload)

    @rpc
    def delete_greeting(self, scope: Any, user_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return mailboxes.delete_greeting(tx, self.audio, who, user_id)

    @rpc
    def greeting_content(self, scope: Any, user_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return mailboxes.greeting_content(tx, self.audio, who, user_id)

    @rpc
    def voicemail_content(self, scope: Any, message_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return mailboxes.message_content(tx, self.audio, who, message_id)

    @rpc
    def delete_voicemail(self, scope: Any, message_id: Any) -> None:
        with self._scoped(scope) as (tx, who):
            mailboxes.delete_message(tx, self.audio, who, message_id)

    @timer(interval=2)
    def send_voicemail_emails(self) -> None:
        """New-message e-mails of messages the workers committed (media.voicemail.notify)."""

        def profile_of(user_id: str) -> dict[str, Any] | None:
            # The owner's own profile: accounts alone knows their address and language.
            deadline = eventlet.Timeout(PROFILE_SECONDS)
            try:
                profile: dict[str, Any] | None = self.accounts_rpc.get_profile({"user_id": user_id})
            except eventlet.Timeout as exc:
                if exc is not deadline:
                    raise
                raise TimeoutError(f"accounts did not answer get_profile in {PROFILE_SECONDS:g} s") from None
            finally:
                deadline.cancel()
            return profile

        notify.send_pending(self.db, self.audio, self.voicemail_mailer, profile_of)

    # --- call recordings (MED-05) ------------------------------------------------------------------------------

    @rpc
    def get_recording_settings(self, scope: Any, enterprise_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return recordings.get_settings(tx, who, enterprise_id)

    @rpc
    def set_recording_settings(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return recordings.set_settings(tx, who, enterprise_id, payload)

    @rpc
    def list_recordings(self, scope: Any, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return recordings.list_recordings(tx, who, enterprise_id, query)

    @rpc
    def recording_content(self, scope: Any, recording_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (tx, who):
            return recordings.recording_content(tx, self.audio, who, recording_id)

    @rpc
    def delete_recording(self, scope: Any, recording_id: Any) -> None:
        with self._scoped(scope) as (tx, who):
            recordings.delete_recording(tx, self.audio, who, recording_id)

    # --- media's copy of the tenant tree, for the walls --------------------------------------------------------

    @consumes("accounts", "reseller_created", directory.ResellerChanged)
    def on_reseller_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        directory.reseller_changed(tx, event, data)

    @consumes("accounts", "reseller_updated", directory.ResellerChanged)
    def on_reseller_updated(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        directory.reseller_changed(tx, event, data)

    @consumes("accounts", "reseller_deleted", directory.TenantDeleted)
    def on_reseller_deleted(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        directory.tenant_deleted(tx, event, data)

    @consumes("accounts", "customer_account_created", directory.CustomerAccountChanged)
    def on_customer_account_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        directory.customer_account_changed(tx, event, data)

    @consumes("accounts", "customer_account_updated", directory.CustomerAccountChanged)
    def on_customer_account_updated(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        directory.customer_account_changed(tx, event, data)

    @consumes("accounts", "customer_account_deleted", directory.TenantDeleted)
    def on_customer_account_deleted(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        directory.tenant_deleted(tx, event, data)
