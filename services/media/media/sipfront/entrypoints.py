"""The SIP front's part of the media service: Kamailio's HTTP questions and the accounts projections it needs.

A mixin of media.service.MediaService (as the audio part is), so the shared service module stays wiring only.
"""

from __future__ import annotations

from typing import Any

from media.sipfront import consumers
from media.sipfront.provider import SipDecisionServer, SipFront, SipFrontProvider
from media.sipfront.store import FrontStore
from relais_kit.db import Database, Transaction
from relais_kit.events import Outbox, consumes


class SipFrontEntrypoints:
    db = Database("media")
    outbox = Outbox("media")
    sip_front: SipFront = SipFrontProvider()

    sip_decisions = SipDecisionServer()  # Kamailio's questions, keep-alive HTTP (httpcon "front")

    @consumes("accounts", "sip_credentials_changed", consumers.SipCredentialsChanged)
    def on_sip_credentials_changed(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.sip_credentials_changed(FrontStore(tx), event, data, self.sip_front.front.realm)

    @consumes("accounts", "trunk_changed", consumers.TrunkChanged)
    def on_trunk_changed(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        store = FrontStore(tx)
        consumers.trunk_changed(store, event, data)
        registering = store.registering_trunks()
        tx.on_commit(lambda: self.sip_front.reload_trunks(registering))

    @consumes("accounts", "user_deleted", consumers.UserDeleted)
    def on_user_deleted_sip(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        FrontStore(tx).drop_subscriber(str(data["user_id"]), None)
