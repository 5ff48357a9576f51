"""Accounts' user, extension and DID events kept as routing's ``lines`` and ``dids`` projections (RTE-01).

Each handler validates with its own schema and ignores unknown fields. A line exists for every user with a
phone line (employees and professionals); administrators' accounts have none. A DID pointing at something the
engine cannot route to (a department, a conference) is simply not routed by routing.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from routing.engine import TargetKind
from routing.storage import RoutingStore

LINE_KINDS = ("employee", "professional")
ROUTABLE = {kind.value for kind in TargetKind}


class UserChanged(Schema):
    user_id = fields.UUID(required=True)
    tenant_id = fields.UUID(required=True)
    department_id = fields.UUID(load_default=None, allow_none=True)
    extension = fields.String(load_default=None, allow_none=True)
    language = fields.String(load_default="fr")
    account_kind = fields.String(load_default="employee")
    reset = fields.Boolean(load_default=False)
    leave_groups = fields.Boolean(load_default=False)


class ExtensionChanged(Schema):
    enterprise_id = fields.UUID(required=True)
    number = fields.String(required=True)
    user_id = fields.UUID(load_default=None, allow_none=True)
    deleted = fields.Boolean(load_default=False)


class DidAssigned(Schema):
    number = fields.String(required=True)
    tenant_id = fields.UUID(required=True)
    target_type = fields.String(load_default=None, allow_none=True)
    target_id = fields.UUID(load_default=None, allow_none=True)


def user_changed(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    """A user event older (by its envelope's occurred_at) than the one that last wrote the line changes nothing."""
    if store.line_is_newer(data["user_id"], event.get("occurred_at")):
        return
    if data["reset"] and data["leave_groups"]:
        store.leave_groups(data["user_id"])
    if data["account_kind"] not in LINE_KINDS:
        store.remove_line(data["user_id"])
        return
    if data["extension"]:
        store.release_extension(data["tenant_id"], data["extension"], data["user_id"])
    store.upsert_line(
        data["user_id"],
        data["tenant_id"],
        department_id=data["department_id"],
        extension=data["extension"],
        language=data["language"] if data["language"] in ("fr", "en") else "fr",
        occurred_at=event.get("occurred_at"),
    )


def user_deleted(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    store.remove_line(data["user_id"])
    store.leave_groups(data["user_id"])


class PhoneAssigned(Schema):
    phone_id = fields.UUID(required=True)
    enterprise_id = fields.UUID(required=True)
    mac = fields.String(required=True)
    model = fields.String(required=True)
    user_id = fields.UUID(load_default=None, allow_none=True)
    department_id = fields.UUID(load_default=None, allow_none=True)
    deleted = fields.Boolean(load_default=False)


def phone_assigned(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    if data["deleted"]:
        store.remove_phone(data["phone_id"])
    else:
        store.upsert_phone(data, occurred_at=event["occurred_at"])


def extension_changed(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    if data["deleted"] or data["user_id"] is None:
        store.release_extension(data["enterprise_id"], data["number"])
        return
    store.release_extension(data["enterprise_id"], data["number"], data["user_id"])
    store.set_line_extension(data["user_id"], data["number"])


def did_assigned(store: RoutingStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    if data["target_type"] in ROUTABLE and data["target_id"] is not None:
        store.upsert_did(data["number"], data["tenant_id"], data["target_type"], str(data["target_id"]))
    else:
        store.remove_did(data["number"])
