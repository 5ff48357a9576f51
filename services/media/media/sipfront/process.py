"""Kamailio as a child process of the media service: render the config, start, wait until it answers, stop."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

from media.sipfront.render import render
from media.sipfront.settings import FrontSettings

log = logging.getLogger(__name__)


class KamailioError(RuntimeError):
    pass


def sip_options_answered(host: str, port: int, timeout: float = 0.5) -> bool:
    """Send one OPTIONS and wait for any SIP answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(timeout)
        local_port = sock.getsockname()[1]
        tag = uuid.uuid4().hex[:12]
        message = (
            f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK{tag}\r\n"
            f"From: <sip:probe@127.0.0.1>;tag={tag}\r\nTo: <sip:{host}:{port}>\r\n"
            f"Call-ID: probe-{tag}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 5\r\nContent-Length: 0\r\n\r\n"
        )
        try:
            sock.sendto(message.encode(), (host, port))
            data = sock.recv(4096)
        except OSError:
            return False
        return data.startswith(b"SIP/2.0 ")


class KamailioProcess:
    def __init__(self, settings: FrontSettings) -> None:
        self.settings = settings
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.settings.run_dir / "kamailio.log"

    def write_config(self) -> Path:
        self.settings.run_dir.mkdir(parents=True, exist_ok=True)
        for name, content in render(self.settings).items():
            (self.settings.run_dir / name).write_text(content, encoding="utf-8")
        return self.settings.run_dir / "kamailio.cfg"

    def start(self, timeout: float = 15.0) -> None:
        cfg = self.write_config()
        if not Path(self.settings.kamailio_bin).exists():
            raise KamailioError(f"Kamailio not found at {self.settings.kamailio_bin} (MEDIA.KAMAILIO_BIN)")
        env = {**os.environ, "PGOPTIONS": "-c search_path=media,public"}
        command = [self.settings.kamailio_bin, "-f", str(cfg), "-DD", "-E", "-x", "tlsf", "-m", "256", "-M", "16"]
        with open(self.log_path, "ab") as log_file:
            # its own process group, so stopping it reaches every child it forked
            self.process = subprocess.Popen(
                command,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self.settings.run_dir,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while not sip_options_answered(self.settings.sip_host, self.settings.sip_port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log_path.read_text(errors="replace")[-2000:]
                self.stop()
                raise KamailioError(
                    f"Kamailio did not start on {self.settings.sip_host}:{self.settings.sip_port}:\n{tail}"
                )
            time.sleep(0.1)
        log.info("SIP front listening on udp:%s:%s", self.settings.sip_host, self.settings.sip_port)

    def stop(self, timeout: float = 10.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)

    def rpc(self, *command: str) -> str:
        """A Kamailio RPC through its control socket (kamcmd), e.g. permissions.addressReload."""
        kamcmd = str(Path(self.settings.kamailio_bin).with_name("kamcmd"))
        socket_path = f"unix:{self.settings.run_dir / 'kamailio_ctl'}"
        result = subprocess.run([kamcmd, "-s", socket_path, *command], capture_output=True, text=True, timeout=10)
        if result.returncode != 0:
            raise KamailioError(f"kamcmd {' '.join(command)}: {result.stderr.strip() or result.stdout.strip()}")
        return result.stdout
