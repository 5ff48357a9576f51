"""What the audio screens share (MED-02..05): reading an uploaded file for media, answering a WAV to the browser,
and media's field errors in the user's language."""

from __future__ import annotations

import base64
from typing import Any

from werkzeug.wrappers import Response

from gateway.i18n import N_, translate_field_errors
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # media refuses more; reading stops a little after, so the error names the limit


def upload(ctx: RequestContext, field: str = "file") -> dict[str, Any]:
    """The uploaded file as media takes it (base64); a missing file is a field error on ``field``."""
    try:
        stored = ctx.request.files.get(field)
        if stored is None or not stored.filename:
            raise ValidationFailed({field: [{"msgid": N_("Choose an audio file."), "params": {}}]})
        data = stored.stream.read(MAX_UPLOAD_BYTES + 1024)
    finally:
        for spooled in ctx.request.files.values():
            spooled.close()
    return {"filename": stored.filename, "content_base64": base64.b64encode(data).decode("ascii")}


def errors_of(ctx: RequestContext, exc: ValidationFailed) -> dict[str, list[str]]:
    return translate_field_errors(ctx.language, exc.field_errors)


def wav(ctx: RequestContext, attachment: dict[str, Any]) -> Response:
    """The WAV for an <audio> element, or as a download with ?download=1."""
    response = Response(base64.b64decode(attachment["content_base64"]), mimetype="audio/wav")
    disposition = "attachment" if ctx.request.args.get("download") else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{attachment["filename"]}"'
    return ctx.finish(response)


def seconds(duration_ms: int | None) -> str:
    total = round((duration_ms or 0) / 1000)
    return f"{total // 60}:{total % 60:02d}"
