"""Acting as a user, "open this user's session" (ACC-14).

A browser holds one session cookie, and a second session cookie scoped by path cannot work (every page lives at
the root). So the acting session replaces the administrator's session in this browser, and the administrator's
own token waits in a second HttpOnly cookie, ``relais_session_return``. The form opens in a new window
(``target="_blank"``) so the page the administrator came from stays open; the banner on every acting page has
"End this session", which ends the acting session and puts the administrator's session back. Signing out while
acting ends both. accounts re-checks the right to act on every call and records all of it as "X acting as Y".
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.portal.navigation import go
from gateway.sessions import SessionStore
from gateway.web import SESSION_COOKIE, RequestContext
from relais_kit.errors import PermissionDenied

RETURN_COOKIE = "relais_session_return"


def start(ctx: RequestContext, accounts: Backend, user_id: str) -> Response:
    assert ctx.session is not None and ctx.token is not None
    if ctx.session.actor_id:
        raise PermissionDenied("user.act_as")  # one level only: end this session first
    profile = accounts.call("act_as", ctx.caller, user_id)
    ctx.set_cookie(RETURN_COOKIE, ctx.token)
    ctx.start_session(profile)
    return go(ctx, "/home")


def end(ctx: RequestContext) -> Response:
    """Ends the acting session and signs the administrator back in with the token kept aside."""
    returning = ctx.request.cookies.get(RETURN_COOKIE)
    if ctx.session is None or not ctx.session.actor_id or not returning:
        return go(ctx, "/home" if ctx.session else "/sign-in")
    end_token(ctx, ctx.token)
    ctx.session = None
    ctx.delete_cookie(RETURN_COOKIE)
    ctx.set_cookie(SESSION_COOKIE, returning)
    return go(ctx, "/home")


def end_token(ctx: RequestContext, token: str | None) -> None:
    if token:
        with ctx.db.transaction() as tx:
            SessionStore(tx).end(token)
