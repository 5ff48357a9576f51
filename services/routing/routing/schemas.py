"""marshmallow schemas of the call-path RPCs (route_call, step_call, call_ended, trace_route) and of the scope
the gateway passes to the configuration RPCs. The contract is also written down in protos/rpc/routing.v1.json."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from relais_kit.validation import Msg, Text
from routing.engine import CallClass, Origin, Stage
from routing.plans import EVENT_TYPES

DIALLED = validate.Regexp(r"^[0-9+*#][0-9*#]{0,31}$", error=Msg("Digits, * or #, optionally after a +."))
CALLER = validate.Length(min=1, max=64, error=Msg("Between {min} and {max} characters."))
CALL_ID = validate.Length(min=1, max=128, error=Msg("Between {min} and {max} characters."))


def one_of(choices: Any) -> validate.OneOf:
    return validate.OneOf([str(c) for c in choices], error=Msg("Must be one of: {choices}."))


class _Loose(Schema):
    class Meta:
        unknown = EXCLUDE


class LiveContextSchema(_Loose):
    """What media knows and routing does not: lines on a call and callers waiting in each queue."""

    busy_user_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=10000))
    queue_lengths = fields.Dict(
        keys=fields.UUID(), values=fields.Integer(validate=validate.Range(min=0, max=100000)), load_default=dict
    )


class CallRequestSchema(LiveContextSchema):
    call_id = Text(required=True, validate=CALL_ID)
    caller = Text(required=True, validate=CALLER)
    dialled = Text(required=True, validate=DIALLED)
    origin = fields.String(required=True, validate=one_of(Origin))
    caller_user_id = fields.UUID(load_default=None, allow_none=True)
    enterprise_id = fields.UUID(load_default=None, allow_none=True)
    at = fields.AwareDateTime(load_default=None, allow_none=True)


class _StateRequestSchema(_Loose):
    caller = Text(required=True, validate=CALLER)
    dialled = Text(required=True, validate=DIALLED)
    origin = fields.String(required=True, validate=one_of(Origin))
    caller_user_id = fields.String(load_default=None, allow_none=True)


class CallStateSchema(_Loose):
    call_id = Text(required=True, validate=CALL_ID)
    enterprise_id = fields.UUID(required=True)
    request = fields.Nested(_StateRequestSchema, required=True)
    stage = fields.String(required=True, validate=one_of(Stage))
    ref = fields.String(load_default="")
    menu_id = fields.String(load_default="")
    destination = fields.String(load_default="")
    call_class = fields.String(load_default=None, allow_none=True, validate=one_of(CallClass))
    forwarded_by = fields.String(load_default="")
    visited = fields.List(fields.String(), load_default=list, validate=validate.Length(max=64))
    hops = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100))
    attempts = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100))


class CallEventSchema(LiveContextSchema):
    type = fields.String(required=True, validate=one_of(EVENT_TYPES))
    digits = fields.String(load_default="", validate=validate.Regexp(r"^[0-9*#]{0,32}$"))
    code = fields.String(load_default="", validate=validate.Regexp(r"^[0-9]{0,15}$"))
    at = fields.AwareDateTime(load_default=None, allow_none=True)


class CallEndedSchema(_Loose):
    call_id = Text(required=True, validate=CALL_ID)


class TraceRouteSchema(_Loose):
    caller_number = Text(required=True, validate=CALLER)
    dialled_number = Text(required=True, validate=DIALLED)
    at = fields.AwareDateTime(load_default=None, allow_none=True)
    enterprise_id = fields.UUID(load_default=None, allow_none=True)
