"""Announcement repository and music on hold (MED-02, MED-03; guide 002 §6.2 "Répertoire d'annonces", §6.13
"Musique d'attente"): add an audio file, download it, rename or describe it, choose the music on hold, delete it.
Uploads are checked and converted by media; a refused file is shown with the reason next to the field."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.audio_common import errors_of, seconds, upload, wav
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

NOTICES = {
    "created": N_("The audio file is added."),
    "saved": N_("The audio file is saved."),
    "deleted": N_("The audio file is deleted."),
}


def own_enterprise(ctx: RequestContext, backends: Backends) -> Response:
    return go(ctx, f"/enterprises/{ctx.profile['tenant_id']}/announcements")


def index(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    files = backends.media.call("list_audio_files", scope(ctx), enterprise, None)
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "media/announcements.html",
        status=status,
        active="announcements",
        enterprise_id=enterprise,
        announcements=[f for f in files if f["kind"] == "announcement"],
        music=[f for f in files if f["kind"] == "music_on_hold"],
        seconds=seconds,
        values=values or {"kind": ctx.request.args.get("kind", "announcement")},
        errors=errors or {},
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    form = ctx.request.form
    values = {k: form.get(k, "") for k in ("kind", "name", "description")}
    try:
        payload = {**values, "is_default": form.get("is_default") == "on", **upload(ctx)}
        backends.media.call("create_audio_file", scope(ctx), str(enterprise_id), payload)
    except ValidationFailed as exc:
        return index(ctx, backends, enterprise_id, values=values, errors=errors_of(ctx, exc), status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/announcements", saved="created")


def audio(ctx: RequestContext, backends: Backends, audio_file_id: Any) -> Response:
    return wav(ctx, backends.media.call("audio_file_content", scope(ctx), str(audio_file_id)))


def edit(
    ctx: RequestContext,
    backends: Backends,
    audio_file_id: Any,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    found = backends.media.call("get_audio_file", scope(ctx), str(audio_file_id))
    return render(
        ctx,
        "media/audio_file_form.html",
        status=status,
        active="announcements",
        audio_file=found,
        seconds=seconds,
        values=values or {"name": found["name"], "description": found["description"]},
        errors=errors or {},
    )


def save(ctx: RequestContext, backends: Backends, audio_file_id: Any) -> Response:
    form = ctx.request.form
    values = {"name": form.get("name", ""), "description": form.get("description", "")}
    payload: dict[str, Any] = dict(values)
    if form.get("is_default") == "on":
        payload["is_default"] = True
    try:
        saved = backends.media.call("update_audio_file", scope(ctx), str(audio_file_id), payload)
    except ValidationFailed as exc:
        return edit(ctx, backends, audio_file_id, values=values, errors=errors_of(ctx, exc), status=422)
    return go(ctx, f"/enterprises/{saved['tenant_id']}/announcements", saved="saved")


def delete(ctx: RequestContext, backends: Backends, audio_file_id: Any) -> Response:
    found = backends.media.call("get_audio_file", scope(ctx), str(audio_file_id))
    backends.media.call("delete_audio_file", scope(ctx), str(audio_file_id))
    return go(ctx, f"/enterprises/{found['tenant_id']}/announcements", saved="deleted")


PAGES = [
    Page("GET", "/announcements", own_enterprise),
    Page("GET", "/enterprises/<uuid:enterprise_id>/announcements", index),
    Page("POST", "/enterprises/<uuid:enterprise_id>/announcements", create),
    Page("GET", "/audio-files/<uuid:audio_file_id>/audio", audio),
    Page("GET", "/audio-files/<uuid:audio_file_id>", edit),
    Page("POST", "/audio-files/<uuid:audio_file_id>", save),
    Page("POST", "/audio-files/<uuid:audio_file_id>/delete", delete),
]
