"""Events the accounts service publishes; each has its JSON Schema in protos/events/."""

from __future__ import annotations

from typing import Any

from relais_kit.db import Transaction
from relais_kit.events import OutboxWriter

PUBLISHED = (
    "reseller_created",
    "reseller_updated",
    "reseller_deleted",
    "customer_account_created",
    "customer_account_updated",
    "customer_account_deleted",
    "department_changed",
    "department_deleted",
    "user_credentials_changed",
)


def _path(tenant: dict[str, Any]) -> list[str]:
    return [str(t) for t in tenant["path"]]


def reseller_created(outbox: OutboxWriter, tx: Transaction, reseller: dict[str, Any]) -> dict[str, Any]:
    return outbox.add(tx, "reseller_created", _reseller_data(reseller), _path(reseller))


def reseller_updated(outbox: OutboxWriter, tx: Transaction, reseller: dict[str, Any]) -> dict[str, Any]:
    return outbox.add(tx, "reseller_updated", _reseller_data(reseller), _path(reseller))


def _reseller_data(reseller: dict[str, Any]) -> dict[str, Any]:
    return {
        "reseller_id": str(reseller["id"]),
        "parent_id": str(reseller["parent_id"]),
        "name": reseller["name"],
        "language": reseller["language"],
        "billing_owner": reseller["billing_owner"],
    }


def tenant_deleted(outbox: OutboxWriter, tx: Transaction, tenant: dict[str, Any]) -> dict[str, Any]:
    kind = "reseller" if tenant["kind"] == "reseller" else "customer_account"
    return outbox.add(tx, f"{kind}_deleted", {"tenant_id": str(tenant["id"]), "kind": tenant["kind"]}, _path(tenant))


def customer_account(outbox: OutboxWriter, tx: Transaction, verb: str, tenant: dict[str, Any]) -> dict[str, Any]:
    data = {
        "tenant_id": str(tenant["id"]),
        "kind": tenant["kind"],
        "reseller_id": str(tenant["parent_id"]),
        "name": tenant["name"],
        "language": tenant["language"],
        "time_zone": tenant["time_zone"],
    }
    return outbox.add(tx, f"customer_account_{verb}", data, _path(tenant))


def department_changed(
    outbox: OutboxWriter, tx: Transaction, enterprise: dict[str, Any], department: dict[str, Any]
) -> dict[str, Any]:
    data = {
        "department_id": str(department["id"]),
        "enterprise_id": str(department["enterprise_id"]),
        "parent_id": str(department["parent_id"]) if department["parent_id"] else None,
        "path": [str(p) for p in department["path"]],
        "name": department["name"],
        "operator_number": department["operator_number"],
        "max_incoming_calls": department["max_incoming_calls"],
        "max_outgoing_calls": department["max_outgoing_calls"],
    }
    return outbox.add(tx, "department_changed", data, _path(enterprise))


def department_deleted(
    outbox: OutboxWriter, tx: Transaction, enterprise: dict[str, Any], department: dict[str, Any]
) -> dict[str, Any]:
    data = {"department_id": str(department["id"]), "enterprise_id": str(department["enterprise_id"])}
    return outbox.add(tx, "department_deleted", data, _path(enterprise))


def user_credentials_changed(
    outbox: OutboxWriter, tx: Transaction, user: dict[str, Any], reason: str
) -> dict[str, Any]:
    """The gateway ends every session of the user when it hears this (ACC-06)."""
    data = {"user_id": str(user["id"]), "reason": reason}
    return outbox.add(tx, "user_credentials_changed", data, [str(t) for t in user["tenant_path"]])
