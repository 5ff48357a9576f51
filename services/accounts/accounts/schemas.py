"""marshmallow schemas of the accounts RPC input and output."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from relais_kit.validation import Msg, Text

LANGUAGES = ("fr", "en")


class CallerSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_id = fields.UUID(required=True)


class CredentialsSchema(Schema):
    identifier = Text(
        required=True, validate=validate.Length(min=1, max=254, error=Msg("Between {min} and {max} characters."))
    )
    password = fields.String(
        required=True, validate=validate.Length(min=1, max=1024, error=Msg("Between {min} and {max} characters."))
    )


class ResellerInputSchema(Schema):
    name = Text(
        required=True, validate=validate.Length(min=1, max=100, error=Msg("Between {min} and {max} characters."))
    )
    contact_email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    language = fields.String(
        load_default="fr", validate=validate.OneOf(LANGUAGES, error=Msg("Must be one of: {choices}."))
    )
    billing_owner = fields.String(
        load_default="reseller",
        validate=validate.OneOf(("reseller", "system"), error=Msg("Must be one of: {choices}.")),
    )


PRESENCES = ("available", "busy", "away", "do_not_disturb")


class PresenceSchema(Schema):
    presence = fields.String(required=True, validate=validate.OneOf(PRESENCES, error=Msg("Must be one of: {choices}.")))


class ResellerSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    contact_email = fields.String(allow_none=True)
    language = fields.String()
    billing_owner = fields.String()
    created_at = fields.AwareDateTime()


class UserProfileSchema(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    tenant_path = fields.List(fields.UUID())
    tenant_name = fields.String()
    user_number = fields.String()
    identifier = fields.String()
    email = fields.String(allow_none=True)
    display_name = fields.String()
    role = fields.String()
    language = fields.String()
    presence = fields.String()
