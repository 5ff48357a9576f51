"""marshmallow schemas of the accounts RPC input and output."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from relais_kit.validation import Msg, Text

LANGUAGES = ("fr", "en")
PRESENCES = ("available", "busy", "away", "do_not_disturb")
COLOUR = validate.Regexp(r"^#[0-9a-fA-F]{6}$", error=Msg("A colour like #0e6b73."))
HOST = validate.Regexp(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    error=Msg("A host name like portal.example.com."),
)
PHONE = validate.Regexp(r"^\+?[0-9 ().-]{7,20}$", error=Msg("A phone number like +1 514 555-0100."))


def length(low: int, high: int) -> validate.Length:
    return validate.Length(min=low, max=high, error=Msg("Between {min} and {max} characters."))


def one_of(choices: tuple[str, ...]) -> validate.OneOf:
    return validate.OneOf(choices, error=Msg("Must be one of: {choices}."))


def optional_text(high: int, *extra: validate.Validator) -> Text:
    return Text(load_default=None, allow_none=True, validate=validate.And(length(0, high), *extra))


class CallerSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_id = fields.UUID(required=True)
    actor_id = fields.UUID(load_default=None, allow_none=True)


class CredentialsSchema(Schema):
    identifier = Text(required=True, validate=length(1, 254))
    password = fields.String(required=True, validate=length(1, 1024))


class NewPasswordSchema(Schema):
    password = fields.String(required=True, validate=length(10, 128))


class PasswordChangeSchema(NewPasswordSchema):
    current_password = fields.String(required=True, validate=length(1, 1024))


class PinChangeSchema(Schema):
    current_password = fields.String(required=True, validate=length(1, 1024))
    pin = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{4,10}$", error=Msg("4 to 10 digits.")))


class ResetRequestSchema(Schema):
    identifier = Text(required=True, validate=length(1, 254))
    reset_url = fields.Url(required=True, require_tld=False, schemes={"http", "https"})


class ResetSchema(NewPasswordSchema):
    token = fields.String(required=True, validate=length(20, 200))


class ContactSchema(Schema):
    contact_email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    contact_phone = optional_text(30, PHONE)
    address = optional_text(300)
    language = fields.String(load_default="fr", validate=one_of(LANGUAGES))


class ResellerInputSchema(ContactSchema):
    name = Text(required=True, validate=length(1, 100))
    billing_owner = fields.String(load_default="reseller", validate=one_of(("reseller", "system")))


class BrandingSchema(Schema):
    @pre_load
    def lower_host(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("portal_host"), str):
            return {**data, "portal_host": data["portal_host"].strip().lower()}
        return data

    brand_name = optional_text(100)
    brand_primary_colour = fields.String(load_default=None, allow_none=True, validate=COLOUR)
    brand_accent_colour = fields.String(load_default=None, allow_none=True, validate=COLOUR)
    portal_host = Text(load_default=None, allow_none=True, validate=HOST)


class SupportSchema(Schema):
    """How customers reach the reseller (ACC-21)."""

    support_phone = optional_text(30, PHONE)
    support_email = fields.Email(load_default=None, allow_none=True)
    support_url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"})


class AdministratorInputSchema(Schema):
    identifier = Text(
        required=True,
        validate=validate.And(
            length(3, 64), validate.Regexp(r"^[A-Za-z0-9._@-]+$", error=Msg("Letters, digits and . _ @ - only."))
        ),
    )
    display_name = Text(required=True, validate=length(1, 100))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=length(10, 128))
    language = fields.String(load_default="fr", validate=one_of(LANGUAGES))


class CustomerInputSchema(ContactSchema):
    kind = fields.String(required=True, validate=one_of(("enterprise", "professional")))
    name = Text(required=True, validate=length(1, 100))
    time_zone = fields.String(load_default="America/Toronto", validate=length(3, 64))
    administrator = fields.Nested(AdministratorInputSchema, required=True)


class CustomerUpdateSchema(ContactSchema):
    name = Text(required=True, validate=length(1, 100))
    time_zone = fields.String(load_default="America/Toronto", validate=length(3, 64))


class DepartmentInputSchema(Schema):
    name = Text(required=True, validate=length(1, 100))
    parent_id = fields.UUID(load_default=None, allow_none=True)
    operator_number = optional_text(20, PHONE)
    max_incoming_calls = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(0, 10000, error=Msg("Between {min} and {max}."))
    )
    max_outgoing_calls = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(0, 10000, error=Msg("Between {min} and {max}."))
    )
    manager_ids = fields.List(fields.UUID(), load_default=list)


class ProfileUpdateSchema(Schema):
    display_name = Text(required=True, validate=length(1, 100))
    email = fields.Email(load_default=None, allow_none=True)
    phone = optional_text(30, PHONE)
    language = fields.String(required=True, validate=one_of(LANGUAGES))


class PresenceSchema(Schema):
    presence = fields.String(required=True, validate=one_of(PRESENCES))


class AuditQuerySchema(Schema):
    search = Text(load_default=None, allow_none=True, validate=length(0, 100))
    since = fields.AwareDateTime(load_default=None, allow_none=True)
    until = fields.AwareDateTime(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100000, error=Msg("Between {min} and {max}.")))
    page_size = fields.Integer(
        load_default=50, validate=validate.Range(1, 10000, error=Msg("Between {min} and {max}."))
    )

    @validates_schema
    def since_before_until(self, data: dict[str, object], **kwargs: object) -> None:
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and since >= until:  # type: ignore[operator]
            raise ValidationError(Msg("Must be before the end date."), "since")


class ListQuerySchema(Schema):
    search = Text(load_default=None, allow_none=True, validate=length(0, 100))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100000, error=Msg("Between {min} and {max}.")))
    page_size = fields.Integer(load_default=50, validate=validate.Range(1, 1000, error=Msg("Between {min} and {max}.")))


# Output


class TenantSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    parent_id = fields.UUID(allow_none=True)
    name = fields.String()
    language = fields.String()
    contact_email = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    time_zone = fields.String()
    created_at = fields.AwareDateTime()


class ResellerSchema(TenantSchema):
    billing_owner = fields.String()
    brand_name = fields.String(allow_none=True)
    brand_primary_colour = fields.String(allow_none=True)
    brand_accent_colour = fields.String(allow_none=True)
    portal_host = fields.String(allow_none=True)
    has_logo = fields.Function(lambda t: bool(t.get("logo_mime")))
    support_phone = fields.String(allow_none=True)
    support_email = fields.String(allow_none=True)
    support_url = fields.String(allow_none=True)


class DepartmentSchema(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    parent_id = fields.UUID(allow_none=True)
    depth = fields.Function(lambda d: len(d["path"]) - 1)
    name = fields.String()
    operator_number = fields.String(allow_none=True)
    max_incoming_calls = fields.Integer(allow_none=True)
    max_outgoing_calls = fields.Integer(allow_none=True)
    manager_ids = fields.List(fields.String())


class UserProfileSchema(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    tenant_path = fields.List(fields.UUID())
    tenant_name = fields.String()
    tenant_kind = fields.String()
    tenant_time_zone = fields.String(allow_none=True)
    user_number = fields.String()
    identifier = fields.String()
    email = fields.String(allow_none=True)
    display_name = fields.String()
    role = fields.String()
    enterprise_role = fields.String(allow_none=True)
    account_kind = fields.String()
    language = fields.String()
    presence = fields.String()
    phone = fields.String(allow_none=True)
    locked = fields.Function(lambda u: u.get("locked_at") is not None)
    last_sign_in_at = fields.AwareDateTime(allow_none=True)
    account_expires_on = fields.Date(allow_none=True)
    admin_managed = fields.Boolean()


class AuditEntrySchema(Schema):
    id = fields.Integer()
    occurred_at = fields.AwareDateTime()
    actor_name = fields.String()
    acting_as_name = fields.String(allow_none=True)
    action = fields.String()
    target_type = fields.String()
    target_id = fields.String(allow_none=True)
    target_name = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
