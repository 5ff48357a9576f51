"""Handlers of the events routing consumes; each validates with its own schema and ignores unknown fields."""

from __future__ import annotations

from marshmallow import Schema, fields


class ResellerCreated(Schema):
    reseller_id = fields.UUID(required=True)
    parent_id = fields.UUID(required=True)
    name = fields.String(required=True)
