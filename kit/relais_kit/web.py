"""HTTP entrypoints bound to a per-service address.

nameko's stock WebServer reads one global address; in the embedded mode every service runs in one process
and needs its own port, so the address comes from ``HTTP_ADDRESSES[<service name>]``.
"""

from __future__ import annotations

from typing import Any

from nameko import config
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, parse_address


class ServiceWebServer(WebServer):
    @property
    def bind_addr(self) -> Any:
        addresses = config.get("HTTP_ADDRESSES") or {}
        address = addresses.get(self.container.service_name) or config.get("WEB_SERVER_ADDRESS", "127.0.0.1:8000")
        return parse_address(address)


class ServiceHttpHandler(HttpRequestHandler):
    server = ServiceWebServer()


http = ServiceHttpHandler.decorator
