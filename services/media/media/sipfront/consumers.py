"""Projections the SIP front keeps from accounts' events: digest identities (ha1 only) and trunks."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from media.sipfront.store import FrontStore


class SipCredentialsChanged(Schema):
    user_id = fields.UUID(required=True)
    enterprise_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    username = fields.String(load_default=None, allow_none=True)
    realm = fields.String(load_default=None, allow_none=True)
    ha1 = fields.String(load_default=None, allow_none=True)
    deleted = fields.Boolean(required=True)


class UserDeleted(Schema):
    user_id = fields.UUID(required=True)


class TrunkChanged(Schema):
    trunk_id = fields.UUID(required=True)
    tenant_id = fields.UUID(required=True)
    name = fields.String(required=True)
    host = fields.String(required=True)
    port = fields.Integer(required=True)
    transport = fields.String(required=True)
    username = fields.String(load_default=None, allow_none=True)
    register = fields.Boolean(required=True)
    allowed_sources = fields.List(fields.String(), required=True)
    caller_id_rules = fields.List(fields.Dict(), required=True)
    password_encrypted = fields.String(load_default=None, allow_none=True)  # a Fernet token, never the clear one
    deleted = fields.Boolean(required=True)


def _path(event: dict[str, Any]) -> list[str]:
    return [str(t) for t in event["tenant_path"]]


def sip_credentials_changed(store: FrontStore, event: dict[str, Any], data: dict[str, Any], realm: str) -> None:
    """A digest identity for another realm cannot authenticate here: it is dropped, not stored."""
    if data["deleted"] or not data["ha1"] or not data["username"] or data["realm"] != realm:
        store.drop_subscriber(str(data["user_id"]), None if data["kind"] == "all" else data["kind"])
        return
    store.put_subscriber(data, _path(event))


def trunk_changed(store: FrontStore, event: dict[str, Any], data: dict[str, Any]) -> None:
    if data["deleted"]:
        store.drop_trunk(str(data["trunk_id"]))
    else:
        store.put_trunk(data, _path(event), event["occurred_at"])
