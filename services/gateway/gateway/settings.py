"""The gateway's settings, from the GATEWAY section of its config."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nameko import config
from nameko.extensions import DependencyProvider

from relais_kit.config import section


@dataclass(frozen=True)
class GatewaySettings:
    public_url: str
    session_idle_seconds: int
    secure_cookies: bool
    support_phone: str
    support_url: str
    feedback_email: str

    @classmethod
    def from_config(cls, values: dict[str, Any]) -> GatewaySettings:
        return cls(
            public_url=str(values.get("PUBLIC_URL", "http://127.0.0.1:8080")).rstrip("/"),
            session_idle_seconds=int(values.get("SESSION_IDLE_SECONDS", 600)),
            secure_cookies=str(values.get("SECURE_COOKIES", "false")).lower() in ("1", "true", "yes"),
            support_phone=str(values.get("SUPPORT_PHONE", "")),
            support_url=str(values.get("SUPPORT_URL", "/help")),
            feedback_email=str(values.get("FEEDBACK_EMAIL", "")),
        )


class Settings(DependencyProvider):
    def setup(self) -> None:
        self.settings = GatewaySettings.from_config(section(config, "gateway"))

    def get_dependency(self, worker_ctx: Any) -> GatewaySettings:
        return self.settings
