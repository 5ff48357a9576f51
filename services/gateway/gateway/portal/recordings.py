"""Call recordings (MED-05; guide 004 "Enregistrement des appels du groupe d'affaires"): turn recording on for the
enterprise, then list, listen to, download and delete the recorded calls."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.audio_common import seconds, wav
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.validation import as_uuid

PAGE_SIZE = 50
NOTICES = {
    "on": N_("Calls of the enterprise are now recorded."),
    "off": N_("Calls are no longer recorded."),
    "deleted": N_("The recording is deleted."),
}


def own_enterprise(ctx: RequestContext, backends: Backends) -> Response:
    return go(ctx, f"/enterprises/{ctx.profile['tenant_id']}/recordings")


def index(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    try:
        page = max(1, int(ctx.request.args.get("page", "1")))
    except ValueError:
        page = 1
    query = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    result = backends.media.call("list_recordings", scope(ctx), enterprise, query)
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "media/recordings.html",
        active="recordings",
        enterprise_id=enterprise,
        result={**result, "page": page},
        page_count=max(1, -(-int(result["total"]) // PAGE_SIZE)),
        seconds=seconds,
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def set_enabled(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enabled = ctx.request.form.get("enabled") == "on"
    backends.media.call("set_recording_settings", scope(ctx), str(enterprise_id), {"enabled": enabled})
    return go(ctx, f"/enterprises/{enterprise_id}/recordings", saved="on" if enabled else "off")


def audio(ctx: RequestContext, backends: Backends, recording_id: Any) -> Response:
    return wav(ctx, backends.media.call("recording_content", scope(ctx), str(recording_id)))


def delete(ctx: RequestContext, backends: Backends, recording_id: Any) -> Response:
    backends.media.call("delete_recording", scope(ctx), str(recording_id))
    enterprise = as_uuid(ctx.request.form.get("enterprise_id")) or ctx.profile["tenant_id"]
    return go(ctx, f"/enterprises/{enterprise}/recordings", saved="deleted")


PAGES = [
    Page("GET", "/recordings", own_enterprise),
    Page("GET", "/enterprises/<uuid:enterprise_id>/recordings", index),
    Page("POST", "/enterprises/<uuid:enterprise_id>/recordings/settings", set_enabled),
    Page("GET", "/recordings/<uuid:recording_id>/audio", audio),
    Page("POST", "/recordings/<uuid:recording_id>/delete", delete),
]
