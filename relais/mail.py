"""Outgoing mail for `relais up`: the configured SMTP server when it answers, otherwise an embedded one
(aiosmtpd in a child process) that keeps every message in ./var/mail, so password-reset links can be followed
on a machine with no mail server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def outgoing_mail(config: dict[str, Any], data_dir: Path) -> Iterator[str]:
    """Yields a line saying where mail goes; sets RELAIS_SMTP_HOST/PORT for the services when embedded."""
    settings = config.get("ACCOUNTS", {})
    host, port = str(settings.get("SMTP_HOST", "127.0.0.1")), int(settings.get("SMTP_PORT", 25))
    if _answers(host, port):
        yield f"mail:        SMTP server at {host}:{port}"
        return
    maildir = data_dir / "mail"
    maildir.parent.mkdir(parents=True, exist_ok=True)
    embedded_port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{embedded_port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers("127.0.0.1", embedded_port) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        os.environ["RELAIS_SMTP_HOST"], os.environ["RELAIS_SMTP_PORT"] = "127.0.0.1", str(embedded_port)
        yield f"mail:        embedded (no SMTP server at {host}:{port}): messages are kept in {maildir}/new"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
