"""The services that make up Relais, found through the ``relais.services`` entry points of their packages."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from relais_kit.config import deep_merge, load_yaml

# Start order: the gateway last, so the portal answers only once what it calls is there.
ORDER = ("accounts", "routing", "media", "billing", "transcription", "gateway")


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    cls: Any

    @property
    def root(self) -> Path:
        return Path(self.cls.migrations_dir).parent

    @property
    def schema(self) -> str:
        return str(self.cls.schema)

    @property
    def migrations_dir(self) -> Path:
        return Path(self.cls.migrations_dir)

    @property
    def config_file(self) -> Path:
        return self.root / "config.yml"


def discover() -> list[ServiceSpec]:
    found = {ep.name: ep for ep in entry_points(group="relais.services")}
    missing = [name for name in ORDER if name not in found]
    if missing:
        raise RuntimeError(f"services not installed: {', '.join(missing)} (run `make install`)")
    return [ServiceSpec(name, found[name].load()) for name in ORDER]


def platform_config(specs: list[ServiceSpec]) -> dict[str, Any]:
    """Every service's config.yml, merged: one process may run them all."""
    merged: dict[str, Any] = {}
    for spec in specs:
        merged = deep_merge(merged, load_yaml(spec.config_file))
    return merged
