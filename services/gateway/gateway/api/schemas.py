"""marshmallow schemas of the REST API: they validate requests at the edge and generate the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code"})
    message = fields.String(required=True, metadata={"description": "In the caller's language (FR or EN)"})
    fields = fields.Dict(  # type: ignore[assignment]  # the API field is named "fields"
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Field name → what is wrong with it"},
    )


class ErrorResponse(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class SessionCreate(Schema):
    identifier = fields.String(required=True, metadata={"description": "Identifier or e-mail"})
    password = fields.String(required=True, load_only=True)


class Profile(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    tenant_name = fields.String()
    user_number = fields.String(metadata={"description": "4-digit user number"})
    identifier = fields.String()
    email = fields.String(allow_none=True)
    display_name = fields.String()
    role = fields.String(validate=validate.OneOf(["system_admin", "reseller_admin", "enterprise_admin", "user"]))
    language = fields.String(validate=validate.OneOf(["fr", "en"]))
    presence = fields.String(validate=validate.OneOf(["available", "busy", "away", "do_not_disturb"]))


class SessionCreated(Schema):
    token = fields.String(required=True, metadata={"description": "Send as `Authorization: Bearer <token>`"})
    idle_timeout_seconds = fields.Integer(required=True)
    user = fields.Nested(Profile, required=True)


class PresenceUpdate(Schema):
    presence = fields.String(required=True, validate=validate.OneOf(["available", "busy", "away", "do_not_disturb"]))


class ResellerCreate(Schema):
    name = fields.String(required=True, metadata={"description": "1 to 100 characters, unique"})
    contact_email = fields.String(allow_none=True, metadata={"description": "E-mail of the reseller's contact"})
    language = fields.String(metadata={"description": "fr or en (default fr)"})
    billing_owner = fields.String(metadata={"description": "reseller (bills its customers) or system"})


class Reseller(Schema):
    id = fields.UUID()
    name = fields.String()
    contact_email = fields.String(allow_none=True)
    language = fields.String()
    billing_owner = fields.String()
    created_at = fields.DateTime()


class ResellerList(Schema):
    items = fields.List(fields.Nested(Reseller), required=True)
