"""Bilingual portal (ACC-27): every string the portal can show has its French translation."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from gateway.i18n import catalogue, choose_language, parse_accept_language, translate_message

ROOT = Path(__file__).resolve().parents[4]
CATALOGUES = ROOT / "services/gateway/gateway/translations"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "babel.cfg",
            "--no-default-keywords",
            "-k",
            "_",
            "-k",
            "N_",
            "-k",
            "Msg",
            "-k",
            "ngettext:1,2",
            "-k",
            "field_error:2",
            "-k",
            "DUPLICATE_NAME",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_every_portal_string_is_translated_to_french(extracted: set[str]) -> None:
    with (CATALOGUES / "fr/LC_MESSAGES/messages.po").open("rb") as handle:
        french = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id}
    missing = sorted(m for m in extracted if not french.get(m) or (isinstance(french[m], tuple) and not all(french[m])))
    assert not missing, f"run `make messages` and translate: {missing}"
    assert len(extracted) > 80


def test_placeholders_survive_translation() -> None:
    with (CATALOGUES / "fr/LC_MESSAGES/messages.po").open("rb") as handle:
        for message in read_po(handle):
            if not message.id or not isinstance(message.id, str):
                continue
            for pattern in (r"\{\w+\}", r"%\(\w+\)[sd]"):
                assert sorted(re.findall(pattern, message.id)) == sorted(re.findall(pattern, message.string)), (
                    message.id
                )


def test_french_plural_treats_zero_as_singular() -> None:
    assert catalogue("fr").ngettext("reseller", "resellers", 0) == "revendeur"
    assert catalogue("fr").ngettext("reseller", "resellers", 2) == "revendeurs"


def test_validation_messages_are_translated_with_their_parameters() -> None:
    message = {"msgid": "Between {min} and {max} characters.", "params": {"min": 1, "max": 100}}
    assert translate_message("fr", message) == "Entre 1 et 100 caractères."
    assert translate_message("en", message) == "Between 1 and 100 characters."
    assert translate_message("fr", {"msgid": "Unheard of.", "params": {}}) == "Unheard of."


@pytest.mark.parametrize(
    ("cookie", "preferences", "expected"),
    [
        (None, (None, None), "fr"),
        ("en", ("fr", "fr"), "en"),
        (None, ("en", "fr"), "en"),
        (None, (None, "en-US,en;q=0.9,fr;q=0.8"), "en"),
        (None, (None, "de-DE,fr-CA;q=0.5"), "fr"),
        ("xx", ("de", "q=;;"), "fr"),
    ],
)
def test_language_choice(cookie: str | None, preferences: tuple[str | None, ...], expected: str) -> None:
    assert choose_language(cookie, *preferences) == expected


def test_accept_language_weights() -> None:
    assert parse_accept_language("fr;q=0.2, en;q=0.9") == "en"
    assert parse_accept_language("") is None
