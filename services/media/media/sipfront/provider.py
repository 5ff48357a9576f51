"""The nameko dependency that runs Kamailio for the media service and answers its questions."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from typing import Any

import psycopg2.extras
from nameko import config
from nameko.extensions import DependencyProvider

from media.sipfront.front import Front
from media.sipfront.process import KamailioError, KamailioProcess
from media.sipfront.registrations import Registrar, Secrets, wanted
from media.sipfront.settings import FrontSettings
from media.sipfront.store import FrontStore
from relais_kit import callpath
from relais_kit.callpath import CallPathClient
from relais_kit.db import Transaction, connect

log = logging.getLogger(__name__)


class SipFront:
    """What a worker of the service gets: the call-time front and the running Kamailio (None when it is off)."""

    def __init__(self, front: Front, kamailio: KamailioProcess | None, provider: SipFrontProvider) -> None:
        self.front = front
        self.kamailio = kamailio
        self.provider = provider

    def reload_trunks(self, registering: list[dict[str, Any]] | None = None) -> None:
        """Kamailio re-reads the trunks' allowed sources (permissions' address view) and registers the trunks
        that register (``registering``: FrontStore.registering_trunks, read in the event's transaction)."""
        if self.kamailio is None or self.kamailio.process is None:
            return
        try:
            self.kamailio.rpc("permissions.addressReload")
        except (KamailioError, OSError) as exc:
            log.warning("the SIP front did not reload the trunks: %s", exc)
        if registering is not None:
            self.provider.register_trunks(registering)


class SipFrontProvider(DependencyProvider):
    """Starts Kamailio with the service (MEDIA.SIP_FRONT, on by default in config.yml) and stops it with it."""

    def setup(self) -> None:
        self.settings = FrontSettings.from_config(dict(config))
        self.front = Front(self.settings.realm, CallPathClient(self.settings.routing))
        self.kamailio: KamailioProcess | None = None
        self.secrets = Secrets.from_config(dict(config))
        self.registrar: Registrar | None = None

    def start(self) -> None:
        if not self.settings.enabled:
            return
        kamailio = KamailioProcess(self.settings)
        try:
            kamailio.start()
        except (KamailioError, OSError) as exc:
            # The rest of media (and the platform) keeps working; health and the log say the front is down.
            log.error("the SIP front did not start: %s", exc)
            return
        self.kamailio = kamailio
        kamcmd = Path(self.settings.kamailio_bin).with_name("kamcmd")
        self.registrar = Registrar(kamcmd, self.settings.run_dir / "kamailio_ctl", self.settings.realm)
        try:
            conn = connect(self.settings.database_url, "media")
            try:
                with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                    rows = FrontStore(Transaction(cursor)).registering_trunks()
            finally:
                conn.close()
        except Exception as exc:  # the front runs without registrations rather than not at all
            log.error("trunk registrations not read: %s", exc)
            return
        self.register_trunks(rows)

    def register_trunks(self, rows: list[dict[str, Any]]) -> None:
        if self.registrar is None:
            return
        try:
            self.registrar.sync(wanted(rows, self.secrets))
        except (OSError, subprocess.SubprocessError) as exc:
            log.error("trunk registrations not handed to Kamailio: %s", exc)

    def stop(self) -> None:
        if self.kamailio is not None:
            self.kamailio.stop()
            self.kamailio = None
        self.registrar = None

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx: Any) -> SipFront:
        return SipFront(self.front, self.kamailio, self)


class SipDecisionServer(callpath.CallPathServer):
    """Kamailio's questions on the kit's lean keep-alive server, on MEDIA.SIP_DECIDER_ADDRESS."""

    def setup(self) -> None:
        super().setup()
        host, port = FrontSettings.from_config(dict(config)).decider.rsplit(":", 1)
        self.address = (host, int(port))

    def handlers(self) -> dict[str, callpath.Work]:
        providers: Any = self.providers()
        source, outbox = providers["db"].source, providers["outbox"].get_dependency(None)
        front: Front = providers["sip_front"].front
        return {
            "/sip/decide": lambda body: front.decide(source, outbox, body),
            "/sip/next": lambda body: front.next(source, outbox, body),
            "/sip/fact": lambda body: front.fact(source, outbox, body),
            "/sip/facts": lambda body: front.facts(source, outbox, body),
        }
