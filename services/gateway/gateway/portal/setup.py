"""The set-up wizard (ACC-25, guide 000 "Configuration"): service offer, store, billing; each step saved on its
own; Set-up in the menu opens the wizard's welcome page, or the next step once the set-up has started."""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal.forms import errors_of, number, optional, submitted
from gateway.portal.navigation import go
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

STEP_LABELS = {"offer": N_("Service offer"), "store": N_("Store"), "billing": N_("Billing")}
SERVICES = {
    "virtual_receptionist": N_("Virtual receptionist"),
    "virtual_assistant": N_("Virtual assistant"),
    "single_number": N_("Single number"),
    "voice_alerts": N_("Voice alerts"),
}
CURRENCIES = ("CAD", "USD", "EUR")
TAX_REGIONS = {
    "QC": N_("Quebec"),
    "ON": N_("Ontario"),
    "BC": N_("British Columbia"),
    "AB": N_("Alberta"),
    "MB": N_("Manitoba"),
    "SK": N_("Saskatchewan"),
    "NS": N_("Nova Scotia"),
    "NB": N_("New Brunswick"),
    "NL": N_("Newfoundland and Labrador"),
    "PE": N_("Prince Edward Island"),
    "YT": N_("Yukon"),
    "NT": N_("Northwest Territories"),
    "NU": N_("Nunavut"),
    "OTHER": N_("Outside Canada"),
}


def welcome(ctx: RequestContext, accounts: Backend, state: dict[str, Any] | None = None) -> Response:
    """The wizard's welcome page: shown by Set-up before the first step, after the last, and on the home page
    right after signing in while the set-up is not complete."""
    state = state or accounts.call("setup_state", ctx.caller)
    return render(ctx, "setup/welcome.html", help_topic="setup", active="setup", state=state, step_labels=STEP_LABELS)


def start(ctx: RequestContext, accounts: Backend) -> Response:
    state = accounts.call("setup_state", ctx.caller)
    if state["done"] and state["next"]:
        return go(ctx, f"/setup/{state['next']}")
    return welcome(ctx, accounts, state)


def step(
    ctx: RequestContext,
    accounts: Backend,
    name: str,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> Response:
    if name not in STEP_LABELS:
        raise NotFound()
    state = accounts.call("setup_state", ctx.caller)
    steps = list(state["steps"])
    index = steps.index(name)
    saved = dict(state["values"].get(name) or {})
    if values is None:
        values = {**defaults(name, ctx), **saved}
    return render(
        ctx,
        "setup/step.html",
        status=status,
        help_topic="setup",
        active="setup",
        state=state,
        step=name,
        number=index + 1,
        previous=steps[index - 1] if index > 0 else None,
        following=steps[index + 1] if index + 1 < len(steps) else None,
        step_labels=STEP_LABELS,
        services=SERVICES,
        currencies=[(c, c) for c in CURRENCIES],
        tax_regions=[(code, ctx._(label)) for code, label in TAX_REGIONS.items()],
        values=values,
        errors=errors or {},
    )


def defaults(name: str, ctx: RequestContext) -> dict[str, Any]:
    return {
        "offer": {"services": []},
        "store": {"store_name": ctx.profile.get("tenant_name", ""), "signup_open": False, "terms_url": ""},
        "billing": {"currency": "CAD", "invoice_day": 1, "tax_region": "QC"},
    }[name]


def _payload(ctx: RequestContext, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What was typed (to show again) and what accounts gets."""
    if name == "offer":
        chosen = ctx.request.form.getlist("services")
        return {"services": chosen}, {"services": chosen}
    if name == "store":
        values: dict[str, Any] = submitted(ctx, "store_name", "terms_url")
        values["signup_open"] = ctx.request.form.get("signup_open") == "on"
        return values, {**values, "terms_url": optional(values["terms_url"])}
    values = submitted(ctx, "currency", "invoice_day", "tax_region")
    return values, {**values, "invoice_day": number(values["invoice_day"])}


def save(ctx: RequestContext, accounts: Backend, name: str) -> Response:
    if name not in STEP_LABELS:
        raise NotFound()
    values, payload = _payload(ctx, name)
    try:
        state = accounts.call("save_setup_step", ctx.caller, name, payload)
    except ValidationFailed as exc:
        return step(ctx, accounts, name, 422, values, errors_of(ctx, exc))
    steps = list(state["steps"])
    after = [s for s in steps[steps.index(name) + 1 :] if s not in state["done"]]
    if after:
        return go(ctx, f"/setup/{after[0]}")
    return go(ctx, "/setup" if state["complete"] else f"/setup/{state['next']}")
