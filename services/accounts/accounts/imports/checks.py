"""Every row of an import checked at once, field by field, against the rules of a user created by hand and
against what the database already holds, looked up for the whole file in a few queries (ACC-15).

A row whose e-mail address already belongs to a user of this enterprise is a duplicate: no error, unticked, and
still importable (ticked, it updates that user). An address used by any other account is an error: addresses
are unique across the platform."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError, validate

from accounts.phone_numbers import to_e164
from accounts.storage import AccountsStore
from accounts.user_schemas import BAD_USER_NUMBER, is_user_number
from relais_kit.errors import FieldErrors
from relais_kit.validation import Msg

REQUIRED = Msg("Missing data for required field.")
LENGTH = Msg("Between {min} and {max} characters.")
ONE_OF = Msg("Must be one of: {choices}.")
BAD_EMAIL = Msg("Not a valid email address.")
BAD_NUMBER = BAD_USER_NUMBER
BAD_EXTENSION = Msg("1 to 6 digits.")
BAD_PHONE = Msg("Not a valid phone number.")
EMAIL_TAKEN = Msg("This e-mail address is already used by another account.")
NUMBER_TAKEN = Msg("This user number is already used.")
EXTENSION_TAKEN = Msg("This extension is already used in this enterprise.")
DID_NOT_FREE = Msg("This DID is not a free number of this enterprise.")
PHONE_NOT_FREE = Msg("This phone is no longer free.")
EARLIER_ROW = Msg("Already given on row {row} of this import.")

PROTOCOLS = ("EWS", "GDAPI", "OWA", "IMAP", "POP3")
LANGUAGES = ("fr", "en")
_EMAIL = validate.Email()


@dataclass
class CheckedRow:
    position: int
    data: dict[str, Any]
    errors: FieldErrors = field(default_factory=dict)
    duplicate_of: str | None = None

    @property
    def included(self) -> bool:
        return not self.errors and self.duplicate_of is None

    def fail(self, name: str, message: Msg) -> None:
        params = {k: v if isinstance(v, int | str) else str(v) for k, v in message.params.items()}
        self.errors.setdefault(name, []).append({"msgid": message.msgid, "params": params})


def _text(row: CheckedRow, name: str, high: int, required: bool = False, low: int = 1) -> str | None:
    value = str(row.data.get(name) or "").strip()
    if not value:
        if required:
            row.fail(name, REQUIRED)
        return None
    if not low <= len(value) <= high:
        row.fail(name, Msg(LENGTH, min=low, max=high))
    return value


def _phone(row: CheckedRow, name: str) -> str | None:
    value = str(row.data.get(name) or "").strip()
    if not value:
        return None
    found = _e164(value) if len(value) <= 30 else None
    if found is None:
        row.fail(name, BAD_PHONE)
    return found


_E164_CACHE: dict[str, str | None] = {}
_E164_CACHE_SIZE = 100_000


def _e164(text: str) -> str | None:
    """phonenumbers' full check costs ~0.05 ms; files repeat numbers (a switchboard, a company prefix), and the
    commit checks again the E.164 numbers the preview gave, which are remembered as valid here."""
    if text in _E164_CACHE:
        return _E164_CACHE[text]
    found = to_e164(text)
    if len(_E164_CACHE) >= _E164_CACHE_SIZE:
        _E164_CACHE.clear()
    _E164_CACHE[text] = found
    if found is not None:
        _E164_CACHE[found] = found
    return found


def normalise(position: int, raw: dict[str, Any], default_language: str, email_required: bool) -> CheckedRow:
    """One row's own rules; values come back cleaned (E.164 numbers, upper-case protocol, lower-case language)."""
    row = CheckedRow(position, dict(raw))
    data = row.data
    number = str(data.get("user_number") or "").strip()
    if not number:
        row.fail("user_number", REQUIRED)
    elif not (number == "-1" or is_user_number(number)):
        row.fail("user_number", BAD_NUMBER)
    data["user_number"] = number
    data["first_name"] = _text(row, "first_name", 50, required=True)
    data["last_name"] = _text(row, "last_name", 50, required=True)
    email = _text(row, "email", 254, required=email_required, low=3)
    if email and "email" not in row.errors:
        try:
            _EMAIL(email)
        except ValidationError:
            row.fail("email", BAD_EMAIL)
    data["email"] = email
    language = str(data.get("language") or "").strip().lower()
    if language and language not in LANGUAGES:
        row.fail("language", Msg(ONE_OF, choices=", ".join(LANGUAGES)))
    data["language"] = language or default_language
    for name in ("mobile", "home", "business", "did"):
        data[name] = _phone(row, name)
    protocol = str(data.get("protocol") or "").strip().upper()
    if protocol.isdigit() and 1 <= int(protocol) <= len(PROTOCOLS):
        protocol = PROTOCOLS[int(protocol) - 1]  # the guide's example numbers them in its list's order
    if protocol and protocol not in PROTOCOLS:
        row.fail("protocol", Msg(ONE_OF, choices=", ".join(PROTOCOLS)))
    data["protocol"] = protocol or None
    data["mail_server"] = _text(row, "mail_server", 253)
    data["mail_username"] = _text(row, "mail_username", 254)
    extension = str(data.get("extension") or "").strip()
    if extension and not (extension.isdigit() and len(extension) <= 6):
        row.fail("extension", BAD_EXTENSION)
    data["extension"] = extension or None
    for name, msgid, params in data.pop("problems", None) or ():
        row.fail(name, Msg(msgid, **params))
    return row


def _first_seen(rows: Iterable[CheckedRow], name: str, key: Any = lambda v: v) -> None:
    """A value given twice in the file: the later rows name the earlier one."""
    seen: dict[Any, int] = {}
    for row in rows:
        value = row.data.get(name)
        if not value or name in row.errors or value == "-1":
            continue
        found = key(value)
        if found in seen:
            row.fail(name, Msg(EARLIER_ROW, row=seen[found]))
        else:
            seen[found] = row.data.get("line") or row.position


def check_rows(
    store: AccountsStore,
    enterprise: dict[str, Any],
    raws: list[dict[str, Any]],
    email_required: bool = True,
) -> list[CheckedRow]:
    rows = [normalise(i, raw, enterprise["language"], email_required) for i, raw in enumerate(raws, start=1)]
    for name in ("email", "user_number", "extension", "did", "phone_id"):
        _first_seen(rows, name, key=str.lower if name == "email" else lambda v: v)
    _against_database(store, enterprise, rows)
    return rows


def _against_database(store: AccountsStore, enterprise: dict[str, Any], rows: list[CheckedRow]) -> None:
    tenant_id = str(enterprise["id"])
    emails = sorted({r.data["email"].lower() for r in rows if r.data.get("email")})
    accounts = store.accounts_by_email(emails) if emails else {}
    identifiers = store.identifiers_in_use(emails) if emails else set()
    for row in rows:
        email = row.data.get("email")
        if not email or "email" in row.errors:
            continue
        account = accounts.get(email.lower())
        if account is not None and str(account["tenant_id"]) == tenant_id and account["role"] == "user":
            row.duplicate_of = str(account["id"])
        elif account is not None or email.lower() in identifiers:
            row.fail("email", EMAIL_TAKEN)

    numbers = sorted({r.data["user_number"] for r in rows if r.data["user_number"] not in ("", "-1")})
    holders = store.user_numbers_in_use(numbers) if numbers else {}
    for row in rows:
        holder = holders.get(row.data["user_number"])
        if holder is not None and holder != row.duplicate_of and "user_number" not in row.errors:
            row.fail("user_number", NUMBER_TAKEN)

    extensions = sorted({r.data["extension"] for r in rows if r.data.get("extension")})
    plan = store.extensions_by_number(enterprise["id"], extensions) if extensions else {}
    for row in rows:
        held = plan.get(row.data.get("extension") or "")
        if held is not None and held["user_id"] is not None and str(held["user_id"]) != row.duplicate_of:
            row.fail("extension", EXTENSION_TAKEN)

    dids = sorted({r.data["did"] for r in rows if r.data.get("did")})
    found = store.dids_by_number(dids) if dids else {}
    for row in rows:
        if not row.data.get("did") or "did" in row.errors:
            continue
        did = found.get(row.data["did"])
        if (
            did is None
            or str(did["tenant_id"]) != tenant_id
            or (did["target_type"] is not None and str(did["target_id"]) != row.duplicate_of)
        ):
            row.fail("did", DID_NOT_FREE)
        else:
            row.data["did_id"] = str(did["id"])

    phone_ids = sorted({r.data["phone_id"] for r in rows if r.data.get("phone_id")})
    phones = store.phones_by_id(enterprise["id"], phone_ids) if phone_ids else {}
    for row in rows:
        if row.data.get("phone_id"):
            phone = phones.get(row.data["phone_id"])
            if phone is None or phone["user_id"] is not None:
                row.fail("phone_id", PHONE_NOT_FREE)
