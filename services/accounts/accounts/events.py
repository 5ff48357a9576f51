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
    "user_created",
    "user_updated",
    "user_deleted",
    "did_assigned",
    "extension_changed",
    "phone_assigned",
    "trunk_changed",
    "sip_credentials_changed",
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


def user_changed(
    outbox: OutboxWriter, tx: Transaction, verb: str, line: dict[str, Any], tenant_path: list[Any], **extra: Any
) -> dict[str, Any]:
    """user_created, user_updated or user_deleted: what routing and billing keep of a line; never a secret."""
    return outbox.add(tx, f"user_{verb}", user_event_data(line, **extra), [str(t) for t in tenant_path])


def user_event_data(line: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "user_id": str(line["id"]),
        "tenant_id": str(line["tenant_id"]),
        "department_id": str(line["department_id"]) if line.get("department_id") else None,
        "user_number": line["user_number"],
        "extension": line.get("extension"),
        "display_name": line["display_name"],
        "language": line["language"],
        "role": line["role"],
        "enterprise_role": line.get("enterprise_role"),
        "account_kind": line["account_kind"],
        "status": line["status"],
        **extra,
    }


def did_assigned(outbox: OutboxWriter, tx: Transaction, did: dict[str, Any], tenant_path: list[Any]) -> dict[str, Any]:
    data = {
        "did_id": str(did["id"]),
        "number": did["number"],
        "tenant_id": str(did["tenant_id"]),
        "target_type": did["target_type"],
        "target_id": str(did["target_id"]) if did["target_id"] else None,
    }
    return outbox.add(tx, "did_assigned", data, [str(t) for t in tenant_path])


def extension_changed(
    outbox: OutboxWriter, tx: Transaction, extension: dict[str, Any], tenant_path: list[Any], deleted: bool = False
) -> dict[str, Any]:
    data = {
        "extension_id": str(extension["id"]),
        "enterprise_id": str(extension["enterprise_id"]),
        "number": extension["number"],
        "user_id": str(extension["user_id"]) if extension["user_id"] else None,
        "deleted": deleted,
    }
    return outbox.add(tx, "extension_changed", data, [str(t) for t in tenant_path])


def phone_assigned(
    outbox: OutboxWriter, tx: Transaction, phone: dict[str, Any], tenant_path: list[Any], deleted: bool = False
) -> dict[str, Any]:
    data = {
        "phone_id": str(phone["id"]),
        "enterprise_id": str(phone["enterprise_id"]),
        "mac": phone["mac"],
        "model": phone["model"],
        "user_id": str(phone["user_id"]) if phone["user_id"] and not deleted else None,
        "department_id": str(phone["department_id"]) if phone["department_id"] and not deleted else None,
        "deleted": deleted,
    }
    return outbox.add(tx, "phone_assigned", data, [str(t) for t in tenant_path])


def trunk_changed(
    outbox: OutboxWriter, tx: Transaction, trunk: dict[str, Any], tenant_path: list[Any], deleted: bool = False
) -> dict[str, Any]:
    """The media service reconfigures the SIP front from this. The password travels only as the Fernet token stored
    here (RELAIS_SECRETS_KEY), which the media service decrypts to register the trunk to its carrier; never in clear."""
    data = {
        "trunk_id": str(trunk["id"]),
        "tenant_id": str(trunk["tenant_id"]),
        "name": trunk["name"],
        "host": trunk["host"],
        "port": trunk["port"],
        "transport": trunk["transport"],
        "username": trunk["username"],
        "register": trunk["register"],
        "allowed_sources": list(trunk["allowed_sources"]),
        "codecs": list(trunk["codecs"]),
        "caller_id_rules": trunk["caller_id_rules"],
        "password_encrypted": None if deleted else trunk.get("password_encrypted"),
        "deleted": deleted,
    }
    return outbox.add(tx, "trunk_changed", data, [str(t) for t in tenant_path])


def sip_credentials_changed(
    outbox: OutboxWriter, tx: Transaction, data: dict[str, Any], tenant_path: list[Any]
) -> dict[str, Any]:
    """The SIP front's digest identity of a line (accounts.sip_identities): ha1 only, never the password."""
    return outbox.add(tx, "sip_credentials_changed", data, [str(t) for t in tenant_path])
