"""Events the accounts service publishes; each has its JSON Schema in protos/events/."""

from __future__ import annotations

from typing import Any

from relais_kit.db import Transaction
from relais_kit.events import OutboxWriter

PUBLISHED = ("reseller_created",)


def reseller_created(outbox: OutboxWriter, tx: Transaction, reseller: dict[str, Any]) -> dict[str, Any]:
    return outbox.add(
        tx,
        "reseller_created",
        {
            "reseller_id": str(reseller["id"]),
            "parent_id": str(reseller["parent_id"]),
            "name": reseller["name"],
            "language": reseller["language"],
            "billing_owner": reseller["billing_owner"],
        },
        tenant_path=[str(t) for t in reseller["path"]],
    )
