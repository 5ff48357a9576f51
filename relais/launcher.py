"""Start the services: all in this process (embedded bus), or one supervised process each (RabbitMQ)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import eventlet
import nameko
from nameko.runners import ServiceRunner

from relais.services import ServiceSpec

READY_TIMEOUT_SECONDS = 90.0
MAX_RESTARTS = 5


def _ready(address: str) -> bool:
    host, _, port = address.rpartition(":")
    host = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/health/ready", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_until_ready(config: dict[str, Any], specs: list[ServiceSpec], alive: Callable[[], bool]) -> None:
    addresses = config.get("HTTP_ADDRESSES", {})
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    waiting = [spec.name for spec in specs]
    while waiting:
        if not alive():
            raise SystemExit("relais: a service stopped while starting; see the messages above")
        if time.monotonic() > deadline:
            raise SystemExit(f"relais: not ready after {READY_TIMEOUT_SECONDS:.0f} s: {', '.join(waiting)}")
        waiting = [name for name in waiting if not _ready(addresses[name])]
        if waiting:
            eventlet.sleep(0.2)


def _serve(runner: ServiceRunner, on_started: Callable[[], None] | None) -> None:
    """Run until SIGTERM or Ctrl-C, as ``nameko run`` does (signal handlers may not use eventlet primitives)."""

    def shutdown(signum: int, frame: Any) -> None:
        eventlet.spawn_n(runner.stop)

    def keep_hub_awake() -> None:
        # A service with no timer or broker traffic leaves eventlet's hub in an endless epoll wait, which Python
        # resumes after a signal (PEP 475) without running the greenlet the handler spawned: SIGTERM went unheard.
        while True:
            eventlet.sleep(0.5)

    signal.signal(signal.SIGTERM, shutdown)
    eventlet.spawn_n(keep_hub_awake)
    runner.start()
    if on_started is not None:
        eventlet.spawn_n(on_started)
    waiter = eventlet.spawn(runner.wait)
    while True:
        try:
            waiter.wait()
            return
        except OSError as exc:
            if exc.errno != errno.EINTR:
                raise
        except KeyboardInterrupt:
            try:
                runner.stop()
            except KeyboardInterrupt:
                runner.kill()
            return


def run_in_process(
    specs: list[ServiceSpec], config: dict[str, Any], on_ready: Callable[[], None] | None = None
) -> None:
    nameko.config.setup(config)
    runner = ServiceRunner()
    for spec in specs:
        runner.add_service(spec.cls)

    def announce() -> None:
        wait_until_ready(config, specs, alive=lambda: True)
        if on_ready is not None:
            on_ready()

    _serve(runner, announce)


def run_supervised(
    specs: list[ServiceSpec], config: dict[str, Any], env: dict[str, str], on_ready: Callable[[], None] | None = None
) -> None:
    """One process per service; a process that dies is restarted, up to MAX_RESTARTS times in a row."""
    processes: dict[str, subprocess.Popen[bytes]] = {}
    restarts: dict[str, int] = {spec.name: 0 for spec in specs}

    def spawn(name: str) -> None:
        processes[name] = subprocess.Popen([sys.executable, "-m", "relais", "run-service", name], env=env)

    def stop_all() -> None:
        for proc in processes.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for proc in processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()

    stopping = False

    def request_stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    for spec in specs:
        spawn(spec.name)
    try:
        wait_until_ready(config, specs, alive=lambda: all(p.poll() is None for p in processes.values()))
        if on_ready is not None:
            on_ready()
        while not stopping:
            time.sleep(0.5)
            for name, proc in list(processes.items()):
                if proc.poll() is not None and not stopping:
                    restarts[name] += 1
                    if restarts[name] > MAX_RESTARTS:
                        raise SystemExit(f"relais: {name} keeps stopping (exit code {proc.returncode}); giving up")
                    print(f"relais: {name} stopped (exit code {proc.returncode}); restarting", file=sys.stderr)
                    time.sleep(min(2 ** restarts[name], 10))
                    spawn(name)
    finally:
        stop_all()


def run_one(spec: ServiceSpec, config: dict[str, Any]) -> None:
    nameko.config.setup(config)
    runner = ServiceRunner()
    runner.add_service(spec.cls)
    _serve(runner, None)
    os._exit(0)  # eventlet can leave hub threads behind; the service has stopped cleanly by now
