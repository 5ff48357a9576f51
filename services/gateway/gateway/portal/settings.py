"""Settings (ACC-06, ACC-21, guide 000 "Paramètres"): one's profile and language, password and voicemail PIN,
the account's contact details, how customers reach a reseller, its brand, and the delegated administrators."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import LANGUAGES, N_
from gateway.portal import branding
from gateway.portal.forms import Errors, errors_of, one_error, optional, submitted
from gateway.portal.navigation import go
from gateway.rendering import AUDIT_READERS, capabilities, render
from gateway.web import LANGUAGE_COOKIE, YEAR_SECONDS, RequestContext
from relais_kit.errors import PermissionDenied, ValidationFailed

PROFILE = ("display_name", "email", "phone", "language")
CONTACT = ("contact_email", "contact_phone", "address", "language")
ADMINISTRATOR = ("identifier", "display_name", "email", "language")
TENANT_ADMINS = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator"})
SAVED_NOTICES = {
    "profile": N_("Your profile is saved."),
    "pin": N_("Your voicemail PIN is changed."),
    "contact": N_("The contact details are saved."),
    "support": N_("How your customers reach you is saved."),
    "branding": N_("The brand is saved."),
    "logo": N_("The logo is saved."),
    "administrator": N_("The administrator is added."),
    "removed": N_("The administrator is removed."),
}
TEMPLATES = {
    "profile": "settings/profile.html",
    "security": "settings/security.html",
    "account": "settings/account.html",
    "administrators": "settings/administrators.html",
}


def tabs(profile: dict[str, Any]) -> list[tuple[str, str, str]]:
    caps = capabilities(profile)
    items = [("profile", "/settings", N_("Profile")), ("security", "/settings/security", N_("Password and PIN"))]
    if caps & TENANT_ADMINS:
        items.append(("account", "/settings/account", N_("Account")))
    if caps & AUDIT_READERS:
        items.append(("administrators", "/settings/administrators", N_("Administrators")))
    return items


def page(ctx: RequestContext, accounts: Backend, tab: str, status: int = 200, **forms: Any) -> Response:
    """A settings tab; ``forms`` holds, per form, what was typed (``<form>``) and its errors (``<form>_errors``)."""
    current = accounts.call("get_settings", ctx.caller)
    if tab not in {key for key, _, _ in tabs(ctx.profile)}:
        raise PermissionDenied("settings.update")
    tenant, profile = current["tenant"], current["profile"]
    saved = ctx.request.args.get("saved", "")
    values = {
        "profile": forms.get("profile") or {k: profile.get(k) or "" for k in PROFILE},
        "contact": forms.get("contact") or {k: tenant.get(k) or "" for k in CONTACT},
        "support": forms.get("support") or {k: tenant.get(k) or "" for k in branding.SUPPORT_FIELDS},
        "administrator": forms.get("administrator") or {"language": ctx.language},
        "security": {},
    }
    extra: dict[str, Any] = {}
    if tab == "administrators":
        extra["administrators"] = accounts.call("list_administrators", ctx.caller)
    return render(
        ctx,
        TEMPLATES[tab],
        status=status,
        help_topic="settings",
        active="settings",
        tab=tab,
        tabs=tabs(ctx.profile),
        tenant=tenant,
        can_update_tenant=current["can_update_tenant"],
        values=values,
        brand_values=forms.get("branding") or branding.values_of(tenant),
        errors={k[:-7]: v for k, v in forms.items() if k.endswith("_errors")},
        saved=ctx._(SAVED_NOTICES[saved]) if saved in SAVED_NOTICES else None,
        **extra,
    )


def save_profile(ctx: RequestContext, accounts: Backend) -> Response:
    """Changing one's language switches the portal too."""
    values = submitted(ctx, *PROFILE)
    payload = {**{k: optional(v) for k, v in values.items()}, "display_name": values["display_name"]}
    payload["language"] = values["language"]
    try:
        updated = accounts.call("update_profile", ctx.caller, payload)
    except ValidationFailed as exc:
        return page(ctx, accounts, "profile", 422, profile=values, profile_errors=errors_of(ctx, exc))
    ctx.refresh_profile({**ctx.profile, **updated})
    if updated["language"] in LANGUAGES:
        ctx.set_cookie(LANGUAGE_COOKIE, updated["language"], max_age=YEAR_SECONDS)
    return go(ctx, "/settings", saved="profile")


def _secrets(ctx: RequestContext, *names: str) -> dict[str, str]:
    """Secrets are never stripped nor sent back to the page."""
    return {name: ctx.request.form.get(name) or "" for name in names}


def change_password(ctx: RequestContext, accounts: Backend) -> Response:
    """Every session of the user ends, this one too: they sign in again with the new password."""
    typed = _secrets(ctx, "current_password", "password", "confirm")
    errors: Errors = {}
    if typed["password"] != typed["confirm"]:
        errors = one_error(ctx, "confirm", N_("The two new passwords are not the same."))
    else:
        try:
            accounts.call("change_password", ctx.caller, {k: typed[k] for k in ("current_password", "password")})
        except ValidationFailed as exc:
            errors = errors_of(ctx, exc)
    if errors:
        return page(ctx, accounts, "security", 422, password_errors=errors)
    ctx.end_session()
    return go(ctx, "/sign-in", notice="password_changed")


def change_pin(ctx: RequestContext, accounts: Backend) -> Response:
    typed = _secrets(ctx, "current_password", "pin", "confirm")
    errors: Errors = {}
    if typed["pin"] != typed["confirm"]:
        errors = one_error(ctx, "confirm", N_("The two PINs are not the same."))
    else:
        try:
            accounts.call("change_pin", ctx.caller, {k: typed[k] for k in ("current_password", "pin")})
        except ValidationFailed as exc:
            errors = errors_of(ctx, exc)
    if errors:
        return page(ctx, accounts, "security", 422, pin_errors=errors)
    return go(ctx, "/settings/security", saved="pin")


def save_contact(ctx: RequestContext, accounts: Backend) -> Response:
    values = submitted(ctx, *CONTACT)
    payload = {**{k: optional(v) for k, v in values.items()}, "language": values["language"]}
    try:
        accounts.call("update_tenant_contact", ctx.caller, payload)
    except ValidationFailed as exc:
        return page(ctx, accounts, "account", 422, contact=values, contact_errors=errors_of(ctx, exc))
    return go(ctx, "/settings/account", saved="contact")


def save_support(ctx: RequestContext, accounts: Backend) -> Response:
    values = submitted(ctx, *branding.SUPPORT_FIELDS)
    try:
        accounts.call("update_support", ctx.caller, {k: optional(v) for k, v in values.items()})
    except ValidationFailed as exc:
        return page(ctx, accounts, "account", 422, support=values, support_errors=errors_of(ctx, exc))
    return go(ctx, "/settings/account", saved="support")


def save_branding(ctx: RequestContext, accounts: Backend) -> Response:
    values, errors = branding.save(ctx, accounts, ctx.profile["tenant_id"])
    if errors:
        return page(ctx, accounts, "account", 422, branding=values, branding_errors=errors)
    return go(ctx, "/settings/account", saved="branding")


def upload_logo(ctx: RequestContext, accounts: Backend) -> Response:
    errors = branding.save_logo(ctx, accounts, ctx.profile["tenant_id"])
    if errors:
        return page(ctx, accounts, "account", 422, logo_errors=errors)
    return go(ctx, "/settings/account", saved="logo")


def add_administrator(ctx: RequestContext, accounts: Backend) -> Response:
    values = submitted(ctx, *ADMINISTRATOR)
    values["language"] = values["language"] or ctx.language
    payload = {**values, "password": ctx.request.form.get("password") or ""}
    try:
        accounts.call("create_administrator", ctx.caller, payload)
    except ValidationFailed as exc:
        return page(
            ctx, accounts, "administrators", 422, administrator=values, administrator_errors=errors_of(ctx, exc)
        )
    return go(ctx, "/settings/administrators", saved="administrator")


def confirm_remove(ctx: RequestContext, accounts: Backend, user_id: str, errors: Errors | None = None) -> Response:
    found = [a for a in accounts.call("list_administrators", ctx.caller) if a["id"] == user_id]
    name = found[0]["display_name"] if found else "?"
    return render(
        ctx,
        "confirm_delete.html",
        status=422 if errors else 200,
        help_topic="settings",
        active="settings",
        title=ctx._("Remove the administrator %(name)s?", name=name),
        warning=ctx._("Their account is deleted and their sessions end. This cannot be undone."),
        action=f"/settings/administrators/{user_id}/delete",
        cancel="/settings/administrators",
        errors=errors or {},
    )


def remove_administrator(ctx: RequestContext, accounts: Backend, user_id: str) -> Response:
    try:
        accounts.call("delete_administrator", ctx.caller, user_id)
    except ValidationFailed as exc:
        return confirm_remove(ctx, accounts, user_id, errors_of(ctx, exc))
    return go(ctx, "/settings/administrators", saved="removed")
