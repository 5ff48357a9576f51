"""Documentation shapes of the group services and enterprise settings API (RTE-07, RTE-09..16) for the OpenAPI
document. Routing validates every field (routing.group_schemas) and answers errors in the caller's language; these
schemas describe the bodies and answers and let unknown fields through."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from gateway.api.routing_schemas import Target, _Open

CALL_CLASSES = ["internal", "local", "long_distance", "international", "toll_free", "premium", "special", "emergency"]
POLICIES = ["regular", "circular", "uniform", "simultaneous", "weighted"]


def _list(item: type[Schema]) -> type[Schema]:
    return type(f"{item.__name__}List", (Schema,), {"items": fields.List(fields.Nested(item))})


class NightForwarding(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    target = fields.Nested(Target, required=True, metadata={"description": "usually kind=number"})
    mode = fields.String(validate=validate.OneOf(["off", "on", "scheduled"]))
    business_schedule_id = fields.UUID(allow_none=True)
    holiday_schedule_id = fields.UUID(allow_none=True)
    user_ids = fields.List(fields.UUID(), metadata={"description": "the lines whose calls are forwarded"})


class Agent(_Open):
    user_id = fields.UUID(required=True)
    joined = fields.Boolean(allow_none=True)


class CallCentre(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    active = fields.Boolean()
    extension = fields.String(allow_none=True)
    policy = fields.String(validate=validate.OneOf(POLICIES))
    max_wait_seconds = fields.Integer(metadata={"description": "5 to 3600"})
    queue_max_callers = fields.Integer(metadata={"description": "1 to 500"})
    music = fields.String(allow_none=True)
    overflow = fields.Nested(Target, allow_none=True)
    agents_join_by_default = fields.Boolean()
    agents = fields.List(fields.Nested(Agent))


class AgentState(_Open):
    joined = fields.Boolean(required=True)


class MemberGroup(_Open):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True)
    member_user_ids = fields.List(fields.UUID())


class PickupGroup(MemberGroup):
    pass


class ParkGroup(MemberGroup):
    recall_seconds = fields.Integer(metadata={"description": "30 to 900"})


class PagingGroup(MemberGroup):
    active = fields.Boolean()
    extension = fields.String(allow_none=True)
    originator_user_ids = fields.List(fields.UUID())


class InstantGroupCall(MemberGroup):
    active = fields.Boolean()
    extension = fields.String(allow_none=True)
    external_numbers = fields.List(fields.String(), metadata={"description": "E.164, at most 10"})
    answer_confirmation = fields.Boolean()


class SeriesCompletion(MemberGroup):
    pass


class SpeedCode(_Open):
    id = fields.UUID(dump_only=True)
    code = fields.String(required=True, metadata={"description": "1 to 6 digits"})
    number = fields.String(required=True)
    name = fields.String()
    department_id = fields.UUID(allow_none=True, metadata={"description": "none: the whole enterprise"})


class SpeedCodeRange(_Open):
    first_code = fields.String(required=True)
    last_code = fields.String(required=True, metadata={"description": "same length, at most 100 codes"})
    first_number = fields.String(required=True, metadata={"description": "the next codes dial the next numbers"})
    name = fields.String()
    department_id = fields.UUID(allow_none=True)


class SpeedCodeMove(_Open):
    ids = fields.List(fields.UUID(), required=True)
    department_id = fields.UUID(allow_none=True)


class Moved(_Open):
    moved = fields.Integer()
    department_id = fields.UUID(allow_none=True)


class SpeedDialEntry(_Open):
    code = fields.String(required=True, metadata={"description": "2-9 (speed dial 8) or 00-99 (speed dial 100)"})
    number = fields.String(required=True)
    name = fields.String()


class SpeedDials(_Open):
    user_id = fields.UUID(dump_only=True)
    kind = fields.String(dump_only=True)
    entries = fields.List(fields.Nested(SpeedDialEntry))


class AccountCodePolicy(_Open):
    required_for = fields.List(fields.String(validate=validate.OneOf(CALL_CLASSES)))
    must_be_valid = fields.Boolean()
    codes = fields.List(fields.String(), metadata={"description": "digits, 1 to 15 each"})
    min_length = fields.Integer(metadata={"description": "1 to 15"})
    max_length = fields.Integer(metadata={"description": "1 to 15"})
    max_attempts = fields.Integer(metadata={"description": "wrong codes before the line is blocked, 1 to 100"})
    allow_line_override = fields.Boolean()
    lines_may_edit = fields.Boolean()


class LineAccountCodes(_Open):
    required_for = fields.List(fields.String(validate=validate.OneOf(CALL_CLASSES)))
    codes = fields.List(fields.String())
    min_length = fields.Integer()
    max_length = fields.Integer()
    overridden = fields.Boolean(dump_only=True)


class AuthorizationCode(_Open):
    id = fields.UUID(dump_only=True)
    code = fields.String(load_only=True, metadata={"description": "1 to 15 digits; never shown again"})
    masked_code = fields.String(dump_only=True)
    description = fields.String()
    user_id = fields.UUID(allow_none=True)


class ExternalCalls(_Open):
    max_outgoing_calls = fields.Integer(allow_none=True, metadata={"description": "none: no limit"})
    max_incoming_calls = fields.Integer(allow_none=True)
    local_carrier_code = fields.String(allow_none=True)
    long_distance_carrier_code = fields.String(allow_none=True)
    international_carrier_code = fields.String(allow_none=True)
    departments = fields.List(fields.Dict(), dump_only=True, metadata={"description": "each department's limits"})


class EmergencyRecipient(_Open):
    channel = fields.String(required=True, validate=validate.OneOf(["email", "phone"]))
    address = fields.String(required=True)
    department_id = fields.UUID(allow_none=True, metadata={"description": "none: every department"})


class Emergency(_Open):
    notifications_enabled = fields.Boolean()
    extra_numbers = fields.List(fields.String())
    recipients = fields.List(fields.Nested(EmergencyRecipient))


class OtherSettings(_Open):
    internal_messaging_only = fields.Boolean()
    virtual_operator_number = fields.String(allow_none=True)
    show_internal_extensions = fields.Boolean()


NightForwardingList = _list(NightForwarding)
CallCentreList = _list(CallCentre)
PickupGroupList = _list(PickupGroup)
ParkGroupList = _list(ParkGroup)
PagingGroupList = _list(PagingGroup)
InstantGroupCallList = _list(InstantGroupCall)
SeriesCompletionList = _list(SeriesCompletion)
SpeedCodeList = _list(SpeedCode)
AuthorizationCodeList = _list(AuthorizationCode)
