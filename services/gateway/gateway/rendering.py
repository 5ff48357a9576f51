"""Server-rendered pages: one Jinja environment per language, templates compiled once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.wrappers import Response

from gateway.i18n import N_, catalogue
from gateway.web import RequestContext

TEMPLATES_DIR = Path(__file__).parent / "templates"

ROLE_LABELS = {
    "system_admin": N_("System administrator"),
    "reseller_admin": N_("Reseller administrator"),
    "enterprise_admin": N_("Enterprise administrator"),
    "user": N_("User"),
}


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(catalogue(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def menu_for(role: str) -> list[tuple[str, str, str]]:
    """(key, href, label) of the main menu sections the role has (guide 000 names 14 for the system admin;
    a section appears here once it exists)."""
    items = [("home", "/home", N_("Home"))]
    if role == "system_admin":
        items.append(("resellers", "/resellers", N_("Resellers")))
    return items


def render(
    ctx: RequestContext, template: str, status: int = 200, help_topic: str | None = None, **values: Any
) -> Response:
    profile = ctx.session.profile if ctx.session else None
    html = (
        environment(ctx.language)
        .get_template(template)
        .render(
            ctx=ctx,
            lang=ctx.language,
            other_lang="en" if ctx.language == "fr" else "fr",
            profile=profile,
            menu=menu_for(profile["role"]) if profile else [],
            role_label=ROLE_LABELS.get(profile["role"], "") if profile else "",
            settings=ctx.settings,
            csrf_token=ctx.csrf_token,
            help_topic=help_topic,
            current_path=ctx.request.full_path.rstrip("?"),
            **values,
        )
    )
    return ctx.finish(Response(html, status=status, mimetype="text/html"))
