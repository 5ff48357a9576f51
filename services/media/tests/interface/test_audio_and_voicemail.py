"""Announcements, music on hold, voicemail and recordings over the real broker and database (MED-02..05), and the
new-voicemail e-mail with its audio through a real SMTP server process (MED-04)."""

import email
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nameko
import pytest

from accounts.service import AccountsService
from media.audio import recordings
from media.audio.conversion import is_telephony_wav, wav_seconds
from media.audio.storage import LocalAudioStore
from media.audio.testing import b64, png, speech_wav
from media.service import MediaService
from media.voicemail import MailboxFull, mailbox_for_call, save_message
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed
from relais_kit.events import OutboxWriter
from relais_kit.testing.plugin import wait_for
from tests.hierarchy import Hierarchy, build


@pytest.fixture()
def tree(db_connection: Any) -> Hierarchy:
    return build(db_connection)


@pytest.fixture()
def media(tmp_path: Path, platform_config: dict[str, Any], smtp_server: Any, run_services: Any, rpc: Any) -> Any:
    nameko.config["MEDIA"] = {
        "AUDIO_DIR": str(tmp_path / "audio"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_server.port,
        "MAIL_FROM": "Relais <voicemail@relais.test>",
    }
    run_services(AccountsService, MediaService)
    return rpc("media")


def scope(tree: Hierarchy, who: str, role: str, *path: str) -> dict[str, Any]:
    return {"tenant_path": [tree[p] for p in ("system", *path)], "role": role, "user_id": tree[who]}


def project(sql_query: Any, tree: Hierarchy) -> None:
    """What accounts' events would have told media about the tree (the hierarchy is written straight to SQL)."""
    for key, kind, path in (
        ("reseller_a", "reseller", ("system", "reseller_a")),
        ("enterprise_a", "enterprise", ("system", "reseller_a", "enterprise_a")),
        ("reseller_b", "reseller", ("system", "reseller_b")),
        ("enterprise_b", "enterprise", ("system", "reseller_b", "enterprise_b")),
    ):
        sql_query(
            "INSERT INTO media.directory_tenants (id, kind, path) VALUES (%s, %s, %s::uuid[])",
            (tree[key], kind, [tree[p] for p in path]),
        )


def test_announcements_upload_list_edit_download_delete(
    media: Any, tree: Hierarchy, sql_query: Any, tmp_path: Path
) -> None:
    """MED-02/03: an uploaded WAV becomes 8 kHz telephony audio; walls and roles hold; nothing is left after delete."""
    project(sql_query, tree)
    ea = scope(tree, "ea", "enterprise_admin", "reseller_a", "enterprise_a")
    upload = {
        "kind": "announcement",
        "name": "Accueil",
        "filename": "accueil.wav",
        "content_base64": b64(speech_wav(tmp_path)),
    }
    created = media.create_audio_file(ea, tree["enterprise_a"], upload)
    assert created["kind"] == "announcement" and created["duration_ms"] > 1000
    content = media.audio_file_content(ea, created["id"])
    import base64

    wav = base64.b64decode(content["content_base64"])
    assert is_telephony_wav(wav) and wav_seconds(wav) > 1

    # the reseller above sees it; a plain user of the enterprise is refused; the other reseller does not see it
    ra = scope(tree, "ra", "reseller_admin", "reseller_a")
    assert [f["id"] for f in media.list_audio_files(ra, tree["enterprise_a"])] == [created["id"]]
    with pytest.raises(PermissionDenied):
        media.list_audio_files(scope(tree, "employee", "user", "reseller_a", "enterprise_a"), tree["enterprise_a"])
    rb = scope(tree, "rb", "reseller_admin", "reseller_b")
    for call in (
        lambda: media.get_audio_file(rb, created["id"]),
        lambda: media.list_audio_files(rb, tree["enterprise_a"]),
        lambda: media.delete_audio_file(rb, created["id"]),
    ):
        with pytest.raises(NotFound):
            call()

    # same name twice, broken and non-audio files: field errors, nothing stored
    with pytest.raises(ValidationFailed) as same:
        media.create_audio_file(ea, tree["enterprise_a"], upload)
    assert "name" in same.value.field_errors
    with pytest.raises(ValidationFailed) as not_audio:
        media.create_audio_file(ea, tree["enterprise_a"], {**upload, "name": "Logo", "content_base64": b64(png())})
    assert not_audio.value.field_errors["file"][0]["msgid"].startswith("This is not an audio file")

    renamed = media.update_audio_file(ea, created["id"], {"name": "Accueil principal", "description": "Jour"})
    assert (renamed["name"], renamed["description"]) == ("Accueil principal", "Jour")
    moh = media.create_audio_file(ea, tree["enterprise_a"], {**upload, "kind": "music_on_hold", "is_default": True})
    assert moh["is_default"]
    media.delete_audio_file(ea, created["id"])
    with pytest.raises(NotFound):
        media.get_audio_file(ea, created["id"])
    stored = list((tmp_path / "audio" / "announcement").rglob("*.wav"))
    assert stored == []
    assert sql_query("SELECT count(*) AS n FROM media.audio_files")[0]["n"] == 1


def _save(db_connection: Any, store: LocalAudioStore, tree: Hierarchy, call_id: str, wav: bytes) -> dict[str, Any]:
    with db_connection.savepoint("media") as tx:
        return save_message(
            tx,
            store,
            OutboxWriter("media"),
            user_id=tree["employee"],
            tenant_id=tree["enterprise_a"],
            call_id=call_id,
            wav=wav,
            caller_number="+15145550123",
            caller_name="Sylvie Tremblay",
            recorded_at=datetime.now(UTC),
        )


def test_voicemail_saved_once_emailed_with_audio_listened_and_deleted(
    media: Any, tree: Hierarchy, db_connection: Any, sql_query: Any, smtp_server: Any, tmp_path: Path
) -> None:
    """MED-04: a worker's save_message stores the message once, one voicemail_recorded event, one e-mail with the
    WAV attached in the owner's language; the owner listens and deletes; nobody else does."""
    project(sql_query, tree)
    sql_query("UPDATE accounts.users SET language = 'en' WHERE id = %s", (tree["employee"],))
    store = LocalAudioStore(tmp_path / "audio")
    recording = speech_wav(tmp_path, "Hello, please call me back.", "en")
    first = _save(db_connection, store, tree, "call-1", recording)
    again = _save(db_connection, store, tree, "call-1", recording)
    assert again["id"] == first["id"]
    events = sql_query("SELECT payload FROM media.outbox WHERE event_type = 'voicemail_recorded'")
    assert len(events) == 1 and events[0]["payload"]["data"]["message_id"] == first["id"]

    messages = wait_for(smtp_server.messages, timeout=20)
    assert len(messages) == 1
    mail = email.message_from_bytes(messages[0].as_bytes())
    assert mail["To"] == "employee@example.ca" and mail["Subject"].startswith("New voicemail from Sylvie Tremblay")
    attachments = [part for part in mail.walk() if part.get_content_type() == "audio/wav"]
    assert len(attachments) == 1 and is_telephony_wav(attachments[0].get_payload(decode=True))
    wait_for(lambda: sql_query("SELECT notified_at FROM media.voicemail_messages")[0]["notified_at"])

    own = scope(tree, "employee", "user", "reseller_a", "enterprise_a")
    box = media.get_mailbox(own, tree["employee"])
    assert (box["message_count"], box["new_count"]) == (1, 1)
    audio = media.voicemail_content(own, first["id"])
    assert audio["mime"] == "audio/wav"
    assert media.get_mailbox(own, tree["employee"])["new_count"] == 0
    # the enterprise's administrator sees the box but not its messages; another enterprise sees nothing
    ea = scope(tree, "ea", "enterprise_admin", "reseller_a", "enterprise_a")
    assert media.get_mailbox(ea, tree["employee"])["messages"] == []
    with pytest.raises(PermissionDenied):
        media.voicemail_content(ea, first["id"])
    eb = scope(tree, "eb", "enterprise_admin", "reseller_b", "enterprise_b")
    for call in (lambda: media.voicemail_content(eb, first["id"]), lambda: media.get_mailbox(eb, tree["employee"])):
        with pytest.raises(NotFound):
            call()
    # limits: only administrators set them; a full box refuses the next message
    with pytest.raises(PermissionDenied):
        media.update_mailbox(own, tree["employee"], {"max_messages": 5})
    media.update_mailbox(ea, tree["employee"], {"max_messages": 1})
    with db_connection.savepoint("media") as tx:
        assert mailbox_for_call(tx, store, tree["employee"], tree["enterprise_a"])["accepts"] is False
    with pytest.raises(MailboxFull):
        _save(db_connection, store, tree, "call-2", recording)
    media.delete_voicemail(own, first["id"])
    assert media.get_mailbox(own, tree["employee"])["message_count"] == 0
    assert not list((tmp_path / "audio" / "voicemail").rglob("*.wav"))


def test_greeting_is_checked_and_played_by_the_workers(
    media: Any, tree: Hierarchy, db_connection: Any, tmp_path: Path
) -> None:
    own = scope(tree, "employee", "user", "reseller_a", "enterprise_a")
    with pytest.raises(ValidationFailed) as broken:
        media.set_greeting(own, tree["employee"], {"content_base64": b64(speech_wav(tmp_path)[:3000])})
    assert broken.value.field_errors["file"][0]["msgid"] == "The audio file is damaged or unreadable."
    box = media.set_greeting(own, tree["employee"], {"content_base64": b64(speech_wav(tmp_path))})
    assert box["has_greeting"]
    with db_connection.savepoint("media") as tx:
        path = mailbox_for_call(tx, LocalAudioStore(tmp_path / "audio"), tree["employee"], tree["enterprise_a"])
    assert path["greeting_path"] and Path(path["greeting_path"]).is_file()
    assert not media.delete_greeting(own, tree["employee"])["has_greeting"]


def test_recordings_only_where_enabled(
    media: Any, tree: Hierarchy, db_connection: Any, sql_query: Any, tmp_path: Path
) -> None:
    """MED-05: nothing is kept until the enterprise enables recording; then one recording and one event per call."""
    project(sql_query, tree)
    ea = scope(tree, "ea", "enterprise_admin", "reseller_a", "enterprise_a")
    store = LocalAudioStore(tmp_path / "audio")
    wav = speech_wav(tmp_path)

    def save(call_id: str) -> Any:
        with db_connection.savepoint("media") as tx:
            return recordings.save_recording(
                tx,
                store,
                OutboxWriter("media"),
                tenant_id=tree["enterprise_a"],
                call_id=call_id,
                wav=wav,
                started_at=datetime.now(UTC),
                caller_number="+15145550123",
                dialled_number="201",
            )

    assert save("c-0") is None
    assert media.set_recording_settings(ea, tree["enterprise_a"], {"enabled": True})["enabled"]
    saved = save("c-1")
    assert save("c-1")["id"] == saved["id"]
    assert len(sql_query("SELECT 1 FROM media.outbox WHERE event_type = 'recording_saved'")) == 1
    listed = media.list_recordings(ea, tree["enterprise_a"])
    assert listed["total"] == 1 and listed["items"][0]["call_id"] == "c-1"
    with pytest.raises(NotFound):
        media.list_recordings(scope(tree, "eb", "enterprise_admin", "reseller_b", "enterprise_b"), tree["enterprise_a"])
    with pytest.raises(PermissionDenied):
        media.list_recordings(scope(tree, "employee", "user", "reseller_a", "enterprise_a"), tree["enterprise_a"])
    assert media.recording_content(ea, saved["id"])["mime"] == "audio/wav"
    media.delete_recording(ea, saved["id"])
    assert media.list_recordings(ea, tree["enterprise_a"])["total"] == 0
    _ = uuid
