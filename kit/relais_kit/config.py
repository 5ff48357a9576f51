"""Configuration: YAML files with ``${ENV:default}`` interpolation, merged into nameko's global config."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

_ENV_PATTERN = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<default>[^}]*))?\}")


def interpolate(text: str, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ

    def replace(match: re.Match[str]) -> str:
        name, default = match.group("name"), match.group("default")
        if name in env:
            return env[name]
        if default is None:
            raise KeyError(f"configuration needs the environment variable {name}")
        return default

    return _ENV_PATTERN.sub(replace, text)


def load_yaml(path: Path, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    data = yaml.safe_load(interpolate(path.read_text(encoding="utf-8"), environ)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: configuration must be a mapping")
    return data


def deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def section(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A service's own settings live under its upper-case name (``ACCOUNTS: {...}``)."""
    value = config.get(name.upper()) or {}
    return dict(value)
