"""What the import RPCs take and give (ACC-15)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from accounts.imports.limits import MAX_FILE_BYTES, MAX_ROWS
from accounts.schemas import length, one_of
from relais_kit.validation import Msg, Text

SOURCES = ("csv", "xml", "ldap", "phone_system")
STATES = ("reading", "previewed", "refused", "committing", "done", "failed")


class StartImportSchema(Schema):
    source = fields.String(required=True, validate=one_of(SOURCES))
    department_id = fields.UUID(load_default=None, allow_none=True)
    # csv and xml
    file_name = Text(load_default=None, allow_none=True, validate=length(0, 255))
    content_base64 = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=(MAX_FILE_BYTES * 4) // 3 + 4, error=Msg("The file is too large.")),
    )
    # ldap / Active Directory (guide 003: server address, user name, password)
    server = Text(
        load_default=None,
        allow_none=True,
        validate=validate.And(
            length(1, 255),
            validate.Regexp(
                r"^(ldaps?://)?[A-Za-z0-9.\-\[\]:]+(:[0-9]{1,5})?/?$", error=Msg("A server like ldap://ad.example.com.")
            ),
        ),
    )
    username = Text(load_default=None, allow_none=True, validate=length(0, 255))
    password = fields.String(load_default=None, allow_none=True, validate=length(0, 255))
    base_dn = Text(load_default=None, allow_none=True, validate=length(0, 255))


class ImportRowsQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_ROWS))
    page_size = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class TicksSchema(Schema):
    ticked = fields.List(fields.Integer(validate=validate.Range(1, MAX_ROWS)), load_default=list)
    unticked = fields.List(fields.Integer(validate=validate.Range(1, MAX_ROWS)), load_default=list)
    all = fields.Boolean(load_default=None, allow_none=True)


class CommitSchema(TicksSchema):
    # The gateway's "choose a password" page: each user the commit creates gets the welcome e-mail (ACC-13).
    activation_url = fields.Url(load_default=None, allow_none=True, require_tld=False, schemes={"http", "https"})


class ImportRowSchema(Schema):
    position = fields.Integer()
    data = fields.Dict()
    errors = fields.Dict()
    duplicate_of = fields.UUID(allow_none=True)
    included = fields.Boolean()
    outcome = fields.String(allow_none=True)
    user_id = fields.UUID(allow_none=True)


class ImportJobSchema(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    source = fields.String()
    file_name = fields.String(allow_none=True)
    state = fields.String()
    errors = fields.Dict()
    total = fields.Integer()
    done = fields.Integer()
    report = fields.Dict(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
