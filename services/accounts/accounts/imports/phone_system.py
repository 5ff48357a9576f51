"""The phone system as a source (guide 003, "Importer des usagers du système téléphonique"): the extensions of
the enterprise's plan that no user holds and the phones given to nobody, each proposed as a new user who gets
that extension or phone. A phone system knows no e-mail addresses, so none is required here."""

from __future__ import annotations

from typing import Any

from accounts.imports.fields import FIELDS
from accounts.imports.rows import RawRow
from accounts.storage import AccountsStore

EXTENSION_WORD = {"fr": "Poste", "en": "Extension"}


def read_phone_system(store: AccountsStore, enterprise: dict[str, Any]) -> list[RawRow]:
    word = EXTENSION_WORD.get(enterprise["language"], "Extension")
    rows: list[RawRow] = []
    for extension in store.free_extensions(enterprise["id"]):
        values = {f: "" for f in FIELDS}
        values.update(user_number="-1", first_name=word, last_name=extension["number"], extension=extension["number"])
        rows.append(RawRow(line=len(rows) + 1, values=values))
    for phone in store.unassigned_phones(enterprise["id"]):
        values = {f: "" for f in FIELDS}
        values.update(user_number="-1", first_name=str(phone["model"])[:50], last_name=str(phone["mac"]))
        rows.append(RawRow(line=len(rows) + 1, values=values, phone_id=str(phone["id"])))
    return rows
