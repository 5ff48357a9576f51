"""Handlers of /api/v1: validate at the edge, call the owning service, answer JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from gateway.api import schemas
from gateway.backends import Backend
from gateway.web import RequestContext, json_response
from relais_kit.validation import load

Handler = Callable[..., Response]


class InvalidJson(Exception):
    pass


def body(ctx: RequestContext, schema: type[Any]) -> Any:
    try:
        data = json.loads(ctx.request.get_data(as_text=True) or "null")
    except ValueError:
        raise InvalidJson() from None
    return load(schema(), data)


def raw_body(ctx: RequestContext) -> Any:
    """For bodies whose rules belong to the owning service (set-up steps)."""
    try:
        return json.loads(ctx.request.get_data(as_text=True) or "null")
    except ValueError:
        raise InvalidJson() from None


def query(ctx: RequestContext, schema: type[Any]) -> dict[str, Any]:
    """Only the documented query parameters go on; the owning service checks their values."""
    known = schema().fields
    return {k: v for k, v in ctx.request.args.items() if k in known}


def reply(ctx: RequestContext, data: Any, status: int = 200, schema: type[Any] | None = None) -> Response:
    return ctx.finish(json_response(schema().dump(data) if schema else data, status))


def no_content(ctx: RequestContext) -> Response:
    return ctx.finish(Response(status=204))


def jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """marshmallow loads UUIDs and dates as objects; the bus carries JSON."""
    return json.loads(json.dumps(data, default=str))


# sessions and secrets
def create_session(ctx: RequestContext, accounts: Backend) -> Response:
    credentials = body(ctx, schemas.SessionCreate)
    profile = accounts.call("authenticate", credentials)
    token = ctx.start_session(profile)
    session = {"token": token, "idle_timeout_seconds": ctx.settings.session_idle_seconds, "user": profile}
    return reply(ctx, session, 201, schemas.SessionCreated)


def end_session(ctx: RequestContext, accounts: Backend) -> Response:
    ctx.end_session()
    return no_content(ctx)


def request_password_reset(ctx: RequestContext, accounts: Backend) -> Response:
    data = body(ctx, schemas.ResetRequest)
    accounts.call("request_password_reset", {**data, "reset_url": f"{ctx.settings.public_url}/reset-password"})
    return ctx.finish(Response(status=202))


def confirm_password_reset(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("reset_password", body(ctx, schemas.ResetConfirm)))


# me
def me(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("get_profile", ctx.caller), schema=schemas.Profile)


def update_me(ctx: RequestContext, accounts: Backend) -> Response:
    accounts.call("update_profile", ctx.caller, body(ctx, schemas.ProfileUpdate))
    profile = accounts.call("get_profile", ctx.caller)
    ctx.refresh_profile(profile)
    return reply(ctx, profile, schema=schemas.Profile)


def set_presence(ctx: RequestContext, accounts: Backend) -> Response:
    data = body(ctx, schemas.PresenceUpdate)
    profile = accounts.call("set_presence", ctx.caller, data["presence"])
    ctx.refresh_profile(profile)
    return reply(ctx, profile, schema=schemas.Profile)


def change_password(ctx: RequestContext, accounts: Backend) -> Response:
    accounts.call("change_password", ctx.caller, body(ctx, schemas.PasswordChange))
    return no_content(ctx)


def change_pin(ctx: RequestContext, accounts: Backend) -> Response:
    accounts.call("change_pin", ctx.caller, body(ctx, schemas.PinChange))
    return no_content(ctx)


# users
def unlock_user(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    return reply(ctx, accounts.call("unlock_user", ctx.caller, str(user_id)), schema=schemas.Profile)


def act_as_user(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    profile = accounts.call("act_as", ctx.caller, str(user_id))
    token = ctx.create_session(profile)
    session = {"token": token, "idle_timeout_seconds": ctx.settings.session_idle_seconds, "user": profile}
    return reply(ctx, session, 201, schemas.SessionCreated)


# resellers
def raw_json(ctx: RequestContext, document: str, status: int = 200) -> Response:
    """A JSON document the owning service already wrote: passed on without decoding and encoding it again."""
    return ctx.finish(Response(document, status=status, mimetype="application/json"))


def list_resellers(ctx: RequestContext, accounts: Backend) -> Response:
    return raw_json(ctx, accounts.call("list_resellers_json", ctx.caller, query(ctx, schemas.ListQuery)))


def create_reseller(ctx: RequestContext, accounts: Backend) -> Response:
    data = jsonable(body(ctx, schemas.ResellerCreateFull))
    return reply(ctx, accounts.call("create_reseller", ctx.caller, data), 201)


def get_reseller(ctx: RequestContext, accounts: Backend, reseller_id: Any) -> Response:
    return reply(ctx, accounts.call("get_reseller", ctx.caller, str(reseller_id)))


def update_reseller(ctx: RequestContext, accounts: Backend, reseller_id: Any) -> Response:
    data = jsonable(body(ctx, schemas.ResellerWrite))
    return reply(ctx, accounts.call("update_reseller", ctx.caller, str(reseller_id), data))


def delete_reseller(ctx: RequestContext, accounts: Backend, reseller_id: Any) -> Response:
    accounts.call("delete_reseller", ctx.caller, str(reseller_id))
    return no_content(ctx)


def update_branding(ctx: RequestContext, accounts: Backend, reseller_id: Any) -> Response:
    data = jsonable(body(ctx, schemas.Branding))
    return reply(ctx, accounts.call("update_branding", ctx.caller, str(reseller_id), data))


def set_logo(ctx: RequestContext, accounts: Backend, reseller_id: Any) -> Response:
    data = body(ctx, schemas.Logo)
    return reply(ctx, accounts.call("set_logo", ctx.caller, str(reseller_id), data["content_base64"], data["mime"]))


# customers
def list_customers(ctx: RequestContext, accounts: Backend) -> Response:
    return raw_json(ctx, accounts.call("list_customers_json", ctx.caller, query(ctx, schemas.ListQuery)))


def create_customer(ctx: RequestContext, accounts: Backend) -> Response:
    data = jsonable(body(ctx, schemas.CustomerCreate))
    return reply(ctx, accounts.call("create_customer", ctx.caller, data), 201)


def get_customer(ctx: RequestContext, accounts: Backend, customer_id: Any) -> Response:
    return reply(ctx, accounts.call("get_customer", ctx.caller, str(customer_id)))


def update_customer(ctx: RequestContext, accounts: Backend, customer_id: Any) -> Response:
    data = jsonable(body(ctx, schemas.CustomerUpdate))
    return reply(ctx, accounts.call("update_customer", ctx.caller, str(customer_id), data))


def delete_customer(ctx: RequestContext, accounts: Backend, customer_id: Any) -> Response:
    accounts.call("delete_customer", ctx.caller, str(customer_id))
    return no_content(ctx)


def list_customer_users(ctx: RequestContext, accounts: Backend, customer_id: Any) -> Response:
    users = accounts.call("list_users_of", ctx.caller, str(customer_id))
    return reply(ctx, {"items": users}, schema=schemas.UserList)


# departments
def list_departments(ctx: RequestContext, accounts: Backend, enterprise_id: Any) -> Response:
    return reply(ctx, {"items": accounts.call("list_departments", ctx.caller, str(enterprise_id))})


def create_department(ctx: RequestContext, accounts: Backend, enterprise_id: Any) -> Response:
    data = jsonable(body(ctx, schemas.DepartmentWrite))
    return reply(ctx, accounts.call("create_department", ctx.caller, str(enterprise_id), data), 201)


def update_department(ctx: RequestContext, accounts: Backend, department_id: Any) -> Response:
    data = jsonable(body(ctx, schemas.DepartmentWrite))
    return reply(ctx, accounts.call("update_department", ctx.caller, str(department_id), data))


def delete_department(ctx: RequestContext, accounts: Backend, department_id: Any) -> Response:
    accounts.call("delete_department", ctx.caller, str(department_id))
    return no_content(ctx)


# settings, administrators, set-up
def get_settings(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("get_settings", ctx.caller))


def update_contact(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("update_tenant_contact", ctx.caller, body(ctx, schemas.Contact)))


def update_support(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("update_support", ctx.caller, body(ctx, schemas.Support)))


def list_administrators(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, {"items": accounts.call("list_administrators", ctx.caller)}, schema=schemas.UserList)


def create_administrator(ctx: RequestContext, accounts: Backend) -> Response:
    created = accounts.call("create_administrator", ctx.caller, body(ctx, schemas.AdministratorCreate))
    return reply(ctx, created, 201, schemas.Profile)


def delete_administrator(ctx: RequestContext, accounts: Backend, user_id: Any) -> Response:
    accounts.call("delete_administrator", ctx.caller, str(user_id))
    return no_content(ctx)


def get_setup(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("setup_state", ctx.caller))


def save_setup_step(ctx: RequestContext, accounts: Backend, step: str) -> Response:
    return reply(ctx, accounts.call("save_setup_step", ctx.caller, step, raw_body(ctx)))


# audit
def list_audit_log(ctx: RequestContext, accounts: Backend) -> Response:
    return reply(ctx, accounts.call("audit_log", ctx.caller, query(ctx, schemas.AuditQuery)))


CORE_HANDLERS: dict[str, Handler] = {
    "createSession": create_session,
    "endSession": end_session,
    "requestPasswordReset": request_password_reset,
    "confirmPasswordReset": confirm_password_reset,
    "getMe": me,
    "updateMe": update_me,
    "setPresence": set_presence,
    "changePassword": change_password,
    "changePin": change_pin,
    "unlockUser": unlock_user,
    "actAsUser": act_as_user,
    "listResellers": list_resellers,
    "createReseller": create_reseller,
    "getReseller": get_reseller,
    "updateReseller": update_reseller,
    "deleteReseller": delete_reseller,
    "updateBranding": update_branding,
    "setLogo": set_logo,
    "listCustomers": list_customers,
    "createCustomer": create_customer,
    "getCustomer": get_customer,
    "updateCustomer": update_customer,
    "deleteCustomer": delete_customer,
    "listCustomerUsers": list_customer_users,
    "listDepartments": list_departments,
    "createDepartment": create_department,
    "updateDepartment": update_department,
    "deleteDepartment": delete_department,
    "getSettings": get_settings,
    "updateContact": update_contact,
    "updateSupport": update_support,
    "listAdministrators": list_administrators,
    "createAdministrator": create_administrator,
    "deleteAdministrator": delete_administrator,
    "getSetup": get_setup,
    "saveSetupStep": save_setup_step,
    "listAuditLog": list_audit_log,
}
