"""REST area: the users page of an enterprise and the actions on a line (ACC-09..13, 16..19). Unlocking and acting
as a user are core operations (/users/{id}/unlock, /users/{id}/act-as)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.api import user_schemas as s
from gateway.api import views
from gateway.api.routes import op
from gateway.backends import Backend
from gateway.csv_export import csv_response
from gateway.users_export import COLUMNS, export_rows
from gateway.web import RequestContext

TAG = "Users"


def activation_url(ctx: RequestContext) -> str:
    """Where the e-mailed single-use links open: the portal's "choose a password" page."""
    return f"{ctx.settings.public_url}/reset-password"


def list_users(ctx: RequestContext, accounts: Backend, enterprise_id: Any) -> Response:
    query = views.query(ctx, s.UserListQuery)
    # accounts answers in the documented shape already (LineSchema); a second marshmallow pass over 50 rows
    # would only cost time on the busiest call of the page
    return views.reply(ctx, accounts.call("list_users", ctx.caller, str(enterprise_id), query))


def export_users(ctx: RequestContext, accounts: Backend, enterprise_id: Any) -> Response:
    query = {k: v for k, v in views.query(ctx, s.UserListQuery).items() if k not in ("page", "page_size")}
    rows = export_rows(ctx, accounts, str(enterprise_id), query)
    return csv_response(ctx, "users", [ctx._(h) for _, h in COLUMNS], rows)


def create_user(ctx: RequestContext, accounts: Backend, enterprise_id: Any) -> Response:
    payload = views.jsonable(views.body(ctx, s.UserCreate))
    if payload.pop("send_welcome", True):
        payload["activation_url"] = activation_url(ctx)
    created = accounts.call("create_user", ctx.caller, str(enterprise_id), payload)
    return views.reply(ctx, created, 201, s.UserFull)


def get_user(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    return views.reply(ctx, accounts.call("get_user", ctx.caller, str(user_id)), schema=s.UserFull)


def update_user(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    payload = views.jsonable(views.body(ctx, s.UserWrite))
    return views.reply(ctx, accounts.call("update_user", ctx.caller, str(user_id), payload), schema=s.UserFull)


def delete_user(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    query = views.query(ctx, s.DeleteQuery)
    payload = {"scope": query.get("scope") or "company", "notify": query.get("notify") in ("true", "1", "yes")}
    accounts.call("delete_user", ctx.caller, str(user_id), payload)
    return views.no_content(ctx)


def set_options(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    payload = views.jsonable(views.body(ctx, s.UserOptions))
    return views.reply(ctx, accounts.call("set_user_options", ctx.caller, str(user_id), payload), schema=s.UserOptions)


def set_sip(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    data = views.body(ctx, s.SipCredentialsWrite)
    kind = data.pop("kind")
    result = accounts.call("set_sip_credentials", ctx.caller, str(user_id), kind, data)
    return views.reply(ctx, result, schema=s.SipCredential)


def generate_sip(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    kind = views.body(ctx, s.SipGenerate)["kind"]
    result = accounts.call("generate_sip_credentials", ctx.caller, str(user_id), kind)
    return views.reply(ctx, result, 201, s.SipGenerated)


def set_group_administrator(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    payload = views.jsonable(views.body(ctx, s.GroupAdministrator))
    return views.reply(ctx, accounts.call("set_group_administrator", ctx.caller, str(user_id), payload), schema=s.User)


def reset_line(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    payload = views.body(ctx, s.ResetLine)
    return views.reply(ctx, accounts.call("reset_line", ctx.caller, str(user_id), payload), schema=s.LineResetDone)


def resend_activation(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    payload = {**views.body(ctx, s.Activation), "activation_url": activation_url(ctx)}
    return views.reply(ctx, accounts.call("resend_activation", ctx.caller, str(user_id), payload), schema=s.UserFull)


def send_mail(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    payload = {**views.body(ctx, s.UserMail), "access_url": activation_url(ctx)}
    accounts.call("send_user_mail", ctx.caller, str(user_id), payload)
    return ctx.finish(Response(status=202))


ROUTES = (
    op(
        "GET",
        "/enterprises/<uuid:enterprise_id>/users",
        "listUsers",
        "The users page: by initial letter, sorted by any column, searched in every column or one, paged; "
        '"admin" lists the administrators; status=pending lists accounts en suspens',
        TAG,
        s.UserPage,
        query=s.UserListQuery,
        features=("ACC-09", "ACC-10", "ACC-11"),
    ),
    op(
        "GET",
        "/enterprises/<uuid:enterprise_id>/users.csv",
        "exportUsers",
        "The users the same filters select, as CSV (UTF-8 with BOM, formulas neutralised)",
        TAG,
        None,
        query=s.UserListQuery,
        features=("ACC-09",),
    ),
    op(
        "POST",
        "/enterprises/<uuid:enterprise_id>/users",
        "createUser",
        "Create a user by hand; a pending user gets the welcome e-mail with an activation link",
        TAG,
        s.UserFull,
        201,
        s.UserCreate,
        features=("ACC-13",),
    ),
    op(
        "GET",
        "/users/<uuid:user_id>",
        "getUser",
        "A user with options and SIP identities (no password)",
        TAG,
        s.UserFull,
        features=("ACC-09", "ACC-16"),
    ),
    op(
        "PUT",
        "/users/<uuid:user_id>",
        "updateUser",
        "Personal details, department, role, status, activation address, extension (only the fields given)",
        TAG,
        s.UserFull,
        200,
        s.UserWrite,
        features=("ACC-13", "ACC-19"),
    ),
    op(
        "DELETE",
        "/users/<uuid:user_id>",
        "deleteUser",
        "Delete from the company (the user goes on as a free user) or from the system; DIDs, extension, SIP "
        "account and phones are released",
        TAG,
        None,
        204,
        query=s.DeleteQuery,
        features=("ACC-17",),
    ),
    op(
        "PUT",
        "/users/<uuid:user_id>/options",
        "setUserOptions",
        "The options of guide 003 (only those given change)",
        TAG,
        s.UserOptions,
        200,
        s.UserOptions,
        features=("ACC-16",),
    ),
    op(
        "PUT",
        "/users/<uuid:user_id>/sip-credentials",
        "setSipCredentials",
        "Default, registration or calling SIP credentials; the password is stored encrypted and never returned",
        TAG,
        s.SipCredential,
        200,
        s.SipCredentialsWrite,
        features=("ACC-16",),
    ),
    op(
        "POST",
        "/users/<uuid:user_id>/sip-credentials/generate",
        "generateSipCredentials",
        "New random SIP credentials of one kind; the password is in this answer only",
        TAG,
        s.SipGenerated,
        201,
        s.SipGenerate,
        features=("ACC-16",),
    ),
    op(
        "PUT",
        "/users/<uuid:user_id>/group-administrator",
        "setGroupAdministrator",
        "Make the line the administrator of a department, or stop it being one",
        TAG,
        s.User,
        200,
        s.GroupAdministrator,
        features=("ACC-19",),
    ),
    op(
        "POST",
        "/users/<uuid:user_id>/reset",
        "resetLine",
        "Reset the line for another subscriber (irreversible); the new credentials are in this answer only",
        TAG,
        s.LineResetDone,
        200,
        s.ResetLine,
        features=("ACC-18",),
    ),
    op(
        "POST",
        "/users/<uuid:user_id>/activation",
        "resendActivation",
        "Change the activation address and send the activation e-mail again",
        TAG,
        s.UserFull,
        200,
        s.Activation,
        features=("ACC-10", "ACC-13"),
    ),
    op(
        "POST",
        "/users/<uuid:user_id>/mail",
        "sendUserMail",
        "E-mail the user their access codes (user number and a link to choose a password) or a message",
        TAG,
        None,
        202,
        s.UserMail,
        features=("ACC-12",),
    ),
)
HANDLERS = {
    "listUsers": list_users,
    "exportUsers": export_users,
    "createUser": create_user,
    "getUser": get_user,
    "updateUser": update_user,
    "deleteUser": delete_user,
    "setUserOptions": set_options,
    "setSipCredentials": set_sip,
    "generateSipCredentials": generate_sip,
    "setGroupAdministrator": set_group_administrator,
    "resetLine": reset_line,
    "resendActivation": resend_activation,
    "sendUserMail": send_mail,
}
