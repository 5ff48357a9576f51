"""marshmallow schemas of the directory (ACC-24), partners (ACC-22), mail servers (ACC-23) and remote
provisioning keys (ACC-26)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from accounts.inventory_schemas import _host
from accounts.schemas import length, one_of, optional_text
from accounts.user_schemas import between
from relais_kit.validation import Msg, Text

MAIL_PROTOCOLS = ("IMAP", "POP3", "EWS", "GDAPI", "OWA")
MAIL_SECURITY = ("none", "starttls", "tls")
DIRECTORY_KINDS = ("all", "internal", "external")
PHONE_OR_EMPTY = validate.Regexp(r"^(\+?[0-9 ().-]{7,20})?$", error=Msg("A phone number like +1 514 555-0100."))
WEBSITE_OR_EMPTY = validate.Regexp(r"^(https?://\S+)?$", error=Msg("An address starting with https://."))
DIALLED = re.compile(r"^\+?[0-9*#]{1,20}$")


class Dialled(fields.String):
    """A number to dial as people write it (+1 (514) 555-0100); kept as digits, *, # and a leading +."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        compact = re.sub(r"[\s().-]", "", str(super()._deserialize(value, attr, data, **kwargs)))
        if not DIALLED.match(compact):
            raise ValidationError(Msg("A number to dial: digits, * and #, with an optional leading +."))
        return compact


class _Blanks(Schema):
    """Empty optional text means none."""

    @post_load
    def blanks_are_none(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {k: (None if v == "" else v) for k, v in data.items()}


class ContactInputSchema(_Blanks):
    first_name = optional_text(50)
    last_name = Text(required=True, validate=length(1, 50))
    company = optional_text(100)
    number = Dialled(required=True)
    mobile = Dialled(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    department_id = fields.UUID(load_default=None, allow_none=True)


class DirectoryQuerySchema(Schema):
    search = Text(load_default=None, allow_none=True, validate=length(0, 100))
    kind = fields.String(load_default="all", validate=one_of(DIRECTORY_KINDS))
    department_id = fields.UUID(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=between(1, 100000))
    page_size = fields.Integer(load_default=50, validate=between(1, 1000))


class DirectoryEntrySchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    display_name = fields.String(allow_none=True)
    company = fields.String(allow_none=True)
    extension = fields.String(allow_none=True)
    number = fields.String(allow_none=True)
    mobile = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)
    department_name = fields.String(allow_none=True)


class ContactSchema(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    first_name = fields.String(allow_none=True)
    last_name = fields.String()
    company = fields.String(allow_none=True)
    number = fields.String()
    mobile = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)


# Partners (ACC-22)


class PartnerInputSchema(_Blanks):
    name = Text(required=True, validate=length(1, 100))
    regions = fields.List(
        Text(validate=length(1, 100)),
        required=True,
        validate=validate.Length(min=1, max=50, error=Msg("Between {min} and {max} regions.")),
    )
    contact_name = optional_text(100)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    phone = optional_text(30, PHONE_OR_EMPTY)
    website = optional_text(200, WEBSITE_OR_EMPTY)
    referral_agreement = optional_text(2000)
    referral_percent = fields.Decimal(
        load_default=None, allow_none=True, places=2, validate=validate.Range(0, 100, error=Msg("From {min} to {max}."))
    )


class PartnerQuerySchema(Schema):
    region = Text(load_default=None, allow_none=True, validate=length(0, 100))
    search = Text(load_default=None, allow_none=True, validate=length(0, 100))


class PartnerSchema(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    name = fields.String()
    regions = fields.List(fields.String())
    contact_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    referral_agreement = fields.String(allow_none=True)
    referral_percent = fields.Float(allow_none=True)


# Mail servers (ACC-23)


class MailPresetInputSchema(Schema):
    name = Text(required=True, validate=length(1, 100))
    protocol = fields.String(required=True, validate=one_of(MAIL_PROTOCOLS))
    host = Text(required=True, validate=validate.And(length(1, 253), _host))
    port = fields.Integer(load_default=None, allow_none=True, validate=between(1, 65535))
    security = fields.String(load_default="tls", validate=one_of(MAIL_SECURITY))


class MailPresetSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    protocol = fields.String()
    host = fields.String()
    port = fields.Integer(allow_none=True)
    security = fields.String()


class CompanyMailServerInputSchema(_Blanks):
    """Either a preset (its protocol, host, port and security are copied) or the settings themselves."""

    preset_id = fields.UUID(load_default=None, allow_none=True)
    protocol = fields.String(load_default=None, allow_none=True, validate=one_of(MAIL_PROTOCOLS))
    host = Text(load_default=None, allow_none=True, validate=validate.And(length(1, 253), _host))
    port = fields.Integer(load_default=None, allow_none=True, validate=between(1, 65535))
    security = fields.String(load_default="tls", validate=one_of(MAIL_SECURITY))
    username = optional_text(254)
    password = fields.String(load_default=None, allow_none=True, validate=length(1, 128))


class CompanyMailServerSchema(Schema):
    """Never the password: only whether one is set."""

    enterprise_id = fields.UUID()
    preset_id = fields.UUID(allow_none=True)
    preset_name = fields.String(allow_none=True)
    protocol = fields.String()
    host = fields.String()
    port = fields.Integer(allow_none=True)
    security = fields.String()
    username = fields.String(allow_none=True)
    has_password = fields.Function(lambda m: bool(m.get("password_encrypted")))


# Remote provisioning (ACC-26)


class ProvisioningKeyInputSchema(Schema):
    name = Text(required=True, validate=length(1, 100))


class ProvisioningKeySchema(Schema):
    id = fields.UUID()
    reseller_id = fields.UUID()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.AwareDateTime()
    last_used_at = fields.AwareDateTime(allow_none=True)
    revoked_at = fields.AwareDateTime(allow_none=True)
    active = fields.Function(lambda k: k.get("revoked_at") is None)


class LineExportSchema(Schema):
    display_name = fields.String()
    number = fields.Function(lambda u: u.get("dids") or u.get("extension") or "")
    extension = fields.String(allow_none=True)
    department_name = fields.String(allow_none=True)
