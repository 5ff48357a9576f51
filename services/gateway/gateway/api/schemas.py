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
    user_number = fields.String(metadata={"description": "user number: 4 digits or more, unique in the system"})
    identifier = fields.String()
    email = fields.String(allow_none=True)
    display_name = fields.String()
    role = fields.String(validate=validate.OneOf(["system_admin", "reseller_admin", "enterprise_admin", "user"]))
    language = fields.String(validate=validate.OneOf(["fr", "en"]))
    presence = fields.String(validate=validate.OneOf(["available", "busy", "away", "do_not_disturb"]))
    tenant_kind = fields.String()
    tenant_time_zone = fields.String(allow_none=True, metadata={"description": "the account's IANA time zone"})
    enterprise_role = fields.String(allow_none=True)
    account_kind = fields.String()
    phone = fields.String(allow_none=True)
    locked = fields.Boolean()
    capabilities = fields.List(fields.String())
    acting_as = fields.Function(lambda p: bool(p.get("actor")), metadata={"description": "An administrator acts"})


class SessionCreated(Schema):
    token = fields.String(required=True, metadata={"description": "Send as `Authorization: Bearer <token>`"})
    idle_timeout_seconds = fields.Integer(required=True)
    user = fields.Nested(Profile, required=True)


class PresenceUpdate(Schema):
    presence = fields.String(required=True, validate=validate.OneOf(["available", "busy", "away", "do_not_disturb"]))


class Reseller(Schema):
    id = fields.UUID()
    name = fields.String()
    contact_email = fields.String(allow_none=True)
    language = fields.String()
    billing_owner = fields.String()
    created_at = fields.DateTime()


# Tenancy (ACC-01, 05..08, 14, 20, 21, 25, 28). These schemas check types at the edge and document the API;
# the accounts service applies the rules (lengths, uniqueness, scope) and names every bad field.


class Page(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)


class ListQuery(Schema):
    search = fields.String(metadata={"description": "Matches names and e-mail addresses"})
    page = fields.Integer(metadata={"description": "From 1"})
    page_size = fields.Integer(metadata={"description": "1 to 1000, default 50"})


class AdministratorCreate(Schema):
    identifier = fields.String(required=True, metadata={"description": "3 to 64 letters, digits, . _ @ -"})
    display_name = fields.String(required=True)
    email = fields.String(required=True)
    password = fields.String(required=True, load_only=True, metadata={"description": "10 to 128 characters"})
    language = fields.String(metadata={"description": "fr or en"})


class Contact(Schema):
    contact_email = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    language = fields.String()


class Branding(Schema):
    brand_name = fields.String(allow_none=True)
    brand_primary_colour = fields.String(allow_none=True, metadata={"description": "#rrggbb"})
    brand_accent_colour = fields.String(allow_none=True, metadata={"description": "#rrggbb"})
    portal_host = fields.String(allow_none=True, metadata={"description": "Host name that shows this brand"})


class Support(Schema):
    support_phone = fields.String(allow_none=True)
    support_email = fields.String(allow_none=True)
    support_url = fields.String(allow_none=True)


class ResellerWrite(Contact, Branding, Support):
    name = fields.String(required=True)
    billing_owner = fields.String(metadata={"description": "reseller or system"})


class ResellerCreateFull(ResellerWrite):
    administrator = fields.Nested(AdministratorCreate, allow_none=True)


class ResellerFull(Reseller):
    kind = fields.String()
    parent_id = fields.UUID()
    contact_phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    time_zone = fields.String()
    brand_name = fields.String(allow_none=True)
    brand_primary_colour = fields.String(allow_none=True)
    brand_accent_colour = fields.String(allow_none=True)
    portal_host = fields.String(allow_none=True)
    has_logo = fields.Boolean()
    support_phone = fields.String(allow_none=True)
    support_email = fields.String(allow_none=True)
    support_url = fields.String(allow_none=True)


class ResellerPage(Page):
    items = fields.List(fields.Nested(ResellerFull), required=True)


class Logo(Schema):
    content_base64 = fields.String(required=True, metadata={"description": "PNG, JPEG, GIF or WebP, 256 KiB at most"})
    mime = fields.String(required=True)


class Customer(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"description": "enterprise or professional"})
    parent_id = fields.UUID(metadata={"description": "The reseller"})
    name = fields.String()
    language = fields.String()
    contact_email = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    time_zone = fields.String()
    created_at = fields.DateTime()


class CustomerPage(Page):
    items = fields.List(fields.Nested(Customer), required=True)


class CustomerUpdate(Contact):
    name = fields.String(required=True)
    time_zone = fields.String(metadata={"description": "IANA time zone, default America/Toronto"})


class CustomerCreate(CustomerUpdate):
    kind = fields.String(required=True, metadata={"description": "enterprise or professional"})
    reseller_id = fields.UUID(metadata={"description": "Required for the system administrator"})
    administrator = fields.Nested(AdministratorCreate, required=True)


class UserList(Schema):
    items = fields.List(fields.Nested(Profile), required=True)


class DepartmentWrite(Schema):
    name = fields.String(required=True)
    parent_id = fields.UUID(allow_none=True)
    operator_number = fields.String(allow_none=True)
    max_incoming_calls = fields.Integer(allow_none=True, metadata={"description": "0 to 10000 concurrent calls"})
    max_outgoing_calls = fields.Integer(allow_none=True, metadata={"description": "0 to 10000 concurrent calls"})
    manager_ids = fields.List(fields.UUID())


class Department(DepartmentWrite):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    depth = fields.Integer()


class DepartmentList(Schema):
    items = fields.List(fields.Nested(Department), required=True)


class ProfileUpdate(Schema):
    display_name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    language = fields.String(required=True)


class PasswordChange(Schema):
    current_password = fields.String(required=True, load_only=True)
    password = fields.String(required=True, load_only=True, metadata={"description": "10 to 128 characters"})


class PinChange(Schema):
    current_password = fields.String(required=True, load_only=True)
    pin = fields.String(required=True, load_only=True, metadata={"description": "4 to 10 digits"})


class ResetRequest(Schema):
    identifier = fields.String(required=True, metadata={"description": "Identifier or e-mail"})


class ResetConfirm(Schema):
    token = fields.String(required=True, load_only=True)
    password = fields.String(required=True, load_only=True)


class ResetDone(Schema):
    identifier = fields.String(required=True)


class Settings(Schema):
    profile = fields.Nested(Profile, required=True)
    tenant = fields.Nested(ResellerFull, required=True)
    can_update_tenant = fields.Boolean(required=True)


class SetupState(Schema):
    steps = fields.List(fields.String(), required=True)
    done = fields.List(fields.String(), required=True)
    next = fields.String(allow_none=True, required=True)
    complete = fields.Boolean(required=True)
    values = fields.Dict(required=True)


class SetupStep(Schema):
    """offer: {services: [...]}; store: {store_name, signup_open, terms_url}; billing: {currency, invoice_day,
    tax_region}. The accounts service checks each step's fields."""

    class Meta:
        unknown = "include"


class AuditQuery(ListQuery):
    since = fields.DateTime(metadata={"description": "ISO 8601 with a time zone"})
    until = fields.DateTime(metadata={"description": "ISO 8601 with a time zone"})


class AuditEntry(Schema):
    id = fields.Integer()
    occurred_at = fields.DateTime()
    actor_name = fields.String()
    acting_as_name = fields.String(allow_none=True)
    action = fields.String()
    target_type = fields.String()
    target_id = fields.String(allow_none=True)
    target_name = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class AuditPage(Page):
    items = fields.List(fields.Nested(AuditEntry), required=True)
