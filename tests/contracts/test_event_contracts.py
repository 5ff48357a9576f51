"""Event contracts (protos/events): every schema is valid, every published event has one, samples match."""

import importlib
import json
import uuid
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from relais_kit.contracts import ContractError, envelope, events_dir, known_events, validate_event

# The events each service publishes, declared in its events.py.
PUBLISHERS = {"accounts": "accounts.events", "media": "media.events"}
# The publisher of each event that accounts does not publish (the schemas pin the source).
SOURCES = {
    "voicemail_recorded": "media",
    "recording_saved": "media",
    "call_started": "media",
    "call_answered": "media",
    "call_ended": "media",
}
_LEG = {
    "call_id": "c1",
    "leg_id": "c1:in",
    "direction": "inbound",
    "handled_by": "worker",
    "worker": "worker-0:4242",
    "caller": "15145550100",
    "callee": "2001",
    "enterprise_id": None,
}

ID = str(uuid.uuid4())
SAMPLES: dict[str, dict[str, Any]] = {
    "call_started": {**_LEG, "started_at": "2026-06-10T15:00:00+00:00"},
    "call_answered": {**_LEG, "answered_at": "2026-06-10T15:00:02+00:00"},
    "call_ended": {
        **_LEG,
        "ended_at": "2026-06-10T15:01:00+00:00",
        "disposition": "answered",
        "cause": None,
        "duration_seconds": 58.0,
    },
    "sip_credentials_changed": {
        "user_id": ID,
        "enterprise_id": ID,
        "kind": "registration",
        "username": "2001-ab12",
        "realm": "relais",
        "ha1": "0123456789abcdef0123456789abcdef",
        "deleted": False,
    },
    "reseller_created": {
        "reseller_id": ID,
        "parent_id": ID,
        "name": "Acme",
        "language": "fr",
        "billing_owner": "reseller",
    },
    "reseller_updated": {
        "reseller_id": ID,
        "parent_id": ID,
        "name": "Acme",
        "language": "en",
        "billing_owner": "system",
    },
    "reseller_deleted": {"tenant_id": ID, "kind": "reseller"},
    "customer_account_created": {
        "tenant_id": ID,
        "kind": "enterprise",
        "reseller_id": ID,
        "name": "Boulangerie",
        "language": "fr",
        "time_zone": "America/Toronto",
    },
    "customer_account_updated": {
        "tenant_id": ID,
        "kind": "professional",
        "reseller_id": ID,
        "name": "Me Tremblay",
        "language": "fr",
        "time_zone": "America/Montreal",
    },
    "customer_account_deleted": {"tenant_id": ID, "kind": "enterprise"},
    "department_changed": {
        "department_id": ID,
        "enterprise_id": ID,
        "parent_id": None,
        "path": [ID],
        "name": "Ventes",
        "operator_number": "+15145550100",
        "max_incoming_calls": 10,
        "max_outgoing_calls": None,
    },
    "department_deleted": {"department_id": ID, "enterprise_id": ID},
    "user_credentials_changed": {"user_id": ID, "reason": "password_reset"},
    "user_created": {
        "user_id": ID,
        "tenant_id": ID,
        "department_id": None,
        "user_number": "1042",
        "extension": "204",
        "display_name": "Sylvie Tremblay",
        "language": "fr",
        "role": "user",
        "enterprise_role": None,
        "account_kind": "employee",
        "status": "pending",
    },
    "user_updated": {
        "user_id": ID,
        "tenant_id": ID,
        "department_id": ID,
        "user_number": "1042",
        "extension": None,
        "display_name": "Line 1042",
        "language": "en",
        "role": "user",
        "enterprise_role": "receptionist",
        "account_kind": "employee",
        "status": "activated",
        "reset": True,
        "leave_groups": True,
    },
    "user_deleted": {
        "user_id": ID,
        "tenant_id": ID,
        "department_id": None,
        "user_number": "1042",
        "extension": None,
        "display_name": "Sylvie Tremblay",
        "language": "fr",
        "role": "user",
        "enterprise_role": None,
        "account_kind": "employee",
        "status": "activated",
    },
    "did_assigned": {"did_id": ID, "number": "+15145550100", "tenant_id": ID, "target_type": "user", "target_id": ID},
    "extension_changed": {"extension_id": ID, "enterprise_id": ID, "number": "204", "user_id": None, "deleted": False},
    "phone_assigned": {
        "phone_id": ID,
        "enterprise_id": ID,
        "mac": "00:1a:2b:3c:4d:5e",
        "model": "Yealink T54W",
        "user_id": ID,
        "department_id": None,
        "deleted": False,
    },
    "trunk_changed": {
        "trunk_id": ID,
        "tenant_id": ID,
        "name": "Fournisseur",
        "host": "sip.example.net",
        "port": 5061,
        "transport": "tls",
        "username": "relais",
        "register": True,
        "allowed_sources": ["203.0.113.0/24"],
        "codecs": ["G722", "PCMU"],
        "caller_id_rules": [{"prefix": "1", "caller_id": "+15145550100"}],
        "deleted": False,
    },
    "voicemail_recorded": {
        "message_id": ID,
        "user_id": ID,
        "tenant_id": ID,
        "call_id": "a84b4c76e66710@192.0.2.4",
        "caller_number": "+15145550123",
        "duration_ms": 12400,
        "recorded_at": "2026-03-02T14:05:00+00:00",
    },
    "recording_saved": {
        "recording_id": ID,
        "tenant_id": ID,
        "call_id": "a84b4c76e66710@192.0.2.4",
        "caller_number": "+15145550123",
        "dialled_number": "201",
        "user_id": None,
        "duration_ms": 65000,
        "started_at": "2026-03-02T14:05:00+00:00",
    },
}


def test_every_schema_file_is_a_valid_json_schema() -> None:
    files = sorted(events_dir().glob("*.json"))
    assert files, "no event schemas found"
    for path in files:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$id"] == path.name
        assert path.stem.rpartition(".v")[2].isdigit(), f"{path.name}: name it <event>.v<N>.json"


@pytest.mark.parametrize("service", sorted(PUBLISHERS))
def test_every_published_event_has_a_schema_and_a_sample(service: str) -> None:
    published = importlib.import_module(PUBLISHERS[service]).PUBLISHED
    versions = dict(known_events())
    for event_type in published:
        assert event_type in versions, f"{service} publishes {event_type} but protos/events has no schema"
        assert event_type in SAMPLES


@pytest.mark.parametrize("event_type", sorted(SAMPLES))
def test_sample_matches_and_unknown_fields_are_allowed(event_type: str) -> None:
    event = envelope(SOURCES.get(event_type, "accounts"), event_type, {**SAMPLES[event_type], "added_later": 1}, [ID])
    event["also_added_later"] = True
    validate_event(event)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e["data"].pop("name"), "name"),
        (lambda e: e["data"].update(language="de"), "language"),
        (lambda e: e.update(source="billing"), "source"),
        (lambda e: e.update(event_id="not-a-uuid"), "event_id"),
        (lambda e: e.update(tenant_path=[]), "tenant_path"),
    ],
)
def test_off_contract_events_are_refused(change: Any, field: str) -> None:
    event = envelope("accounts", "reseller_created", dict(SAMPLES["reseller_created"]), [str(uuid.uuid4())])
    change(event)
    with pytest.raises(ContractError, match=field):
        validate_event(event)


@pytest.mark.parametrize("event_type", ["user_created", "user_updated", "user_deleted"])
@pytest.mark.parametrize(("number", "valid"), [("1042", True), ("10000", True), ("123", False), ("10a42", False)])
def test_user_numbers_have_4_digits_or_more(event_type: str, number: str, valid: bool) -> None:
    """Past the 4-digit space the platform hands out 5-digit user numbers, and so on (guide 003, ACC-15)."""
    event = envelope("accounts", event_type, {**SAMPLES[event_type], "user_number": number}, [ID])
    if valid:
        validate_event(event)
    else:
        with pytest.raises(ContractError, match="user_number"):
            validate_event(event)
