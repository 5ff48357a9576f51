"""The set-up wizard of a new reseller or system account (ACC-25): service offer, store, billing settings.
Each step is saved on its own; the wizard resumes at the first step not yet done."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from accounts import audit
from accounts.callers import Caller
from accounts.storage import AccountsStore
from relais_kit.validation import Msg, Text, field_error, load

SERVICES = ("virtual_receptionist", "virtual_assistant", "single_number", "voice_alerts")


class OfferStep(Schema):
    services = fields.List(
        fields.String(validate=validate.OneOf(SERVICES, error=Msg("Must be one of: {choices}."))),
        required=True,
        validate=validate.Length(min=1, error=Msg("Choose at least one service.")),
    )


class StoreStep(Schema):
    store_name = Text(required=True, validate=validate.Length(1, 100, error=Msg("Between {min} and {max} characters.")))
    signup_open = fields.Boolean(load_default=False)
    terms_url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"})


class BillingStep(Schema):
    currency = fields.String(
        required=True, validate=validate.OneOf(("CAD", "USD", "EUR"), error=Msg("Must be one of: {choices}."))
    )
    invoice_day = fields.Integer(required=True, validate=validate.Range(1, 28, error=Msg("Between {min} and {max}.")))
    tax_region = fields.String(
        required=True,
        validate=validate.OneOf(
            ("QC", "ON", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "YT", "NT", "NU", "OTHER"),
            error=Msg("Must be one of: {choices}."),
        ),
    )


STEPS: dict[str, type[Schema]] = {"offer": OfferStep, "store": StoreStep, "billing": BillingStep}


def state(store: AccountsStore, caller: Caller) -> dict[str, Any]:
    caller.can("setup.update")
    tenant = store.tenant(caller.tenant_id)
    assert tenant is not None
    progress = dict(tenant["setup_progress"] or {})
    done = [step for step in STEPS if step in progress]
    pending = [step for step in STEPS if step not in progress]
    return {
        "steps": list(STEPS),
        "done": done,
        "next": pending[0] if pending else None,
        "values": progress,
        "complete": not pending,
    }


def save_step(store: AccountsStore, caller: Caller, step: Any, payload: Any) -> dict[str, Any]:
    caller.can("setup.update")
    if step not in STEPS:
        raise field_error("step", "Must be one of: {choices}.", choices=", ".join(STEPS))
    data = load(STEPS[step](), payload)
    tenant = store.tenant(caller.tenant_id)
    assert tenant is not None
    progress = dict(tenant["setup_progress"] or {})
    before = progress.get(step)
    progress[step] = data
    store.update_tenant(tenant["id"], {"setup_progress": progress})
    audit.record(
        store, caller, f"setup.{step}", tenant["kind"], tenant, tenant["path"], {"value": before}, {"value": data}
    )
    return state(store, caller)
