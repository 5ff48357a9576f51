"""The columns of each CSV download (key in the accounts answer, untranslated header), shared by the portal and
the REST API so both files are the same."""

from __future__ import annotations

from gateway.i18n import N_

Columns = tuple[tuple[str, str], ...]

# NUM-08 (guide 004): name, directory number and department of every line, sorted by department.
LINES: Columns = (
    ("display_name", N_("Name")),
    ("number", N_("Number")),
    ("extension", N_("Extension")),
    ("department_name", N_("Department")),
)
DIDS: Columns = (
    ("number", N_("Number")),
    ("target_type", N_("Assigned to (type)")),
    ("target_name", N_("Assigned to")),
    ("block_name", N_("Number block")),
    ("department_name", N_("Department")),
)
NUMBER_BLOCKS: Columns = (
    ("name", N_("Name")),
    ("first_number", N_("First number")),
    ("last_number", N_("Last number")),
    ("size", N_("Numbers")),
    ("assigned", N_("Assigned lines")),
)
EXTENSIONS: Columns = (("number", N_("Extension")), ("user_name", N_("User")))
TRUNKS: Columns = (
    ("name", N_("Name")),
    ("host", N_("Host")),
    ("port", N_("Port")),
    ("transport", N_("Transport")),
    ("username", N_("User name")),
    ("register", N_("Registration")),
    ("codecs", N_("Codecs")),
    ("allowed_sources", N_("Allowed source addresses")),
)
PHONES: Columns = (
    ("mac", N_("MAC address")),
    ("model", N_("Model")),
    ("status", N_("Status")),
    ("user_name", N_("Line")),
    ("department_name", N_("Department")),
)
DIRECTORY: Columns = (
    ("display_name", N_("Name")),
    ("company", N_("Company")),
    ("extension", N_("Extension")),
    ("number", N_("Number")),
    ("mobile", N_("Mobile")),
    ("email", N_("E-mail")),
    ("department_name", N_("Department")),
)
PARTNERS: Columns = (
    ("name", N_("Name")),
    ("regions", N_("Regions")),
    ("contact_name", N_("Contact")),
    ("email", N_("E-mail")),
    ("phone", N_("Phone")),
    ("website", N_("Web site")),
    ("referral_percent", N_("Referral (%)")),
)
MAIL_PRESETS: Columns = (
    ("name", N_("Name")),
    ("protocol", N_("Protocol")),
    ("host", N_("Server")),
    ("port", N_("Port")),
    ("security", N_("Security")),
)
PROVISIONING_KEYS: Columns = (
    ("name", N_("Name")),
    ("prefix", N_("Key prefix")),
    ("created_at", N_("Created")),
    ("last_used_at", N_("Last used")),
    ("revoked_at", N_("Revoked")),
)


def flat(value: object) -> object:
    """Lists as one cell: 'PCMU, PCMA'."""
    return ", ".join(map(str, value)) if isinstance(value, list) else value
