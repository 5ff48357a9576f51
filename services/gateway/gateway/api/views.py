"""Handlers of /api/v1: validate at the edge, call the owning service, answer JSON."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

from gateway.api import schemas
from gateway.backends import Backend
from gateway.web import RequestContext, json_response
from relais_kit.validation import load


class InvalidJson(Exception):
    pass


def body(ctx: RequestContext, schema: type[Any]) -> Any:
    try:
        data = json.loads(ctx.request.get_data(as_text=True) or "null")
    except ValueError:
        raise InvalidJson() from None
    return load(schema(), data)


def reply(ctx: RequestContext, data: Any, status: int = 200) -> Response:
    return ctx.finish(json_response(data, status))


def create_session(ctx: RequestContext, accounts: Backend) -> Response:
    credentials = body(ctx, schemas.SessionCreate)
    profile = accounts.call("authenticate", credentials)
    token = ctx.start_session(profile)
    return reply(
        ctx,
        {
            "token": token,
            "idle_timeout_seconds": ctx.settings.session_idle_seconds,
            "user": schemas.Profile().dump(profile),
        },
        201,
    )


def end_session(ctx: RequestContext, accounts: Backend) -> Response:
    ctx.end_session()
    return ctx.finish(Response(status=204))


def me(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, schemas.Profile().dump(accounts.call("get_profile", ctx.caller)))


def set_presence(ctx: RequestContext, accounts: Backend) -> Response:
    data = body(ctx, schemas.PresenceUpdate)
    profile = accounts.call("set_presence", ctx.caller, data["presence"])
    ctx.refresh_profile(profile)
    return reply(ctx, schemas.Profile().dump(profile))


def list_resellers(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, {"items": accounts.call("list_resellers", ctx.caller)})


def create_reseller(ctx: RequestContext, accounts: Backend) -> Response:
    data = body(ctx, schemas.ResellerCreate)
    return reply(ctx, accounts.call("create_reseller", ctx.caller, data), 201)


HANDLERS = {
    "createSession": create_session,
    "endSession": end_session,
    "getMe": me,
    "setPresence": set_presence,
    "listResellers": list_resellers,
    "createReseller": create_reseller,
}
