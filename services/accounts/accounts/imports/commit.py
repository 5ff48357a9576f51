"""Writing an import: every ticked row or none, in the one transaction the caller holds (ACC-15).

New users are written with execute_values a thousand at a time, their events and audit entries likewise; a
ticked duplicate updates the user who already has that e-mail address (names, language, numbers, mail account),
so importing the same file again creates nobody. ``progress(done)`` is called between batches; it must write in
a transaction of its own so the portal sees it while this one is still open."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from accounts import events
from accounts.callers import Caller
from accounts.imports.checks import CheckedRow
from accounts.storage import AccountsStore
from relais_kit.events import OutboxWriter

BATCH = 1000
CONTACT_FIELDS = ("mobile", "home", "business", "protocol", "mail_server", "mail_username")


class ChangedMeanwhile(Exception):
    """An extension, DID or phone was taken between the check and the write: nothing is written."""


def write(
    store: AccountsStore,
    outbox: OutboxWriter,
    caller: Caller,
    enterprise: dict[str, Any],
    rows: list[CheckedRow],
    password_hash: str,
    department_id: str | None,
    source: str,
    job_id: str,
    progress: Callable[[int], None],
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The counts of users created and updated, and the lines created."""
    path = [str(t) for t in enterprise["path"]]
    new_rows = [r for r in rows if r.duplicate_of is None]
    updated = [r for r in rows if r.duplicate_of is not None]
    numbers = iter(store.take_user_numbers(sum(1 for r in new_rows if r.data["user_number"] == "-1")))
    lines = [_line(r, enterprise, password_hash, department_id, numbers) for r in new_rows]
    done = 0
    for start in range(0, len(lines), BATCH):
        store.insert_lines(lines[start : start + BATCH])
        done += len(lines[start : start + BATCH])
        progress(done)
    if updated:
        store.update_lines_from_import([_update(r) for r in updated])
        done += len(updated)
        progress(done)
    holders = [(r, str(line["id"])) for r, line in zip(new_rows, lines, strict=True)]
    holders += [(r, str(r.duplicate_of)) for r in updated]
    details = [
        {"user_id": user_id, **{f: r.data.get(f) for f in CONTACT_FIELDS}}
        for r, user_id in holders
        if any(r.data.get(f) for f in CONTACT_FIELDS)
    ]
    if details:
        store.upsert_contact_details(details)
    _numbers_and_phones(store, outbox, enterprise, new_rows, lines)
    user_events: list[tuple[str, dict[str, Any], list[str]]] = [
        ("user_created", events.user_event_data(line), path) for line in lines
    ]
    user_events += [
        ("user_updated", events.user_event_data(line), path)
        for line in store.lines_by_ids([r.duplicate_of for r in updated if r.duplicate_of])
    ]
    outbox.add_many(store.tx, user_events)
    identity = caller.audit_identity()
    store.add_audit_entries(
        [_audit(identity, path, "user.import", line["id"], line, source) for line in lines]
        + [_audit(identity, path, "user.import_update", r.duplicate_of, r.data, source) for r in updated]
    )
    outcomes = [(r.position, "created", line["id"]) for r, line in zip(new_rows, lines, strict=True)]
    outcomes += [(r.position, "updated", r.duplicate_of) for r in updated]
    if outcomes:
        store.set_import_outcomes(job_id, outcomes)
    return {"created": len(lines), "updated": len(updated)}, lines


def _line(
    row: CheckedRow, enterprise: dict[str, Any], password_hash: str, department_id: str | None, numbers: Any
) -> dict[str, Any]:
    data = row.data
    number = next(numbers) if data["user_number"] == "-1" else data["user_number"]
    return {
        "id": str(uuid.uuid4()),
        "tenant_id": str(enterprise["id"]),
        "user_number": number,
        "identifier": data["email"] or f"line{number}",
        "email": data["email"],
        "display_name": f"{data['first_name']} {data['last_name']}",
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "role": "user",
        "enterprise_role": None,
        "account_kind": "employee",
        "language": data["language"],
        "password_hash": password_hash,
        "department_id": department_id,
        "phone": data["business"],
        "status": "pending",
        "activation_email": data["email"],
        "extension": data.get("extension"),
    }


def _update(row: CheckedRow) -> dict[str, Any]:
    data = row.data
    return {
        "id": row.duplicate_of,
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "display_name": f"{data['first_name']} {data['last_name']}",
        "language": data["language"],
        "phone": data["business"],
    }


def _numbers_and_phones(
    store: AccountsStore,
    outbox: OutboxWriter,
    enterprise: dict[str, Any],
    rows: list[CheckedRow],
    lines: list[dict[str, Any]],
) -> None:
    """Extensions, DIDs and phones named by new rows; taken meanwhile by someone else: nothing is written."""
    pairs = list(zip(rows, lines, strict=True))
    wanted = [(line["extension"], line["id"]) for _, line in pairs if line["extension"]]
    given = store.give_extensions(enterprise["id"], wanted)
    dids = store.give_dids([(r.data["did_id"], line["id"]) for r, line in pairs if r.data.get("did_id")])
    phones = store.give_phones([(r.data["phone_id"], line["id"]) for r, line in pairs if r.data.get("phone_id")])
    expected = (
        len(wanted),
        sum(1 for r in rows if r.data.get("did_id")),
        sum(1 for r in rows if r.data.get("phone_id")),
    )
    if (len(given), len(dids), len(phones)) != expected:
        raise ChangedMeanwhile()
    for extension in given:
        events.extension_changed(outbox, store.tx, extension, enterprise["path"])
    for did in dids:
        events.did_assigned(outbox, store.tx, did, enterprise["path"])
    for phone in phones:
        events.phone_assigned(outbox, store.tx, phone, enterprise["path"])


def _audit(
    identity: dict[str, Any], path: list[str], action: str, user_id: Any, data: dict[str, Any], source: str
) -> dict[str, Any]:
    # an update changes names, language and phone only: its row's UserID (often -1) and extension are not shown
    keys = ("user_number", "extension") if action == "user.import" else ()
    shown = {k: data.get(k) for k in (*keys, "first_name", "last_name", "email", "language")}
    return {
        **identity,
        "tenant_path": path,
        "action": action,
        "target_type": "user",
        "target_id": str(user_id),
        "target_name": f"{data.get('first_name')} {data.get('last_name')}",
        "before": None,
        "after": {**shown, "source": source},
    }
