"""Public brand resources of a reseller's portal (ACC-08): its logo and its colours. The CSP forbids inline styles,
so the colours come as a small stylesheet of CSS custom properties that relais.css uses."""

from __future__ import annotations

import base64
import hashlib

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.web import RequestContext

LOGO_CACHE_SECONDS = 300


def logo(ctx: RequestContext, accounts: Backend, reseller_id: str) -> Response:
    found = accounts.call("logo", reseller_id)
    if not found:
        raise NotFound()
    content = base64.b64decode(found["content_base64"])
    response = Response(content, mimetype=str(found["mime"]))
    response.set_etag(hashlib.sha256(content).hexdigest())
    response.headers["Cache-Control"] = f"public, max-age={LOGO_CACHE_SECONDS}"
    response.make_conditional(ctx.request)
    return ctx.finish(response)


def darker(colour: str, factor: float = 0.75) -> str:
    """#rrggbb a quarter darker, for hovers and the selected menu item."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (red, green, blue)))


def colours(ctx: RequestContext, reseller_id: str) -> Response:
    """The brand of the host the portal is reached through; accounts validated the colours as #rrggbb."""
    brand = ctx.brand
    if not brand or str(brand.get("id")) != reseller_id:
        raise NotFound()
    lines = []
    primary, accent = brand.get("brand_primary_colour"), brand.get("brand_accent_colour")
    if primary:
        lines += [f"--brand: {primary};", f"--brand-dark: {darker(primary)};"]
    if accent:
        lines.append(f"--accent: {accent};")
    response = Response(":root { " + " ".join(lines) + " }\n", mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=60"
    return ctx.finish(response)
