"""Mail servers (ACC-23): connection presets of known providers, kept by the system administrator, and each
enterprise's own mail server. The service account's password is encrypted at rest (Fernet) and never returned,
logged or audited; leaving it out of an update keeps the one stored."""

from __future__ import annotations

import uuid
from typing import Any

from accounts import audit, reach
from accounts.callers import Caller
from accounts.directory_schemas import (
    CompanyMailServerInputSchema,
    CompanyMailServerSchema,
    MailPresetInputSchema,
    MailPresetSchema,
)
from accounts.secrets import SecretBox
from accounts.storage import AccountsStore
from relais_kit.errors import NotFound
from relais_kit.validation import Msg

DUPLICATE_NAME = Msg("A preset with this name already exists.")
NEEDS_SERVER = Msg("Choose a preset or give the protocol and the server.")
NO_PRESET = Msg("Choose one of the presets.")


def list_mail_presets(store: AccountsStore, caller: Caller) -> list[dict[str, Any]]:
    caller.can("mail_preset.list")
    return MailPresetSchema(many=True).dump(store.mail_presets())


def _system(store: AccountsStore) -> dict[str, Any]:
    system = store.system_tenant()
    assert system is not None
    return system


def save_mail_preset(store: AccountsStore, caller: Caller, preset_id: Any, payload: Any) -> dict[str, Any]:
    """Create (``preset_id`` None) or replace a preset."""
    caller.can("mail_preset.manage")
    before = None
    if preset_id is not None:
        before = store.mail_preset(preset_id)
        if before is None:
            raise NotFound("mail_preset")
    key = before["id"] if before else uuid.uuid4()
    data, errors = reach.load_all(MailPresetInputSchema(), payload)
    if data.get("name") and store.mail_preset_name_taken(data["name"], key):
        reach.add_error(errors, "name", DUPLICATE_NAME)
    reach.fail_if(errors)
    after = store.save_mail_preset(key, data)
    audit.record(
        store,
        caller,
        "mail_preset.update" if before else "mail_preset.create",
        "mail_preset",
        after,
        _system(store)["path"],
        MailPresetSchema().dump(before) if before else None,
        MailPresetSchema().dump(after),
    )
    return MailPresetSchema().dump(after)


def delete_mail_preset(store: AccountsStore, caller: Caller, preset_id: Any) -> None:
    caller.can("mail_preset.manage")
    preset = store.mail_preset(preset_id)
    if preset is None:
        raise NotFound("mail_preset")
    store.delete_mail_preset(preset["id"])
    audit.record(
        store,
        caller,
        "mail_preset.delete",
        "mail_preset",
        preset,
        _system(store)["path"],
        MailPresetSchema().dump(preset),
    )


def get_company_mail_server(store: AccountsStore, caller: Caller, enterprise_id: Any) -> dict[str, Any] | None:
    caller.can("mail_server.manage")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    found = store.company_mail_server(enterprise["id"])
    return CompanyMailServerSchema().dump(found) if found else None


def set_company_mail_server(
    store: AccountsStore, box: SecretBox, caller: Caller, enterprise_id: Any, payload: Any
) -> dict[str, Any]:
    caller.can("mail_server.manage")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    before = store.company_mail_server(enterprise["id"])
    data, errors = reach.load_all(CompanyMailServerInputSchema(), payload)
    if data.get("preset_id"):
        preset = store.mail_preset(data["preset_id"])
        if preset is None:
            reach.add_error(errors, "preset_id", NO_PRESET)
        else:
            data.update({k: preset[k] for k in ("protocol", "host", "port", "security")})
    elif not errors and not (data.get("protocol") and data.get("host")):
        reach.add_error(errors, "host" if data.get("protocol") else "protocol", NEEDS_SERVER)
    reach.fail_if(errors)
    token = box.encrypt(data["password"]) if data.get("password") else None
    store.save_company_mail_server(enterprise["id"], data, token)
    after = store.company_mail_server(enterprise["id"])
    assert after is not None
    dumped = CompanyMailServerSchema().dump(after)
    audit.record(
        store,
        caller,
        "mail_server.update",
        "enterprise",
        enterprise,
        enterprise["path"],
        CompanyMailServerSchema().dump(before) if before else None,
        {**dumped, "password_changed": bool(token)},
    )
    return dumped


def delete_company_mail_server(store: AccountsStore, caller: Caller, enterprise_id: Any) -> None:
    caller.can("mail_server.manage")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    before = store.company_mail_server(enterprise["id"])
    if before is None:
        return
    store.delete_company_mail_server(enterprise["id"])
    audit.record(
        store,
        caller,
        "mail_server.delete",
        "enterprise",
        enterprise,
        enterprise["path"],
        before=CompanyMailServerSchema().dump(before),
    )
