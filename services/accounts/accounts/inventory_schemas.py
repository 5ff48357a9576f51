"""marshmallow schemas of numbers, extensions, trunks and phones (NUM-01, 02, 04..07)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from accounts.phone_numbers import to_e164
from accounts.schemas import length, one_of, optional_text
from accounts.user_schemas import EXTENSION, between
from relais_kit.validation import Msg, Text

TARGET_TYPES = ("user", "department", "auto_attendant", "hunt_group", "pickup_group", "conference")
TRANSPORTS = ("udp", "tcp", "tls")
CODECS = ("PCMU", "PCMA", "G722", "opus")
PHONE_STATUSES = ("registered", "not_authenticated")
KEY_ACTIONS = ("speed_dial", "blf", "directory")
HOST = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
MAC_DIGITS = re.compile(r"^[0-9a-f]{12}$")
DIALLABLE = validate.Regexp(r"^\+?[0-9*#]{1,20}$", error=Msg("Digits, * and #, with an optional leading +."))


class E164(fields.String):
    """A telephone number, stored in E.164 (Canadian numbers may omit +1)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        found = to_e164(str(super()._deserialize(value, attr, data, **kwargs)))
        if found is None:
            raise ValidationError(Msg("A valid phone number, like +1 514 555-0100."))
        return found


class MacAddress(fields.String):
    """Any common spelling (00:1A:2B:3C:4D:5E, 00-1a-2b-3c-4d-5e, 001a.2b3c.4d5e), stored as 00:1a:2b:3c:4d:5e."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        digits = re.sub(r"[\s:.-]", "", str(super()._deserialize(value, attr, data, **kwargs))).lower()
        if not MAC_DIGITS.match(digits):
            raise ValidationError(Msg("A MAC address like 00:1A:2B:3C:4D:5E."))
        if int(digits[:2], 16) & 1 or digits == "0" * 12:
            raise ValidationError(Msg("A phone's own (unicast) MAC address, not a group one."))
        return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


class Cidr(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        try:
            return str(ipaddress.ip_network(str(super()._deserialize(value, attr, data, **kwargs)), strict=True))
        except ValueError:
            raise ValidationError(Msg("An address or network like 203.0.113.0/24.")) from None


def _host(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        if not HOST.match(value):
            raise ValidationError(Msg("A host name or an IP address.")) from None
    return True


# Numbers


class DidsInputSchema(Schema):
    numbers = fields.List(
        Text(validate=length(1, 30)),
        required=True,
        validate=validate.Length(min=1, max=1000, error=Msg("Between {min} and {max} numbers.")),
    )
    region = fields.String(
        load_default="CA", validate=validate.Regexp(r"^[A-Z]{2}$", error=Msg("A country code like CA."))
    )


class DidListQuerySchema(Schema):
    state = fields.String(load_default="all", validate=one_of(("all", "used", "available")))
    search = fields.String(load_default=None, allow_none=True, validate=DIALLABLE)
    page = fields.Integer(load_default=1, validate=between(1, 100000))
    page_size = fields.Integer(load_default=100, validate=between(1, 1000))


class DidAssignSchema(Schema):
    """Assign, change or remove (target_type "none") the destination of a DID (NUM-01)."""

    target_type = fields.String(required=True, validate=one_of((*TARGET_TYPES, "none")))
    target_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def target_named(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["target_type"] != "none" and data.get("target_id") is None:
            raise ValidationError(Msg("Choose what this number rings."), "target_id")


class NumberBlockInputSchema(Schema):
    name = Text(required=True, validate=length(1, 100))
    first_number = E164(required=True)
    last_number = E164(required=True)
    department_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def a_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        first, last = data.get("first_number"), data.get("last_number")
        if first is None or last is None:
            return
        if len(first) != len(last) or first > last or int(last[1:]) - int(first[1:]) >= 1000:
            raise ValidationError(Msg("At most 1000 numbers, from the first to the last."), "last_number")


# Extensions


class ExtensionsInputSchema(Schema):
    """One extension, or a range ``first``..``last`` of the same length (NUM-05)."""

    first = Text(required=True, validate=EXTENSION)
    last = Text(load_default=None, allow_none=True, validate=EXTENSION)
    user_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def a_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        first, last = data.get("first"), data.get("last")
        if first is None or last is None:
            return
        if len(first) != len(last) or int(first) > int(last) or int(last) - int(first) >= 1000:
            raise ValidationError(Msg("At most 1000 extensions of the same length, from first to last."), "last")
        if data.get("user_id") is not None and first != last:
            raise ValidationError(Msg("A user has one extension; add a range without a user."), "user_id")


class ExtensionUpdateSchema(Schema):
    number = Text(required=True, validate=EXTENSION)
    user_id = fields.UUID(load_default=None, allow_none=True)


# Trunks


class CallerIdRuleSchema(Schema):
    prefix = fields.String(
        load_default="", validate=validate.Regexp(r"^[0-9]{0,15}$", error=Msg("Up to 15 digits; empty for any."))
    )
    caller_id = E164(required=True)


class TrunkInputSchema(Schema):
    name = Text(required=True, validate=length(1, 100))
    host = Text(required=True, validate=validate.And(length(1, 253), _host))
    port = fields.Integer(load_default=5060, validate=between(1, 65535))
    transport = fields.String(load_default="udp", validate=one_of(TRANSPORTS))
    username = optional_text(64)
    password = fields.String(load_default=None, allow_none=True, validate=length(1, 128))
    register = fields.Boolean(load_default=False)
    allowed_sources = fields.List(
        Cidr(), load_default=list, validate=validate.Length(max=50, error=Msg("At most {max}."))
    )
    codecs = fields.List(
        fields.String(validate=one_of(CODECS)),
        load_default=lambda: ["PCMU", "PCMA"],
        validate=validate.Length(min=1, max=4, error=Msg("Between {min} and {max} codecs.")),
    )
    caller_id_rules = fields.List(
        fields.Nested(CallerIdRuleSchema),
        load_default=list,
        validate=validate.Length(max=20, error=Msg("At most {max}.")),
    )

    @validates_schema
    def coherent(self, data: dict[str, Any], **kwargs: Any) -> None:
        codecs = data.get("codecs") or []
        if len(set(codecs)) != len(codecs):
            raise ValidationError(Msg("Each codec once."), "codecs")


# Phones


class PhoneInputSchema(Schema):
    mac = MacAddress(required=True)
    model = Text(required=True, validate=length(1, 64))
    status = fields.String(load_default="not_authenticated", validate=one_of(PHONE_STATUSES))
    user_id = fields.UUID(load_default=None, allow_none=True)
    department_id = fields.UUID(load_default=None, allow_none=True)


class PhoneUpdateSchema(Schema):
    mac = MacAddress(required=True)
    model = Text(required=True, validate=length(1, 64))
    status = fields.String(load_default="not_authenticated", validate=one_of(PHONE_STATUSES))


class PhoneAssignSchema(Schema):
    user_id = fields.UUID(load_default=None, allow_none=True)
    department_id = fields.UUID(load_default=None, allow_none=True)


class KeySchema(Schema):
    position = fields.Integer(required=True)
    action = fields.String(required=True, validate=one_of(KEY_ACTIONS))
    label = optional_text(32)
    value = optional_text(32)

    @validates_schema
    def value_fits_action(self, data: dict[str, Any], **kwargs: Any) -> None:
        action, value = data.get("action"), data.get("value")
        errors: dict[str, list[str]] = {}
        if action == "speed_dial" and not (value and re.match(r"^\+?[0-9*#]{1,20}$", value)):
            errors["value"] = [Msg("The number to dial.")]
        if action == "speed_dial" and not data.get("label"):
            errors["label"] = [Msg("A label for the key.")]
        if action == "blf" and not (value and re.match(r"^[0-9]{1,6}$", value)):
            errors["value"] = [Msg("The extension to monitor (1 to 6 digits).")]
        if errors:
            raise ValidationError(errors)


class LineKeySchema(KeySchema):
    position = fields.Integer(required=True, validate=between(1, 12))


class SoftKeySchema(KeySchema):
    position = fields.Integer(required=True, validate=between(1, 4))


def _keys(schema: type[KeySchema], count: int) -> fields.List[Any]:
    return fields.List(
        fields.Nested(schema), load_default=list, validate=validate.Length(max=count, error=Msg("At most {max}."))
    )


class PhoneKeysSchema(Schema):
    """12 line keys and 4 soft keys (NUM-07); keys not listed are empty."""

    line_keys = _keys(LineKeySchema, 12)
    soft_keys = _keys(SoftKeySchema, 4)

    @validates_schema
    def positions(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        for name in ("line_keys", "soft_keys"):
            positions = [k["position"] for k in data.get(name) or []]
            if len(set(positions)) != len(positions):
                errors[name] = [Msg("Each key once.")]
        if errors:
            raise ValidationError(errors)


# Output


class DidSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    tenant_id = fields.UUID()
    block_id = fields.UUID(allow_none=True)
    target_type = fields.String(allow_none=True)
    target_id = fields.UUID(allow_none=True)
    used = fields.Function(lambda d: d.get("target_type") is not None)
    target_name = fields.String(allow_none=True)
    block_name = fields.String(allow_none=True)
    department_name = fields.String(allow_none=True)


class NumberBlockSchema(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    department_id = fields.UUID(allow_none=True)
    name = fields.String()
    first_number = fields.String()
    last_number = fields.String()
    size = fields.Integer()
    assigned = fields.Integer()


class ExtensionSchema(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    number = fields.String()
    user_id = fields.UUID(allow_none=True)
    user_name = fields.String(allow_none=True)


class TrunkSchema(Schema):
    """Never the password: only whether one is set."""

    id = fields.UUID()
    tenant_id = fields.UUID()
    name = fields.String()
    host = fields.String()
    port = fields.Integer()
    transport = fields.String()
    username = fields.String(allow_none=True)
    has_password = fields.Function(lambda t: bool(t.get("password_encrypted")))
    register = fields.Boolean()
    allowed_sources = fields.List(fields.String())
    codecs = fields.List(fields.String())
    caller_id_rules = fields.List(fields.Dict())


class PhoneSchema(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    mac = fields.String()
    model = fields.String()
    status = fields.String()
    user_id = fields.UUID(allow_none=True)
    user_name = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)
    department_name = fields.String(allow_none=True)
