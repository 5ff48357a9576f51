"""My voicemail (MED-04, guide 002 §4.3 "Messagerie vocale"): the signed-in user's messages, to listen to in the
browser, download and delete; their greeting; the e-mail notification of new messages."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.local_time import local_time, zone_of
from gateway.portal.audio_common import errors_of, seconds, upload, wav
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

NOTICES = {
    "deleted": N_("The message is deleted."),
    "greeting": N_("Your greeting is saved."),
    "greeting_removed": N_("Callers now hear the standard greeting."),
    "settings": N_("Your voicemail settings are saved."),
}


def index(
    ctx: RequestContext, backends: Backends, *, errors: dict[str, list[str]] | None = None, status: int = 200
) -> Response:
    box = backends.media.call("get_mailbox", scope(ctx), str(ctx.profile["id"]))
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "media/voicemail.html",
        status=status,
        active="voicemail",
        box=box,
        seconds=seconds,
        zone=zone_of(ctx.profile),
        when=lambda value: local_time(value, zone_of(ctx.profile)),
        errors=errors or {},
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def message_audio(ctx: RequestContext, backends: Backends, message_id: Any) -> Response:
    return wav(ctx, backends.media.call("voicemail_content", scope(ctx), str(message_id)))


def delete_message(ctx: RequestContext, backends: Backends, message_id: Any) -> Response:
    backends.media.call("delete_voicemail", scope(ctx), str(message_id))
    return go(ctx, "/voicemail", saved="deleted")


def greeting_audio(ctx: RequestContext, backends: Backends) -> Response:
    return wav(ctx, backends.media.call("greeting_content", scope(ctx), str(ctx.profile["id"])))


def set_greeting(ctx: RequestContext, backends: Backends) -> Response:
    try:
        backends.media.call("set_greeting", scope(ctx), str(ctx.profile["id"]), upload(ctx))
    except ValidationFailed as exc:
        return index(ctx, backends, errors=errors_of(ctx, exc), status=422)
    return go(ctx, "/voicemail", saved="greeting")


def delete_greeting(ctx: RequestContext, backends: Backends) -> Response:
    backends.media.call("delete_greeting", scope(ctx), str(ctx.profile["id"]))
    return go(ctx, "/voicemail", saved="greeting_removed")


def save_settings(ctx: RequestContext, backends: Backends) -> Response:
    notify = ctx.request.form.get("email_notification") == "on"
    backends.media.call("update_mailbox", scope(ctx), str(ctx.profile["id"]), {"email_notification": notify})
    return go(ctx, "/voicemail", saved="settings")


PAGES = [
    Page("GET", "/voicemail", index),
    Page("GET", "/voicemail/messages/<uuid:message_id>/audio", message_audio),
    Page("POST", "/voicemail/messages/<uuid:message_id>/delete", delete_message),
    Page("GET", "/voicemail/greeting/audio", greeting_audio),
    Page("POST", "/voicemail/greeting", set_greeting),
    Page("POST", "/voicemail/greeting/delete", delete_greeting),
    Page("POST", "/voicemail/settings", save_settings),
]
