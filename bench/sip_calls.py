"""The SIP front's figures (issue 6), in the style of RFC 7502: each is the highest rate with zero failed calls over
--seconds (20 in the RFC), SIPp on this machine on both sides.

1. trunk → DID → registered phone answers → hang up, through the real front (Kamailio asking the media service,
   which asks routing over its call path; routing runs in its own process, as under `relais up`), with the p95
   post-dial delay (INVITE → 180); reported as a ratio to Kamailio forwarding the same calls statelessly (a minimal
   config started here) in the same run;
2. calls that need a worker (a registered phone dials the auto attendant, a pjsua2 worker of the pool answers and
   plays the prompt): calls/s and concurrent calls for the pool and per worker (a bare pjsua2 process against one
   worker, without the front, is bench/worker_calls.py);
3. phone-to-phone calls held at once with audio flowing (each callee echoes, an RTP generator here sends 50 packets
   a second per call to the media port each answer's SDP names and counts what comes back): packet loss.

Needs PostgreSQL and RabbitMQ (a throw-away database and vhost are made), kamailio and sipp.

    python bench/sip_calls.py [--seconds 20] [--workers 2] [--concurrent 200]
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)

FRONT_LADDER = (25, 50, 100, 150, 200, 300, 400, 600, 800, 1000)
STATELESS_LADDER = (100, 200, 400, 800, 1200, 1600, 2000, 2500, 3000)
WORKER_LADDER = (2, 4, 6, 8, 10, 15, 20, 30, 40, 60)
PASSWORD = "Bench-Phone-42"

STATELESS_CFG = """#!KAMAILIO
debug=0
log_stderror=yes
fork=yes
children=8
auto_aliases=no
listen=udp:127.0.0.1:{port}
mpath="{modules}"
loadmodule "pv.so"
loadmodule "rr.so"
loadmodule "siputils.so"
loadmodule "sl.so"
loadmodule "textops.so"
request_route {{
    if (is_method("OPTIONS") && $rU == $null) {{ sl_send_reply("200", "OK"); exit; }}
    if (has_totag()) {{
        if (loose_route()) {{ forward(); exit; }}
        sl_send_reply("404", "Not here");
        exit;
    }}
    record_route();
    $du = "sip:127.0.0.1:{target}";
    forward();
}}
"""


# --- SIPp runs --------------------------------------------------------------------------------------------------


def bench_scenario(folder: Path) -> Path:
    """The test suite's trunk call, timed to the 180 (rtd 1) and hanging up as soon as it is answered."""
    from media.sipfront.testing import SCENARIOS

    text = (SCENARIOS / "trunk_call.xml").read_text()
    ringing = '<recv response="180" optional="true" rrs="true"/>'
    # optional: a 200 may overtake its 180 across Kamailio's processes (UDP); that call then has no 180 delay
    text = text.replace(ringing, '<recv response="180" optional="true" rrs="true" rtd="1"/>')
    text = text.replace('<recv response="200" rrs="true" rtd="true"/>', '<recv response="200" rrs="true"/>')
    text = text.replace('<pause milliseconds="1000"/>', "")
    path = folder / "bench_trunk_call.xml"
    path.write_text(text)
    return path


def run_sipp(folder: Path, args: list[str], timeout: float) -> dict[str, Any]:
    """One SIPp run; returns successful/failed counts, the highest concurrent calls and the 180 delays (ms)."""
    tag = uuid.uuid4().hex[:8]
    stats, rtt_dir = folder / f"{tag}.csv", folder / tag
    rtt_dir.mkdir()
    # a 180 overtaken by its 200 (UDP across Kamailio's processes) is not a failed call: unexpected messages are
    # logged, not fatal (RFC 7502 counts calls that complete)
    command = ["sipp", *args, "-nostdin", "-trace_stat", "-fd", "1", "-stf", str(stats)]
    command += ["-default_behaviors", "all,-abortunexp"]
    command += ["-trace_rtt", "-rtt_freq", "1", "-timeout", f"{int(timeout)}s", "-timeout_error", "-trace_err"]
    subprocess.run(command, capture_output=True, timeout=timeout + 30, cwd=rtt_dir)
    rows = [r.split(";") for r in stats.read_text().strip().splitlines()] if stats.exists() else []
    header = rows[0] if rows else []
    values = [dict(zip(header, r, strict=False)) for r in rows[1:]]
    last = values[-1] if values else {}
    delays: list[float] = []
    for rtt in rtt_dir.glob("*_rtt.csv"):
        for line in rtt.read_text().splitlines()[1:]:
            parts = line.split(";")
            if len(parts) >= 3 and parts[2].strip() == "1":
                delays.append(float(parts[1]))
    return {
        "ok": int(last.get("SuccessfulCall(C)", 0) or 0),
        "failed": int(last.get("FailedCall(C)", 0) or 0),
        "peak": max((int(v.get("CurrentCall(P)", 0) or 0) for v in values), default=0),
        "delays": delays,
    }


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def ladder(label: str, rates: tuple[int, ...], seconds: float, attempt: Any) -> tuple[int, float]:
    """Climb ``rates``; the figure is the highest with zero failed calls (and every call placed)."""
    best, best_p95 = 0, float("nan")
    for rate in rates:
        total = int(rate * seconds)
        result = attempt(rate, total)
        failed = result["failed"] + max(0, total - result["ok"] - result["failed"])
        delay = p95(result["delays"])
        print(f"  {label}: {rate:5d}/s × {seconds:.0f} s → {result['ok']} ok, {failed} failed, p95 180 {delay:.1f} ms")
        if failed:
            break
        best, best_p95 = rate, delay
        time.sleep(1.0)
    return best, best_p95


# --- processes --------------------------------------------------------------------------------------------------


class Children:
    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, command: list[str], cwd: Path, **options: Any) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **options
        )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


def stateless_kamailio(children: Children, folder: Path, target: int) -> int:
    from media.sipfront.process import sip_options_answered
    from media.sipfront.settings import DEFAULT_MODULES
    from media.sipfront.testing import free_udp_port

    port = free_udp_port()
    cfg = folder / "stateless.cfg"
    cfg.write_text(STATELESS_CFG.format(port=port, modules=DEFAULT_MODULES, target=target))
    children.start(["/usr/sbin/kamailio", "-f", str(cfg), "-DD", "-E", "-m", "128", "-M", "8"], folder)
    deadline = time.monotonic() + 15
    while not sip_options_answered("127.0.0.1", port):
        if time.monotonic() > deadline:
            raise RuntimeError("the stateless Kamailio did not start")
        time.sleep(0.1)
    return port


# --- RTP for the concurrent calls -------------------------------------------------------------------------------


class RtpLoad:
    """One UDP socket offered in every caller's SDP: a stream of 50 packets/s per answered call (its own SSRC) to
    the media port that call's answer named; the callee echoes; packets coming back are counted per SSRC."""

    def __init__(self, ports_file: Path, seconds: float) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = int(self.sock.getsockname()[1])
        self.ports_file, self.seconds = ports_file, seconds
        self.sent: dict[int, int] = {}
        self.received: dict[int, int] = {}
        self.stopped = threading.Event()
        self.threads = [threading.Thread(target=self._send), threading.Thread(target=self._recv)]
        for thread in self.threads:
            thread.start()

    def _targets(self) -> list[int]:
        with contextlib.suppress(OSError):
            return [int(p) for p in self.ports_file.read_text().split()]
        return []

    def _send(self) -> None:
        streams: dict[int, tuple[int, float]] = {}  # ssrc → (port, end)
        tick = time.monotonic()
        while not self.stopped.is_set():
            for index, port in enumerate(self._targets()):
                streams.setdefault(index + 1, (port, time.monotonic() + self.seconds))
            now = time.monotonic()
            for ssrc, (port, end) in streams.items():
                if now < end:
                    seq = self.sent.get(ssrc, 0)
                    packet = struct.pack("!BBHII", 0x80, 0, seq & 0xFFFF, (seq * 160) & 0xFFFFFFFF, ssrc)
                    self.sock.sendto(packet + b"\xff" * 160, ("127.0.0.1", port))
                    self.sent[ssrc] = seq + 1
            if streams and all(now >= end for _, end in streams.values()):
                return
            tick += 0.02
            time.sleep(max(0.0, tick - time.monotonic()))

    def _recv(self) -> None:
        while not self.stopped.is_set():
            try:
                data = self.sock.recv(2048)
            except OSError:
                continue
            if len(data) >= 12:
                ssrc = struct.unpack("!I", data[8:12])[0]
                self.received[ssrc] = self.received.get(ssrc, 0) + 1

    def finish(self) -> tuple[int, int, int]:
        """(streams, packets sent, packets back) once the streams are done and the echoes drained."""
        self.threads[0].join(timeout=self.seconds + 60)
        time.sleep(0.5)
        self.stopped.set()
        self.threads[1].join(timeout=2)
        self.sock.close()
        return len(self.sent), sum(self.sent.values()), sum(self.received.get(s, 0) for s in self.sent)


# --- the platform -----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def platform(folder: Path, workers: int) -> Iterator[Any]:
    """media (with Kamailio and the pool) in this process and routing in its own (`relais run-service routing`, as
    `relais up` runs it), on a throw-away database and vhost."""
    from media.service import MediaService
    from media.sipfront.testing import sip_platform
    from relais_kit.testing.plugin import free_port

    vhost = f"relais-bench-{uuid.uuid4().hex[:8]}"
    amqp = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True)
    running = sip_platform(amqp, folder, [MediaService], workers=workers)
    routing: subprocess.Popen[bytes] | None = None
    try:
        sip = next(running)
        env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
        env.update(
            RELAIS_DATABASE_URL=sip.database_url,
            RELAIS_AMQP_URI=amqp,
            RELAIS_ROUTING_CALLPATH=sip.config["CALL_PATH_ADDRESS"],
            RELAIS_ROUTING_HTTP=f"127.0.0.1:{free_port()}",
        )
        command = [sys.executable, "-m", "relais", "run-service", "routing"]
        routing = subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.DEVNULL, start_new_session=True)
        host, port = sip.config["CALL_PATH_ADDRESS"].rsplit(":", 1)
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=1):
                break
            if routing.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("routing did not start")
            time.sleep(0.2)
        yield sip
    finally:
        if routing is not None and routing.poll() is None:
            os.killpg(routing.pid, signal.SIGTERM)
            routing.wait(timeout=20)
        with contextlib.suppress(StopIteration):
            next(running)
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False)


def seed(sip: Any) -> Any:
    """Routing's example enterprise, a digest identity per line and a system trunk from 127.0.0.1."""
    import psycopg2

    from media.sipfront.process import KamailioProcess
    from media.sipfront.settings import FrontSettings
    from media.sipfront.testing import ha1
    from relais_kit.db import shared_connection
    from routing.seeding import seed_enterprise
    from routing.storage import RoutingStore

    conn = psycopg2.connect(sip.database_url)
    try:
        with shared_connection(conn) as shared, shared.savepoint("routing") as tx:
            seeded = seed_enterprise(RoutingStore(tx), users=4, hunt_groups=1, auto_attendants=1)
        conn.commit()
    finally:
        conn.close()
    path = [seeded.system_id, seeded.reseller_id, seeded.enterprise_id]
    for index, user_id in enumerate(seeded.users):
        sip.sql(
            "INSERT INTO media.subscriber (username, domain, ha1, user_id, kind, enterprise_id, tenant_path)"
            " VALUES (%s, 'relais', %s, %s, 'default', %s, %s::uuid[])",
            (f"line{index}", ha1(f"line{index}", PASSWORD), user_id, seeded.enterprise_id, path),
        )
    sip.sql(
        "INSERT INTO media.trunks (trunk_id, tenant_id, tenant_path, name, host, port, transport, username, register,"
        " allowed_sources, caller_id_rules, changed_at) VALUES (%s, %s, %s::uuid[], 'Carrier', '127.0.0.1', 5999,"
        " 'udp', NULL, false, ARRAY['127.0.0.1/32'], '[]'::jsonb, now())",
        (str(uuid.uuid4()), seeded.system_id, [seeded.system_id]),
    )
    KamailioProcess(FrontSettings.from_config(sip.config)).rpc("permissions.addressReload")
    return seeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each ladder step (RFC 7502: 20)")
    parser.add_argument("--workers", type=int, default=2, help="pjsua2 workers in the pool")
    parser.add_argument("--concurrent", type=int, default=200, help="phone-to-phone calls held at once")
    parser.add_argument("--hold", type=float, default=15.0, help="seconds each of those calls carries audio")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: proxy, workers, audio")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    children = Children()
    tmp = tempfile.mkdtemp(prefix="relais-sip-bench-")  # kept when KEEP is set, for SIPp's error files
    with platform(Path(tmp), args.workers) as sip:
        folder = Path(tmp)
        try:
            seeded = seed(sip)
            figures: dict[str, Any] = {}
            if "proxy" not in skip:
                figures.update(proxy_figures(sip, seeded, children, folder, args.seconds))
            if "workers" not in skip:
                figures.update(worker_figures(sip, folder, args.seconds, args.workers))
            if "audio" not in skip:
                figures.update(audio_figures(sip, seeded, children, folder, args.concurrent, args.hold))
        finally:
            children.stop_all()
    if not os.environ.get("KEEP"):
        shutil.rmtree(tmp, ignore_errors=True)
    report(figures, args)


def register(sip: Any, line: int, port: int) -> None:
    result = sip.register(f"line{line}", PASSWORD, port)
    if result.returncode != 0:
        raise RuntimeError(f"line{line} did not register: {result.stats}")


def proxy_figures(sip: Any, seeded: Any, children: Children, folder: Path, seconds: float) -> dict[str, Any]:
    from media.sipfront.testing import SCENARIOS, free_udp_port

    scenario = bench_scenario(folder)
    phone_port = free_udp_port()
    register(sip, 1, phone_port)
    children.start(["sipp", "-sf", str(SCENARIOS / "phone_uas.xml"), "-p", str(phone_port), "-nostdin"], folder)
    time.sleep(1.0)

    def attempt(target: str) -> Any:
        def run(rate: int, total: int) -> dict[str, Any]:
            command = ["-sf", str(scenario), "-s", seeded.did(1), "-r", str(rate), "-m", str(total)]
            command += ["-l", str(max(100, rate * 4)), "-p", str(free_udp_port()), target]
            return run_sipp(folder, command, seconds + 30)

        return run

    print("trunk → DID → phone answers → hang up, through the SIP front (routing decides each call):", flush=True)
    front_rate, front_p95 = ladder("front", FRONT_LADDER, seconds, attempt(sip.sip))
    print("the same calls forwarded statelessly by a minimal Kamailio:", flush=True)
    stateless_port = stateless_kamailio(children, folder, phone_port)
    bare_rate, bare_p95 = ladder("stateless", STATELESS_LADDER, seconds, attempt(f"127.0.0.1:{stateless_port}"))
    return {"front": (front_rate, front_p95), "stateless": (bare_rate, bare_p95)}


def worker_figures(sip: Any, folder: Path, seconds: float, workers: int) -> dict[str, Any]:
    from media.pool import sip_options_ping

    deadline = time.monotonic() + 180
    while not all(sip_options_ping(port) for port in sip.worker_ports):
        if time.monotonic() > deadline:
            raise RuntimeError("the worker pool did not start")
        time.sleep(0.5)
    print(f"auto attendant through the front, answered by a pool of {workers} pjsua2 workers (prompt 200 ms):")

    def run(rate: int, total: int) -> dict[str, Any]:
        call = sip.phone_call("line0", PASSWORD, "700", calls=total, rate=rate, hold_ms=200, timeout=seconds + 30)
        return {"ok": call.count("SuccessfulCall(C)"), "failed": call.count("FailedCall(C)"), "delays": []}

    rate, _ = ladder("pool", WORKER_LADDER, seconds, run)
    from media.sipfront.testing import final_answers

    capacity_try = 4 * workers + 4
    call = sip.phone_call(
        "line0", PASSWORD, "700", calls=capacity_try, rate=50, hold_ms=4000, refused=503, refusal_optional=True
    )
    answers = list(final_answers(call.messages).values())
    held = answers.count(200)
    print(f"  {capacity_try} calls at once: {held} answered, {answers.count(503)} refused with 503")
    return {"workers": (rate, held, workers)}


def audio_figures(
    sip: Any, seeded: Any, children: Children, folder: Path, concurrent: int, hold: float
) -> dict[str, Any]:
    from media.sipfront.testing import SCENARIOS, free_udp_port

    callee_port, media_port = free_udp_port(), free_udp_port()
    register(sip, 2, callee_port)
    uas = ["sipp", "-sf", str(SCENARIOS / "phone_uas.xml"), "-p", str(callee_port), "-mp", str(media_port)]
    children.start([*uas, "-rtp_echo", "-nostdin"], folder)
    time.sleep(1.0)
    ports_file = folder / f"answers-{random.randrange(1 << 30)}"
    load = RtpLoad(ports_file, hold)
    print(f"{concurrent} phone-to-phone calls held at once (extension {seeded.extension(2)}), audio echoed:")
    call = sip.phone_call(
        "line3",
        PASSWORD,
        seeded.extension(2),
        "-set",
        "port_file",
        str(ports_file),
        "-l",
        str(concurrent),
        "-fd",
        "1",
        calls=concurrent,
        rate=50,
        rtp_port=load.port,
        hold_ms=int((hold + concurrent / 50 + 2) * 1000),
        timeout=hold + concurrent / 50 + 60,
    )
    streams, sent, back = load.finish()
    ok = call.count("SuccessfulCall(C)")
    loss = 1 - back / sent if sent else 1.0
    print(f"  {ok}/{concurrent} calls completed, {streams} audio streams, {sent} packets sent, {back} came back")
    return {"audio": (ok, streams, loss)}


def report(figures: dict[str, Any], args: argparse.Namespace) -> None:
    print()
    print(f"RFC 7502 style, {args.seconds:.0f} s per step, highest rate with zero failed calls; {os.cpu_count()} cores")
    print("shared with whatever else runs here (SIPp on both sides takes its share)")
    if "front" in figures:
        (front, front_p95), (bare, bare_p95) = figures["front"], figures["stateless"]
        ratio = front / bare if bare else 0.0
        print(f"trunk → DID → phone via the front : {front:5d} calls/s, p95 INVITE→180 {front_p95:.1f} ms")
        print(f"stateless Kamailio, same calls     : {bare:5d} calls/s, p95 INVITE→180 {bare_p95:.1f} ms")
        print(f"front / stateless                  : {ratio:.2f}")
    if "workers" in figures:
        rate, held, workers = figures["workers"]
        print(f"auto attendant (worker) via front  : {rate:5d} calls/s pool, {rate / workers:.0f} per worker;")
        print(f"                                     {held} concurrent in the pool, {held / workers:.0f} per worker")
    if "audio" in figures:
        ok, streams, loss = figures["audio"]
        print(f"phone to phone with audio          : {ok} calls held at once, {streams} streams, {loss:.3%} lost")


if __name__ == "__main__":
    main()
