"""The SIP front's settings, read from the media service's configuration (section MEDIA, env-overridable)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/"


def split_address(address: str, default_port: int) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host:
        return address, default_port
    return host, int(port)


@dataclass(frozen=True)
class FrontSettings:
    sip_host: str
    sip_port: int
    realm: str
    kamailio_bin: str
    modules: str
    run_dir: Path
    decider: str
    routing: str
    database_url: str
    workers: int
    worker_base_port: int
    children: int
    async_workers: int
    debug: int
    enabled: bool

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> FrontSettings:
        media = config.get("MEDIA") or {}
        host, port = split_address(str(media.get("SIP_ADDRESS", "127.0.0.1:5060")), 5060)
        data_dir = Path(str(media.get("SIP_RUN_DIR") or "./var/sip"))
        return cls(
            sip_host=host,
            sip_port=port,
            realm=str(media.get("SIP_REALM", "relais")),
            kamailio_bin=str(media.get("KAMAILIO_BIN", "/usr/sbin/kamailio")),
            modules=str(media.get("KAMAILIO_MODULES", DEFAULT_MODULES)),
            run_dir=data_dir.resolve(),
            decider=str(media.get("SIP_DECIDER_ADDRESS", "127.0.0.1:8113")),
            # routing's call-path server; in one process (embedded mode, tests) routing's own key is there too
            routing=str(media.get("ROUTING_CALL_PATH") or config.get("CALL_PATH_ADDRESS") or "127.0.0.1:8112"),
            database_url=str(config["DATABASE_URL"]),
            workers=int(media.get("WORKERS", 2)),
            worker_base_port=int(media.get("WORKER_BASE_PORT", 5070)),
            children=int(media.get("SIP_CHILDREN", 8)),
            async_workers=int(media.get("SIP_ASYNC_WORKERS", 8)),
            debug=int(media.get("SIP_DEBUG", 1)),
            enabled=str(media.get("SIP_FRONT", "false")).lower() not in ("false", "0", "no", "off"),
        )
