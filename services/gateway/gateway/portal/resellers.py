"""The Resellers page of the system administrator (ACC-08): list, create with the first administrator and the
brand, edit details and brand, upload the logo, delete."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal import branding
from gateway.portal.forms import Errors, errors_of, list_query, optional, pages, submitted
from gateway.portal.navigation import go
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import DomainError, PermissionDenied, ValidationFailed

DETAILS = ("name", "contact_email", "contact_phone", "address", "language", "billing_owner")
ADMINISTRATOR = ("administrator.identifier", "administrator.display_name", "administrator.email")
SAVED_NOTICES = {
    "details": N_("The reseller's details are saved."),
    "branding": N_("The brand is saved."),
    "logo": N_("The logo is saved."),
}


def index(ctx: RequestContext, accounts: Backend) -> Response:
    query = list_query(ctx)
    result = accounts.call("list_resellers", ctx.caller, query)
    created = _name_of(ctx, accounts, ctx.request.args.get("created"))
    deleted = ctx.request.args.get("deleted")
    return render(
        ctx,
        "resellers/list.html",
        help_topic="resellers",
        result=result,
        page_count=pages(result),
        search=query["search"],
        created=ctx.request.args.get("created"),
        created_name=created,
        deleted=deleted,
    )


def _name_of(ctx: RequestContext, accounts: Backend, reseller_id: str | None) -> str | None:
    if not reseller_id:
        return None
    try:
        return str(accounts.call("get_reseller", ctx.caller, reseller_id)["name"])
    except DomainError:
        return None


def system_only(ctx: RequestContext) -> None:
    """Pages only the system administrator has (accounts checks every call as well)."""
    if ctx.profile["role"] != "system_admin":
        raise PermissionDenied("reseller.update")


def new(ctx: RequestContext, status: int = 200, **values: object) -> Response:
    system_only(ctx)
    defaults: dict[str, object] = {"values": {"language": ctx.language, "billing_owner": "reseller"}, "errors": {}}
    defaults.update(values)
    return render(ctx, "resellers/new.html", status=status, help_topic="reseller-new", **defaults)


def create(ctx: RequestContext, accounts: Backend) -> Response:
    values = submitted(ctx, *DETAILS, *ADMINISTRATOR, *branding.FIELDS)
    payload: dict[str, Any] = {k: optional(v) for k, v in values.items() if not k.startswith("administrator.")}
    payload["name"], payload["language"] = values["name"], values["language"]
    payload["billing_owner"] = values["billing_owner"]
    administrator = {k.split(".", 1)[1]: values[k] for k in ADMINISTRATOR}
    password = ctx.request.form.get("administrator.password") or ""
    if any(administrator.values()) or password:
        payload["administrator"] = {**administrator, "password": password, "language": values["language"]}
    try:
        reseller = accounts.call("create_reseller", ctx.caller, payload)
    except ValidationFailed as exc:
        return new(ctx, 422, values=values, errors=errors_of(ctx, exc))
    return go(ctx, "/resellers", created=reseller["id"])


def edit(
    ctx: RequestContext, accounts: Backend, reseller_id: str, status: int = 200, **forms: dict[str, Any]
) -> Response:
    """The reseller's page: details, brand and logo, each its own form; a form with errors keeps what was typed.
    A reseller administrator brands its own portal in Settings."""
    system_only(ctx)
    reseller = accounts.call("get_reseller", ctx.caller, reseller_id)
    saved = ctx.request.args.get("saved", "")
    errors: dict[str, Errors] = {k[:-7]: v for k, v in forms.items() if k.endswith("_errors")}
    return render(
        ctx,
        "resellers/edit.html",
        status=status,
        help_topic="reseller-edit",
        reseller=reseller,
        details=forms.get("details") or {k: reseller.get(k) or "" for k in DETAILS},
        brand_values=forms.get("branding") or branding.values_of(reseller),
        errors=errors,
        saved=ctx._(SAVED_NOTICES[saved]) if saved in SAVED_NOTICES else None,
    )


def update(ctx: RequestContext, accounts: Backend, reseller_id: str) -> Response:
    """accounts replaces the whole record, so the brand and support fields go back as they are."""
    current = accounts.call("get_reseller", ctx.caller, reseller_id)
    values = submitted(ctx, *DETAILS)
    payload: dict[str, Any] = {k: current.get(k) for k in (*branding.FIELDS, *branding.SUPPORT_FIELDS)}
    payload.update({k: optional(v) for k, v in values.items()})
    payload["name"], payload["language"] = values["name"], values["language"]
    try:
        accounts.call("update_reseller", ctx.caller, reseller_id, payload)
    except ValidationFailed as exc:
        return edit(ctx, accounts, reseller_id, 422, details=values, details_errors=errors_of(ctx, exc))
    return go(ctx, f"/resellers/{reseller_id}", saved="details")


def update_branding(ctx: RequestContext, accounts: Backend, reseller_id: str) -> Response:
    values, errors = branding.save(ctx, accounts, reseller_id)
    if errors:
        return edit(ctx, accounts, reseller_id, 422, branding=values, branding_errors=errors)
    return go(ctx, f"/resellers/{reseller_id}", saved="branding")


def upload_logo(ctx: RequestContext, accounts: Backend, reseller_id: str) -> Response:
    errors = branding.save_logo(ctx, accounts, reseller_id)
    if errors:
        return edit(ctx, accounts, reseller_id, 422, logo_errors=errors)
    return go(ctx, f"/resellers/{reseller_id}", saved="logo")


def confirm_delete(ctx: RequestContext, accounts: Backend, reseller_id: str, errors: Errors | None = None) -> Response:
    system_only(ctx)
    reseller = accounts.call("get_reseller", ctx.caller, reseller_id)
    return render(
        ctx,
        "confirm_delete.html",
        status=422 if errors else 200,
        help_topic="resellers",
        active="resellers",
        title=ctx._("Delete the reseller %(name)s?", name=reseller["name"]),
        warning=ctx._("Its administrators are deleted with it. This cannot be undone."),
        action=f"/resellers/{reseller_id}/delete",
        cancel=f"/resellers/{reseller_id}",
        errors=errors or {},
    )


def delete(ctx: RequestContext, accounts: Backend, reseller_id: str) -> Response:
    try:
        accounts.call("delete_reseller", ctx.caller, reseller_id)
    except ValidationFailed as exc:
        return confirm_delete(ctx, accounts, reseller_id, errors_of(ctx, exc))
    return go(ctx, "/resellers", deleted="1")
