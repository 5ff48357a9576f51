"""Kamailio's configuration, generated from deploy/kamailio/kamailio.cfg.tmpl and our settings."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from media.sipfront.settings import FrontSettings

TEMPLATE = Path(__file__).resolve().parents[4] / "deploy" / "kamailio" / "kamailio.cfg.tmpl"
_TOKEN = re.compile(r"%%([A-Z_]+)%%")


class TemplateError(ValueError):
    pass


def kamailio_db_url(database_url: str) -> str:
    """postgresql://user:pw@host:port/db → postgres://user:pw@host:port/db (db_postgres' scheme)."""
    parts = urlsplit(database_url)
    netloc = parts.netloc
    if "@" not in netloc:
        netloc = f"postgres@{netloc}"
    if ":" not in netloc.rpartition("@")[2]:
        netloc = f"{netloc}:5432"
    return f"postgres://{netloc}{parts.path}"


def fill(template: str, values: dict[str, str]) -> str:
    missing = sorted({name for name in _TOKEN.findall(template) if name not in values})
    if missing:
        raise TemplateError(f"no value for {', '.join(missing)}")
    return _TOKEN.sub(lambda match: values[match.group(1)], template)


def dispatcher_list(settings: FrontSettings) -> str:
    """Set 1: the pjsua2 workers on 127.0.0.1:WORKER_BASE_PORT+i."""
    lines = ["# set destination flags priority (generated: the pjsua2 workers)"]
    for index in range(settings.workers):
        port = settings.worker_base_port + index
        lines.append(f"1 sip:127.0.0.1:{port} 0 {settings.workers - index}")
    return "\n".join(lines) + "\n"


def render(settings: FrontSettings, template: Path = TEMPLATE) -> dict[str, str]:
    """File name → content, written into the run directory."""
    values = {
        "DEBUG": str(settings.debug),
        "CHILDREN": str(settings.children),
        "ASYNC_WORKERS": str(settings.async_workers),
        "SIP_HOST": settings.sip_host,
        "SIP_PORT": str(settings.sip_port),
        "REALM": settings.realm,
        "MODULES": settings.modules,
        "CTL_SOCKET": str(settings.run_dir / "kamailio_ctl"),
        "DB_URL": kamailio_db_url(settings.database_url),
        "DISPATCHER_LIST": str(settings.run_dir / "dispatcher.list"),
        "DECIDER": settings.decider,
    }
    return {
        "kamailio.cfg": fill(template.read_text(encoding="utf-8"), values),
        "dispatcher.list": dispatcher_list(settings),
    }
