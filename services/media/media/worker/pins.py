"""The voicemail PIN check (MED-04): accounts keeps PINs hashed and answers only whether one is right.

The worker is not a nameko service: it asks accounts' ``check_voicemail_pin`` RPC through a standalone client on
the broker. A check blocks the worker's loop for one round trip (a few ms; a PIN is entered once per box visit),
never longer than ``timeout``; an unreachable broker counts as a refusal, not a crash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PinAnswer:
    ok: bool
    locked: bool
    reachable: bool = True


class PinChecker:
    def __init__(self, amqp_uri: str, timeout: float = 5.0) -> None:
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self._client: Any = None
        self._proxy: Any = None

    def check(self, user_id: str, pin: str) -> PinAnswer:
        if not self.amqp_uri:
            return PinAnswer(False, False, reachable=False)
        try:
            answer = self._accounts().check_voicemail_pin({"user_id": user_id}, pin)
            return PinAnswer(bool(answer.get("ok")), bool(answer.get("locked")))
        except Exception as exc:  # the broker or accounts is down, or the user no longer exists
            log.warning("voicemail PIN check for %s failed: %s", user_id, type(exc).__name__)
            self.close()
            return PinAnswer(False, False, reachable=False)

    def _accounts(self) -> Any:
        if self._proxy is None:
            from nameko.standalone.rpc import ClusterRpcClient  # imported on first use: eventlet is slow to load

            self._client = ClusterRpcClient(uri=self.amqp_uri, timeout=self.timeout)
            self._proxy = self._client.start()
        return self._proxy.accounts

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.stop()
            except Exception:
                log.debug("closing the RPC client failed", exc_info=True)
        self._client = self._proxy = None
