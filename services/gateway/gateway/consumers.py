"""Events the gateway consumes; each validated with its own schema, unknown fields ignored."""

from __future__ import annotations

from marshmallow import Schema, fields


class UserCredentialsChanged(Schema):
    user_id = fields.UUID(required=True)
    reason = fields.String(required=True)
