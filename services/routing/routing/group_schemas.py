"""marshmallow schemas of the group services and enterprise settings (RTE-07, RTE-09..16): each error names its
field and its rule; limits come from the enterprise administrators' guides (002, 004)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from relais_kit.validation import Msg, Text
from routing.config_schemas import (
    E164,
    EXTENSION,
    TargetSchema,
    _Strict,
    _unique,
    between,
    count,
    length,
    target,
)
from routing.engine import CallClass, HuntAlgorithm, NightForwardingMode, NotificationChannel
from routing.schemas import DIALLED, one_of

ACCOUNT_CODE = validate.Regexp(r"^[0-9]{1,15}$", error=Msg("1 to 15 digits."))
SPEED_CODE = validate.Regexp(r"^[0-9]{1,6}$", error=Msg("1 to 6 digits."))
CARRIER_CODE = validate.Regexp(r"^[0-9*#]{1,8}$", error=Msg("1 to 8 digits, * or #."))
MAX_RANGE = 100


def _refuse(field: str, message: Msg) -> None:
    """A rule's refusal naming its field; the message is written as ``Msg(...)`` so the catalogue extracts it."""
    raise ValidationError(message, field)


def distinct(values: list[Any]) -> None:
    """A field-level check, so it is reported together with the other fields' errors."""
    if len(values) != len(set(values)):
        raise ValidationError(Msg("Each value may appear only once."))


def members(high: int = 200, **kwargs: Any) -> fields.List[Any]:
    return fields.List(fields.UUID(), load_default=list, validate=[count(high), distinct], **kwargs)


class NightForwardingSchema(_Strict):
    """RTE-07: calls to the group's lines go to one destination, by hand (on/off) or by schedule."""

    name = Text(required=True, validate=length(1, 100))
    target = fields.Nested(TargetSchema, required=True)
    mode = fields.String(load_default=NightForwardingMode.OFF.value, validate=one_of(NightForwardingMode))
    business_schedule_id = fields.UUID(load_default=None, allow_none=True)
    holiday_schedule_id = fields.UUID(load_default=None, allow_none=True)
    user_ids = members(500)

    @validates_schema
    def schedule_when_scheduled(self, data: dict[str, Any], **kwargs: Any) -> None:
        scheduled = data["mode"] == NightForwardingMode.SCHEDULED
        if scheduled and data["business_schedule_id"] is None and data["holiday_schedule_id"] is None:
            _refuse("business_schedule_id", Msg("Choose a business or holiday schedule for scheduled forwarding."))


class AgentSchema(_Strict):
    user_id = fields.UUID(required=True)
    joined = fields.Boolean(load_default=None, allow_none=True)


class CallCentreSchema(_Strict):
    """RTE-09: agents join and leave; callers wait in the queue with music, then overflow."""

    name = Text(required=True, validate=length(1, 100))
    active = fields.Boolean(load_default=True)
    extension = Text(load_default=None, allow_none=True, validate=EXTENSION)
    policy = fields.String(load_default=HuntAlgorithm.CIRCULAR.value, validate=one_of(HuntAlgorithm))
    max_wait_seconds = fields.Integer(load_default=300, validate=between(5, 3600))
    queue_max_callers = fields.Integer(load_default=10, validate=between(1, 500))
    music = Text(load_default=None, allow_none=True, validate=length(1, 200))
    overflow = target()
    agents_join_by_default = fields.Boolean(load_default=True)
    agents = fields.List(fields.Nested(AgentSchema), load_default=list, validate=count(200))

    @validates_schema
    def agents_once(self, data: dict[str, Any], **kwargs: Any) -> None:
        _unique([a["user_id"] for a in data["agents"]], "agents")
        for agent in data["agents"]:
            if agent["joined"] is None:
                agent["joined"] = data["agents_join_by_default"]


class AgentStateSchema(_Strict):
    joined = fields.Boolean(required=True)


class PickupGroupSchema(_Strict):
    """RTE-10: any member answers any ringing line of the group."""

    name = Text(required=True, validate=length(1, 100))
    member_user_ids = members()


class ParkGroupSchema(PickupGroupSchema):
    """RTE-10: members park calls on the group; a parked call rings back after `recall_seconds`."""

    recall_seconds = fields.Integer(load_default=120, validate=between(30, 900))


class PagingGroupSchema(_Strict):
    """RTE-11: originators page every target's phone on speaker."""

    name = Text(required=True, validate=length(1, 100))
    active = fields.Boolean(load_default=True)
    extension = Text(load_default=None, allow_none=True, validate=EXTENSION)
    member_user_ids = members(100)
    originator_user_ids = members(100)


class InstantGroupCallSchema(_Strict):
    """RTE-11: one call rings a group of lines and outside numbers at once."""

    name = Text(required=True, validate=length(1, 100))
    active = fields.Boolean(load_default=True)
    extension = Text(load_default=None, allow_none=True, validate=EXTENSION)
    member_user_ids = members(30)
    external_numbers = fields.List(Text(validate=E164), load_default=list, validate=[count(10), distinct])
    answer_confirmation = fields.Boolean(load_default=False)

    @validates_schema
    def someone_to_call(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data["member_user_ids"] and not data["external_numbers"]:
            _refuse("member_user_ids", Msg("Add at least one line or outside number."))


class SeriesCompletionSchema(_Strict):
    """RTE-11: a busy line's calls go to the next free line of the series, in order."""

    name = Text(required=True, validate=length(1, 100))
    member_user_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=[validate.Length(min=2, max=20, error=Msg("Between {min} and {max} items.")), distinct],
    )


class SpeedCodeSchema(_Strict):
    """RTE-12: a short code of the enterprise (no department) or of one department."""

    code = fields.String(required=True, validate=SPEED_CODE)
    number = Text(required=True, validate=DIALLED)
    name = Text(load_default="", validate=length(0, 100))
    department_id = fields.UUID(load_default=None, allow_none=True)


class SpeedCodeRangeSchema(_Strict):
    """RTE-12: codes first..last dial numbers first_number, first_number + 1, …"""

    first_code = fields.String(required=True, validate=SPEED_CODE)
    last_code = fields.String(required=True, validate=SPEED_CODE)
    first_number = Text(
        required=True, validate=validate.Regexp(r"^\+?[0-9]{1,15}$", error=Msg("Digits, optionally after a +."))
    )
    name = Text(load_default="", validate=length(0, 100))
    department_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def a_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        first, last = data["first_code"], data["last_code"]
        if len(first) != len(last):
            _refuse("last_code", Msg("Same number of digits as the first code."))
        if int(last) < int(first):
            _refuse("last_code", Msg("At or after the first code."))
        if int(last) - int(first) + 1 > MAX_RANGE:
            _refuse("last_code", Msg("At most {max} codes at once.", max=MAX_RANGE))
        digits = data["first_number"].lstrip("+")
        if len(str(int(digits) + int(last) - int(first))) > len(digits):
            _refuse("first_number", Msg("The range runs past the last number with this many digits."))


class SpeedCodeMoveSchema(_Strict):
    ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=1, max=500, error=Msg("Between {min} and {max} items.")),
    )
    department_id = fields.UUID(load_default=None, allow_none=True)


class SpeedDialEntrySchema(_Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{1,2}$", error=Msg("1 or 2 digits.")))
    number = Text(required=True, validate=DIALLED)
    name = Text(load_default="", validate=length(0, 100))


class SpeedDialsSchema(_Strict):
    """RTE-12: speed dial 8 (codes 2 to 9) and speed dial 100 (codes 00 to 99)."""

    kind = fields.String(required=True, validate=one_of(("8", "100")))
    entries = fields.List(fields.Nested(SpeedDialEntrySchema), load_default=list, validate=count(100))

    @validates_schema
    def codes_fit(self, data: dict[str, Any], **kwargs: Any) -> None:
        codes = [e["code"] for e in data["entries"]]
        _unique(codes, "entries")
        for code in codes:
            if data["kind"] == "8" and not (len(code) == 1 and "2" <= code <= "9"):
                _refuse("entries", Msg("Speed dial 8 uses codes 2 to 9."))
            if data["kind"] == "100" and len(code) != 2:
                _refuse("entries", Msg("Speed dial 100 uses codes 00 to 99."))


class AccountCodePolicySchema(_Strict):
    """RTE-13: which call types need a code, whether it must be on the list, its length and the lockout."""

    required_for = fields.List(fields.String(validate=one_of(CallClass)), load_default=list, validate=count(10))
    must_be_valid = fields.Boolean(load_default=True)
    codes = fields.List(fields.String(validate=ACCOUNT_CODE), load_default=list, validate=count(1000))
    min_length = fields.Integer(load_default=1, validate=between(1, 15))
    max_length = fields.Integer(load_default=15, validate=between(1, 15))
    max_attempts = fields.Integer(load_default=3, validate=between(1, 100))
    allow_line_override = fields.Boolean(load_default=False)
    lines_may_edit = fields.Boolean(load_default=False)

    @validates_schema
    def lengths_fit(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_lengths(data)


def check_lengths(data: dict[str, Any]) -> None:
    errors: dict[str, list[Msg]] = {}
    _unique(data["required_for"], "required_for")
    _unique(data["codes"], "codes")
    if data["min_length"] > data["max_length"]:
        errors["max_length"] = [Msg("At least the minimum length.")]
    for code in data["codes"]:
        if not data["min_length"] <= len(code) <= data["max_length"]:
            errors["codes"] = [
                Msg(
                    "Code {code} must have between {min} and {max} digits.",
                    code=code,
                    min=data["min_length"],
                    max=data["max_length"],
                )
            ]
            break
    if errors:
        raise ValidationError(errors)


class LineAccountCodesSchema(_Strict):
    """RTE-13: a line's own call types and code length (when the enterprise allows it), and its codes (when lines
    may edit them)."""

    required_for = fields.List(fields.String(validate=one_of(CallClass)), load_default=list, validate=count(10))
    codes = fields.List(fields.String(validate=ACCOUNT_CODE), load_default=list, validate=count(1000))
    min_length = fields.Integer(load_default=1, validate=between(1, 15))
    max_length = fields.Integer(load_default=15, validate=between(1, 15))

    @validates_schema
    def lengths_fit(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_lengths(data)


class AuthorizationCodeSchema(_Strict):
    code = fields.String(required=True, validate=ACCOUNT_CODE)
    description = Text(load_default="", validate=length(0, 100))
    user_id = fields.UUID(load_default=None, allow_none=True)


def _limit() -> fields.Integer:
    return fields.Integer(load_default=None, allow_none=True, validate=between(0, 10000))


def _carrier() -> fields.String:
    return fields.String(load_default=None, allow_none=True, validate=CARRIER_CODE)


class ExternalCallsSchema(_Strict):
    """RTE-14: limits on external calls of the whole enterprise (none: no limit), carrier access codes."""

    max_outgoing_calls = _limit()
    max_incoming_calls = _limit()
    local_carrier_code = _carrier()
    long_distance_carrier_code = _carrier()
    international_carrier_code = _carrier()


class EmergencyRecipientSchema(_Strict):
    channel = fields.String(required=True, validate=one_of(NotificationChannel))
    address = Text(required=True, validate=length(1, 254))
    department_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def address_fits_channel(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["channel"] == NotificationChannel.EMAIL:
            try:
                fields.Email().deserialize(data["address"])
            except ValidationError:
                _refuse("address", Msg("An e-mail address like name@example.com."))
        elif E164.regex.match(data["address"]) is None and EXTENSION.regex.match(data["address"]) is None:
            _refuse("address", Msg("A phone number like +15145550100 or an extension."))


class EmergencySchema(_Strict):
    """RTE-15: notifications on or off, extra emergency numbers, recipients per department (none: all)."""

    notifications_enabled = fields.Boolean(load_default=False)
    extra_numbers = fields.List(
        fields.String(validate=validate.Regexp(r"^[0-9]{2,6}$", error=Msg("2 to 6 digits."))),
        load_default=list,
        validate=count(10),
    )
    recipients = fields.List(fields.Nested(EmergencyRecipientSchema), load_default=list, validate=count(100))

    @validates_schema
    def once(self, data: dict[str, Any], **kwargs: Any) -> None:
        _unique(data["extra_numbers"], "extra_numbers")
        _unique([(r["channel"], r["address"], r["department_id"]) for r in data["recipients"]], "recipients")


class EnterpriseSettingsSchema(_Strict):
    """RTE-16 (the guide's "Autres paramètres")."""

    internal_messaging_only = fields.Boolean(load_default=False)
    virtual_operator_number = Text(load_default=None, allow_none=True, validate=DIALLED)
    show_internal_extensions = fields.Boolean(load_default=True)
