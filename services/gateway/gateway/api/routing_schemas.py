"""Documentation shapes of the routing configuration API (RTE-01..08, 18) for the OpenAPI document.

The routing service validates every payload field by field (routing.config_schemas) and its errors come back
in the caller's language; these schemas describe the bodies and answers and let unknown fields through.
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate


class _Open(Schema):
    class Meta:
        unknown = INCLUDE


class Target(_Open):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            ["user", "auto_attendant", "hunt_group", "call_centre", "paging_group", "voicemail", "number"]
        ),
    )
    ref = fields.String(required=True, metadata={"description": "an id, or a number/extension for kind=number"})


class RestrictionRule(_Open):
    id = fields.UUID(dump_only=True)
    level = fields.String(required=True, validate=validate.OneOf(["system", "reseller", "enterprise", "user"]))
    match = fields.String(required=True, validate=validate.OneOf(["country", "area_code", "prefix"]))
    value = fields.String(required=True, metadata={"description": "ISO country (FR), area code (+1514) or prefix"})
    allow = fields.Boolean()
    per_user = fields.Boolean(metadata={"description": "on the company's list, ticked line by line"})
    name = fields.String()
    owner_id = fields.UUID(allow_none=True)


class RestrictionRuleList(Schema):
    items = fields.List(fields.Nested(RestrictionRule))


class Exemption(_Open):
    id = fields.UUID(dump_only=True)
    level = fields.String(required=True, validate=validate.OneOf(["reseller", "enterprise", "user"]))
    subject_id = fields.UUID(required=True)
    enterprise_id = fields.UUID(metadata={"description": "the user's enterprise, for level=user"})


class ExemptionList(Schema):
    items = fields.List(fields.Nested(Exemption))


class RestrictionTicks(_Open):
    rule_ids = fields.List(fields.UUID(), required=True)


class RestrictionTickList(_Open):
    ticks = fields.Dict(keys=fields.String(), values=fields.List(fields.UUID()), required=True)


class PhoneZone(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    area_codes = fields.List(fields.String(), metadata={"description": "e.g. +1514"})


class PhoneZoneList(Schema):
    items = fields.List(fields.Nested(PhoneZone))


class WeeklyHours(_Open):
    weekday = fields.Integer(required=True, metadata={"description": "0 = Monday"})
    start = fields.String(required=True, metadata={"description": "HH:MM"})
    end = fields.String(required=True, metadata={"description": "HH:MM; 00:00 is midnight"})


class Holiday(_Open):
    name = fields.String()
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    yearly = fields.Boolean()


class Schedule(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    weekly = fields.List(fields.Nested(WeeklyHours))
    holidays = fields.List(fields.Nested(Holiday))


class ScheduleList(Schema):
    items = fields.List(fields.Nested(Schedule))


class HuntMember(_Open):
    user_id = fields.UUID(required=True)
    logged_in = fields.Boolean(allow_none=True)
    weight = fields.Integer()


class HuntGroup(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    pilot = fields.String(allow_none=True, metadata={"description": "E.164 pilot number"})
    extension = fields.String(allow_none=True)
    algorithm = fields.String(validate=validate.OneOf(["regular", "circular", "uniform", "simultaneous", "weighted"]))
    ring_seconds_per_member = fields.Integer()
    queue_enabled = fields.Boolean()
    queue_max_callers = fields.Integer()
    queue_max_wait_seconds = fields.Integer()
    overflow = fields.Nested(Target, allow_none=True)
    active = fields.Boolean()
    members_log_in_by_default = fields.Boolean()
    service_level = fields.String(validate=validate.OneOf(["none", "basic", "premium"]))
    members = fields.List(fields.Nested(HuntMember))


class HuntGroupList(Schema):
    items = fields.List(fields.Nested(HuntGroup))
    acd = fields.Dict(metadata={"description": "ACD groups in use: basic, premium, limit"})


class MenuKey(_Open):
    key = fields.String(required=True, metadata={"description": "0-9, * or #"})
    action = fields.String(
        required=True, validate=validate.OneOf(["transfer", "submenu", "directory", "voicemail", "operator", "repeat"])
    )
    ref = fields.String()


class Menu(_Open):
    menu = fields.String(required=True)
    prompt = fields.String(required=True)
    timeout_seconds = fields.Integer()
    keys = fields.List(fields.Nested(MenuKey))


class AutoAttendant(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    active = fields.Boolean()
    extension = fields.String(allow_none=True)
    business_hours_menu = fields.String(required=True)
    after_hours_menu = fields.String(allow_none=True)
    business_schedule_id = fields.UUID(allow_none=True)
    holiday_schedule_id = fields.UUID(allow_none=True)
    simple_menu = fields.Boolean()
    operator = fields.Nested(Target, allow_none=True)
    max_attempts = fields.Integer()
    menus = fields.List(fields.Nested(Menu), required=True)


class AutoAttendantList(Schema):
    items = fields.List(fields.Nested(AutoAttendant))


class ForwardRule(_Open):
    target = fields.Nested(Target, required=True)
    enabled = fields.Boolean()


class Forwarding(_Open):
    ring_seconds = fields.Integer(metadata={"description": "voicemail after this many seconds (1 ring = 5 s)"})
    straight_to_voicemail = fields.Boolean()
    always = fields.Nested(ForwardRule, allow_none=True)
    busy = fields.Nested(ForwardRule, allow_none=True)
    no_answer = fields.Nested(ForwardRule, allow_none=True)
    unreachable = fields.Nested(ForwardRule, allow_none=True)
    selective = fields.List(fields.Dict())
    simultaneous = fields.Dict(allow_none=True, metadata={"description": "numbers, enabled, screening"})


class TraceRequest(_Open):
    caller_number = fields.String(required=True, metadata={"description": "an extension, a DID or outside number"})
    dialled_number = fields.String(required=True)
    at = fields.AwareDateTime(allow_none=True, metadata={"description": "default: now"})


class TraceStep(Schema):
    feature = fields.String()
    code = fields.String()
    message = fields.String(metadata={"description": "the step in English"})
    msgid = fields.String(metadata={"description": "the English template of message, with {placeholders}"})
    params = fields.Dict(metadata={"description": "the values of the template's placeholders"})


class Trace(_Open):
    enterprise_id = fields.UUID()
    origin = fields.String()
    caller_user_id = fields.String(allow_none=True)
    at = fields.String()
    trace = fields.List(fields.Nested(TraceStep))
    plan = fields.Dict()
