"""Documentation shapes of the media API (MED-02..05) for the OpenAPI document. The media service validates every
field (and the audio itself) and answers field errors in the caller's language."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate


class _Open(Schema):
    class Meta:
        unknown = INCLUDE


class AudioFile(_Open):
    id = fields.UUID(dump_only=True)
    tenant_id = fields.UUID(dump_only=True)
    kind = fields.String(validate=validate.OneOf(["announcement", "music_on_hold"]))
    name = fields.String()
    description = fields.String()
    original_filename = fields.String(dump_only=True)
    duration_ms = fields.Integer(dump_only=True)
    size_bytes = fields.Integer(dump_only=True)
    is_default = fields.Boolean(metadata={"description": "the music on hold the enterprise's calls hear"})


class AudioFileList(Schema):
    items = fields.List(fields.Nested(AudioFile))


class AudioUpload(_Open):
    kind = fields.String(required=True, validate=validate.OneOf(["announcement", "music_on_hold"]))
    name = fields.String(required=True)
    description = fields.String()
    is_default = fields.Boolean()
    filename = fields.String()
    content_base64 = fields.String(
        required=True, metadata={"description": "WAV (or another format sox reads here), at most 20 MB"}
    )


class AudioFileUpdate(_Open):
    name = fields.String()
    description = fields.String()
    is_default = fields.Boolean()


class GreetingUpload(_Open):
    filename = fields.String()
    content_base64 = fields.String(required=True, metadata={"description": "WAV, at most 2 minutes"})


class VoicemailMessage(_Open):
    id = fields.UUID()
    call_id = fields.String()
    caller_number = fields.String()
    caller_name = fields.String()
    duration_ms = fields.Integer()
    heard = fields.Boolean()
    recorded_at = fields.String()


class Mailbox(_Open):
    user_id = fields.UUID()
    max_message_seconds = fields.Integer()
    max_messages = fields.Integer()
    email_notification = fields.Boolean()
    has_greeting = fields.Boolean()
    message_count = fields.Integer()
    new_count = fields.Integer()
    messages = fields.List(fields.Nested(VoicemailMessage), metadata={"description": "the owner's only"})


class MailboxUpdate(_Open):
    email_notification = fields.Boolean()
    max_message_seconds = fields.Integer(metadata={"description": "administrators only, 10 to 600"})
    max_messages = fields.Integer(metadata={"description": "administrators only, 1 to 1000"})


class Recording(_Open):
    id = fields.UUID()
    call_id = fields.String()
    caller_number = fields.String()
    dialled_number = fields.String()
    user_id = fields.UUID(allow_none=True)
    started_at = fields.String()
    duration_ms = fields.Integer()


class RecordingList(Schema):
    items = fields.List(fields.Nested(Recording))
    total = fields.Integer()
    enabled = fields.Boolean()


class RecordingQuery(Schema):
    limit = fields.Integer()
    offset = fields.Integer()


class AudioFileQuery(Schema):
    kind = fields.String(validate=validate.OneOf(["announcement", "music_on_hold"]))


class RecordingSettings(_Open):
    enabled = fields.Boolean(required=True)
