"""French and English for the portal and the API (ACC-27): gettext catalogues compiled in memory at start."""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def N_(text: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks a string for the catalogue where it is defined; it is translated where it is shown."""
    return text


# marshmallow's own messages, so edge validation errors are translated too.
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid boolean."),
    N_("Not a valid UUID."),
    N_("Not a valid email address."),
    N_("Not a valid mapping type."),
    N_("Not a valid list."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Invalid value."),
    N_("Longer than maximum length {max}."),
    N_("Expected an object."),
)


@cache
def catalogue(language: str) -> gettext.GNUTranslations | gettext.NullTranslations:
    po_path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(language: str) -> Any:
    return catalogue(language).gettext


def translate_message(language: str, message: dict[str, Any]) -> str:
    """A message from a ValidationFailed (``{"msgid", "params"}``) in the user's language."""
    text = catalogue(language).gettext(str(message.get("msgid", "")))
    params = message.get("params") or {}
    if isinstance(params.get("choices"), list | tuple):
        params = {**params, "choices": ", ".join(map(str, params["choices"]))}
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def translate_field_errors(language: str, field_errors: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    return {field: [translate_message(language, m) for m in messages] for field, messages in field_errors.items()}


def parse_accept_language(header: str | None) -> str | None:
    if not header:
        return None
    ranked = []
    for part in header.split(","):
        lang, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((weight, lang.split("-")[0].lower()))
    for _, lang in sorted(ranked, reverse=True):
        if lang in LANGUAGES:
            return lang
    return None


def choose_language(cookie: str | None, *preferences: str | None) -> str:
    """The cookie set by the FR/EN switch wins, then the preferences in order (a language or an
    Accept-Language header), then French."""
    for candidate in (cookie, *(parse_accept_language(p) for p in preferences)):
        if candidate in LANGUAGES:
            return str(candidate)
    return DEFAULT_LANGUAGE
