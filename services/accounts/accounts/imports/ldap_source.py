"""Users of an LDAP directory or Active Directory (guide 003: server address, user name, password).

The password is used for this one bind and never stored or logged. Person entries are read with a paged search
(Active Directory answers at most 1,000 entries a page) under the base DN given, or else the server's default
naming context."""

from __future__ import annotations

from typing import Any

from ldap3 import NONE, SIMPLE, SUBTREE, Connection, Server
from ldap3.core.exceptions import LDAPBindError, LDAPException, LDAPInvalidCredentialsResult, LDAPSocketOpenError

from accounts.imports.errors import SourceRefused
from accounts.imports.fields import FIELDS, cell
from accounts.imports.limits import MAX_ROWS
from accounts.imports.rows import RawRow
from relais_kit.validation import Msg

NO_ANSWER = Msg("The server did not answer.")
REFUSED = Msg("The server refused this user name and password.")
NO_BASE = Msg("The server names no directory to search: give the base DN.")
SEARCH_FAILED = Msg("The server refused the search.")
TOO_MANY_ROWS = Msg("At most {max} users per import.")

# Persons in OpenLDAP (inetOrgPerson) and in Active Directory (user + person).
PERSONS = "(|(objectClass=inetOrgPerson)(&(objectClass=user)(objectCategory=person)))"
# LDAP attribute → field of the import format.
ATTRIBUTES = {
    "givenName": "first_name",
    "sn": "last_name",
    "mail": "email",
    "preferredLanguage": "language",
    "mobile": "mobile",
    "homePhone": "home",
    "telephoneNumber": "business",
}
TIMEOUT_SECONDS = 10


def _server(address: str) -> Server:
    address = address.strip()
    use_ssl = address.lower().startswith("ldaps://")
    return Server(address, use_ssl=use_ssl, connect_timeout=TIMEOUT_SECONDS, get_info=NONE)


def _first(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return cell(str(value)) if value is not None else ""


def _language(text: str) -> str:
    lowered = text.lower()
    return lowered[:2] if lowered[:2] in ("fr", "en") else text


def read_ldap(server: str, username: str, password: str, base_dn: str | None) -> list[RawRow]:
    try:
        connection = Connection(
            _server(server),
            user=username or None,
            password=password or None,
            authentication=SIMPLE if username else None,
            receive_timeout=TIMEOUT_SECONDS,
            raise_exceptions=True,
            read_only=True,
            check_names=False,  # Active Directory's attributes are not in OpenLDAP's schema, and the reverse
        )
        connection.bind()
    except (LDAPBindError, LDAPInvalidCredentialsResult):
        raise SourceRefused("password", REFUSED) from None
    except (LDAPSocketOpenError, OSError):
        raise SourceRefused("server", NO_ANSWER) from None
    except LDAPException:
        raise SourceRefused("server", NO_ANSWER) from None
    try:
        base = base_dn or _default_base(connection)
        entries = connection.extend.standard.paged_search(
            base,
            PERSONS,
            search_scope=SUBTREE,
            attributes=list(ATTRIBUTES),
            paged_size=500,
            generator=True,
        )
        rows: list[RawRow] = []
        for entry in entries:
            if entry.get("type") != "searchResEntry":
                continue
            if len(rows) >= MAX_ROWS:
                raise SourceRefused("server", Msg(TOO_MANY_ROWS, max=MAX_ROWS))
            attributes = entry.get("attributes", {})
            values = {f: "" for f in FIELDS}
            values["user_number"] = "-1"
            for attribute, field in ATTRIBUTES.items():
                values[field] = _first(attributes, attribute)
            values["language"] = _language(values["language"])
            rows.append(RawRow(line=len(rows) + 1, values=values))
        return rows
    except SourceRefused:
        raise
    except LDAPException:
        raise SourceRefused("base_dn", SEARCH_FAILED) from None
    finally:
        connection.unbind()


def _default_base(connection: Connection) -> str:
    connection.search("", "(objectClass=*)", search_scope="BASE", attributes=["defaultNamingContext", "namingContexts"])
    if connection.entries:
        root = connection.response[0].get("attributes", {}) if connection.response else {}
        for name in ("defaultNamingContext", "namingContexts"):
            found = _first(root, name)
            if found:
                return found
    raise SourceRefused("base_dn", NO_BASE)
