"""Start `relais up` as a user would, in its own process group, for end-to-end tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from relais_kit.testing.plugin import SERVICE_NAMES, free_port


def platform_env(admin_password: str, extra: dict[str, str] | None = None) -> tuple[dict[str, str], str]:
    """The environment for `relais up` on free ports (no RELAIS_* inherited) and the portal URL it will print."""
    ports = {name: free_port() for name in SERVICE_NAMES}
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env.update({f"RELAIS_{name.upper()}_HTTP": f"127.0.0.1:{port}" for name, port in ports.items()})
    url = f"http://127.0.0.1:{ports['gateway']}"
    env.update({"RELAIS_PUBLIC_URL": url, "RELAIS_ADMIN_PASSWORD": admin_password, "PYTHONUNBUFFERED": "1"})
    env.update(extra or {})
    return env, url


def start_relais_up(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "relais", "up"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop_process_group(process: subprocess.Popen[str], grace_seconds: float = 20) -> None:
    """SIGTERM, then SIGKILL: no service process of the group may outlive its test or benchmark."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace_seconds)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
