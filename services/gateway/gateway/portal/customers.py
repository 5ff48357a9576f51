"""Customers of a reseller: enterprises (many users) and professionals (one user) (ACC-01, ACC-02, ACC-07)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal.forms import errors_of, list_query, optional, pages, submitted
from gateway.portal.navigation import go, safe_next
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import PermissionDenied, ValidationFailed

DETAILS = ("name", "contact_email", "contact_phone", "address", "language", "time_zone")
ADMINISTRATOR = ("administrator.identifier", "administrator.display_name", "administrator.email")
TIME_ZONES = (
    "America/St_Johns",
    "America/Halifax",
    "America/Moncton",
    "America/Toronto",
    "America/Winnipeg",
    "America/Regina",
    "America/Edmonton",
    "America/Vancouver",
    "America/Whitehorse",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/Paris",
    "Europe/London",
    "UTC",
)
SAVED_NOTICES = {
    "details": N_("The account's details are saved."),
    "unlocked": N_("The account is unlocked: its user can sign in again."),
}


def zone_options(current: str | None) -> list[tuple[str, str]]:
    """The usual zones, and the account's own if it is another one."""
    zones = list(TIME_ZONES) if not current or current in TIME_ZONES else [current, *TIME_ZONES]
    return [(zone, zone.replace("_", " ")) for zone in zones]


def _resellers(ctx: RequestContext, accounts: Backend) -> list[dict[str, Any]]:
    """The system administrator picks the reseller that sells the account; a reseller sells its own."""
    if ctx.profile["role"] != "system_admin":
        return []
    return list(accounts.call("list_resellers", ctx.caller, {"page_size": 1000})["items"])


def index(ctx: RequestContext, accounts: Backend) -> Response:
    query = list_query(ctx)
    result = accounts.call("list_customers", ctx.caller, query)
    reseller_names = {r["id"]: r["name"] for r in _resellers(ctx, accounts)}
    return render(
        ctx,
        "customers/list.html",
        help_topic="customers",
        result=result,
        page_count=pages(result),
        search=query["search"],
        reseller_names=reseller_names,
        created=ctx.request.args.get("created"),
        deleted=ctx.request.args.get("deleted"),
    )


def new(ctx: RequestContext, accounts: Backend, status: int = 200, **values: object) -> Response:
    if ctx.profile["role"] not in ("system_admin", "reseller_admin"):
        raise PermissionDenied("customer.create")
    defaults: dict[str, object] = {
        "values": {"kind": "enterprise", "language": ctx.language, "time_zone": "America/Toronto"},
        "errors": {},
    }
    defaults.update(values)
    resellers = _resellers(ctx, accounts)
    return render(
        ctx,
        "customers/new.html",
        status=status,
        help_topic="customer-new",
        reseller_options=[("", ctx._("Choose a reseller"))] + [(r["id"], r["name"]) for r in resellers]
        if resellers
        else None,
        time_zones=zone_options(str(defaults["values"].get("time_zone") or "")),  # type: ignore[attr-defined]
        **defaults,
    )


def create(ctx: RequestContext, accounts: Backend) -> Response:
    values = submitted(ctx, "kind", "reseller_id", *DETAILS, *ADMINISTRATOR)
    payload: dict[str, Any] = {k: optional(v) for k, v in values.items() if not k.startswith("administrator.")}
    payload.update(kind=values["kind"], name=values["name"], language=values["language"])
    payload["time_zone"] = values["time_zone"] or "America/Toronto"
    if ctx.profile["role"] != "system_admin":
        payload.pop("reseller_id")
    payload["administrator"] = {
        **{k.split(".", 1)[1]: values[k] for k in ADMINISTRATOR},
        "password": ctx.request.form.get("administrator.password") or "",
        "language": values["language"],
    }
    try:
        customer = accounts.call("create_customer", ctx.caller, payload)
    except ValidationFailed as exc:
        return new(ctx, accounts, 422, values=values, errors=errors_of(ctx, exc))
    return go(ctx, f"/customers/{customer['id']}", saved="created")


def show(ctx: RequestContext, accounts: Backend, customer_id: str, status: int = 200, **form: Any) -> Response:
    """The account's page: its details form and its users, whom an administrator unlocks or acts as."""
    customer = accounts.call("get_customer", ctx.caller, customer_id)
    users = accounts.call("list_users_of", ctx.caller, customer_id)
    values = form.get("values") or {k: customer.get(k) or "" for k in DETAILS}
    saved = ctx.request.args.get("saved", "")
    notice = ctx._(SAVED_NOTICES[saved]) if saved in SAVED_NOTICES else None
    if saved == "created":
        notice = ctx._("The account %(name)s was created.", name=customer["name"])
    return render(
        ctx,
        "customers/edit.html",
        status=status,
        help_topic="customer-edit",
        active="customers",
        customer=customer,
        users=users,
        values=values,
        errors=form.get("errors") or {},
        time_zones=zone_options(values.get("time_zone")),
        saved=notice,
    )


def update(ctx: RequestContext, accounts: Backend, customer_id: str) -> Response:
    values = submitted(ctx, *DETAILS)
    payload: dict[str, Any] = {k: optional(v) for k, v in values.items()}
    payload.update(name=values["name"], language=values["language"], time_zone=values["time_zone"] or "UTC")
    try:
        accounts.call("update_customer", ctx.caller, customer_id, payload)
    except ValidationFailed as exc:
        return show(ctx, accounts, customer_id, 422, values=values, errors=errors_of(ctx, exc))
    return go(ctx, f"/customers/{customer_id}", saved="details")


def confirm_delete(ctx: RequestContext, accounts: Backend, customer_id: str, errors: Any = None) -> Response:
    customer = accounts.call("get_customer", ctx.caller, customer_id)
    return render(
        ctx,
        "confirm_delete.html",
        status=422 if errors else 200,
        help_topic="customer-edit",
        active="customers",
        title=ctx._("Delete the account %(name)s?", name=customer["name"]),
        warning=ctx._("Its administrator is deleted with it. This cannot be undone."),
        action=f"/customers/{customer_id}/delete",
        cancel=f"/customers/{customer_id}",
        errors=errors or {},
    )


def delete(ctx: RequestContext, accounts: Backend, customer_id: str) -> Response:
    try:
        accounts.call("delete_customer", ctx.caller, customer_id)
    except ValidationFailed as exc:
        return confirm_delete(ctx, accounts, customer_id, errors_of(ctx, exc))
    return go(ctx, "/customers", deleted="1")


def unlock(ctx: RequestContext, accounts: Backend, user_id: str) -> Response:
    """Guide 004's "Déverrouiller le compte": the user signs in again after too many wrong attempts."""
    accounts.call("unlock_user", ctx.caller, user_id)
    back = safe_next(ctx.request.form.get("back")).split("?", 1)[0]
    return go(ctx, back, saved="unlocked")
