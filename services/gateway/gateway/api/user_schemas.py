"""marshmallow schemas of the users page's REST API (ACC-09..19): documentation and the edge's first check; the
accounts service checks every rule again and names each mistake."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

STATUSES = ["pending", "activated", "not_activated"]
SORTS = [
    "user_number",
    "display_name",
    "first_name",
    "last_name",
    "extension",
    "dids",
    "email",
    "department_name",
    "status",
    "role",
    "created_at",
    "telephone_sessions",
    "last_telephone_session_at",
]
COLUMNS = [
    "user_number",
    "display_name",
    "first_name",
    "last_name",
    "extension",
    "dids",
    "email",
    "department_name",
    "status",
]


class UserListQuery(Schema):
    letter = fields.String(metadata={"description": "Only users whose first or last name starts with this letter"})
    search = fields.String(
        metadata={"description": 'Contains this text (in every column, or in `column`); "admin" lists administrators'}
    )
    column = fields.String(validate=validate.OneOf(COLUMNS), metadata={"description": "Search this column only"})
    sort = fields.String(validate=validate.OneOf(SORTS), metadata={"description": "Default display_name"})
    descending = fields.Boolean()
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "pending: accounts en suspens"})
    department_id = fields.UUID()
    page = fields.Integer(metadata={"description": "From 1"})
    page_size = fields.Integer(metadata={"description": "1 to 1000, default 50"})


class SipCredential(Schema):
    kind = fields.String(validate=validate.OneOf(["default", "registration", "calling"]))
    username = fields.String()
    has_password = fields.Boolean(metadata={"description": "The password itself is never returned"})
    updated_at = fields.String(metadata={"format": "date-time"})


class UserOptions(Schema):
    max_messages_fetched = fields.Integer(metadata={"description": "1 to 500"})
    max_contacts = fields.Integer(metadata={"description": "0 to 10000"})
    max_voicemails = fields.Integer(metadata={"description": "0 to 1000"})
    max_faxes = fields.Integer(metadata={"description": "0 to 1000"})
    account_expires_on = fields.String(
        allow_none=True,
        metadata={"format": "date", "description": "Warned by e-mail and at each access; blocked after this date"},
    )
    public_contacts_access = fields.Boolean()
    admin_managed = fields.Boolean(metadata={"description": "The user cannot change their own settings"})
    assistant_on_received_calls = fields.Boolean()
    assistant_after_placed_calls = fields.Boolean()


class User(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    user_number = fields.String(metadata={"description": "4 to 10 digits, 4 while they last; unique in the system"})
    identifier = fields.String()
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    display_name = fields.String()
    email = fields.String(allow_none=True)
    language = fields.String()
    role = fields.String()
    enterprise_role = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)
    department_name = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "Activation status"})
    activation_email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    extension = fields.String(allow_none=True, metadata={"description": "1 to 6 digits, unique in the enterprise"})
    dids = fields.List(fields.String())
    is_administrator = fields.Boolean()
    locked = fields.Boolean()
    last_sign_in_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    telephone_sessions = fields.Integer()
    last_telephone_session_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    created_at = fields.String(metadata={"format": "date-time"})


class UserFull(User):
    options = fields.Nested(UserOptions)
    sip_credentials = fields.List(fields.Nested(SipCredential))


class UserPage(Schema):
    items = fields.List(fields.Nested(User), required=True)
    total = fields.Integer(required=True)
    total_capped = fields.Boolean(
        metadata={"description": "true when a search matched more than 1,000 users: total is then 1,000 (at least)"}
    )
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)


class UserWrite(Schema):
    first_name = fields.String(metadata={"description": "Required on creation; 1 to 50 characters"})
    last_name = fields.String(metadata={"description": "Required on creation; 1 to 50 characters"})
    email = fields.String(metadata={"description": "Required on creation"})
    language = fields.String(validate=validate.OneOf(["fr", "en"]))
    extension = fields.String(allow_none=True, metadata={"description": "1 to 6 digits"})
    department_id = fields.UUID(allow_none=True)
    enterprise_role = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(STATUSES))
    activation_email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class UserCreate(UserWrite):
    user_number = fields.Raw(metadata={"description": "4 to 10 digits, or -1 (default) to have one generated"})
    identifier = fields.String(allow_none=True, metadata={"description": "Account name; the e-mail by default"})
    send_welcome = fields.Boolean(
        metadata={"description": "E-mail the activation link to a pending user (default true)"}
    )


class SipCredentialsWrite(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["default", "registration", "calling"]))
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True, metadata={"description": "8 to 128; stored encrypted"})


class SipGenerate(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["default", "registration", "calling"]))


class SipGenerated(SipCredential):
    password = fields.String(metadata={"description": "Shown in this answer only"})


class GroupAdministrator(Schema):
    department_id = fields.UUID(required=True)
    administrator = fields.Boolean(required=True)


class DeleteQuery(Schema):
    scope = fields.String(
        validate=validate.OneOf(["company", "system"]),
        metadata={"description": "company: the user goes on as a free user; system: deleted (default company)"},
    )
    notify = fields.Boolean(metadata={"description": "E-mail the user a notice"})


class ResetLine(Schema):
    confirm = fields.Boolean(required=True, metadata={"description": "Must be true: a reset cannot be undone"})
    leave_groups = fields.Boolean(metadata={"description": "Remove the line from all groups (default true)"})


class NewSipCredentials(Schema):
    kind = fields.String()
    username = fields.String()
    password = fields.String()


class LineResetDone(Schema):
    user = fields.Nested(UserFull)
    identifier = fields.String(metadata={"description": "The new account name"})
    password = fields.String(metadata={"description": "Shown in this answer only"})
    pin = fields.String(metadata={"description": "Shown in this answer only"})
    sip_credentials = fields.List(fields.Nested(NewSipCredentials))


class Activation(Schema):
    activation_email = fields.String(allow_none=True, metadata={"description": "A new address, or the current one"})


class UserMail(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["access_codes", "message"]))
    subject = fields.String(metadata={"description": "For a message"})
    body = fields.String(metadata={"description": "For a message"})
