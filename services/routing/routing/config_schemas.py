"""marshmallow schemas of the configuration RPCs' payloads (RTE-02..08): each error names its field."""

from __future__ import annotations

import itertools
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from relais_kit.validation import Msg, Text
from routing.engine import HuntAlgorithm, MenuAction, RestrictionLevel, RestrictionMatch, TargetKind
from routing.schemas import DIALLED, one_of

E164 = validate.Regexp(r"^\+[1-9][0-9]{6,14}$", error=Msg("An E.164 number like +15145550100."))
AREA_CODE = validate.Regexp(r"^\+[1-9][0-9]{1,7}$", error=Msg("A country and area code like +1514."))
EXTENSION = validate.Regexp(r"^[0-9]{1,6}$", error=Msg("1 to 6 digits."))
MENU_NAME = validate.Regexp(r"^[a-z0-9_-]{1,40}$", error=Msg("Lower-case letters, digits, _ or -."))
ACD_LEVELS = ("none", "basic", "premium")
"""RTE-08: a hunt group without automatic call distribution, or with its basic or premium service level."""
ID_TARGETS = {kind.value for kind in TargetKind} - {TargetKind.NUMBER.value}


def length(low: int, high: int) -> validate.Length:
    return validate.Length(min=low, max=high, error=Msg("Between {min} and {max} characters."))


def count(high: int) -> validate.Length:
    return validate.Length(max=high, error=Msg("At most {max} items."))


def between(low: int, high: int) -> validate.Range:
    return validate.Range(min=low, max=high, error=Msg("Between {min} and {max}."))


def _unique(values: list[Any], field: str) -> None:
    if len(values) != len(set(values)):
        raise ValidationError(Msg("Each value may appear only once."), field)


class _Strict(Schema):
    class Meta:
        unknown = EXCLUDE


class TargetSchema(_Strict):
    kind = fields.String(required=True, validate=one_of(TargetKind))
    ref = Text(required=True, validate=length(1, 64))

    @validates_schema
    def ref_fits_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["kind"] in ID_TARGETS:
            if not _is_uuid(data["ref"]):
                _fail("ref", Msg("An id."))
        elif DIALLED.regex.match(data["ref"]) is None:
            _fail("ref", Msg("Digits, * or #, optionally after a +."))


def _is_uuid(value: str) -> bool:
    try:
        fields.UUID().deserialize(value)
    except ValidationError:
        return False
    return True


def _fail(field: str, message: Msg) -> None:
    """A rule's refusal naming its field; the message is written as ``Msg(...)`` so the catalogue extracts it."""
    raise ValidationError(message, field)


def target(**kwargs: Any) -> fields.Nested:
    return fields.Nested(TargetSchema, load_default=None, allow_none=True, **kwargs)


class RestrictionRuleSchema(_Strict):
    """RTE-02: `level` must match the tenant the rule belongs to; USER rules name their line in `owner_id`."""

    level = fields.String(required=True, validate=one_of(RestrictionLevel))
    match = fields.String(required=True, validate=one_of(RestrictionMatch))
    value = Text(required=True, validate=length(2, 16))
    allow = fields.Boolean(load_default=False)
    per_user = fields.Boolean(load_default=False)
    name = Text(load_default="", validate=length(0, 100))
    owner_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        value = data["value"]
        if data["match"] == RestrictionMatch.COUNTRY:
            if not (len(value) == 2 and value.isalpha()):
                _fail("value", Msg("An ISO country code like FR."))
            data["value"] = value.upper()
        elif AREA_CODE.regex.match(value) is None and E164.regex.match(value) is None:
            _fail("value", Msg("A prefix like +1900."))
        if data["per_user"] and data["level"] != RestrictionLevel.ENTERPRISE:
            _fail("per_user", Msg("Only an enterprise rule can be ticked per user."))
        if data["level"] == RestrictionLevel.USER and data["owner_id"] is None:
            _fail("owner_id", Msg("Required for a user rule."))


class ExemptionSchema(_Strict):
    level = fields.String(required=True, validate=one_of(("reseller", "enterprise", "user")))
    subject_id = fields.UUID(required=True)
    enterprise_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def enterprise_for_users(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["level"] == "user" and data["enterprise_id"] is None:
            _fail("enterprise_id", Msg("Required for a user exemption."))


class RestrictionTicksSchema(_Strict):
    rule_ids = fields.List(fields.UUID(), required=True, validate=count(200))


class PhoneZoneSchema(_Strict):
    name = Text(required=True, validate=length(1, 100))
    area_codes = fields.List(Text(validate=AREA_CODE), required=True, validate=count(500))

    @validates_schema
    def no_repeats(self, data: dict[str, Any], **kwargs: Any) -> None:
        _unique(data["area_codes"], "area_codes")


class WeeklyHoursSchema(_Strict):
    weekday = fields.Integer(required=True, validate=between(0, 6))
    start = fields.Time(required=True, format="%H:%M")
    end = fields.Time(required=True, format="%H:%M")

    @validates_schema
    def ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data["end"].hour or data["end"].minute) and data["end"] <= data["start"]:
            _fail("end", Msg("After the start (00:00 means midnight)."))


class HolidaySchema(_Strict):
    name = Text(load_default="", validate=length(0, 100))
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    yearly = fields.Boolean(load_default=False)

    @validates_schema
    def ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["end"] < data["start"]:
            _fail("end", Msg("On or after the start."))


class ScheduleSchema(_Strict):
    """RTE-07: weekly business hours and holidays, in the enterprise's time zone."""

    name = Text(required=True, validate=length(1, 100))
    weekly = fields.List(fields.Nested(WeeklyHoursSchema), load_default=list, validate=count(100))
    holidays = fields.List(fields.Nested(HolidaySchema), load_default=list, validate=count(366))

    @validates_schema
    def distinct_ranges(self, data: dict[str, Any], **kwargs: Any) -> None:
        _unique([(h["weekday"], h["start"]) for h in data["weekly"]], "weekly")
        ranges = sorted((h["weekday"], _minutes(h["start"]), _minutes(h["end"]) or 24 * 60) for h in data["weekly"])
        for (day, _, end), (next_day, next_start, _) in itertools.pairwise(ranges):
            if day == next_day and next_start < end:
                raise ValidationError(Msg("Two ranges of the same day overlap."), "weekly")


def _minutes(value: Any) -> int:
    return int(value.hour) * 60 + int(value.minute)


class HuntMemberSchema(_Strict):
    user_id = fields.UUID(required=True)
    logged_in = fields.Boolean(load_default=None, allow_none=True)
    weight = fields.Integer(load_default=1, validate=between(0, 100))


class HuntGroupSchema(_Strict):
    """RTE-08."""

    name = Text(required=True, validate=length(1, 100))
    pilot = Text(load_default=None, allow_none=True, validate=E164)
    extension = Text(load_default=None, allow_none=True, validate=EXTENSION)
    algorithm = fields.String(load_default=HuntAlgorithm.REGULAR.value, validate=one_of(HuntAlgorithm))
    ring_seconds_per_member = fields.Integer(load_default=15, validate=between(5, 300))
    queue_enabled = fields.Boolean(load_default=False)
    queue_max_callers = fields.Integer(load_default=10, validate=between(1, 500))
    queue_max_wait_seconds = fields.Integer(load_default=120, validate=between(5, 3600))
    queue_music = Text(load_default=None, allow_none=True, validate=length(1, 200))
    overflow = target()
    active = fields.Boolean(load_default=True)
    members_log_in_by_default = fields.Boolean(load_default=True)
    service_level = fields.String(load_default="none", validate=one_of(ACD_LEVELS))
    members = fields.List(fields.Nested(HuntMemberSchema), load_default=list, validate=count(200))

    @validates_schema
    def members_once(self, data: dict[str, Any], **kwargs: Any) -> None:
        _unique([m["user_id"] for m in data["members"]], "members")
        for member in data["members"]:
            if member["logged_in"] is None:
                member["logged_in"] = data["members_log_in_by_default"]


class MenuKeySchema(_Strict):
    key = fields.String(required=True, validate=validate.Regexp(r"^[0-9*#]{1,3}$", error=Msg("A key: 0-9, * or #.")))
    action = fields.String(required=True, validate=one_of(MenuAction))
    ref = Text(load_default="", validate=length(0, 64))


class MenuSchema(_Strict):
    menu = fields.String(required=True, validate=MENU_NAME)
    prompt = Text(required=True, validate=length(1, 200))
    timeout_seconds = fields.Integer(load_default=5, validate=between(1, 60))
    keys = fields.List(fields.Nested(MenuKeySchema), load_default=list, validate=count(15))

    @validates_schema
    def keys_once(self, data: dict[str, Any], **kwargs: Any) -> None:
        _unique([k["key"] for k in data["keys"]], "keys")
        for key in data["keys"]:
            needs_ref = key["action"] in (MenuAction.TRANSFER, MenuAction.SUBMENU, MenuAction.VOICEMAIL)
            if needs_ref and not key["ref"]:
                _fail("keys", Msg("A transfer, sub-menu or voicemail key needs its ref."))
            if key["action"] == MenuAction.TRANSFER and DIALLED.regex.match(key["ref"]) is None:
                _fail("keys", Msg("A transfer goes to an extension or a number."))


class AutoAttendantSchema(_Strict):
    """RTE-06."""

    name = Text(required=True, validate=length(1, 100))
    active = fields.Boolean(load_default=True)
    extension = Text(load_default=None, allow_none=True, validate=EXTENSION)
    business_hours_menu = fields.String(required=True, validate=MENU_NAME)
    after_hours_menu = fields.String(load_default=None, allow_none=True, validate=MENU_NAME)
    business_schedule_id = fields.UUID(load_default=None, allow_none=True)
    holiday_schedule_id = fields.UUID(load_default=None, allow_none=True)
    simple_menu = fields.Boolean(load_default=False)
    operator = target()
    max_attempts = fields.Integer(load_default=3, validate=between(1, 10))
    menus = fields.List(fields.Nested(MenuSchema), required=True, validate=validate.Length(min=1, max=50))

    @validates_schema
    def menus_exist(self, data: dict[str, Any], **kwargs: Any) -> None:
        names = [m["menu"] for m in data["menus"]]
        _unique(names, "menus")
        for field in ("business_hours_menu", "after_hours_menu"):
            if data[field] is not None and data[field] not in names:
                _fail(field, Msg("No menu of that name in this auto attendant."))
        for menu in data["menus"]:
            for key in menu["keys"]:
                if key["action"] == MenuAction.SUBMENU and key["ref"] not in names:
                    _fail("menus", Msg("A sub-menu key names a menu that does not exist."))


class ForwardRuleSchema(_Strict):
    target = fields.Nested(TargetSchema, required=True)
    enabled = fields.Boolean(load_default=True)


class SelectiveForwardSchema(_Strict):
    callers = fields.List(Text(validate=DIALLED), required=True, validate=validate.Length(min=1, max=50))
    target = fields.Nested(TargetSchema, required=True)
    enabled = fields.Boolean(load_default=True)
    business_schedule_id = fields.UUID(load_default=None, allow_none=True)


class SimultaneousRingSchema(_Strict):
    numbers = fields.List(Text(validate=DIALLED), required=True, validate=count(10))
    enabled = fields.Boolean(load_default=True)
    screening = fields.Boolean(load_default=False)


class ForwardingSchema(_Strict):
    """RTE-04/05: a line's five kinds of forwarding, voicemail timing and simultaneous ring."""

    ring_seconds = fields.Integer(load_default=20, validate=between(5, 300))
    straight_to_voicemail = fields.Boolean(load_default=False)
    always = fields.Nested(ForwardRuleSchema, load_default=None, allow_none=True)
    busy = fields.Nested(ForwardRuleSchema, load_default=None, allow_none=True)
    no_answer = fields.Nested(ForwardRuleSchema, load_default=None, allow_none=True)
    unreachable = fields.Nested(ForwardRuleSchema, load_default=None, allow_none=True)
    selective = fields.List(fields.Nested(SelectiveForwardSchema), load_default=list, validate=count(20))
    simultaneous = fields.Nested(SimultaneousRingSchema, load_default=None, allow_none=True)
