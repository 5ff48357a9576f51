"""RTE-18: the route tracer says each step in the user's language from routing's template and params."""

from types import SimpleNamespace
from typing import Any

from gateway.i18n import catalogue
from gateway.portal.route_tracer import _detail


def said(language: str, step: dict[str, Any]) -> str:
    return _detail(SimpleNamespace(gettext=catalogue(language).gettext), step)  # type: ignore[arg-type]


DID_STEP = {
    "feature": "RTE-01",
    "code": "DID",
    "message": "+15145550100 is assigned to auto attendant Accueil",
    "msgid": "{number} is assigned to {kind} {name}",
    "params": {"number": "+15145550100", "kind": "auto attendant", "name": "Accueil"},
}


def test_a_step_is_said_in_french_with_its_words_translated_too() -> None:
    assert said("fr", DID_STEP) == "Le +15145550100 mène vers le réceptionniste automatisé Accueil"
    assert said("en", DID_STEP) == DID_STEP["message"]


def test_an_event_step_without_a_name_reads_without_a_trailing_space() -> None:
    step = {
        "feature": "RTE-18",
        "code": "EVENT",
        "message": "No answer while ringing ",
        "msgid": "{event} {stage} {name}",
        "params": {"event": "No answer", "stage": "while ringing line", "name": "201"},
    }
    assert said("fr", step) == "Sans réponse pendant que sonne la ligne 201"


def test_a_step_from_an_older_routing_falls_back_to_its_english_message() -> None:
    assert said("fr", {"feature": "RTE-01", "code": "DID", "message": "as sent"}) == "as sent"
    assert said("fr", {**DID_STEP, "params": {}}) == DID_STEP["message"]
