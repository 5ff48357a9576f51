"""Issue 6 "Done when", tried as a new user would from the README (MED-01, MED-04, RTE-06): `relais up` with the SIP
front and a pjsua2 worker; an enterprise, two lines with SIP credentials and DIDs, an auto attendant and the
carrier's trunk made over REST; SIPp phones registered at the printed SIP address and SIPp playing the carrier:

1. the carrier calls Alice's DID: her phone rings and answers;
2. the carrier calls Bob's DID: his phone rings, nobody picks up, a worker takes the call to voicemail and records
   what the carrier says; the new-message e-mail with that audio attached reaches the SMTP server;
3. the carrier calls the auto attendant's DID: a worker answers with the business-hours menu, the carrier presses 1
   (RFC 2833) and Alice's phone rings and answers;
4. Alice's phone calls Paris: the carrier (a SIPp UAS on the trunk's address) gets the INVITE with the trunk's
   caller-ID rule for +33 and answers;
5. the calls in the history over REST, and in Chromium the call history and Bob's voicemail and calls pages
   (screenshots in test-artifacts/calls-done-when/)."""

from __future__ import annotations

import array
import email
import io
import json
import random
import re
import time
import wave
from email.message import Message
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from media.audio.conversion import is_telephony_wav
from media.pool import sip_options_ping
from media.sipfront.testing import SCENARIOS, SipPlatform, SippRun, final_answers, free_udp_port
from media.worker.testing import PCAPS
from relais_kit.testing.plugin import SmtpServer, free_port, wait_for
from tests.e2e.conftest import ADMIN_PASSWORD, RunningPlatform, run_browser_flow
from tests.e2e.test_routing_flow import call, token

pytestmark = pytest.mark.e2e
RESELLER_PASSWORD = "e2e-Revendeur-Secret-1"
ENTERPRISE_ADMIN, ENTERPRISE_PASSWORD = "appels-admin", "Appels-Historique-1"
BOB_EMAIL, BOB_PASSWORD = "bob@tremblay.example", "Bob-Messagerie-1"
DID, BOB_DID, ATTENDANT_DID = "+15145550170", "+15145550171", "+15145550172"
PARIS, PARIS_CALLER_ID = "+33142685300", "+15145550133"
CARRIER = "+16135550100"  # the From of the carrier's scenarios


def test_calls_under_relais_up_ring_phones_leave_voicemail_walk_the_attendant_and_go_out_through_the_trunk(
    launch_platform: Any, fresh_database: str, amqp_uri: str, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    sip_port, worker_port = free_udp_port(), free_udp_port()
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
            "RELAIS_SMTP_HOST": "127.0.0.1",
            "RELAIS_SMTP_PORT": str(smtp_server.port),
            "RELAIS_SIP_ADDRESS": f"127.0.0.1:{sip_port}",
            "RELAIS_SIP_DECIDER": f"127.0.0.1:{free_port()}",
            "RELAIS_ROUTING_CALLPATH": f"127.0.0.1:{free_port()}",
            "RELAIS_WORKER_BASE_PORT": str(worker_port),
            "RELAIS_WORKER_RTP_BASE_PORT": str(random.randrange(30000, 50000, 400)),
            "RELAIS_MEDIA_WORKERS": "1",
        }
    )
    url = platform.url
    wait_for(lambda: "SIP front:" in platform.text(), timeout=30)
    printed = re.search(r"SIP front: sip:(127\.0\.0\.1:\d+)", platform.text())
    assert printed and printed.group(1) == f"127.0.0.1:{sip_port}", platform.text()[-2000:]

    # the reseller sells an enterprise; its administrator makes two lines with SIP credentials; the reseller's DIDs
    reseller = token(url, "revendeur", RESELLER_PASSWORD)
    created = call(url, reseller, "POST", "/customers", {
        "kind": "enterprise", "name": "Appels Tremblay", "time_zone": "America/Montreal",
        "administrator": {"identifier": ENTERPRISE_ADMIN, "display_name": "Admin Tremblay",
                          "email": "admin@tremblay.example", "password": ENTERPRISE_PASSWORD},
    })  # fmt: skip
    assert created.status_code == 201, created.text
    enterprise = created.json()["id"]
    admin = token(url, ENTERPRISE_ADMIN, ENTERPRISE_PASSWORD)
    wait_for(lambda: call(url, admin, "GET", f"/enterprises/{enterprise}/schedules").status_code == 200, timeout=30)
    alice_id, alice_sip = line(url, admin, enterprise, "Alice", "alice@tremblay.example", "2002")
    bob_id, bob_sip = line(url, admin, enterprise, "Bob", BOB_EMAIL, "2003")
    dids = call(url, reseller, "POST", f"/tenants/{enterprise}/dids", {"numbers": [DID, BOB_DID, ATTENDANT_DID]})
    assert dids.status_code == 201, dids.text
    did_ids = {item["number"]: item["id"] for item in dids.json()["items"]}
    assign(url, admin, did_ids[DID], "user", alice_id)
    assign(url, admin, did_ids[BOB_DID], "user", bob_id)
    # Bob's line goes to voicemail after one ring (5 s) instead of the default 20 s
    forwarding = call(url, admin, "PUT", f"/enterprises/{enterprise}/users/{bob_id}/forwarding", {"ring_seconds": 5})
    assert forwarding.status_code == 200, forwarding.text

    # the auto attendant: open all week; its business-hours menu's key 1 rings Alice's extension (the after-hours
    # menu's key 1 would leave Bob a message instead)
    always = call(url, admin, "POST", f"/enterprises/{enterprise}/schedules", {
        "name": "Toujours ouvert", "weekly": [{"weekday": day, "start": "00:00", "end": "00:00"} for day in range(7)],
    })  # fmt: skip
    assert always.status_code == 201, always.text
    attendant = call(url, admin, "POST", f"/enterprises/{enterprise}/auto-attendants", {
        "name": "Accueil Tremblay", "extension": "700", "business_hours_menu": "jour", "after_hours_menu": "nuit",
        "business_schedule_id": always.json()["id"],
        "menus": [
            {"menu": "jour", "prompt": "welcome", "keys": [{"key": "1", "action": "transfer", "ref": "2002"}]},
            {"menu": "nuit", "prompt": "closed", "keys": [{"key": "1", "action": "voicemail", "ref": "2003"}]},
        ],
    })  # fmt: skip
    assert attendant.status_code == 201, attendant.text
    assign(url, admin, did_ids[ATTENDANT_DID], "auto_attendant", attendant.json()["id"])

    # the platform's administrator adds the carrier's trunk (INVITEs from 127.0.0.1 are the carrier's); calls to
    # France present their own number
    system_admin = token(url, "admin", ADMIN_PASSWORD)
    system = call(url, system_admin, "GET", "/me").json()["tenant_id"]
    trunk = call(url, system_admin, "POST", f"/tenants/{system}/trunks", {
        "name": "Carrier", "host": "127.0.0.1", "port": free_udp_port(), "allowed_sources": ["127.0.0.1/32"],
        "caller_id_rules": [{"prefix": "", "caller_id": DID}, {"prefix": "33", "caller_id": PARIS_CALLER_ID}],
    })  # fmt: skip
    assert trunk.status_code == 201, trunk.text

    sip_front = SipPlatform(fresh_database, {}, sip_port, tmp_path, [])
    for username in (alice_sip[0], bob_sip[0]):
        wait_for(partial(sip_front.sql, "SELECT 1 FROM media.subscriber WHERE username = %s", (username,)), 30)
    wait_for(lambda: sip_front.sql("SELECT 1 FROM media.trunks WHERE trunk_id = %s", (trunk.json()["id"],)))
    wait_for(lambda: sip_options_ping(worker_port), timeout=120)  # the pool's worker (its first start makes prompts)
    alice_phone_log = tmp_path / "alice-phone.msg"
    try:
        # 1. Alice's phone (a SIPp UAS) registers at the printed address; the carrier (SIPp) calls her DID
        alice_phone = sip_front.phone(
            *alice_sip, SCENARIOS / "phone_uas.xml", "-rtp_echo", "-trace_msg", "-message_file", str(alice_phone_log)
        )
        wait_for(lambda: routed(url, admin, enterprise), timeout=30)
        carrier = sip_front.sipp(
            "-sf", str(SCENARIOS / "trunk_call.xml"), "-s", DID, "-m", "1", "-timeout", "20s", sip_front.sip
        )
        assert carrier.returncode == 0, (carrier.stats, sip_front.kamailio_log()[-3000:], platform.text()[-3000:])
        assert carrier.count("SuccessfulCall(C)") == 1
        assert len(invites(alice_phone_log)) == 1

        # 2. Bob's phone rings and nobody answers: after 5 s a worker answers for his voicemail (greeting and beep),
        # and the carrier speaks
        bob_phone = sip_front.phone(*bob_sip, SCENARIOS / "phone_no_answer.xml", "-m", "1")
        speech = sip_front.scenario("trunk_media.xml", WAIT_MS="7500", PCAP=str(PCAPS / "g711a.pcap"))
        voicemail = carrier_call(sip_front, speech, BOB_DID, talk_ms=5500)
        assert voicemail.returncode == 0, (voicemail.stats, sip_front.kamailio_log()[-3000:], worker_log(tmp_path))
        assert bob_phone.wait(timeout=10) == 0  # it rang and was cancelled
        voicemail_call = call_id_of(voicemail)

        # 3. the auto attendant: a worker answers with the business-hours menu; the carrier presses 1 (RFC 2833)
        # and Alice's phone rings and answers
        key = sip_front.scenario("trunk_media.xml", WAIT_MS="2500", PCAP=str(PCAPS / "dtmf_2833_1.pcap"))
        menu = carrier_call(sip_front, key, ATTENDANT_DID, talk_ms=5000)
        assert menu.returncode == 0, (menu.stats, sip_front.kamailio_log()[-3000:], worker_log(tmp_path))
        menu_call = call_id_of(menu)
        rung = wait_for(lambda: (found := invites(alice_phone_log)) and len(found) == 2 and found, timeout=10)
        assert rung[1].startswith(f"INVITE sip:{alice_sip[0]}@"), rung[1]  # the worker's leg, at her contact
        legs = wait_for(lambda: legs_of(sip_front, menu_call, "out1:answered"), timeout=15)
        assert {"in:answered", "out1:started", "out1:answered"} <= set(legs), legs
        assert legs["out1:started"]["callee"] == alice_id, legs["out1:started"]
        assert alice_phone.poll() is None

        # 4. Alice's phone calls Paris: the carrier on the trunk's address fails the call unless the INVITE is for
        # Paris and presents the trunk's "33" caller ID
        carrier_uas = sip_front.scenario(
            "carrier_uas.xml", DIALLED=re.escape(PARIS), CALLER_ID=re.escape(PARIS_CALLER_ID)
        )
        carrier_side = sip_front.sipp_background(
            "-sf", str(carrier_uas), "-p", str(trunk.json()["port"]), "-mp", str(free_udp_port()), "-m", "1",
            "-timeout", "30s",
        )  # fmt: skip
        outbound = sip_front.phone_call(*alice_sip, PARIS)
        assert outbound.returncode == 0, (outbound.stats, sip_front.kamailio_log()[-3000:])
        assert outbound.count("SuccessfulCall(C)") == 1
        assert outbound.messages and set(final_answers(outbound.messages).values()) == {200}
        assert carrier_side.wait(timeout=15) == 0  # the carrier got Paris with +15145550133 and answered
    finally:
        for process in sip_front.processes:
            process.kill()
            process.wait()

    # the voicemail: recorded from the carrier's speech, e-mailed to Bob with the audio attached
    mail = wait_for(lambda: voicemail_mail(smtp_server), timeout=30)
    assert mail["Subject"].startswith("Nouveau message vocal de"), mail["Subject"]
    (attachment,) = [part.get_payload(decode=True) for part in mail.walk() if part.get_content_type() == "audio/wav"]
    assert is_telephony_wav(attachment) and peak(attachment) > 1000  # the caller's speech, not silence
    bob = activate(url, smtp_server)
    box = call(url, bob, "GET", f"/users/{bob_id}/voicemail").json()
    (message,) = box["messages"]
    assert message["caller_number"] == CARRIER and message["duration_ms"] > 3000, message
    # his own calls find the call to his number (accounts' own_line: extension, DIDs and SIP names)
    own = call(url, bob, "GET", f"/users/{bob_id}/calls").json()["items"]
    assert [(c["callee"], c["answered_by"]) for c in own] == [(BOB_DID, "voicemail")], own

    # the enterprise's history: the four calls, each ended, with who answered
    listed = history(url, admin, enterprise, 4)
    calls = {item["callee"]: item for item in listed}
    seen = [(c["call_id"], c["callee"], c["handled_by"], c["answered_by"], c["disposition"]) for c in listed]
    assert len(listed) == 4 and set(calls) == {DID, BOB_DID, ATTENDANT_DID, PARIS}, seen
    assert all(item["ended_at"] for item in listed), listed
    assert all(item["disposition"] == "answered" for item in calls.values()), calls
    assert calls[BOB_DID]["answered_by"] == "voicemail" and calls[BOB_DID]["call_id"] == voicemail_call
    assert calls[ATTENDANT_DID]["call_id"] == menu_call
    assert calls[DID]["duration_seconds"] is not None
    assert call(url, reseller, "GET", f"/enterprises/{enterprise}/calls").status_code == 200
    other = call(url, admin, "GET", f"/enterprises/{system}/calls")
    assert other.status_code == 404, other.text

    run_browser_flow(
        "calls-done-when", url, "calls-done-when", json.dumps({
            "admin": ENTERPRISE_ADMIN, "password": ENTERPRISE_PASSWORD, "did": DID, "enterprise": enterprise,
            "bob": BOB_EMAIL, "bob_password": BOB_PASSWORD, "bob_did": BOB_DID, "carrier": CARRIER,
            "attendant_did": ATTENDANT_DID, "paris": PARIS,
        }),
    )  # fmt: skip


def line(
    url: str, admin: str, enterprise: str, first_name: str, mail: str, extension: str
) -> tuple[str, tuple[str, str]]:
    """A user with an extension and generated SIP credentials: (user id, (SIP user name, SIP password))."""
    created = call(url, admin, "POST", f"/enterprises/{enterprise}/users", {
        "first_name": first_name, "last_name": "Tremblay", "email": mail, "extension": extension,
    })  # fmt: skip
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    sip = call(url, admin, "POST", f"/users/{user_id}/sip-credentials/generate", {"kind": "default"})
    assert sip.status_code == 201, sip.text
    return user_id, (sip.json()["username"], sip.json()["password"])


def assign(url: str, admin: str, did_id: str, target_type: str, target_id: str) -> None:
    body = {"target_type": target_type, "target_id": target_id}
    assigned = call(url, admin, "PUT", f"/dids/{did_id}/assignment", body)
    assert assigned.status_code == 200, assigned.text


def carrier_call(sip_front: SipPlatform, scenario: Path, did: str, talk_ms: int) -> SippRun:
    """The carrier plays ``scenario`` (a trunk_media.xml copy) to ``did`` from a port of its own (a worker may still
    retransmit to the port of an earlier call)."""
    return sip_front.sipp(
        "-sf", str(scenario), "-p", str(free_udp_port()), "-s", did, "-m", "1", "-d", str(talk_ms),
        "-timeout", "45s", sip_front.sip,
    )  # fmt: skip


def call_id_of(run: SippRun) -> str:
    """The Call-ID of a one-call SIPp run, answered (its -trace_msg file)."""
    assert run.messages is not None
    (call_id,) = final_answers(run.messages, "1 INVITE")
    return call_id


def history(url: str, admin: str, enterprise: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    """The enterprise's calls once ``count`` of them have ended (or what is there after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        listed = call(url, admin, "GET", f"/enterprises/{enterprise}/calls").json()["items"]
        if sum(1 for item in listed if item["ended_at"]) >= count or time.monotonic() > deadline:
            return list(listed)
        time.sleep(0.2)


def routed(url: str, admin: str, enterprise: str) -> bool:
    """Routing has the DID's line (its projection follows accounts' events); a moment more for the registration."""
    time.sleep(0.5)
    response = call(url, admin, "GET", f"/enterprises/{enterprise}/calls")
    return response.status_code == 200


def invites(message_file: Path) -> list[str]:
    """The INVITEs a SIPp phone received (its -trace_msg file), one per call, in order."""
    if not message_file.exists():
        return []
    found: dict[str, str] = {}
    for block in message_file.read_text(errors="replace").split("----------------------------------------------"):
        body = block.split("\n\n", 1)[-1].lstrip()
        call_id = re.search(r"^Call-ID:\s*(\S+)", body, re.M | re.I)
        if "message received" in block and body.startswith("INVITE ") and call_id:
            found.setdefault(call_id.group(1), body)
    return list(found.values())


def legs_of(sip_front: SipPlatform, call_id: str, wanted: str) -> dict[str, dict[str, Any]] | None:
    rows = sip_front.sql("SELECT fact_key, callee FROM media.call_facts WHERE call_id = %s", (call_id,))
    legs = {row["fact_key"].removeprefix(call_id + ":"): row for row in rows}
    return legs if wanted in legs else None


def voicemail_mail(smtp_server: SmtpServer) -> Message | None:
    for stored in smtp_server.messages():
        mail = email.message_from_bytes(stored.as_bytes())
        if mail["To"] == BOB_EMAIL and any(part.get_content_type() == "audio/wav" for part in mail.walk()):
            return mail
    return None


def activate(url: str, smtp_server: SmtpServer) -> str:
    """Bob follows the link of his welcome e-mail, chooses his password and signs in (a bearer token)."""
    links = [
        match.group(1)
        for stored in smtp_server.messages()
        if (mail := email.message_from_bytes(stored.as_bytes()))["To"] == BOB_EMAIL
        and (match := re.search(r"token=([A-Za-z0-9_-]+)", _text(mail)))
    ]
    assert links, [m["Subject"] for m in smtp_server.messages()]
    confirmed = call(url, "", "POST", "/password-resets/confirm", {"token": links[0], "password": BOB_PASSWORD})
    assert confirmed.status_code == 200, confirmed.text
    return token(url, BOB_EMAIL, BOB_PASSWORD)


def _text(mail: Message) -> str:
    return "".join(
        str(part.get_payload(decode=True).decode(errors="replace"))  # type: ignore[union-attr]
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )


def peak(wav: bytes) -> int:
    with wave.open(io.BytesIO(wav), "rb") as reader:
        samples = array.array("h", reader.readframes(reader.getnframes()))
    return max((abs(s) for s in samples), default=0)


def worker_log(tmp_path: Path) -> str:
    logs = sorted((tmp_path / "var" / "log" / "workers").glob("*"))
    return "\n".join(path.read_text(errors="replace")[-3000:] for path in logs)
