"""REST for the call history (MED-01): an enterprise's calls (administrators), the signed-in user's own calls, and
the calls per hour or day. Media checks the tenant wall (NotFound), the role (PermissionDenied) and every filter."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from werkzeug.wrappers import Response

from gateway.api.areas.media import reply
from gateway.api.routes import ApiRoute, op
from gateway.api.views import Handler, query
from gateway.backends import Backend, Backends
from gateway.portal.calls import own_numbers
from gateway.routing_scope import scope
from gateway.web import RequestContext

TAG = "Call history"


class Call(Schema):
    call_id = fields.String()
    started_at = fields.String()
    answered_at = fields.String(allow_none=True)
    ended_at = fields.String(allow_none=True)
    caller = fields.String()
    callee = fields.String()
    answered_by = fields.String(
        allow_none=True, metadata={"description": "A user id, a number, 'voicemail' or 'service' (auto attendant)"}
    )
    duration_seconds = fields.Integer(allow_none=True, metadata={"description": "From the answer to the end"})
    disposition = fields.String(
        metadata={"description": "answered, no_answer, busy, cancelled, refused, failed, transferred, in_progress…"}
    )
    cause = fields.Integer(allow_none=True, metadata={"description": "The SIP status that ended it, if any"})
    handled_by = fields.String(validate=validate.OneOf(["worker", "proxy"]))
    enterprise_id = fields.UUID(allow_none=True)


class CallPage(Schema):
    items = fields.List(fields.Nested(Call))
    total = fields.Integer()
    since = fields.String()
    until = fields.String()
    limit = fields.Integer()
    offset = fields.Integer()
    time_zone = fields.String()


class CallQuery(Schema):
    since = fields.Date(metadata={"description": "First day (in time_zone), default 30 days before the end"})
    until = fields.Date(metadata={"description": "Last day (in time_zone) included, default today; at most 366 days"})
    line = fields.String(metadata={"description": "A number, extension, SIP name or user id the call involved"})
    limit = fields.Integer(metadata={"description": "1 to 1000, default 50"})
    offset = fields.Integer()
    time_zone = fields.String(
        metadata={
            "description": "IANA time zone (such as America/Montreal) of the days and of the times answered; UTC"
            " by default"
        }
    )


class ChartQuery(Schema):
    unit = fields.String(validate=validate.OneOf(["hour", "day"]))
    periods = fields.Integer(metadata={"description": "1 to 168, default 14"})
    time_zone = fields.String(
        metadata={
            "description": "IANA time zone (such as America/Montreal) of the days and of the times answered; UTC"
            " by default"
        }
    )


class CallPoint(Schema):
    at = fields.String()
    calls = fields.Integer()


class CallsPerPeriod(Schema):
    unit = fields.String()
    time_zone = fields.String()
    points = fields.List(fields.Nested(CallPoint))


ROUTES: tuple[ApiRoute, ...] = (
    op("GET", "/enterprises/<uuid:enterprise_id>/calls", "listCalls", "The enterprise's calls, newest first", TAG,
       CallPage, query=CallQuery, backend="media", features=("MED-01",)),
    op("GET", "/enterprises/<uuid:enterprise_id>/calls-per-period", "countCalls",
       "How many calls started in each of the last hours or days", TAG, CallsPerPeriod, query=ChartQuery,
       backend="media", features=("MED-01",)),
    op("GET", "/users/<uuid:user_id>/calls", "listUserCalls", "The signed-in user's own calls, newest first", TAG,
       CallPage, query=CallQuery, backend="backends", features=("MED-01",)),
)  # fmt: skip


def _list_calls(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, media.call("list_calls", scope(ctx), str(enterprise_id), query(ctx, CallQuery)))


def _count_calls(ctx: RequestContext, media: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, media.call("calls_per_period", scope(ctx), str(enterprise_id), query(ctx, ChartQuery)))


def _list_user_calls(ctx: RequestContext, backends: Backends, user_id: Any) -> Response:
    """Media finds the user's calls by their id and SIP names; accounts adds their extension and numbers."""
    found = {**query(ctx, CallQuery), "numbers": own_numbers(ctx, backends.accounts)}
    return reply(ctx, backends.media.call("list_user_calls", scope(ctx), str(user_id), found))


HANDLERS: dict[str, Handler] = {
    "listCalls": _list_calls,
    "countCalls": _count_calls,
    "listUserCalls": _list_user_calls,
}
