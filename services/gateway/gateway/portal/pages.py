"""Home dashboard, presence status and contextual help (OPS-05)."""

from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.portal.navigation import go
from gateway.rendering import TEMPLATES_DIR, render
from gateway.web import RequestContext

PRESENCES = ("available", "busy", "away", "do_not_disturb")
HELP_TOPICS = ("sign-in", "home", "resellers", "reseller-new", "status")


def home(ctx: RequestContext, accounts: Backend) -> Response:
    resellers = accounts.call("list_resellers", ctx.caller) if ctx.profile["role"] == "system_admin" else None
    return render(ctx, "home.html", help_topic="home", resellers=resellers)


def status_form(ctx: RequestContext, saved: bool = False) -> Response:
    return render(ctx, "status.html", help_topic="status", presences=PRESENCES, saved=saved)


def status_submit(ctx: RequestContext, accounts: Backend) -> Response:
    presence = ctx.request.form.get("presence", "")
    profile = accounts.call("set_presence", ctx.caller, presence)
    ctx.refresh_profile(profile)
    return go(ctx, "/status", saved="1")


def help_page(ctx: RequestContext, topic: str) -> Response:
    if topic not in HELP_TOPICS or not (TEMPLATES_DIR / "help" / ctx.language / f"{topic}.html").exists():
        raise NotFound()
    return render(ctx, f"help/{ctx.language}/{topic}.html", topic=topic, topics=HELP_TOPICS)


def help_index(ctx: RequestContext) -> Response:
    return render(ctx, "help_index.html", topics=HELP_TOPICS)
