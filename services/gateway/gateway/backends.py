"""Calls to the other services, with a deadline: a service that does not answer gives a 503, not a hung page."""

from __future__ import annotations

from typing import Any

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import ServiceRpc

RPC_TIMEOUT_SECONDS = 10.0


class ServiceUnavailable(Exception):
    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class Backend:
    def __init__(self, name: str, client: Any, timeout: float = RPC_TIMEOUT_SECONDS) -> None:
        self.name, self._client, self.timeout = name, client, timeout

    def call(self, method: str, *args: Any) -> Any:
        try:
            with eventlet.Timeout(self.timeout):
                return getattr(self._client, method)(*args)
        except eventlet.Timeout:
            raise ServiceUnavailable(self.name) from None
        except UnknownService:
            raise ServiceUnavailable(self.name) from None


class BackendRpc(ServiceRpc):
    """A nameko ServiceRpc handing out a Backend (deadline included) instead of the bare client."""

    def get_dependency(self, worker_ctx: Any) -> Backend:
        return Backend(self.target_service, super().get_dependency(worker_ctx))


class Backends:
    """The services a page or API handler of an area may call, each with its deadline."""

    def __init__(self, accounts: Backend, routing: Backend, media: Backend) -> None:
        self.accounts, self.routing, self.media = accounts, routing, media
