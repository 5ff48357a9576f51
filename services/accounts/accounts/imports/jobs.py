"""The two steps of an import as jobs (ACC-15): ``start`` records a job and returns at once, then the source is
read and every row checked in the background (preview); ``commit`` applies the ticks and writes in the
background, one transaction for all the rows. The portal and the API poll ``get`` for the state and progress.

Only the enterprise's administrators import (``user.import``); a job of an enterprise out of the caller's reach
is NotFound like the enterprise itself. An LDAP password serves its one bind and is never stored."""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Callable
from typing import Any

from accounts import callers, reach, users
from accounts.callers import Caller
from accounts.imports import checks, commit
from accounts.imports.csv_source import read_csv
from accounts.imports.errors import SourceRefused
from accounts.imports.ldap_source import read_ldap
from accounts.imports.phone_system import read_phone_system
from accounts.imports.rows import RawRow
from accounts.imports.schemas import (
    CommitSchema,
    ImportJobSchema,
    ImportRowSchema,
    ImportRowsQuerySchema,
    StartImportSchema,
    TicksSchema,
)
from accounts.imports.xml_source import read_xml
from accounts.mail import Mailer
from accounts.passwords import Hasher
from accounts.secrets import new_password
from accounts.storage import AccountsStore
from relais_kit.db import TransactionSource
from relais_kit.errors import FieldErrors, NotFound
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg

log = logging.getLogger(__name__)

FILE_REQUIRED = Msg("Choose a file.")
NOT_A_FILE = Msg("The file could not be received: send it again.")
SERVER_REQUIRED = Msg("Give the server's address.")
NOT_PREVIEWED = Msg("This import is not waiting for a commit.")
NOTHING_TICKED = Msg("Tick at least one user to import.")
CHANGED = Msg("Something changed since the preview: an extension, DID or phone was taken. Preview again.")
FAILED = Msg("The import failed; nothing was created.")
ROWS_WITH_ERRORS = Msg("{count} ticked rows have errors now; nothing was created.")
READING_CUT_OFF = Msg("The import was cut off when the service stopped; nothing was kept. Start it again.")
COMMIT_CUT_OFF = Msg("The commit was cut off when the service stopped; nothing was created. Commit again.")

Work = dict[str, Any]


def _job(store: AccountsStore, caller: Caller, job_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    caller.can("user.import")
    job = store.import_job(job_id)
    if job is None:
        raise NotFound("import")
    try:
        enterprise = reach.enterprise(store, caller, job["enterprise_id"])
    except NotFound:
        raise NotFound("import") from None
    if not caller.is_tenant_admin:
        raise NotFound("import")
    return job, enterprise


def summary(store: AccountsStore, job: dict[str, Any]) -> dict[str, Any]:
    return {**ImportJobSchema().dump(job), "counts": store.import_row_counts(job["id"])}


def start(store: AccountsStore, caller: Caller, enterprise_id: Any, payload: Any) -> tuple[dict[str, Any], Work]:
    """Record the job; returns it and what the background preview needs (file bytes or LDAP settings)."""
    caller.can("user.import")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    if not caller.is_tenant_admin:
        raise NotFound("enterprise")
    data, errors = reach.load_all(StartImportSchema(), payload)
    work: Work = {"source": data.get("source"), "department_id": None}
    if data.get("source") in ("csv", "xml"):
        if not data.get("content_base64") and "content_base64" not in errors:
            reach.add_error(errors, "content_base64", FILE_REQUIRED)
        elif data.get("content_base64"):
            try:
                work["content"] = base64.b64decode(data["content_base64"], validate=True)
            except (binascii.Error, ValueError):
                reach.add_error(errors, "content_base64", NOT_A_FILE)
    if data.get("source") == "ldap":
        if not data.get("server") and "server" not in errors:
            reach.add_error(errors, "server", SERVER_REQUIRED)
        work.update({k: data.get(k) or "" for k in ("server", "username", "password", "base_dn")})
    if data.get("department_id"):
        department = reach.department(store, caller, enterprise, data["department_id"], errors)
        work["department_id"] = str(department["id"]) if department else None
    reach.fail_if(errors)
    who = {"user_id": str(caller.id), "actor_id": str(caller.actor["id"]) if caller.actor else None}
    job = store.create_import_job(enterprise["id"], who, data["source"], data.get("file_name"))
    return summary(store, job), work


def get(store: AccountsStore, caller: Caller, job_id: Any, query: Any = None) -> dict[str, Any]:
    job, _ = _job(store, caller, job_id)
    params, _errors = reach.load_all(ImportRowsQuerySchema(), query or {})
    page, size = params.get("page", 1), params.get("page_size", 100)
    rows = store.import_rows(job["id"], size, (page - 1) * size)
    return {**summary(store, job), "rows": ImportRowSchema(many=True).dump(rows), "page": page, "page_size": size}


def set_ticks(store: AccountsStore, caller: Caller, job_id: Any, payload: Any) -> dict[str, Any]:
    job, _ = _job(store, caller, job_id)
    data, errors = reach.load_all(TicksSchema(), payload or {})
    reach.fail_if(errors)
    if job["state"] != "previewed":
        reach.fail_if({"_schema": [{"msgid": NOT_PREVIEWED, "params": {}}]})
    if data["all"] is not None:
        positions = [r["position"] for r in store.import_rows(job["id"])]
        store.set_import_ticks(job["id"], positions if data["all"] else [], [] if data["all"] else positions)
    store.set_import_ticks(job["id"], data["ticked"], data["unticked"])
    return summary(store, job)


def begin_commit(store: AccountsStore, caller: Caller, job_id: Any, payload: Any) -> tuple[dict[str, Any], str | None]:
    """Apply the ticks sent along and move the job to committing (once: a second commit is refused). Gives the job
    and the page the welcome e-mails link to (none sent without it)."""
    _job(store, caller, job_id)
    data, errors = reach.load_all(CommitSchema(), payload or {})
    reach.fail_if(errors)
    set_ticks(store, caller, job_id, {k: v for k, v in data.items() if k != "activation_url"})
    job, _ = _job(store, caller, job_id)
    if store.import_row_counts(job["id"])["included"] == 0:
        reach.fail_if({"_schema": [{"msgid": NOTHING_TICKED, "params": {}}]})
    if not store.update_import_job(job["id"], expected_state="previewed", state="committing", done=0):
        reach.fail_if({"_schema": [{"msgid": NOT_PREVIEWED, "params": {}}]})
    job, _ = _job(store, caller, job_id)
    return summary(store, job), data["activation_url"]


def recover_interrupted(db: TransactionSource) -> None:
    """At the service's start: a job still reading or committing lost its thread with the process that ran it (one
    accounts process runs the imports). A preview is marked failed (the file is not kept: it is imported again); a
    commit's transaction was rolled back, so the job goes back to its preview, saying so, and can be committed
    again."""
    with db.transaction() as tx:
        store = AccountsStore(tx)
        failed = store.interrupt_import_jobs("reading", "failed", _one("_schema", READING_CUT_OFF))
        again = store.interrupt_import_jobs("committing", "previewed", _one("_schema", COMMIT_CUT_OFF))
    if failed or again:
        log.warning("imports cut off by a stop: %s previews marked failed, %s commits to do again", failed, again)


# the background steps
def _read(source_rows: Callable[[], list[RawRow]]) -> list[dict[str, Any]]:
    return [row.data() for row in source_rows()]


def run_preview(db: TransactionSource, job_id: str, work: Work) -> None:
    try:
        with db.transaction() as tx:
            store = AccountsStore(tx)
            job = store.import_job(job_id)
            assert job is not None
            enterprise = store.tenant(job["enterprise_id"])
            assert enterprise is not None
            if work["source"] == "phone_system":
                raws = _read(lambda: read_phone_system(store, enterprise))
        if work["source"] == "csv":
            raws = _read(lambda: read_csv(work["content"]))
        elif work["source"] == "xml":
            raws = _read(lambda: read_xml(work["content"]))
        elif work["source"] == "ldap":
            raws = _read(lambda: read_ldap(work["server"], work["username"], work["password"], work["base_dn"] or None))
        _progress(db, job_id, total=len(raws), done=0)
        with db.transaction() as tx:
            store = AccountsStore(tx)
            rows = checks.check_rows(store, enterprise, raws, email_required=work["source"] != "phone_system")
            store.add_import_rows(
                job_id,
                [
                    {
                        "position": r.position,
                        "data": {**r.data, "department_id": work["department_id"]},
                        "errors": r.errors,
                        "duplicate_of": r.duplicate_of,
                        "included": r.included,
                    }
                    for r in rows
                ],
            )
            store.update_import_job(job_id, state="previewed", total=len(rows), done=len(rows))
    except SourceRefused as refused:
        _finish(db, job_id, state="refused", errors=refused.field_errors)
    except Exception:
        log.exception("preview of import %s failed", job_id)
        _finish(db, job_id, state="failed", errors=_one("_schema", FAILED))


def run_commit(
    db: TransactionSource,
    outbox: OutboxWriter,
    hasher: Hasher,
    caller_payload: Any,
    job_id: str,
    mailer: Mailer | None = None,
    activation_url: str | None = None,
) -> None:
    """Writes every ticked row or none; then, once the commit is done, each user it created gets the welcome
    e-mail (ACC-13, ACC-15)."""
    password_hash = hasher.hash(new_password(32))  # one unusable password for all: they activate by e-mail link
    try:
        with db.transaction() as tx:
            store = AccountsStore(tx)
            caller = callers.resolve(store, caller_payload)
            job, enterprise = _job(store, caller, job_id)
            stored = store.import_rows(job_id, included_only=True)
            rows = checks.check_rows(
                store, enterprise, [r["data"] for r in stored], email_required=job["source"] != "phone_system"
            )
            for row, original in zip(rows, stored, strict=True):
                row.position = original["position"]
            wrong = {r.position: r.errors for r in rows if r.errors}
            if wrong:
                raise _RowsWrong(wrong)
            _progress(db, job_id, total=len(rows), done=0)
            department = stored[0]["data"].get("department_id") if stored else None
            counts, created = commit.write(
                store,
                outbox,
                caller,
                enterprise,
                rows,
                password_hash,
                department,
                job["source"],
                job_id,
                lambda done: _progress(db, job_id, done=done),
            )
            skipped = store.mark_unticked_skipped(job_id)
            report = {**counts, "skipped": skipped}
            store.update_import_job(job_id, state="done", done=len(rows), report=report)
    except _RowsWrong as wrong:
        with db.transaction() as tx:
            store = AccountsStore(tx)
            store.set_import_row_errors(job_id, wrong.rows)
            store.update_import_job(
                job_id,
                state="previewed",
                errors=_one("_schema", Msg(ROWS_WITH_ERRORS, count=len(wrong.rows))),
            )
    except commit.ChangedMeanwhile:
        _finish(db, job_id, state="failed", errors=_one("_schema", CHANGED), report={"created": 0, "updated": 0})
    except Exception:
        log.exception("commit of import %s failed", job_id)
        _finish(db, job_id, state="failed", errors=_one("_schema", FAILED), report={"created": 0, "updated": 0})
    else:
        if mailer is not None and activation_url and created:
            _welcome(db, mailer, enterprise, created, activation_url)


def _welcome(
    db: TransactionSource, mailer: Mailer, enterprise: dict[str, Any], created: list[dict[str, Any]], url: str
) -> None:
    """The users module's welcome e-mail, once for each user the commit created, after the commit: their links are
    stored in one transaction and the mails leave when it commits."""
    try:
        with db.transaction() as tx:
            store = AccountsStore(tx)
            for line in created:
                if line["activation_email"] or line["email"]:
                    users.welcome(store, mailer, line, enterprise, url)
    except Exception:
        log.exception("welcome e-mails of an import could not be sent")


class _RowsWrong(Exception):
    def __init__(self, rows: dict[int, FieldErrors]) -> None:
        super().__init__(len(rows))
        self.rows = rows


def _one(field: str, message: Msg) -> FieldErrors:
    return {field: [{"msgid": message.msgid, "params": dict(message.params)}]}


def _progress(db: TransactionSource, job_id: str, **changes: Any) -> None:
    """In a transaction of its own, so the page polling the job sees it while the import's is still open."""
    with db.transaction() as tx:
        AccountsStore(tx).update_import_job(job_id, **changes)


def _finish(db: TransactionSource, job_id: str, **changes: Any) -> None:
    try:
        with db.transaction() as tx:
            AccountsStore(tx).update_import_job(job_id, **changes)
    except Exception:
        log.exception("could not record the end of import %s", job_id)
