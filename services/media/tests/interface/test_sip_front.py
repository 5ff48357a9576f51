"""The SIP front against real peers (MED-01): Kamailio started by the media service, SIPp as carrier and phones,
accounts and routing running on the real broker and a committed PostgreSQL database."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from accounts.passwords import make_hasher
from accounts.seed import seed_defaults
from accounts.service import AccountsService
from accounts.storage import AccountsStore
from media.pool import sip_options_ping
from media.service import MediaService
from media.sipfront.process import sip_options_answered
from media.sipfront.testing import SCENARIOS, RtpProbe, SipPlatform, final_answers, free_udp_port, ha1, sip_platform
from relais_kit.db import shared_connection
from relais_kit.events import OutboxWriter
from relais_kit.testing.plugin import wait_for
from routing import configuration
from routing.group_resources import PARK_GROUP
from routing.group_services import create_group
from routing.resources import AUTO_ATTENDANT
from routing.seeding import SeededEnterprise, seed_enterprise
from routing.service import RoutingService
from routing.storage import RoutingStore

PHONE_PASSWORD = "Phone-Secret-42"
# Each test rings its own lines (a line keeps the contacts of earlier registrations until they expire).
LINE_REGISTERS, LINE_TRUNK_CALLS, LINE_AUDIO, LINE_BUSY, LINE_FORWARD_TARGET, LINE_CALLER, LINE_MENU_CALLER = range(7)
PARIS = "+33142685300"
PREMIUM = "+19005550123"  # the seeded enterprise's restriction "Numéros surtaxés" (+1900)


@pytest.fixture(scope="module")
def platform(amqp_uri: str, tmp_path_factory: Any) -> Iterator[SipPlatform]:
    run_dir = Path(tmp_path_factory.mktemp("sip"))
    yield from sip_platform(amqp_uri, run_dir, [AccountsService, RoutingService, MediaService])


@pytest.fixture(scope="module")
def enterprise(platform: SipPlatform) -> SeededEnterprise:
    """Routing's example enterprise (lines with DIDs +1514555000N) and a digest identity per line in media, under
    the platform's one system tenant (so a system trunk serves its outbound calls)."""
    _seed_accounts(platform)
    system = platform.sql("SELECT id::text FROM accounts.tenants WHERE kind = 'system'")[0]["id"]
    conn = psycopg2.connect(platform.database_url)
    try:
        with shared_connection(conn) as shared, shared.savepoint("routing") as tx:
            seeded = seed_enterprise(RoutingStore(tx), users=8, hunt_groups=1, auto_attendants=1)
        conn.commit()
    finally:
        conn.close()
    for index, user_id in enumerate(seeded.users):
        platform.sql(
            "INSERT INTO media.subscriber (username, domain, ha1, user_id, kind, enterprise_id, tenant_path)"
            " VALUES (%s, 'relais', %s, %s, 'default', %s, %s::uuid[])",
            (
                f"line{index}",
                ha1(f"line{index}", PHONE_PASSWORD),
                user_id,
                seeded.enterprise_id,
                [system, seeded.reseller_id, seeded.enterprise_id],
            ),
        )
    return seeded


def _seed_accounts(platform: SipPlatform) -> None:
    """The system administrator, as `relais seed` creates it."""
    conn = psycopg2.connect(platform.database_url)
    try:
        with shared_connection(conn) as shared, shared.savepoint("accounts") as tx:
            hasher = make_hasher({"ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}, allow_weak=True)
            passwords = {"admin": PHONE_PASSWORD, "reseller": PHONE_PASSWORD, "user": PHONE_PASSWORD}
            seed_defaults(AccountsStore(tx), OutboxWriter("accounts"), hasher, passwords)
        conn.commit()
    finally:
        conn.close()


def _admin(platform: SipPlatform) -> dict[str, str]:
    admin = platform.sql("SELECT id::text FROM accounts.users WHERE identifier = 'admin'")
    return {"user_id": admin[0]["id"]}


@pytest.fixture(scope="module")
def trunk(platform: SipPlatform, enterprise: SeededEnterprise, module_rpc: Any) -> dict[str, Any]:
    """The carrier's trunk, created in accounts; media gets it from trunk_changed and Kamailio reloads its sources."""
    system = platform.sql("SELECT id::text FROM accounts.tenants WHERE kind = 'system'")[0]["id"]
    created = module_rpc("accounts").create_trunk(
        _admin(platform),
        system,
        {
            "name": "Carrier",
            "host": "127.0.0.1",
            "port": free_udp_port(),
            "allowed_sources": ["127.0.0.1/32"],
            "caller_id_rules": [
                {"prefix": "", "caller_id": "+15145550000"},
                {"prefix": "33", "caller_id": "+15145550033"},
            ],
        },
    )
    wait_for(lambda: platform.sql("SELECT 1 FROM media.trunks WHERE trunk_id = %s", (created["id"],)))
    return dict(created)


@pytest.fixture(scope="module")
def module_rpc(platform: SipPlatform) -> Iterator[Any]:
    import nameko
    from nameko.standalone.rpc import ServiceRpcClient

    clients: list[Any] = []

    def client(service: str) -> Any:
        with nameko.config.patch(platform.config, clear=True):
            standalone = ServiceRpcClient(service, timeout=15)
            clients.append(standalone)
            return standalone.start()

    yield client
    for standalone in clients:
        standalone.stop()


def test_med01_phone_registers_with_its_digest_identity_and_a_wrong_password_gets_401(
    platform: SipPlatform, enterprise: SeededEnterprise
) -> None:
    port = free_udp_port()
    assert platform.register("line0", PHONE_PASSWORD, port).returncode == 0, platform.kamailio_log()[-3000:]
    rows = platform.sql("SELECT contact FROM media.location WHERE username = %s", (enterprise.users[0],))
    assert rows and f":{port}" in rows[0]["contact"]
    wrong = platform.register("line0", "not-the-password", free_udp_port())
    assert wrong.returncode != 0
    assert wrong.count("FailedCallCannotSendMessage(C)") == 0


def test_med01_trunk_call_to_a_did_rings_the_registered_phone_which_answers(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any]
) -> None:
    phone_port = free_udp_port()
    assert platform.register("line1", PHONE_PASSWORD, phone_port).returncode == 0
    platform.sipp_background(
        "-sf",
        str(SCENARIOS / "phone_uas.xml"),
        "-p",
        str(phone_port),
        "-rtp_echo",
        "-mp",
        str(free_udp_port()),
        platform.sip,
    )
    call = platform.sipp(
        "-sf",
        str(SCENARIOS / "trunk_call.xml"),
        "-s",
        enterprise.did(1),
        "-m",
        "3",
        "-r",
        "3",
        "-timeout",
        "20s",
        platform.sip,
    )
    assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
    assert call.count("SuccessfulCall(C)") == 3
    # the front recorded the proxied calls once each, answered then ended (events through the outbox)
    facts = wait_for(
        lambda: (
            (rows := platform.sql("SELECT fact, count(*) AS n FROM media.front_call_facts GROUP BY fact"))
            and {r["fact"]: r["n"] for r in rows}.get("ended", 0) >= 3
            and rows
        )
    )
    assert {r["fact"]: r["n"] for r in facts} == {"started": 3, "answered": 3, "ended": 3}
    events = platform.sql(
        "SELECT event_type, count(*) AS n FROM media.outbox WHERE event_type LIKE 'call_%%' GROUP BY event_type"
    )
    assert {r["event_type"]: r["n"] for r in events} == {"call_started": 3, "call_answered": 3, "call_ended": 3}


def test_med01_invite_from_an_unknown_source_without_credentials_is_challenged(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any]
) -> None:
    # SIPp binds the trunk's allowed address 127.0.0.1 too; use the other loopback address as a stranger.
    refused = platform.expect_refusal(enterprise.did(0), 407, "-i", "127.0.0.2")
    assert refused.returncode == 0, (refused.stats, platform.kamailio_log()[-2000:])


def test_med01_a_did_nobody_owns_is_refused_and_the_front_stays_up(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any]
) -> None:
    refused = platform.expect_refusal("+15145559999", 404)
    assert refused.returncode == 0, (refused.stats, platform.kamailio_log()[-2000:])
    again = platform.expect_refusal("+15145559998", 404)
    assert again.returncode == 0


def _set_forwarding(platform: SipPlatform, enterprise: SeededEnterprise, line: int, payload: dict[str, Any]) -> None:
    """As the portal's forwarding page does, through routing's configuration code on the committed database."""
    conn = psycopg2.connect(platform.database_url)
    try:
        with shared_connection(conn) as shared, shared.savepoint("routing") as tx:
            configuration.set_forwarding(
                RoutingStore(tx), enterprise.scope, enterprise.enterprise_id, enterprise.users[line], payload
            )
        conn.commit()
    finally:
        conn.close()


def _everything_up(platform: SipPlatform) -> None:
    host, port = platform.sip.split(":")
    assert sip_options_answered(host, int(port)), platform.kamailio_log()[-2000:]
    for worker_port in platform.worker_ports:
        assert wait_for(lambda p=worker_port: sip_options_ping(p), timeout=10), f"worker on {worker_port} is down"


@pytest.fixture(scope="module")
def workers_ready(platform: SipPlatform) -> None:
    """The pool the media service started (its first start makes the system prompts)."""
    for port in platform.worker_ports:
        wait_for(lambda p=port: sip_options_ping(p), timeout=180)


def test_med01_trunk_call_to_a_phone_carries_rtp_both_ways_without_a_worker(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], tmp_path: Path
) -> None:
    """The phone echoes what it hears (SIPp -rtp_echo); the caller's RTP probe sends to the media port the answer's
    SDP names after crossing the front, and counts its own packets coming back."""
    platform.phone(f"line{LINE_AUDIO}", PHONE_PASSWORD, SCENARIOS / "phone_uas.xml", "-rtp_echo")
    answer_port = tmp_path / "answer-port"
    probe = RtpProbe(answer_port, packets=100, interval=0.01)
    try:
        call = platform.sipp(
            "-sf", str(SCENARIOS / "trunk_talk.xml"), "-s", enterprise.did(LINE_AUDIO),
            "-set", "rtp", str(probe.port), "-set", "port_file", str(answer_port),
            "-m", "1", "-d", "2500", "-timeout", "20s", platform.sip,
        )  # fmt: skip
        assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
        assert call.count("SuccessfulCall(C)") == 1
        wait_for(lambda: probe.sent == 100, timeout=5)
        # both ways: the phone got the caller's packets and sent them back (loopback: under 2 % lost)
        assert probe.echoed >= 98, (probe.sent, probe.received)
    finally:
        probe.close()


def test_med01_busy_line_forwards_to_its_busy_target(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any]
) -> None:
    """RTE-04 through the front: the busy phone answers 486, routing's step_call names the forward-when-busy
    target, the front rings it and it answers."""
    target = enterprise.users[LINE_FORWARD_TARGET]
    _set_forwarding(platform, enterprise, LINE_BUSY, {"busy": {"target": {"kind": "user", "ref": target}}})
    platform.phone(f"line{LINE_BUSY}", PHONE_PASSWORD, SCENARIOS / "phone_busy.xml")
    platform.phone(f"line{LINE_FORWARD_TARGET}", PHONE_PASSWORD, SCENARIOS / "phone_uas.xml")
    call = platform.sipp(
        "-sf", str(SCENARIOS / "trunk_call.xml"), "-s", enterprise.did(LINE_BUSY), "-m", "1", "-timeout", "20s",
        platform.sip,
    )  # fmt: skip
    assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
    assert call.count("SuccessfulCall(C)") == 1


def test_med01_registered_phone_calls_out_through_the_trunk_with_its_caller_id(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any]
) -> None:
    """The carrier (a SIPp UAS on the trunk's address) fails the call unless the dialled number is in the request
    line and the trunk's longest matching caller-ID rule ("33" → +15145550033) is in From."""
    carrier = platform.scenario("carrier_uas.xml", DIALLED=re.escape(PARIS), CALLER_ID=re.escape("+15145550033"))
    platform.sipp_background("-sf", str(carrier), "-p", str(trunk["port"]), "-mp", str(free_udp_port()), "-m", "1")
    call = platform.phone_call(f"line{LINE_CALLER}", PHONE_PASSWORD, PARIS)
    assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
    assert call.count("SuccessfulCall(C)") == 1
    assert set(final_answers(call.messages).values()) == {200}


def test_rte02_outbound_call_refused_by_a_restriction_gets_its_cause_code(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any]
) -> None:
    call = platform.phone_call(f"line{LINE_CALLER}", PHONE_PASSWORD, PREMIUM, refused=403)
    assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
    assert set(final_answers(call.messages).values()) == {403}


def test_med01_auto_attendant_call_is_handed_to_a_worker_which_answers_and_plays_the_prompt(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], workers_ready: None, tmp_path: Path
) -> None:
    answer_port = tmp_path / "answer-port"
    probe = RtpProbe(answer_port, packets=50, interval=0.02)
    try:
        call = platform.phone_call(
            f"line{LINE_MENU_CALLER}", PHONE_PASSWORD, "700", "-set", "port_file", str(answer_port),
            rtp_port=probe.port, hold_ms=3000,
        )  # fmt: skip
        assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
        assert call.count("SuccessfulCall(C)") == 1
        assert probe.from_far_end > 50, probe.received  # the worker's prompt, 20 ms a packet
    finally:
        probe.close()
    (call_id,) = final_answers(call.messages)
    facts = wait_for(lambda: platform.sql("SELECT fact_key FROM media.call_facts WHERE call_id = %s", (call_id,)))
    assert {f"{call_id}:in:started", f"{call_id}:in:answered"} <= {row["fact_key"] for row in facts}
    assert not platform.sql("SELECT 1 FROM media.pending_plans WHERE call_id = %s", (call_id,))


def test_med01_more_media_calls_than_the_pool_holds_get_503_and_nothing_crashes(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], workers_ready: None
) -> None:
    capacity = 4 * len(platform.worker_ports)  # MAX_LEGS per pjsua2 worker
    call = platform.phone_call(
        f"line{LINE_MENU_CALLER}", PHONE_PASSWORD, "700", calls=capacity + 3, rate=30, hold_ms=3000,
        refused=503, refusal_optional=True,
    )  # fmt: skip
    answers = final_answers(call.messages)
    assert call.returncode == 0, (call.stats, answers, platform.kamailio_log()[-3000:])
    codes = sorted(answers.values())
    assert codes == [200] * capacity + [503] * 3, codes
    _everything_up(platform)
    again = platform.phone_call(f"line{LINE_MENU_CALLER}", PHONE_PASSWORD, "700", hold_ms=500)
    assert again.count("SuccessfulCall(C)") == 1, again.stats


def test_med01_malformed_and_unauthenticated_invites_are_refused_and_everything_stays_up(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], workers_ready: None
) -> None:
    host, port = platform.sip.split(":")
    garbage = [
        b"INVITE sip:+15145550001@relais SIP/2.0\r\n\r\n",  # no Via, From, To, Call-ID, CSeq
        b"INVITE sip:+15145550001@relais SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5;branch=z9hG4bKx\r\n"
        b"From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: bad-1\r\nCSeq: nope INVITE\r\n"
        b"Content-Length: 9999\r\n\r\nv=0\r\n",  # broken CSeq, body shorter than announced
        bytes(range(256)) * 4,
        b"\x00" * 1400,
    ]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.2", 0))
        for datagram in garbage * 5:
            sock.sendto(datagram, (host, int(port)))
    # an unknown phone with no credentials, and one with a wrong password: challenged, never put through
    assert platform.expect_refusal(enterprise.did(0), 407, "-i", "127.0.0.2").returncode == 0
    wrong = platform.phone_call(f"line{LINE_CALLER}", "wrong-password", PARIS, refused=407, timeout=15)
    assert wrong.returncode == 0, wrong.stats
    _everything_up(platform)
    assert platform.expect_refusal("+15145559997", 404).returncode == 0


def test_num04_a_trunk_that_registers_registers_to_its_carrier_with_its_digest_credentials(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], module_rpc: Any
) -> None:
    """accounts publishes the password only as its Fernet token; media decrypts it with the shared key and hands
    the registration to Kamailio's uac module, which registers with the carrier (a SIPp registrar that checks the
    digest and fails the test otherwise). The clear password is in no table and no log."""
    password, port = "Carrier-Pass-7", free_udp_port()
    registrar = platform.scenario("registrar_uas.xml", USERNAME="relais-trunk", PASSWORD=password)
    carrier = platform.sipp_background("-sf", str(registrar), "-p", str(port), "-m", "1", "-timeout", "40s")
    system = platform.sql("SELECT id::text FROM accounts.tenants WHERE kind = 'system'")[0]["id"]
    created = module_rpc("accounts").create_trunk(
        _admin(platform),
        system,
        {
            "name": "Registering carrier",
            "host": "127.0.0.1",
            "port": port,
            "allowed_sources": ["127.0.0.3/32"],
            "caller_id_rules": [],
            "register": True,
            "username": "relais-trunk",
            "password": password,
        },
    )
    assert carrier.wait(timeout=45) == 0, platform.kamailio_log()[-3000:]
    stored = platform.sql("SELECT password_encrypted FROM media.trunks WHERE trunk_id = %s", (created["id"],))
    assert stored and stored[0]["password_encrypted"] and password not in stored[0]["password_encrypted"]
    assert not platform.sql("SELECT 1 FROM media.uacreg")
    assert password not in platform.kamailio_log()


LINE_FORWARDED_OUT = 7
_DTMF_INFO = """<pause milliseconds="1500"/>
  <send retrans="500">
    <![CDATA[
      INFO [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[$caller]@relais>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      [routes]
      Call-ID: [call_id]
      CSeq: 3 INFO
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=1
      Duration=160

    ]]>
  </send>
  <recv response="200"/>
  <pause/>"""


def test_med01_auto_attendant_caller_forwarded_outside_leaves_through_the_enterprises_trunk_with_its_caller_id(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], workers_ready: None
) -> None:
    """A worker's leg to an outside number (issue 6): a line calls an auto attendant, presses 1 (SIP INFO) for a
    line forwarded to a Paris number; the worker's leg names the enterprise (X-Relais-Enterprise), which media's
    tenant directory holds, so the front sends it out through the trunk, presenting the trunk's caller-ID rule for
    the original caller (a line of the enterprise: "33" → +15145550033), never the worker. The carrier (SIPp UAS)
    fails the call on any other From."""
    system = platform.sql("SELECT id::text FROM accounts.tenants WHERE kind = 'system'")[0]["id"]
    platform.sql(
        "INSERT INTO media.directory_tenants (id, kind, path) VALUES (%s, 'enterprise', %s::uuid[])"
        " ON CONFLICT (id) DO UPDATE SET path = EXCLUDED.path",
        (enterprise.enterprise_id, [system, enterprise.reseller_id, enterprise.enterprise_id]),
    )
    _set_forwarding(platform, enterprise, LINE_FORWARDED_OUT, {"always": {"target": {"kind": "number", "ref": PARIS}}})
    attendant = enterprise.auto_attendants[0]
    conn = psycopg2.connect(platform.database_url)
    try:
        with shared_connection(conn) as shared, shared.savepoint("routing") as tx:
            configuration.create(
                RoutingStore(tx),
                enterprise.scope,
                AUTO_ATTENDANT,
                enterprise.enterprise_id,
                {
                    "name": "Accueil sortant",
                    "extension": "790",
                    "business_hours_menu": "main",
                    "after_hours_menu": "main",
                    "business_schedule_id": attendant["business_schedule_id"],
                    "menus": [
                        {
                            "menu": "main",
                            "prompt": "welcome",
                            "keys": [
                                {"key": "1", "action": "transfer", "ref": enterprise.extension(LINE_FORWARDED_OUT)}
                            ],
                        }
                    ],
                },
            )
        conn.commit()
    finally:
        conn.close()
    # pjsua's From has no angle brackets: the presented number is checked as sip:<number>@ alone
    presented = {"&lt;sip:CALLER_ID@": f"sip:{re.escape('+15145550033')}@", "DIALLED": re.escape(PARIS)}
    carrier = platform.scenario("carrier_uas.xml", **presented)
    carrier_sipp = platform.sipp_background(
        "-sf", str(carrier), "-p", str(trunk["port"]), "-mp", str(free_udp_port()), "-m", "1", "-timeout", "40s",
        "-trace_msg", "-message_file", str(platform.run_dir / "forwarded-carrier.msg"),
    )  # fmt: skip
    scenario = platform.scenario("phone_call.xml", **{"<pause/>": _DTMF_INFO, "CSeq: 3 BYE": "CSeq: 4 BYE"})
    call = platform.sipp(
        "-sf", str(scenario), "-i", "127.0.0.2", "-p", str(free_udp_port()),
        "-s", "790", "-au", f"line{LINE_MENU_CALLER}", "-ap", PHONE_PASSWORD,
        "-set", "caller", f"line{LINE_MENU_CALLER}", "-set", "rtp", "9",
        "-set", "port_file", str(platform.run_dir / "forwarded-port"),
        "-m", "1", "-d", "3000", "-timeout", "30s", platform.sip, timeout=60,
    )  # fmt: skip
    assert call.returncode == 0, (call.stats, platform.kamailio_log()[-3000:])
    carrier_messages = platform.run_dir / "forwarded-carrier.msg"
    assert carrier_sipp.wait(timeout=30) == 0, (  # the carrier's From check passed
        carrier_messages.read_text(errors="replace")[:4000] if carrier_messages.exists() else "no INVITE",
        platform.kamailio_log()[-3000:],
    )
    (call_id,) = final_answers(call.messages)
    legs = wait_for(
        lambda: (
            (
                rows := platform.sql(
                    "SELECT fact_key, callee, disposition FROM media.call_facts WHERE call_id = %s", (call_id,)
                )
            )
            and any(r["fact_key"].endswith("out1:ended") for r in rows)
            and rows
        )
    )
    facts = {row["fact_key"].removeprefix(call_id + ":"): row for row in legs}
    assert facts["out1:started"]["callee"] == PARIS
    assert "out1:answered" in facts  # the carrier answered the worker's leg


def test_rte10_retrieving_a_parked_call_goes_to_the_worker_holding_it(
    platform: SipPlatform, enterprise: SeededEnterprise, trunk: dict[str, Any], workers_ready: None
) -> None:
    """*88<slot> is sent to the worker that media.parked_calls names (never spread by the dispatcher); that worker
    holds nothing on the slot here, so it refuses 404; a slot nobody holds is refused by the front itself."""
    conn = psycopg2.connect(platform.database_url)
    try:
        with shared_connection(conn) as shared, shared.savepoint("routing") as tx:
            members = [enterprise.users[LINE_CALLER], enterprise.users[LINE_MENU_CALLER]]
            create_group(RoutingStore(tx), enterprise.scope, PARK_GROUP, enterprise.enterprise_id,
                         {"name": "Parc", "member_user_ids": members, "recall_seconds": 60})  # fmt: skip
        conn.commit()
    finally:
        conn.close()
    holder = platform.worker_ports[-1]
    platform.sql(
        "INSERT INTO media.parked_calls (enterprise_id, slot, call_id, worker_address) VALUES (%s, 5, 'gone', %s)",
        (enterprise.enterprise_id, f"127.0.0.1:{holder}"),
    )
    retrieved = platform.phone_call(f"line{LINE_CALLER}", PHONE_PASSWORD, "*885", calls=2, refused=404)
    assert retrieved.returncode == 0, (retrieved.stats, platform.kamailio_log()[-3000:])
    answers = final_answers(retrieved.messages)
    assert sorted(answers.values()) == [404, 404]
    for call_id in answers:
        started = wait_for(
            lambda c=call_id: platform.sql(
                "SELECT worker FROM media.call_facts WHERE fact_key = %s", (f"{c}:in:started",)
            )
        )
        assert started[0]["worker"].startswith(f"worker-{len(platform.worker_ports) - 1}:")
    nobody = platform.phone_call(f"line{LINE_CALLER}", PHONE_PASSWORD, "*886", refused=404)
    (call_id,) = final_answers(nobody.messages)
    assert final_answers(nobody.messages)[call_id] == 404
    assert not platform.sql("SELECT 1 FROM media.call_facts WHERE call_id = %s", (call_id,))  # no worker asked
