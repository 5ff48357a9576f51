"""REST area: bulk user import (ACC-15, guide 003). Start an import (a CSV or XML file as base64, an LDAP or
Active Directory server, or the phone system), poll it until the preview is ready, tick or untick rows, commit,
and poll again for the report. Each step answers at once: the work runs as a job in accounts."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from werkzeug.wrappers import Response

from gateway.api import views
from gateway.api.areas.users import activation_url
from gateway.api.routes import op
from gateway.backends import Backend
from gateway.web import RequestContext

TAG = "User imports"
SOURCES = ("csv", "xml", "ldap", "phone_system")


class ImportStart(Schema):
    source = fields.String(required=True, validate=validate.OneOf(SOURCES))
    department_id = fields.UUID(load_default=None, allow_none=True)
    file_name = fields.String(load_default=None, allow_none=True)
    content_base64 = fields.String(
        load_default=None, allow_none=True, metadata={"description": "The CSV or XML file, base64 (at most 8 MB)"}
    )
    server = fields.String(load_default=None, allow_none=True, metadata={"description": "ldap://host[:port]"})
    username = fields.String(load_default=None, allow_none=True)
    password = fields.String(load_default=None, allow_none=True, metadata={"description": "Used once, never kept"})
    base_dn = fields.String(load_default=None, allow_none=True)


class ImportTicks(Schema):
    ticked = fields.List(fields.Integer(), load_default=list)
    unticked = fields.List(fields.Integer(), load_default=list)
    all = fields.Boolean(load_default=None, allow_none=True, metadata={"description": "Tick (or untick) every row"})


class ImportCommit(ImportTicks):
    send_welcome = fields.Boolean(
        load_default=True, metadata={"description": "Send the welcome e-mail to each user created (default true)"}
    )


class ImportRowsQuery(Schema):
    page = fields.Integer()
    page_size = fields.Integer()


class ImportCounts(Schema):
    rows = fields.Integer()
    with_errors = fields.Integer()
    duplicates = fields.Integer()
    included = fields.Integer()


class ImportRow(Schema):
    position = fields.Integer()
    data = fields.Dict()
    errors = fields.Dict(metadata={"description": "field → [{msgid, params}]"})
    duplicate_of = fields.UUID(allow_none=True)
    included = fields.Boolean()
    outcome = fields.String(allow_none=True)
    user_id = fields.UUID(allow_none=True)


class ImportJob(Schema):
    id = fields.UUID()
    enterprise_id = fields.UUID()
    source = fields.String()
    file_name = fields.String(allow_none=True)
    state = fields.String(metadata={"description": "reading, previewed, refused, committing, done or failed"})
    errors = fields.Dict()
    total = fields.Integer()
    done = fields.Integer()
    report = fields.Dict(allow_none=True)
    counts = fields.Nested(ImportCounts)
    created_at = fields.String()
    updated_at = fields.String()


class ImportPage(ImportJob):
    rows = fields.List(fields.Nested(ImportRow))
    page = fields.Integer()
    page_size = fields.Integer()


def start_import(ctx: RequestContext, accounts: Backend, enterprise_id: Any) -> Response:
    payload = views.jsonable(views.body(ctx, ImportStart))
    return views.reply(ctx, accounts.call("start_user_import", ctx.caller, str(enterprise_id), payload), 202)


def get_import(ctx: RequestContext, accounts: Backend, import_id: Any) -> Response:
    query = views.query(ctx, ImportRowsQuery)
    return views.reply(ctx, accounts.call("get_user_import", ctx.caller, str(import_id), query))


def set_ticks(ctx: RequestContext, accounts: Backend, import_id: Any) -> Response:
    payload = views.body(ctx, ImportTicks)
    return views.reply(ctx, accounts.call("set_user_import_ticks", ctx.caller, str(import_id), payload))


def commit_import(ctx: RequestContext, accounts: Backend, import_id: Any) -> Response:
    payload = views.body(ctx, ImportCommit)
    if payload.pop("send_welcome", True):
        payload["activation_url"] = activation_url(ctx)
    return views.reply(ctx, accounts.call("commit_user_import", ctx.caller, str(import_id), payload), 202)


ROUTES = (
    op(
        "POST",
        "/enterprises/<uuid:enterprise_id>/user-imports",
        "startUserImport",
        "Start importing users from a CSV or XML file (guide 003's format), an LDAP/Active Directory server or the "
        "phone system; answers at once with the job, whose preview the caller polls",
        TAG,
        ImportJob,
        202,
        ImportStart,
        features=("ACC-15",),
    ),
    op(
        "GET",
        "/user-imports/<uuid:import_id>",
        "getUserImport",
        "An import's state and progress, its rows with their errors and duplicates (paged), and the report once done",
        TAG,
        ImportPage,
        query=ImportRowsQuery,
        features=("ACC-15",),
    ),
    op(
        "PUT",
        "/user-imports/<uuid:import_id>/ticks",
        "setUserImportTicks",
        "Tick or untick rows of a previewed import (duplicates start unticked; rows with errors stay unticked)",
        TAG,
        ImportJob,
        200,
        ImportTicks,
        features=("ACC-15",),
    ),
    op(
        "POST",
        "/user-imports/<uuid:import_id>/commit",
        "commitUserImport",
        "Create every ticked row or none, in one transaction; answers at once, the report comes with the job; "
        "each user created then gets the welcome e-mail",
        TAG,
        ImportJob,
        202,
        ImportCommit,
        features=("ACC-15",),
    ),
)
HANDLERS = {
    "startUserImport": start_import,
    "getUserImport": get_import,
    "setUserImportTicks": set_ticks,
    "commitUserImport": commit_import,
}
