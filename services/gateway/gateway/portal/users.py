"""The Users page of an enterprise and the actions on a line (guides 002, 003 and 004; ACC-07, 09..14, 16..19).

accounts decides who reaches which user and checks every field; these views only gather the form, show what
accounts returns and name its mistakes. New passwords and PINs are shown once, on the page that answers the
action, never put in a URL or stored by the gateway."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound as PageNotFound
from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.csv_export import csv_response
from gateway.i18n import N_
from gateway.portal.forms import Errors, errors_of, optional, pages, submitted
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.rendering import capabilities, render
from gateway.users_export import COLUMNS, export_rows
from gateway.web import RequestContext
from relais_kit.errors import DomainError, NotFound, ValidationFailed

PAGE_SIZE = 50
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LIST_PARAMS = ("letter", "search", "column", "sort", "desc", "status", "view")
SORTABLE = (
    "user_number",
    "display_name",
    "extension",
    "dids",
    "status",
    "department_name",
    "telephone_sessions",
    "last_telephone_session_at",
)
SEARCH_COLUMNS = {
    "user_number": N_("ID"),
    "display_name": N_("User"),
    "extension": N_("Ext"),
    "dids": N_("DID"),
    "email": N_("E-mail"),
    "department_name": N_("Department"),
}
STATUS_LABELS = {
    "pending": N_("Pending activation"),
    "activated": N_("Activated"),
    "not_activated": N_("Not activated"),
}
DETAILS = ("first_name", "last_name", "email", "language", "phone", "department_id", "enterprise_role", "extension")
OPTIONS_NUMBERS = ("max_messages_fetched", "max_contacts", "max_voicemails", "max_faxes")
OPTIONS_FLAGS = (
    "public_contacts_access",
    "admin_managed",
    "assistant_on_received_calls",
    "assistant_after_placed_calls",
)
SIP_KINDS = {
    "default": N_("Default SIP user account (user name and password)"),
    "registration": N_("SIP account codes (phone registration)"),
    "calling": N_("Codes for placing SIP calls"),
}
SAVED = {
    "created": N_("The user is created."),
    "created_mailed": N_("The user is created; the welcome e-mail with the activation link is on its way."),
    "saved": N_("The user's details are saved."),
    "options": N_("The options are saved."),
    "sip": N_("The SIP credentials are saved."),
    "group_admin": N_("The group administrators are saved."),
    "activation": N_("The activation e-mail is sent again."),
    "mailed": N_("The e-mail is sent."),
    "deleted": N_("The user is deleted."),
    "removed": N_("The user is removed from the company."),
    "unlocked": N_("The account is unlocked: its user can sign in again."),
}
ENTERPRISE_ROLES = {
    "administrator": N_("Administrator"),
    "office_manager": N_("Office manager"),
    "receptionist": N_("Receptionist"),
    "technical_support": N_("Technical support"),
}
ADMINISTRATORS = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator"})


def reset_url(ctx: RequestContext) -> str:
    return f"{ctx.settings.public_url}/reset-password"


def notice(ctx: RequestContext) -> str | None:
    saved = ctx.request.args.get("saved", "")
    return ctx._(SAVED[saved]) if saved in SAVED else None


def own(ctx: RequestContext, backends: Backends) -> Response:
    """The Users menu item: the enterprise of the signed-in administrator or manager."""
    if ctx.profile.get("tenant_kind") == "enterprise":
        return go(ctx, f"/enterprises/{ctx.profile['tenant_id']}/users")
    if ctx.profile.get("role") in ("system_admin", "reseller_admin"):
        return go(ctx, "/customers")
    raise NotFound("enterprise")


def _filters(ctx: RequestContext) -> tuple[dict[str, str], dict[str, Any]]:
    """The list's URL parameters as given, and the query for accounts (which checks them)."""
    args = {k: (ctx.request.args.get(k) or "").strip()[:100] for k in LIST_PARAMS}
    page_text = ctx.request.args.get("page") or "1"
    page = int(page_text) if page_text.isdigit() and 0 < int(page_text) <= 100000 else 1
    query: dict[str, Any] = {"page": page, "page_size": PAGE_SIZE, "sort": args["sort"] or "display_name"}
    query["descending"] = args["desc"] == "1"
    for key in ("letter", "search", "column", "status"):
        if args[key]:
            query[key] = args[key]
    return args, query


def _link(path: str, args: dict[str, str], **changes: str) -> str:
    kept = {k: v for k, v in {**args, **changes}.items() if v}
    return f"{path}?{urlencode(kept)}" if kept else path


def index(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    args, query = _filters(ctx)
    accounts = backends.accounts
    errors: Errors = {}
    result: dict[str, Any] = {"items": [], "total": 0, "page": 1, "page_size": PAGE_SIZE}
    try:
        result = accounts.call("list_users", ctx.caller, enterprise_id, query)
    except ValidationFailed as exc:
        errors = errors_of(ctx, exc)
    customer = _enterprise(ctx, backends, enterprise_id)
    path = f"/enterprises/{enterprise_id}/users"
    sort_links = {
        column: _link(
            path,
            {**args, "page": ""},
            sort=column,
            desc="1" if args["sort"] == column and args["desc"] != "1" else "",
        )
        for column in SORTABLE
    }
    return render(
        ctx,
        "users/list.html",
        status=422 if errors else 200,
        help_topic="users",
        active="users",
        enterprise_id=enterprise_id,
        enterprise=customer,
        result=result,
        page_count=pages(result),
        args=args,
        errors=errors,
        path=path,
        letters=LETTERS,
        letter_links={letter: _link(path, {**args, "page": ""}, letter=letter) for letter in LETTERS},
        all_link=_link(path, {**args, "page": "", "letter": ""}),
        sort_links=sort_links,
        status_labels=STATUS_LABELS,
        search_columns=SEARCH_COLUMNS,
        page_links={
            "prev": _link(path, args, page=str(result["page"] - 1)),
            "next": _link(path, args, page=str(result["page"] + 1)),
        },
        csv_link=_link(f"{path}.csv", {k: v for k, v in args.items() if k != "view"}),
        capped_total=f"{int(result['total']):,}".replace(",", "\u00a0" if ctx.language == "fr" else ","),
        may_administer=bool(capabilities(ctx.profile) & ADMINISTRATORS),
        saved=notice(ctx),
    )


def _enterprise(ctx: RequestContext, backends: Backends, enterprise_id: str) -> dict[str, Any] | None:
    """The enterprise's name for the title; a department manager may not read the account itself."""
    try:
        return dict(backends.accounts.call("get_customer", ctx.caller, enterprise_id))
    except DomainError:
        return None


def export(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    _args, query = _filters(ctx)
    query = {k: v for k, v in query.items() if k not in ("page", "page_size")}
    rows = export_rows(ctx, backends.accounts, enterprise_id, query)
    return csv_response(ctx, "users", [ctx._(h) for _, h in COLUMNS], rows)


# creating and editing (ACC-13, ACC-19)
def _departments(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[tuple[str, str]]:
    try:
        found = backends.accounts.call("list_departments", ctx.caller, enterprise_id)
    except DomainError:
        return []
    return [(str(d["id"]), str(d["name"])) for d in sorted(found, key=lambda d: str(d["name"]).lower())]


def _form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    user: dict[str, Any] | None,
    values: dict[str, Any],
    errors: Errors,
    status: int = 200,
) -> Response:
    departments = _departments(ctx, backends, enterprise_id)
    return render(
        ctx,
        "users/form.html",
        status=status,
        help_topic="users",
        active="users",
        enterprise_id=enterprise_id,
        user=user,
        values=values,
        errors=errors,
        department_options=[("", ctx._("No department")), *departments],
        departments=departments,
        role_options=[("", ctx._("Employee"))] + [(k, ctx._(v)) for k, v in ENTERPRISE_ROLES.items()],
        language_options=[("fr", ctx._("French")), ("en", ctx._("English"))],
        status_labels=STATUS_LABELS,
        saved=notice(ctx),
    )


def new(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    backends.accounts.call("list_users", ctx.caller, enterprise_id, {"page_size": 1})  # reach check
    values = {"language": ctx.language, "user_number": "", "send_welcome": True}
    return _form(ctx, backends, enterprise_id, None, values, {})


def create(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values: dict[str, Any] = submitted(ctx, *DETAILS, "user_number", "identifier")
    values["send_welcome"] = bool(ctx.request.form.get("send_welcome"))
    payload: dict[str, Any] = {k: optional(v) for k, v in values.items() if k in DETAILS or k == "identifier"}
    payload.update(first_name=values["first_name"], last_name=values["last_name"], email=values["email"])
    payload["language"] = values["language"] or ctx.language
    payload["user_number"] = values["user_number"] or "-1"
    if values["send_welcome"]:
        payload["activation_url"] = reset_url(ctx)
    try:
        created = backends.accounts.call("create_user", ctx.caller, enterprise_id, payload)
    except ValidationFailed as exc:
        return _form(ctx, backends, enterprise_id, None, values, errors_of(ctx, exc), 422)
    saved = "created_mailed" if values["send_welcome"] else "created"
    return go(ctx, f"/users/{created['id']}/edit", saved=saved)


def _user(ctx: RequestContext, backends: Backends, user_id: str) -> dict[str, Any]:
    return dict(backends.accounts.call("get_user", ctx.caller, user_id))


def edit(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    user = _user(ctx, backends, user_id)
    values = {k: "" if user.get(k) is None else str(user.get(k)) for k in DETAILS}
    values["activation_email"] = user.get("activation_email") or ""
    return _form(ctx, backends, str(user["tenant_id"]), user, values, {})


def update(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    user = _user(ctx, backends, user_id)
    values: dict[str, Any] = submitted(ctx, *DETAILS)
    payload: dict[str, Any] = {k: optional(v) for k, v in values.items()}
    payload.update(first_name=values["first_name"], last_name=values["last_name"], email=values["email"])
    payload["language"] = values["language"] or user["language"]
    try:
        backends.accounts.call("update_user", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        values["activation_email"] = user.get("activation_email") or ""
        return _form(ctx, backends, str(user["tenant_id"]), user, values, errors_of(ctx, exc), 422)
    return go(ctx, f"/users/{user_id}/edit", saved="saved")


def group_admin(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    """Make the line the administrator of a department ("gestionnaire de groupe d'affaires"), or stop it."""
    user = _user(ctx, backends, user_id)
    payload = {
        "department_id": ctx.request.form.get("department_id") or None,
        "administrator": ctx.request.form.get("administrator") == "1",
    }
    try:
        backends.accounts.call("set_group_administrator", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        values = {k: "" if user.get(k) is None else str(user.get(k)) for k in DETAILS}
        values["activation_email"] = user.get("activation_email") or ""
        return _form(ctx, backends, str(user["tenant_id"]), user, values, errors_of(ctx, exc), 422)
    return go(ctx, f"/users/{user_id}/edit", saved="group_admin")


def resend_activation(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    """Guide 002, 5.3: change the activation address, then "Renvoyer le courriel" (also a pending reminder)."""
    user = _user(ctx, backends, user_id)
    address = (ctx.request.form.get("activation_email") or "").strip()
    payload = {"activation_email": address or None, "activation_url": reset_url(ctx)}
    try:
        backends.accounts.call("resend_activation", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        values = {k: "" if user.get(k) is None else str(user.get(k)) for k in DETAILS}
        values["activation_email"] = address
        return _form(ctx, backends, str(user["tenant_id"]), user, values, errors_of(ctx, exc), 422)
    back = ctx.request.form.get("back") or f"/users/{user_id}/edit"
    return go(ctx, back if back.startswith("/enterprises/") else f"/users/{user_id}/edit", saved="activation")


# options and SIP credentials (ACC-16)
def _options_page(
    ctx: RequestContext,
    backends: Backends,
    user: dict[str, Any],
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
    generated: dict[str, Any] | None = None,
) -> Response:
    options = user["options"]
    if values is None:
        values = {
            k: "" if options.get(k) is None else str(options[k]) for k in (*OPTIONS_NUMBERS, "account_expires_on")
        }
        values.update({k: bool(options.get(k)) for k in OPTIONS_FLAGS})
    response = render(
        ctx,
        "users/options.html",
        status=status,
        help_topic="users",
        active="users",
        user=user,
        values=values,
        errors=errors or {},
        credentials={c["kind"]: c for c in user["sip_credentials"]},
        sip_kinds=SIP_KINDS,
        generated=generated,
        saved=notice(ctx),
    )
    if generated:
        response.headers["Cache-Control"] = "no-store"
    return response


def options(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    return _options_page(ctx, backends, _user(ctx, backends, user_id))


def save_options(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    typed: dict[str, Any] = submitted(ctx, *OPTIONS_NUMBERS, "account_expires_on")
    flags = {k: ctx.request.form.get(k) == "on" for k in OPTIONS_FLAGS}
    payload: dict[str, Any] = {k: (int(v) if v.lstrip("-").isdigit() else v) for k, v in typed.items()}
    payload["account_expires_on"] = typed["account_expires_on"] or None
    payload.update(flags)
    try:
        backends.accounts.call("set_user_options", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        user = _user(ctx, backends, user_id)
        return _options_page(ctx, backends, user, {**typed, **flags}, errors_of(ctx, exc), 422)
    return go(ctx, f"/users/{user_id}/options", saved="options")


def save_sip(ctx: RequestContext, backends: Backends, user_id: str, kind: str) -> Response:
    if kind not in SIP_KINDS:
        raise PageNotFound()
    payload = {
        "username": (ctx.request.form.get(f"{kind}.username") or "").strip(),
        "password": ctx.request.form.get(f"{kind}.password") or "",
    }
    try:
        backends.accounts.call("set_sip_credentials", ctx.caller, user_id, kind, payload)
    except ValidationFailed as exc:
        user = _user(ctx, backends, user_id)
        errors = {f"{kind}.{k}": v for k, v in errors_of(ctx, exc).items()}
        return _options_page(ctx, backends, user, None, errors, 422)
    return go(ctx, f"/users/{user_id}/options", saved="sip")


def generate_sip(ctx: RequestContext, backends: Backends, user_id: str, kind: str) -> Response:
    """The new password is on this answer only (not a redirect): it is never shown again."""
    if kind not in SIP_KINDS:
        raise PageNotFound()
    generated = backends.accounts.call("generate_sip_credentials", ctx.caller, user_id, kind)
    return _options_page(ctx, backends, _user(ctx, backends, user_id), generated=generated)


# e-mail to the user (ACC-12)
def mail_form(
    ctx: RequestContext,
    backends: Backends,
    user_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    user = _user(ctx, backends, user_id)
    return render(
        ctx,
        "users/mail.html",
        status=status,
        help_topic="users",
        active="users",
        user=user,
        values=values or {"kind": "access_codes"},
        errors=errors or {},
    )


def send_mail(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    values: dict[str, Any] = submitted(ctx, "kind", "subject")
    values["body"] = ctx.request.form.get("body") or ""
    payload: dict[str, Any] = {"kind": values["kind"]}
    if values["kind"] == "message":
        payload.update(subject=values["subject"] or None, body=values["body"] or None)
    else:
        payload["access_url"] = reset_url(ctx)
    try:
        backends.accounts.call("send_user_mail", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        return mail_form(ctx, backends, user_id, values, errors_of(ctx, exc), 422)
    user = _user(ctx, backends, user_id)
    return go(ctx, f"/enterprises/{user['tenant_id']}/users", saved="mailed")


# deleting (ACC-17)
def confirm_delete(ctx: RequestContext, backends: Backends, user_id: str, errors: Errors | None = None) -> Response:
    user = _user(ctx, backends, user_id)
    return render(
        ctx,
        "users/delete.html",
        status=422 if errors else 200,
        help_topic="users",
        active="users",
        user=user,
        errors=errors or {},
    )


def delete(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    user = _user(ctx, backends, user_id)
    scope = "system" if ctx.request.form.get("scope") == "system" else "company"
    payload = {"scope": scope, "notify": ctx.request.form.get("notify") == "on"}
    try:
        backends.accounts.call("delete_user", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        return confirm_delete(ctx, backends, user_id, errors_of(ctx, exc))
    saved = "deleted" if scope == "system" else "removed"
    return go(ctx, f"/enterprises/{user['tenant_id']}/users", saved=saved)


# resetting a line (ACC-18): a form, a second confirmation, then the new credentials once
def reset_form(ctx: RequestContext, backends: Backends, user_id: str, errors: Errors | None = None) -> Response:
    user = _user(ctx, backends, user_id)
    return render(
        ctx,
        "users/reset.html",
        status=422 if errors else 200,
        help_topic="users",
        active="users",
        user=user,
        step="ask",
        leave_groups=True,
        errors=errors or {},
    )


def reset(ctx: RequestContext, backends: Backends, user_id: str) -> Response:
    user = _user(ctx, backends, user_id)
    leave_groups = ctx.request.form.get("leave_groups") == "on"
    if ctx.request.form.get("step") != "confirm":
        # the first OK: the warning that everything is lost and that it cannot be undone
        return render(
            ctx,
            "users/reset.html",
            help_topic="users",
            active="users",
            user=user,
            step="confirm",
            leave_groups=leave_groups,
            errors={},
        )
    payload = {"confirm": ctx.request.form.get("confirm") == "yes", "leave_groups": leave_groups}
    try:
        done = backends.accounts.call("reset_line", ctx.caller, user_id, payload)
    except ValidationFailed as exc:
        return reset_form(ctx, backends, user_id, errors_of(ctx, exc))
    response = render(ctx, "users/reset_done.html", help_topic="users", active="users", done=done)
    response.headers["Cache-Control"] = "no-store"
    return response


PAGES = [
    Page("GET", "/users", own),
    Page("GET", "/enterprises/<enterprise_id>/users", index),
    Page("GET", "/enterprises/<enterprise_id>/users.csv", export),
    Page("GET", "/enterprises/<enterprise_id>/users/new", new),
    Page("POST", "/enterprises/<enterprise_id>/users/new", create),
    Page("GET", "/users/<user_id>/edit", edit),
    Page("POST", "/users/<user_id>/edit", update),
    Page("POST", "/users/<user_id>/group-admin", group_admin),
    Page("POST", "/users/<user_id>/activation", resend_activation),
    Page("GET", "/users/<user_id>/options", options),
    Page("POST", "/users/<user_id>/options", save_options),
    Page("POST", "/users/<user_id>/sip/<kind>", save_sip),
    Page("POST", "/users/<user_id>/sip/<kind>/generate", generate_sip),
    Page("GET", "/users/<user_id>/mail", mail_form),
    Page("POST", "/users/<user_id>/mail", send_mail),
    Page("GET", "/users/<user_id>/delete", confirm_delete),
    Page("POST", "/users/<user_id>/delete", delete),
    Page("GET", "/users/<user_id>/reset", reset_form),
    Page("POST", "/users/<user_id>/reset", reset),
]
