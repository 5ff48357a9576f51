"""Importer des usagers (ACC-15, guide 003): choose a source (a CSV or XML file, Active Directory / LDAP, the
phone system), look at the preview (every row with its errors; duplicates by e-mail unticked but tickable), tick
the rows to import and press OK; a progress bar follows the job, then the report. The rules and the writing are
accounts' (start_user_import, get_user_import, set_user_import_ticks, commit_user_import)."""

from __future__ import annotations

import base64
from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_, translate_field_errors
from gateway.portal.forms import errors_of, one_error, submitted
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.users import reset_url
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
PAGE_SIZE = 100
SOURCES = (
    ("csv", N_("CSV file")),
    ("xml", N_("XML file")),
    ("ldap", N_("Active Directory (LDAP)")),
    ("phone_system", N_("Phone system")),
)
LDAP_FIELDS = ("server", "username", "password", "base_dn")
# The columns of guide 003's file format keep their names in both languages; the rest is translated.
FIELD_LABELS = {
    "user_number": "UserID",
    "first_name": "FirstName",
    "last_name": "LastName",
    "email": "Email",
    "language": "Language",
    "mobile": "Mobile",
    "home": "Home",
    "business": "Business",
    "did": "DID",
    "protocol": "Protocol",
    "mail_server": "MailServer",
    "mail_username": "UserName",
    "extension": "Extension",
}
OTHER_LABELS = {"_row": N_("Line"), "phone_id": N_("Phone"), "file": N_("File")}
TOO_LARGE = N_("The file is larger than 8 MB.")
CHOOSE_FILE = N_("Choose a file.")


def _label(ctx: RequestContext, field: str) -> str:
    return FIELD_LABELS.get(field) or ctx._(OTHER_LABELS.get(field, field))


def _messages(ctx: RequestContext, errors: dict[str, Any]) -> list[str]:
    """Each error as "Field: rule" in the user's language."""
    translated = translate_field_errors(ctx.language, errors or {})
    return [
        f"{_label(ctx, field)} : {text}" if ctx.language == "fr" else f"{_label(ctx, field)}: {text}"
        for field, texts in translated.items()
        for text in texts
    ]


def form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> Response:
    return render(
        ctx,
        "imports/start.html",
        status=status,
        help_topic="users",
        active="users",
        enterprise_id=enterprise_id,
        sources=[(value, ctx._(label)) for value, label in SOURCES],
        values=values or {"source": "csv"},
        errors=errors or {},
    )


def start(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values = submitted(ctx, "source", *[f for f in LDAP_FIELDS if f != "password"])
    payload: dict[str, Any] = {"source": values["source"]}
    if values["source"] in ("csv", "xml"):
        upload = ctx.request.files.get("file")
        content = upload.stream.read(MAX_UPLOAD_BYTES + 1) if upload is not None else b""
        if upload is not None:
            upload.close()
        if upload is None or not content:
            return form(ctx, backends, enterprise_id, 422, values, one_error(ctx, "file", CHOOSE_FILE))
        if len(content) > MAX_UPLOAD_BYTES:
            return form(ctx, backends, enterprise_id, 422, values, one_error(ctx, "file", TOO_LARGE))
        payload.update(
            file_name=(upload.filename or "")[:255] or None, content_base64=base64.b64encode(content).decode()
        )
    elif values["source"] == "ldap":
        payload.update({f: values[f] or None for f in ("server", "username", "base_dn")})
        payload["password"] = ctx.request.form.get("password") or None
    try:
        job = backends.accounts.call("start_user_import", ctx.caller, enterprise_id, payload)
    except ValidationFailed as exc:
        errors = errors_of(ctx, exc)
        if "content_base64" in errors:
            errors["file"] = errors.pop("content_base64")
        return form(ctx, backends, enterprise_id, 422, values, errors)
    return go(ctx, f"/user-imports/{job['id']}")


def _page(ctx: RequestContext) -> int:
    text = ctx.request.args.get("page") or "1"
    return int(text) if text.isdigit() and 0 < int(text) <= 1000 else 1


def show(ctx: RequestContext, backends: Backends, import_id: str, errors: dict[str, Any] | None = None) -> Response:
    page = _page(ctx)
    job = backends.accounts.call("get_user_import", ctx.caller, import_id, {"page": page, "page_size": PAGE_SIZE})
    running = job["state"] in ("reading", "committing")
    rows = [{**row, "messages": _messages(ctx, row["errors"]), "name": _name(row["data"])} for row in job["rows"]]
    pages = max(1, -(-int(job["counts"]["rows"]) // PAGE_SIZE))
    response = render(
        ctx,
        "imports/job.html",
        status=422 if errors else 200,
        help_topic="users",
        active="users",
        job=job,
        rows=rows,
        running=running,
        percent=int(100 * job["done"] / job["total"]) if job["total"] else 0,
        job_errors=_messages(ctx, job["errors"]),
        page_errors=errors or {},
        page=page,
        pages=pages,
        sources=dict(SOURCES),
    )
    if running:  # the page polls the job: a progress bar without script (the CSP allows only our own files)
        response.headers["Refresh"] = "1"
    return response


def _name(data: dict[str, Any]) -> str:
    return " ".join(str(data.get(k) or "") for k in ("first_name", "last_name")).strip() or "—"


def _ticks(ctx: RequestContext) -> dict[str, list[int]]:
    """The rows shown on this page: those ticked, and the others unticked."""
    shown = [int(p) for p in ctx.request.form.getlist("shown") if p.isdigit()]
    ticked = [int(p) for p in ctx.request.form.getlist("include") if p.isdigit()]
    return {"ticked": [p for p in ticked if p in shown], "unticked": [p for p in shown if p not in ticked]}


def save_ticks(ctx: RequestContext, backends: Backends, import_id: str) -> Response:
    backends.accounts.call("set_user_import_ticks", ctx.caller, import_id, _ticks(ctx))
    target = submitted(ctx, "go_page")["go_page"]
    return go(ctx, f"/user-imports/{import_id}", page=target if target.isdigit() else "1")


def commit(ctx: RequestContext, backends: Backends, import_id: str) -> Response:
    try:
        payload: dict[str, Any] = dict(_ticks(ctx))
        if ctx.request.form.get("send_welcome"):
            payload["activation_url"] = reset_url(ctx)
        backends.accounts.call("commit_user_import", ctx.caller, import_id, payload)
    except ValidationFailed as exc:
        return show(ctx, backends, import_id, errors_of(ctx, exc))
    return go(ctx, f"/user-imports/{import_id}")


PAGES = [
    Page("GET", "/enterprises/<enterprise_id>/users/import", form),
    Page("POST", "/enterprises/<enterprise_id>/users/import", start),
    Page("GET", "/user-imports/<import_id>", show),
    Page("POST", "/user-imports/<import_id>/ticks", save_ticks),
    Page("POST", "/user-imports/<import_id>/commit", commit),
]
