"""OpenAPI schemas of the numbers, extensions, trunks, phones, directory, partners, mail servers and remote
provisioning areas (NUM-01..08, ACC-22..24, ACC-26). Accounts validates every body and names each wrong field."""

from __future__ import annotations

from marshmallow import Schema, fields


def _items(schema: type[Schema]) -> type[Schema]:
    return Schema.from_dict({"items": fields.List(fields.Nested(schema), required=True)}, name=f"{schema.__name__}List")


class Did(Schema):
    id = fields.UUID()
    number = fields.String(metadata={"description": "E.164"})
    tenant_id = fields.UUID()
    block_id = fields.UUID(allow_none=True)
    target_type = fields.String(allow_none=True, metadata={"description": "user, department, auto_attendant, ..."})
    target_id = fields.UUID(allow_none=True)
    target_name = fields.String(allow_none=True)
    block_name = fields.String(allow_none=True)
    department_name = fields.String(allow_none=True)
    used = fields.Boolean()


class DidPage(Schema):
    items = fields.List(fields.Nested(Did), required=True)
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


DidList = _items(Did)


class DidQuery(Schema):
    state = fields.String(metadata={"description": "all, used or available"})
    search = fields.String(metadata={"description": "Digits of the number"})
    page = fields.Integer()
    page_size = fields.Integer()


class DidsAdd(Schema):
    numbers = fields.List(fields.String(), required=True, metadata={"description": "1 to 1000 numbers, any spelling"})
    region = fields.String(metadata={"description": "Country for numbers without +, default CA"})


class DidAssign(Schema):
    target_type = fields.String(required=True, metadata={"description": "none to remove the assignment"})
    target_id = fields.UUID(allow_none=True)


class NumberBlockCreate(Schema):
    name = fields.String(required=True)
    first_number = fields.String(required=True)
    last_number = fields.String(required=True)
    department_id = fields.UUID(allow_none=True)


class NumberBlock(NumberBlockCreate):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    size = fields.Integer()
    assigned = fields.Integer(metadata={"description": "How many of its numbers are assigned"})


NumberBlockList = _items(NumberBlock)


class ExtensionsAdd(Schema):
    first = fields.String(required=True, metadata={"description": "1 to 6 digits"})
    last = fields.String(allow_none=True, metadata={"description": "For a range, same length as first"})
    user_id = fields.UUID(allow_none=True)


class ExtensionUpdate(Schema):
    number = fields.String(required=True)
    user_id = fields.UUID(allow_none=True)


class Extension(ExtensionUpdate):
    id = fields.UUID()
    enterprise_id = fields.UUID()


ExtensionList = _items(Extension)


class CallerIdRule(Schema):
    prefix = fields.String(metadata={"description": "Dialled prefix, empty for any"})
    caller_id = fields.String(required=True)


class TrunkWrite(Schema):
    name = fields.String(required=True)
    host = fields.String(required=True)
    port = fields.Integer()
    transport = fields.String(metadata={"description": "udp, tcp or tls"})
    username = fields.String(allow_none=True)
    password = fields.String(allow_none=True, load_only=True, metadata={"description": "Omit to keep the stored one"})
    register = fields.Boolean()
    allowed_sources = fields.List(fields.String(), metadata={"description": "Addresses or networks (CIDR)"})
    codecs = fields.List(fields.String(), metadata={"description": "PCMU, PCMA, G722, opus"})
    caller_id_rules = fields.List(fields.Nested(CallerIdRule))


class Trunk(Schema):
    id = fields.UUID()
    tenant_id = fields.UUID()
    name = fields.String()
    host = fields.String()
    port = fields.Integer()
    transport = fields.String()
    username = fields.String(allow_none=True)
    has_password = fields.Boolean()
    register = fields.Boolean()
    allowed_sources = fields.List(fields.String())
    codecs = fields.List(fields.String())
    caller_id_rules = fields.List(fields.Nested(CallerIdRule))


TrunkList = _items(Trunk)


class PhoneKey(Schema):
    position = fields.Integer(required=True)
    action = fields.String(required=True, metadata={"description": "speed_dial, blf or directory"})
    label = fields.String(allow_none=True)
    value = fields.String(allow_none=True, metadata={"description": "Number to dial or extension to monitor"})


class PhoneKeys(Schema):
    line_keys = fields.List(fields.Nested(PhoneKey), metadata={"description": "Positions 1 to 12"})
    soft_keys = fields.List(fields.Nested(PhoneKey), metadata={"description": "Positions 1 to 4"})


class PhoneWrite(Schema):
    mac = fields.String(required=True)
    model = fields.String(required=True)
    status = fields.String(metadata={"description": "registered or not_authenticated"})
    user_id = fields.UUID(allow_none=True)
    department_id = fields.UUID(allow_none=True)


class PhoneAssign(Schema):
    user_id = fields.UUID(allow_none=True)
    department_id = fields.UUID(allow_none=True)


class Phone(PhoneWrite):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    user_name = fields.String(allow_none=True)
    department_name = fields.String(allow_none=True)
    line_keys = fields.List(fields.Nested(PhoneKey))
    soft_keys = fields.List(fields.Nested(PhoneKey))


PhoneList = _items(Phone)


class ContactWrite(Schema):
    first_name = fields.String(allow_none=True)
    last_name = fields.String(required=True)
    company = fields.String(allow_none=True)
    number = fields.String(required=True)
    mobile = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)


class DirectoryContact(ContactWrite):
    id = fields.UUID()
    enterprise_id = fields.UUID()


class DirectoryEntry(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"description": "internal (a user) or external (a contact)"})
    display_name = fields.String()
    company = fields.String(allow_none=True)
    extension = fields.String(allow_none=True)
    number = fields.String(allow_none=True)
    mobile = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    department_name = fields.String(allow_none=True)


class DirectoryPage(DidPage):
    items = fields.List(fields.Nested(DirectoryEntry), required=True)


class DirectoryQuery(Schema):
    search = fields.String()
    kind = fields.String(metadata={"description": "all, internal or external"})
    department_id = fields.UUID()
    page = fields.Integer()
    page_size = fields.Integer()


class PartnerWrite(Schema):
    name = fields.String(required=True)
    regions = fields.List(fields.String(), required=True)
    contact_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    referral_agreement = fields.String(allow_none=True)
    referral_percent = fields.Float(allow_none=True)


class Partner(PartnerWrite):
    id = fields.UUID()
    tenant_id = fields.UUID()


PartnerList = _items(Partner)


class PartnerQuery(Schema):
    region = fields.String()
    search = fields.String()


class MailPresetWrite(Schema):
    name = fields.String(required=True)
    protocol = fields.String(required=True, metadata={"description": "IMAP, POP3, EWS, GDAPI or OWA"})
    host = fields.String(required=True)
    port = fields.Integer(allow_none=True)
    security = fields.String(metadata={"description": "none, starttls or tls"})


class MailPreset(MailPresetWrite):
    id = fields.UUID()


MailPresetList = _items(MailPreset)


class MailServerWrite(Schema):
    preset_id = fields.UUID(allow_none=True)
    protocol = fields.String(allow_none=True)
    host = fields.String(allow_none=True)
    port = fields.Integer(allow_none=True)
    security = fields.String()
    username = fields.String(allow_none=True)
    password = fields.String(allow_none=True, load_only=True, metadata={"description": "Omit to keep the stored one"})


class MailServer(Schema):
    enterprise_id = fields.UUID()
    preset_id = fields.UUID(allow_none=True)
    preset_name = fields.String(allow_none=True)
    protocol = fields.String()
    host = fields.String()
    port = fields.Integer(allow_none=True)
    security = fields.String()
    username = fields.String(allow_none=True)
    has_password = fields.Boolean()


class ProvisioningKeyCreate(Schema):
    name = fields.String(required=True)


class ProvisioningKey(Schema):
    id = fields.UUID()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    active = fields.Boolean()


class ProvisioningKeyCreated(ProvisioningKey):
    key = fields.String(metadata={"description": "Shown this once; only a hash is kept"})


ProvisioningKeyList = _items(ProvisioningKey)
