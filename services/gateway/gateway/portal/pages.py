"""Home dashboards per role, presence status and contextual help (ACC-01, ACC-25, OPS-05)."""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.portal import setup
from gateway.portal.navigation import go
from gateway.portal.sign_in import SETUP_PROMPT_COOKIE, SETUP_ROLES
from gateway.rendering import TEMPLATES_DIR, capabilities, render
from gateway.web import RequestContext
from relais_kit.errors import DomainError

PRESENCES = ("available", "busy", "away", "do_not_disturb")
HELP_TOPICS = (
    "sign-in",
    "forgot-password",
    "home",
    "status",
    "resellers",
    "reseller-new",
    "reseller-edit",
    "customers",
    "customer-new",
    "customer-edit",
    "departments",
    "department-form",
    "settings",
    "setup",
    "audit",
    "users",
    "routing",
    "auto-attendants",
    "hunt-groups",
    "schedules",
    "forwarding",
    "restrictions",
    "phone-zones",
    "route-tracer",
)
ENTERPRISE_ADMINS = frozenset({"enterprise_admin", "administrator", "office_manager"})


def home(ctx: RequestContext, accounts: Backend) -> Response:
    """The dashboard of the user's role; right after signing in, the set-up wizard instead while an
    administrator's set-up is not complete (guide 000: the home page shows once the set-up is done)."""
    role = ctx.profile["role"]
    prompt = ctx.request.cookies.get(SETUP_PROMPT_COOKIE)
    if prompt:
        ctx.delete_cookie(SETUP_PROMPT_COOKIE)
    setup_state = accounts.call("setup_state", ctx.caller) if role in SETUP_ROLES else None
    if prompt and setup_state and not setup_state["complete"] and not ctx.request.args.get("dashboard"):
        return setup.welcome(ctx, accounts, setup_state)
    return render(ctx, "home.html", help_topic="home", active="home", setup_state=setup_state, **_counts(ctx, accounts))


def _counts(ctx: RequestContext, accounts: Backend) -> dict[str, Any]:
    """What the dashboard of this role counts and lists."""
    role, caps = ctx.profile["role"], capabilities(ctx.profile)
    one = {"page_size": 5}
    if role == "system_admin":
        resellers = accounts.call("list_resellers", ctx.caller, one)
        customers = accounts.call("list_customers", ctx.caller, one)
        return {"resellers": resellers, "customers": customers}
    if role == "reseller_admin":
        return {"customers": accounts.call("list_customers", ctx.caller, one)}
    if ctx.profile.get("tenant_kind") == "enterprise" and (caps & ENTERPRISE_ADMINS or "department_manager" in caps):
        try:
            departments = accounts.call("list_departments", ctx.caller, ctx.profile["tenant_id"])
        except DomainError:
            departments = []
        return {"departments": departments}
    return {}


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
