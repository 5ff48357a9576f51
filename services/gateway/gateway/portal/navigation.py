"""Redirects that stay on this site."""

from __future__ import annotations

from urllib.parse import urlencode

from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from gateway.web import RequestContext


def safe_next(target: str | None, default: str = "/home") -> str:
    """Only a path on this site: never ``//host`` or ``https://…`` (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def go(ctx: RequestContext, location: str, **query: str) -> Response:
    if query:
        location = f"{location}?{urlencode(query)}"
    return ctx.finish(redirect(location, code=303))
