"""The whole platform started the way a user starts it (`relais up` in a subprocess), driven in Chromium."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import eventlet
import pytest

from relais_kit.testing.launch import platform_env, start_relais_up, stop_process_group
from relais_kit.testing.plugin import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium")
ADMIN_PASSWORD = "e2e-admin-Secret-1"


@dataclass
class RunningPlatform:
    process: subprocess.Popen[str]
    url: str
    env: dict[str, str]
    output: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.output)


def _reader(process: subprocess.Popen[str], sink: list[str]) -> None:
    assert process.stdout is not None
    for line in iter(process.stdout.readline, ""):
        sink.append(line)


_process_groups: list[int] = []


@pytest.fixture(scope="session", autouse=True)
def no_stale_processes() -> Iterator[None]:
    """Whatever happened in a test, no service process of this run outlives the run."""
    yield
    for group in _process_groups:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)


@pytest.fixture()
def launch_platform(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], RunningPlatform]]:
    started: list[RunningPlatform] = []

    def launch(extra_env: dict[str, str]) -> RunningPlatform:
        env, url = platform_env(ADMIN_PASSWORD, {"RELAIS_DATA_DIR": str(tmp_path / "var"), **extra_env})
        process = start_relais_up(env, tmp_path)
        _process_groups.append(process.pid)
        platform = RunningPlatform(process, url, env)
        started.append(platform)
        eventlet.spawn_n(_reader, process, platform.output)
        deadline = time.monotonic() + 120
        while "Relais is up" not in platform.text():
            if process.poll() is not None or time.monotonic() > deadline:
                stop_process_group(process)
                pytest.fail(f"`relais up` did not come up:\n{platform.text()}", pytrace=False)
            eventlet.sleep(0.2)
        return platform

    yield launch
    for platform in started:
        stop_process_group(platform.process)


@pytest.fixture()
def fresh_database() -> Iterator[str]:
    name = f"relais_e2e_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
    url = create_database(name)
    yield url
    drop_database(name)


def run_browser_flow(flow: str, url: str, name: str, *args: str) -> None:
    """Run a flow of browser_flows.py in Chromium; its screenshots land in test-artifacts/<name>/."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)", pytrace=False)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("browser_flows.py")), flow, url, str(ARTIFACTS / name), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, f"browser flow {flow} failed:\n{result.stdout}\n{result.stderr}"


def embedded_database_url(platform: RunningPlatform) -> str:
    match = re.search(r"embedded PostgreSQL \(pgserver\) at (\S+)", platform.text())
    assert match, platform.text()
    return match.group(1)


def wait_for_projection(conn_factory: Callable[[], Any], name: str) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        conn = conn_factory()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT kind FROM routing.tenants WHERE name = %s", (name,))
                row = cur.fetchone()
        finally:
            conn.close()
        if row == ("reseller",):
            return
        eventlet.sleep(0.2)
    pytest.fail(f"routing's projection never received the reseller {name!r}", pytrace=False)
