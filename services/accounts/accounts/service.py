"""The accounts nameko service: wiring only; the work is in the modules it calls."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from nameko import config
from nameko.extensions import DependencyProvider
from nameko.timer import timer

from accounts import (
    administrators,
    audit,
    callers,
    credentials,
    customers,
    departments,
    directory,
    extensions,
    lines_export,
    mail_servers,
    numbers,
    partners,
    phones,
    profile,
    provisioning,
    resellers,
    settings,
    setup_wizard,
    trunks,
    user_mail,
    user_options,
    users,
)
from accounts.callers import Caller
from accounts.imports import jobs as imports
from accounts.imports.runner import ImportJobs
from accounts.mail import MailSender
from accounts.passwords import Hasher, make_hasher
from accounts.schemas import UserProfileSchema
from accounts.secrets import SecretBox, box_from_settings
from accounts.storage import AccountsStore
from relais_kit.config import section
from relais_kit.db import Database
from relais_kit.errors import AuthenticationFailed, NotFound
from relais_kit.events import Outbox
from relais_kit.rpc import rpc
from relais_kit.service import PlatformService

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


class PasswordHashing(DependencyProvider):
    def setup(self) -> None:
        settings = section(config, "accounts")
        self.hasher = make_hasher(settings, allow_weak=bool(settings.get("ALLOW_WEAK_HASHING")))

    def get_dependency(self, worker_ctx: Any) -> Hasher:
        return self.hasher


class SipSecrets(DependencyProvider):
    """The Fernet box for SIP and trunk passwords; keys from ACCOUNTS.SECRETS_KEY (+ SECRETS_PREVIOUS_KEYS)."""

    def setup(self) -> None:
        self.box = box_from_settings(section(config, "accounts"))

    def get_dependency(self, worker_ctx: Any) -> SecretBox:
        return self.box


class AccountsService(PlatformService):
    name = "accounts"
    schema = "accounts"
    migrations_dir = MIGRATIONS
    kit_tables = ("outbox",)

    db = Database("accounts")
    outbox = Outbox("accounts")
    hasher = PasswordHashing()
    mailer = MailSender()
    secrets = SipSecrets()
    import_jobs = ImportJobs()

    @contextmanager
    def _as(self, caller: Any) -> Iterator[tuple[AccountsStore, Caller]]:
        with self.db.transaction() as tx:
            store = AccountsStore(tx)
            yield store, callers.resolve(store, caller)

    # sign-in and secrets (ACC-05, 06, 07)
    @rpc
    def authenticate(self, credentials_: Any) -> dict[str, Any]:
        lock_after = int(section(config, "accounts").get("LOCK_AFTER_FAILURES", credentials.LOCK_AFTER_FAILURES))
        with self.db.transaction() as tx:
            outcome = credentials.authenticate(AccountsStore(tx), self.outbox, self.hasher, credentials_, lock_after)
        if outcome.profile is None:  # raised after the commit, so the failure is counted
            raise AuthenticationFailed("wrong identifier or password, or locked")
        with self.db.transaction() as tx:
            store = AccountsStore(tx)
            return profile.profile(callers.resolve(store, {"user_id": outcome.profile["id"]}))

    @rpc
    def change_password(self, caller: Any, payload: Any) -> None:
        with self._as(caller) as (store, who):
            credentials.change_password(store, self.outbox, self.hasher, who, payload)

    @rpc
    def change_pin(self, caller: Any, payload: Any) -> None:
        with self._as(caller) as (store, who):
            credentials.change_pin(store, self.hasher, who, payload)

    @rpc
    def check_voicemail_pin(self, caller: Any, pin: Any) -> dict[str, bool]:
        """For the media workers' voicemail box by phone (MED-04): {"ok", "locked"}, the PIN never leaves."""
        lock_after = int(section(config, "accounts").get("LOCK_AFTER_FAILURES", credentials.LOCK_AFTER_FAILURES))
        with self._as(caller) as (store, who):
            return credentials.check_pin(store, self.outbox, self.hasher, who, pin, lock_after)

    @rpc
    def request_password_reset(self, payload: Any) -> None:
        with self.db.transaction() as tx:
            credentials.request_reset(AccountsStore(tx), self.mailer, payload)

    @rpc
    def reset_password(self, payload: Any) -> dict[str, Any]:
        with self.db.transaction() as tx:
            return credentials.reset_password(AccountsStore(tx), self.outbox, self.hasher, payload)

    @rpc
    def unlock_user(self, caller: Any, user_id: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return credentials.unlock(store, who, user_id)

    # acting as a user (ACC-14)
    @rpc
    def act_as(self, caller: Any, user_id: Any) -> dict[str, Any]:
        """Checks the caller may open this user's session; returns the profile the new session shows."""
        with self._as(caller) as (store, who):
            target = store.user_profile(user_id)
            if target is None:
                raise NotFound("user")
            callers.ensure_may_act_as(store, who, target)
            audit.record(store, who, "user.act_as", "user", target, target["tenant_path"])
            acting = callers.resolve(store, {"user_id": str(target["id"]), "actor_id": str(who.id)})
            return profile.profile(acting)

    # own profile
    @rpc
    def get_profile(self, caller: Any) -> dict[str, Any]:
        with self._as(caller) as (_, who):
            return profile.profile(who)

    @rpc
    def set_presence(self, caller: Any, presence: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return profile.set_presence(store, who, presence)

    # settings (ACC-21) and the set-up wizard (ACC-25)
    @rpc
    def get_settings(self, caller: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return settings.get_settings(store, who)

    @rpc
    def update_profile(self, caller: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return settings.update_profile(store, who, payload)

    @rpc
    def update_tenant_contact(self, caller: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return settings.update_tenant_contact(store, who, payload)

    @rpc
    def update_support(self, caller: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return settings.update_support(store, who, payload)

    @rpc
    def setup_state(self, caller: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return setup_wizard.state(store, who)

    @rpc
    def save_setup_step(self, caller: Any, step: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return setup_wizard.save_step(store, who, step, payload)

    @rpc
    def list_administrators(self, caller: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return administrators.list_administrators(store, who)

    @rpc
    def create_administrator(self, caller: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return administrators.create_delegate(store, self.hasher, who, payload)

    @rpc
    def delete_administrator(self, caller: Any, user_id: Any) -> None:
        with self._as(caller) as (store, who):
            administrators.remove_delegate(store, self.outbox, who, user_id)

    # resellers (ACC-08)
    @rpc
    def list_resellers(self, caller: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return json.loads(resellers.list_resellers_json(store, who, query))

    @rpc
    def list_resellers_json(self, caller: Any, query: Any = None) -> str:
        """The same page as JSON text, for callers that pass it on as it is (the REST API)."""
        with self._as(caller) as (store, who):
            return resellers.list_resellers_json(store, who, query)

    @rpc
    def get_reseller(self, caller: Any, reseller_id: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return resellers.get_reseller(store, who, reseller_id)

    @rpc
    def create_reseller(self, caller: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return resellers.create_reseller(store, self.outbox, self.hasher, who, payload)

    @rpc
    def update_reseller(self, caller: Any, reseller_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return resellers.update_reseller(store, self.outbox, who, reseller_id, payload)

    @rpc
    def update_branding(self, caller: Any, reseller_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return resellers.update_branding(store, who, reseller_id, payload)

    @rpc
    def set_logo(self, caller: Any, reseller_id: Any, content_base64: Any, mime: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return resellers.set_logo(store, who, reseller_id, content_base64, mime)

    @rpc
    def delete_reseller(self, caller: Any, reseller_id: Any) -> None:
        with self._as(caller) as (store, who):
            resellers.delete_reseller(store, self.outbox, who, reseller_id)

    @rpc
    def brand_for_host(self, host: Any) -> dict[str, Any] | None:
        with self.db.transaction() as tx:
            return resellers.brand_for_host(AccountsStore(tx), str(host or ""))

    @rpc
    def logo(self, reseller_id: Any) -> dict[str, Any] | None:
        with self.db.transaction() as tx:
            found = resellers.logo(AccountsStore(tx), reseller_id)
        return {"content_base64": base64.b64encode(found[0]).decode(), "mime": found[1]} if found else None

    # enterprises and professionals (ACC-01, ACC-02)
    @rpc
    def list_customers(self, caller: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return json.loads(customers.list_customers_json(store, who, query))

    @rpc
    def list_customers_json(self, caller: Any, query: Any = None) -> str:
        """The same page as JSON text, for callers that pass it on as it is (the REST API)."""
        with self._as(caller) as (store, who):
            return customers.list_customers_json(store, who, query)

    @rpc
    def get_customer(self, caller: Any, tenant_id: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return customers.get_customer(store, who, tenant_id)

    @rpc
    def create_customer(self, caller: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return customers.create_customer(store, self.outbox, self.hasher, who, payload)

    @rpc
    def update_customer(self, caller: Any, tenant_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return customers.update_customer(store, self.outbox, who, tenant_id, payload)

    @rpc
    def delete_customer(self, caller: Any, tenant_id: Any) -> None:
        with self._as(caller) as (store, who):
            customers.delete_customer(store, self.outbox, who, tenant_id)

    @rpc
    def list_users_of(self, caller: Any, tenant_id: Any) -> list[dict[str, Any]]:
        """The users of a tenant the caller administers (to pick department managers, to unlock, to act as)."""
        with self._as(caller) as (store, who):
            tenant = who.sees_tenant(store.tenant(tenant_id))
            if not who.is_tenant_admin:
                raise NotFound("tenant")
            return UserProfileSchema(many=True).dump(store.users_of_tenant(tenant["id"]))

    # departments (ACC-20)
    @rpc
    def list_departments(self, caller: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return departments.list_departments(store, who, enterprise_id)

    @rpc
    def create_department(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return departments.create_department(store, self.outbox, who, enterprise_id, payload)

    @rpc
    def update_department(self, caller: Any, department_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return departments.update_department(store, self.outbox, who, department_id, payload)

    @rpc
    def delete_department(self, caller: Any, department_id: Any) -> None:
        with self._as(caller) as (store, who):
            departments.delete_department(store, self.outbox, who, department_id)

    # audit log (ACC-28)
    @rpc
    def audit_log(self, caller: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return audit.entries(store, who, query)

    # users of an enterprise as lines (ACC-09..13, 16..19)
    @rpc
    def list_users(self, caller: Any, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.list_users(store, who, enterprise_id, query)

    @rpc
    def own_line(self, caller: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.own_line(store, who)

    @rpc
    def get_user(self, caller: Any, user_id: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.get_user(store, who, user_id)

    @rpc
    def create_user(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.create_user(store, self.outbox, self.hasher, who, enterprise_id, payload, self.mailer)

    @rpc
    def update_user(self, caller: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.update_user(store, self.outbox, who, user_id, payload)

    @rpc
    def set_user_options(self, caller: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return user_options.set_user_options(store, who, user_id, payload)

    @rpc
    def set_sip_credentials(self, caller: Any, user_id: Any, kind: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return user_options.set_sip_credentials(store, self.outbox, self.secrets, who, user_id, kind, payload)

    @rpc
    def generate_sip_credentials(self, caller: Any, user_id: Any, kind: Any) -> dict[str, Any]:
        """New random SIP credentials of one kind; the password is in this answer only (ACC-16)."""
        with self._as(caller) as (store, who):
            return user_options.generate_sip_credentials(store, self.outbox, self.secrets, who, user_id, kind)

    @rpc
    def resend_activation(self, caller: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.resend_activation(store, self.outbox, self.mailer, who, user_id, payload)

    @rpc
    def send_user_mail(self, caller: Any, user_id: Any, payload: Any) -> None:
        with self._as(caller) as (store, who):
            users.send_user_mail(store, self.mailer, who, user_id, payload)

    @timer(interval=3600)
    def warn_expiring_accounts(self) -> None:
        """Accounts that expire within two weeks are warned by e-mail, once per date (ACC-16)."""
        with self.db.transaction() as tx:
            user_mail.warn_expiring_accounts(AccountsStore(tx), self.mailer)

    @rpc
    def set_group_administrator(self, caller: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return users.set_group_administrator(store, who, user_id, payload)

    @rpc
    def delete_user(self, caller: Any, user_id: Any, payload: Any) -> None:
        with self._as(caller) as (store, who):
            users.delete_user(store, self.outbox, who, user_id, payload, self.mailer)

    @rpc
    def reset_line(self, caller: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        """Returns the new credentials, this once (ACC-18)."""
        with self._as(caller) as (store, who):
            return users.reset_line(store, self.outbox, self.hasher, self.secrets, who, user_id, payload)

    # numbers (NUM-01, NUM-02)
    @rpc
    def add_dids(self, caller: Any, tenant_id: Any, payload: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return numbers.add_dids(store, who, tenant_id, payload)

    @rpc
    def list_dids(self, caller: Any, tenant_id: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return numbers.list_dids(store, who, tenant_id, query)

    @rpc
    def assign_did(self, caller: Any, did_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return numbers.assign_did(store, self.outbox, who, did_id, payload)

    @rpc
    def delete_did(self, caller: Any, did_id: Any) -> None:
        with self._as(caller) as (store, who):
            numbers.delete_did(store, who, did_id)

    @rpc
    def create_number_block(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return numbers.create_number_block(store, who, enterprise_id, payload)

    @rpc
    def list_number_blocks(self, caller: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return numbers.list_number_blocks(store, who, enterprise_id)

    @rpc
    def delete_number_block(self, caller: Any, block_id: Any) -> None:
        with self._as(caller) as (store, who):
            numbers.delete_number_block(store, who, block_id)

    # extensions (NUM-05)
    @rpc
    def list_extensions(self, caller: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return extensions.list_extensions(store, who, enterprise_id)

    @rpc
    def add_extensions(self, caller: Any, enterprise_id: Any, payload: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return extensions.add_extensions(store, self.outbox, who, enterprise_id, payload)

    @rpc
    def update_extension(self, caller: Any, extension_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return extensions.update_extension(store, self.outbox, who, extension_id, payload)

    @rpc
    def delete_extension(self, caller: Any, extension_id: Any) -> None:
        with self._as(caller) as (store, who):
            extensions.delete_extension(store, self.outbox, who, extension_id)

    # trunks (NUM-04)
    @rpc
    def list_trunks(self, caller: Any, tenant_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return trunks.list_trunks(store, who, tenant_id)

    @rpc
    def create_trunk(self, caller: Any, tenant_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return trunks.create_trunk(store, self.outbox, self.secrets, who, tenant_id, payload)

    @rpc
    def update_trunk(self, caller: Any, trunk_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return trunks.update_trunk(store, self.outbox, self.secrets, who, trunk_id, payload)

    @rpc
    def delete_trunk(self, caller: Any, trunk_id: Any) -> None:
        with self._as(caller) as (store, who):
            trunks.delete_trunk(store, self.outbox, who, trunk_id)

    # phones (NUM-06, NUM-07)
    @rpc
    def list_phones(self, caller: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return phones.list_phones(store, who, enterprise_id)

    @rpc
    def get_phone(self, caller: Any, phone_id: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return phones.get_phone(store, who, phone_id)

    @rpc
    def add_phone(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return phones.add_phone(store, self.outbox, who, enterprise_id, payload)

    @rpc
    def update_phone(self, caller: Any, phone_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return phones.update_phone(store, who, phone_id, payload)

    @rpc
    def assign_phone(self, caller: Any, phone_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return phones.assign_phone(store, self.outbox, who, phone_id, payload)

    @rpc
    def set_phone_keys(self, caller: Any, phone_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return phones.set_phone_keys(store, who, phone_id, payload)

    @rpc
    def delete_phone(self, caller: Any, phone_id: Any) -> None:
        with self._as(caller) as (store, who):
            phones.delete_phone(store, self.outbox, who, phone_id)

    # lines CSV (NUM-08)
    @rpc
    def export_lines(self, caller: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return lines_export.export_lines(store, who, enterprise_id)

    # company directory (ACC-24)
    @rpc
    def search_directory(self, caller: Any, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return directory.search_directory(store, who, enterprise_id, query)

    @rpc
    def get_contact(self, caller: Any, contact_id: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return directory.get_contact(store, who, contact_id)

    @rpc
    def create_contact(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return directory.create_contact(store, who, enterprise_id, payload)

    @rpc
    def update_contact(self, caller: Any, contact_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return directory.update_contact(store, who, contact_id, payload)

    @rpc
    def delete_contact(self, caller: Any, contact_id: Any) -> None:
        with self._as(caller) as (store, who):
            directory.delete_contact(store, who, contact_id)

    # partners (ACC-22)
    @rpc
    def list_partners(self, caller: Any, tenant_id: Any, query: Any = None) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return partners.list_partners(store, who, tenant_id, query)

    @rpc
    def create_partner(self, caller: Any, tenant_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return partners.create_partner(store, who, tenant_id, payload)

    @rpc
    def update_partner(self, caller: Any, partner_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return partners.update_partner(store, who, partner_id, payload)

    @rpc
    def delete_partner(self, caller: Any, partner_id: Any) -> None:
        with self._as(caller) as (store, who):
            partners.delete_partner(store, who, partner_id)

    # mail servers (ACC-23)
    @rpc
    def list_mail_presets(self, caller: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return mail_servers.list_mail_presets(store, who)

    @rpc
    def save_mail_preset(self, caller: Any, preset_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return mail_servers.save_mail_preset(store, who, preset_id, payload)

    @rpc
    def delete_mail_preset(self, caller: Any, preset_id: Any) -> None:
        with self._as(caller) as (store, who):
            mail_servers.delete_mail_preset(store, who, preset_id)

    @rpc
    def get_company_mail_server(self, caller: Any, enterprise_id: Any) -> dict[str, Any] | None:
        with self._as(caller) as (store, who):
            return mail_servers.get_company_mail_server(store, who, enterprise_id)

    @rpc
    def set_company_mail_server(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return mail_servers.set_company_mail_server(store, self.secrets, who, enterprise_id, payload)

    @rpc
    def delete_company_mail_server(self, caller: Any, enterprise_id: Any) -> None:
        with self._as(caller) as (store, who):
            mail_servers.delete_company_mail_server(store, who, enterprise_id)

    # remote provisioning (ACC-26)
    @rpc
    def list_provisioning_keys(self, caller: Any, reseller_id: Any) -> list[dict[str, Any]]:
        with self._as(caller) as (store, who):
            return provisioning.list_keys(store, who, reseller_id)

    @rpc
    def create_provisioning_key(self, caller: Any, reseller_id: Any, payload: Any) -> dict[str, Any]:
        """The clear key is in this answer only."""
        with self._as(caller) as (store, who):
            return provisioning.create_key(store, who, reseller_id, payload)

    @rpc
    def revoke_provisioning_key(self, caller: Any, key_id: Any) -> None:
        with self._as(caller) as (store, who):
            provisioning.revoke_key(store, who, key_id)

    @rpc
    def provision_customer(self, api_key: Any, payload: Any) -> dict[str, Any]:
        """Public by design: the API key is the credential (ACC-26)."""
        with self.db.transaction() as tx:
            return provisioning.provision_customer(AccountsStore(tx), self.outbox, self.hasher, api_key, payload)

    # bulk user import (ACC-15): each step returns at once and runs as a job the caller polls
    @rpc
    def start_user_import(self, caller: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            job, work = imports.start(store, who, enterprise_id, payload)
        self.import_jobs(partial(imports.run_preview, self.db, str(job["id"]), work))
        return job

    @rpc
    def get_user_import(self, caller: Any, import_id: Any, query: Any = None) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return imports.get(store, who, import_id, query)

    @rpc
    def set_user_import_ticks(self, caller: Any, import_id: Any, payload: Any) -> dict[str, Any]:
        with self._as(caller) as (store, who):
            return imports.set_ticks(store, who, import_id, payload)

    @rpc
    def commit_user_import(self, caller: Any, import_id: Any, payload: Any = None) -> dict[str, Any]:
        """Creates every ticked row or none; the report is in the job once it is done."""
        with self._as(caller) as (store, who):
            job, activation_url = imports.begin_commit(store, who, import_id, payload)
        self.import_jobs(
            partial(
                imports.run_commit,
                self.db,
                self.outbox,
                self.hasher,
                caller,
                str(job["id"]),
                self.mailer,
                activation_url,
            )
        )
        return job
