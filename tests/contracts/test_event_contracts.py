"""Event contracts (protos/events): every schema is valid, every published event has one, samples match."""

import importlib
import json
import uuid
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from relais_kit.contracts import ContractError, envelope, events_dir, known_events, validate_event

# The events each service publishes, declared in its events.py.
PUBLISHERS = {"accounts": "accounts.events"}

SAMPLES: dict[str, dict[str, Any]] = {
    "reseller_created": {
        "reseller_id": str(uuid.uuid4()),
        "parent_id": str(uuid.uuid4()),
        "name": "Acme",
        "language": "fr",
        "billing_owner": "reseller",
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
    event = envelope("accounts", event_type, {**SAMPLES[event_type], "added_later": 1}, [str(uuid.uuid4())])
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
