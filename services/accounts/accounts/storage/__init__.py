"""The accounts service's SQL, and only here (ARCHITECTURE: storage). One store per transaction."""

from __future__ import annotations

from accounts.storage.audit import AuditQueries
from accounts.storage.credentials import CredentialQueries
from accounts.storage.departments import DepartmentQueries
from accounts.storage.directory import DirectoryQueries
from accounts.storage.extensions import ExtensionQueries
from accounts.storage.imports import ImportQueries
from accounts.storage.lines import LineQueries
from accounts.storage.numbers import NumberQueries
from accounts.storage.phones import PhoneQueries
from accounts.storage.provisioning import ProvisioningQueries
from accounts.storage.tenants import TenantQueries
from accounts.storage.trunks import TrunkQueries
from accounts.storage.users import UserQueries
from relais_kit.db import Transaction


class AccountsStore(
    TenantQueries,
    UserQueries,
    DepartmentQueries,
    CredentialQueries,
    AuditQueries,
    LineQueries,
    NumberQueries,
    ExtensionQueries,
    TrunkQueries,
    PhoneQueries,
    DirectoryQueries,
    ProvisioningQueries,
    ImportQueries,
):
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx


__all__ = ["AccountsStore"]
