"""marshmallow schemas of users as lines (ACC-09..19)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from accounts.permissions import ENTERPRISE_ROLES
from accounts.schemas import LANGUAGES, PHONE, length, one_of, optional_text
from accounts.storage.lines import SEARCHABLE, SORTS
from relais_kit.validation import Msg, Text

STATUSES = ("pending", "activated", "not_activated")
SIP_KINDS = ("default", "registration", "calling")
EXTENSION = validate.Regexp(r"^[0-9]{1,6}$", error=Msg("1 to 6 digits."))
IDENTIFIER = validate.Regexp(r"^[A-Za-z0-9._@-]+$", error=Msg("Letters, digits and . _ @ - only."))


def between(low: int, high: int) -> validate.Range:
    return validate.Range(low, high, error=Msg("Between {min} and {max}."))


# A user number is numeric and unique in the system: 4 digits as guide 003 shows while the 4-digit space lasts,
# then the platform hands out 5 digits, and so on (migration 0008 keeps 4 to 10).
USER_NUMBER = re.compile(r"[0-9]{4,10}")
BAD_USER_NUMBER = Msg("4 to 10 digits, or -1 to generate one.")


def is_user_number(text: str) -> bool:
    return USER_NUMBER.fullmatch(text) is not None


class UserNumber(fields.String):
    """A user number, or -1 (as text or number) to have one generated (guide 003, import)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else None
        if text is None or not (text == "-1" or is_user_number(text)):
            raise ValidationError(BAD_USER_NUMBER)
        return text


class UserInputSchema(Schema):
    first_name = Text(required=True, validate=length(1, 50))
    last_name = Text(required=True, validate=length(1, 50))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    language = fields.String(load_default="fr", validate=one_of(LANGUAGES))
    user_number = UserNumber(load_default="-1")
    identifier = Text(load_default=None, allow_none=True, validate=validate.And(length(3, 64), IDENTIFIER))
    extension = Text(load_default=None, allow_none=True, validate=EXTENSION)
    department_id = fields.UUID(load_default=None, allow_none=True)
    enterprise_role = fields.String(load_default=None, allow_none=True, validate=one_of(ENTERPRISE_ROLES))
    status = fields.String(load_default="pending", validate=one_of(STATUSES))
    activation_email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    phone = optional_text(30, PHONE)
    # The page the welcome e-mail's activation link opens (the gateway's "choose a password" page); no e-mail
    # is sent without it (ACC-13).
    activation_url = fields.Url(load_default=None, allow_none=True, require_tld=False, schemes={"http", "https"})

    @pre_load
    def blank_is_none(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            keys = ("identifier", "extension", "department_id", "enterprise_role", "activation_email", "phone")
            return {k: (None if k in keys and v == "" else v) for k, v in data.items()}
        return data


class UserUpdateSchema(UserInputSchema):
    """Personal details of a line (ACC-19); only the fields given change."""

    class Meta:
        exclude = ("user_number", "identifier", "activation_url")


class UserListQuerySchema(Schema):
    letter = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(r"^[^\W\d_]$", error=Msg("One letter."))
    )
    search = Text(load_default=None, allow_none=True, validate=length(0, 100))
    column = fields.String(load_default=None, allow_none=True, validate=one_of(tuple(SEARCHABLE)))
    sort = fields.String(load_default="display_name", validate=one_of(tuple(SORTS)))
    descending = fields.Boolean(load_default=False)
    status = fields.String(load_default=None, allow_none=True, validate=one_of(STATUSES))
    department_id = fields.UUID(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=between(1, 100000))
    page_size = fields.Integer(load_default=50, validate=between(1, 1000))


class UserOptionsSchema(Schema):
    """Guide 003, "Changer les options d'un compte d'usager" (ACC-16); only the options given change."""

    max_messages_fetched = fields.Integer(validate=between(1, 500))
    max_contacts = fields.Integer(validate=between(0, 10000))
    max_voicemails = fields.Integer(validate=between(0, 1000))
    max_faxes = fields.Integer(validate=between(0, 1000))
    account_expires_on = fields.Date(allow_none=True)
    public_contacts_access = fields.Boolean()
    admin_managed = fields.Boolean()
    assistant_on_received_calls = fields.Boolean()
    assistant_after_placed_calls = fields.Boolean()


class SipCredentialsSchema(Schema):
    username = Text(
        required=True,
        validate=validate.And(
            length(1, 64), validate.Regexp(r"^[A-Za-z0-9._@+-]+$", error=Msg("Letters, digits and . _ @ + - only."))
        ),
    )
    password = fields.String(required=True, validate=length(8, 128))


class ResendActivationSchema(Schema):
    """Change the address the activation e-mail goes to, and send it again (guide 002, 5.3; ACC-13)."""

    activation_email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    activation_url = fields.Url(required=True, require_tld=False, schemes={"http", "https"})


MAIL_KINDS = ("access_codes", "message")


class UserMailSchema(Schema):
    """Guide 003, "Envoyer des messages aux usagers" (ACC-12): the access codes, or a message of one's own."""

    kind = fields.String(required=True, validate=one_of(MAIL_KINDS))
    subject = Text(load_default=None, allow_none=True, validate=length(1, 150))
    body = fields.String(load_default=None, allow_none=True, validate=length(1, 10000))
    access_url = fields.Url(load_default=None, allow_none=True, require_tld=False, schemes={"http", "https"})


class GroupAdministratorSchema(Schema):
    department_id = fields.UUID(required=True)
    administrator = fields.Boolean(required=True)


class DeleteUserSchema(Schema):
    scope = fields.String(required=True, validate=one_of(("company", "system")))
    notify = fields.Boolean(load_default=False)


class ResetLineSchema(Schema):
    confirm = fields.Boolean(
        required=True, validate=validate.Equal(True, error=Msg("Confirm: resetting a line cannot be undone."))
    )
    leave_groups = fields.Boolean(load_default=True)


# Output


class UserOptionsOutSchema(Schema):
    max_messages_fetched = fields.Integer()
    max_contacts = fields.Integer()
    max_voicemails = fields.Integer()
    max_faxes = fields.Integer()
    account_expires_on = fields.Date(allow_none=True)
    public_contacts_access = fields.Boolean()
    admin_managed = fields.Boolean()
    assistant_on_received_calls = fields.Boolean()
    assistant_after_placed_calls = fields.Boolean()


class LineSchema(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    user_number = fields.String()
    identifier = fields.String()
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    display_name = fields.String()
    email = fields.String(allow_none=True)
    language = fields.String()
    role = fields.String()
    enterprise_role = fields.String(allow_none=True)
    account_kind = fields.String()
    department_id = fields.UUID(allow_none=True)
    department_name = fields.String(allow_none=True)
    status = fields.String()
    activation_email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    extension = fields.String(allow_none=True)
    dids = fields.Function(lambda u: u["dids"].split(", ") if u.get("dids") else [])
    is_administrator = fields.Boolean()
    managed_department_ids = fields.List(fields.String())
    locked = fields.Function(lambda u: u.get("locked_at") is not None)
    last_sign_in_at = fields.AwareDateTime(allow_none=True)
    telephone_sessions = fields.Integer()
    last_telephone_session_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()


class SipCredentialOutSchema(Schema):
    """What is shown of a SIP identity: never the password."""

    kind = fields.String()
    username = fields.String()
    has_password = fields.Function(lambda c: bool(c.get("password_encrypted")))
    updated_at = fields.AwareDateTime()
