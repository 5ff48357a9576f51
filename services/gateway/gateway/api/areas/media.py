"""REST for audio (MED-02..05): the announcement repository and music on hold of an enterprise, a user's voicemail
(settings, greeting, messages), call recordings and the enterprise's recording setting.

Every handler passes the signed-in caller as media's ``scope`` (gateway.routing_scope); media checks the tenant
wall (NotFound), the role (PermissionDenied) and every field, the audio included. Uploads are JSON with the file as
base64; downloads answer the WAV itself.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from werkzeug.wrappers import Response

from gateway.api import media_schemas as s
from gateway.api.routes import ApiRoute, op
from gateway.api.views import Handler, no_content, query, raw_body
from gateway.api.views import reply as reply_json
from gateway.backends import Backend
from gateway.routing_scope import scope
from gateway.web import RequestContext


def _op(method: str, path: str, operation_id: str, summary: str, tag: str, response: Any, **extra: Any) -> ApiRoute:
    return op(method, path, operation_id, summary, tag, response, backend="media", **extra)


FILES, VOICEMAIL, RECORDINGS = "Announcements and music on hold", "Voicemail", "Call recordings"
ROUTES: tuple[ApiRoute, ...] = (
    _op("GET", "/enterprises/<uuid:enterprise_id>/audio-files", "listAudioFiles",
        "The enterprise's announcements and music on hold", FILES, s.AudioFileList, query=s.AudioFileQuery,
        features=("MED-02", "MED-03")),
    _op("POST", "/enterprises/<uuid:enterprise_id>/audio-files", "createAudioFile",
        "Upload an announcement or music on hold (checked and converted to 8 kHz telephony audio)", FILES,
        s.AudioFile, status=201, body=s.AudioUpload, features=("MED-02", "MED-03")),
    _op("GET", "/audio-files/<uuid:audio_file_id>", "getAudioFile", "An audio file", FILES, s.AudioFile,
        features=("MED-02",)),
    _op("PUT", "/audio-files/<uuid:audio_file_id>", "updateAudioFile", "Rename, describe or choose an audio file",
        FILES, s.AudioFile, body=s.AudioFileUpdate, features=("MED-02", "MED-03")),
    _op("DELETE", "/audio-files/<uuid:audio_file_id>", "deleteAudioFile", "Delete an audio file", FILES, None,
        status=204, features=("MED-02",)),
    _op("GET", "/audio-files/<uuid:audio_file_id>/audio", "downloadAudioFile", "The audio file (WAV)", FILES, None,
        features=("MED-02",)),
    _op("GET", "/users/<uuid:user_id>/voicemail", "getMailbox", "A user's mailbox: settings and messages",
        VOICEMAIL, s.Mailbox, features=("MED-04",)),
    _op("PUT", "/users/<uuid:user_id>/voicemail", "updateMailbox", "Change the e-mail notification or the limits",
        VOICEMAIL, s.Mailbox, body=s.MailboxUpdate, features=("MED-04",)),
    _op("PUT", "/users/<uuid:user_id>/voicemail/greeting", "setGreeting", "Upload the mailbox's greeting",
        VOICEMAIL, s.Mailbox, body=s.GreetingUpload, features=("MED-04",)),
    _op("DELETE", "/users/<uuid:user_id>/voicemail/greeting", "deleteGreeting",
        "Go back to the system greeting", VOICEMAIL, s.Mailbox, features=("MED-04",)),
    _op("GET", "/users/<uuid:user_id>/voicemail/greeting/audio", "downloadGreeting", "The greeting (WAV)",
        VOICEMAIL, None, features=("MED-04",)),
    _op("GET", "/voicemail-messages/<uuid:message_id>/audio", "downloadVoicemail",
        "A voicemail message (WAV); marks it heard", VOICEMAIL, None, features=("MED-04",)),
    _op("DELETE", "/voicemail-messages/<uuid:message_id>", "deleteVoicemail", "Delete a voicemail message",
        VOICEMAIL, None, status=204, features=("MED-04",)),
    _op("GET", "/enterprises/<uuid:enterprise_id>/recordings", "listRecordings", "The enterprise's call recordings",
        RECORDINGS, s.RecordingList, query=s.RecordingQuery, features=("MED-05",)),
    _op("GET", "/enterprises/<uuid:enterprise_id>/recording-settings", "getRecordingSettings",
        "Whether the enterprise records its calls", RECORDINGS, s.RecordingSettings, features=("MED-05",)),
    _op("PUT", "/enterprises/<uuid:enterprise_id>/recording-settings", "setRecordingSettings",
        "Turn call recording on or off", RECORDINGS, s.RecordingSettings, body=s.RecordingSettings,
        features=("MED-05",)),
    _op("GET", "/recordings/<uuid:recording_id>/audio", "downloadRecording", "A call recording (WAV)", RECORDINGS,
        None, features=("MED-05",)),
    _op("DELETE", "/recordings/<uuid:recording_id>", "deleteRecording", "Delete a call recording", RECORDINGS,
        None, status=204, features=("MED-05",)),
)  # fmt: skip


def reply(ctx: RequestContext, data: Any, status: int = 200) -> Response:
    """Media's answers carry datetimes (kombu brings them back as such); the API writes them in ISO 8601."""
    return reply_json(ctx, json.loads(json.dumps(data, default=_iso)), status)


def _iso(value: Any) -> str:
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def wav_response(ctx: RequestContext, attachment: dict[str, Any]) -> Response:
    response = Response(base64.b64decode(attachment["content_base64"]), mimetype=attachment.get("mime", "audio/wav"))
    response.headers["Content-Disposition"] = f'attachment; filename="{attachment["filename"]}"'
    return ctx.finish(response)


def _list_files(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    kind = query(ctx, s.AudioFileQuery).get("kind")
    return reply(ctx, {"items": media.call("list_audio_files", scope(ctx), str(enterprise_id), kind)})


def _create_file(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, media.call("create_audio_file", scope(ctx), str(enterprise_id), raw_body(ctx)), 201)


def _get_file(ctx: RequestContext, media: Backend, audio_file_id: Any) -> Response:
    return reply(ctx, media.call("get_audio_file", scope(ctx), str(audio_file_id)))


def _update_file(ctx: RequestContext, media: Backend, audio_file_id: Any) -> Response:
    return reply(ctx, media.call("update_audio_file", scope(ctx), str(audio_file_id), raw_body(ctx)))


def _delete_file(ctx: RequestContext, media: Backend, audio_file_id: Any) -> Response:
    media.call("delete_audio_file", scope(ctx), str(audio_file_id))
    return no_content(ctx)


def _download_file(ctx: RequestContext, media: Backend, audio_file_id: Any) -> Response:
    return wav_response(ctx, media.call("audio_file_content", scope(ctx), str(audio_file_id)))


def _get_mailbox(ctx: RequestContext, media: Backend, user_id: Any) -> Response:
    return reply(ctx, media.call("get_mailbox", scope(ctx), str(user_id)))


def _update_mailbox(ctx: RequestContext, media: Backend, user_id: Any) -> Response:
    return reply(ctx, media.call("update_mailbox", scope(ctx), str(user_id), raw_body(ctx)))


def _set_greeting(ctx: RequestContext, media: Backend, user_id: Any) -> Response:
    return reply(ctx, media.call("set_greeting", scope(ctx), str(user_id), raw_body(ctx)))


def _delete_greeting(ctx: RequestContext, media: Backend, user_id: Any) -> Response:
    return reply(ctx, media.call("delete_greeting", scope(ctx), str(user_id)))


def _download_greeting(ctx: RequestContext, media: Backend, user_id: Any) -> Response:
    return wav_response(ctx, media.call("greeting_content", scope(ctx), str(user_id)))


def _download_voicemail(ctx: RequestContext, media: Backend, message_id: Any) -> Response:
    return wav_response(ctx, media.call("voicemail_content", scope(ctx), str(message_id)))


def _delete_voicemail(ctx: RequestContext, media: Backend, message_id: Any) -> Response:
    media.call("delete_voicemail", scope(ctx), str(message_id))
    return no_content(ctx)


def _list_recordings(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    page = query(ctx, s.RecordingQuery)
    return reply(ctx, media.call("list_recordings", scope(ctx), str(enterprise_id), page))


def _get_recording_settings(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, media.call("get_recording_settings", scope(ctx), str(enterprise_id)))


def _set_recording_settings(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, media.call("set_recording_settings", scope(ctx), str(enterprise_id), raw_body(ctx)))


def _download_recording(ctx: RequestContext, media: Backend, recording_id: Any) -> Response:
    return wav_response(ctx, media.call("recording_content", scope(ctx), str(recording_id)))


def _delete_recording(ctx: RequestContext, media: Backend, recording_id: Any) -> Response:
    media.call("delete_recording", scope(ctx), str(recording_id))
    return no_content(ctx)


HANDLERS: dict[str, Handler] = {
    "listAudioFiles": _list_files,
    "createAudioFile": _create_file,
    "getAudioFile": _get_file,
    "updateAudioFile": _update_file,
    "deleteAudioFile": _delete_file,
    "downloadAudioFile": _download_file,
    "getMailbox": _get_mailbox,
    "updateMailbox": _update_mailbox,
    "setGreeting": _set_greeting,
    "deleteGreeting": _delete_greeting,
    "downloadGreeting": _download_greeting,
    "downloadVoicemail": _download_voicemail,
    "deleteVoicemail": _delete_voicemail,
    "listRecordings": _list_recordings,
    "getRecordingSettings": _get_recording_settings,
    "setRecordingSettings": _set_recording_settings,
    "downloadRecording": _download_recording,
    "deleteRecording": _delete_recording,
}
