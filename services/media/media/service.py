"""The media nameko service. It has no feature yet: it starts, migrates, answers health and exposes metrics."""

from __future__ import annotations

from pathlib import Path

from media.audio_service import AudioAndVoicemail
from media.history_service import CallHistory
from media.pool import WorkerPoolProvider
from media.sipfront.entrypoints import SipFrontEntrypoints
from relais_kit.events import Outbox
from relais_kit.service import PlatformService

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


class MediaService(AudioAndVoicemail, CallHistory, SipFrontEntrypoints, PlatformService):
    name = "media"
    schema = "media"
    migrations_dir = MIGRATIONS
    kit_tables = ("outbox", "inbox")

    outbox = Outbox("media")  # its relay publishes the call journal's events that workers commit (media.journal)
    worker_pool = WorkerPoolProvider()  # the pjsua2 workers (media.pool); none unless MEDIA.WORKERS > 0
