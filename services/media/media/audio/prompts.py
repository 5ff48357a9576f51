"""Default system prompts in French and English, made with espeak-ng and sox (MED-02).

``ensure_system_prompts()`` writes every prompt of ``CATALOGUE`` that is missing or whose text changed, as
8 kHz mono 16-bit WAV under ``<AUDIO_DIR>/prompts/<language>/<name>.wav``; it is idempotent and cheap when
everything is there (it compares a manifest of the texts), and runs at media service start and in ``relais up``.
The workers ask ``prompt_path(name, language)`` for a file to play.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from media.audio.storage import DEFAULT_AUDIO_DIR

LANGUAGES = ("fr", "en")
VOICES = {"fr": "fr", "en": "en-us"}
PROMPT_SECONDS = 60
BEEP = "beep"  # a tone, not speech

# name → {language: text}. Names are what routing's plans and the workers refer to.
CATALOGUE: dict[str, dict[str, str]] = {
    "welcome": {"fr": "Bonjour et bienvenue.", "en": "Hello, and welcome."},
    "main_menu": {
        "fr": "Pour joindre une personne, composez son numéro de poste. Pour la réception, faites le zéro.",
        "en": "To reach someone, dial their extension. For the receptionist, press zero.",
    },
    "enter_extension": {"fr": "Composez le numéro de poste.", "en": "Please dial the extension."},
    "enter_pin": {
        "fr": "Entrez votre NIP, suivi du carré.",
        "en": "Please enter your PIN, followed by the pound key.",
    },
    "enter_mailbox": {
        "fr": "Entrez votre numéro de boîte vocale, suivi du carré.",
        "en": "Please enter your mailbox number, followed by the pound key.",
    },
    "enter_account_code": {
        "fr": "Entrez votre code de facturation, suivi du carré.",
        "en": "Please enter your account code, followed by the pound key.",
    },
    "invalid_pin": {"fr": "NIP incorrect.", "en": "Incorrect PIN."},
    "invalid_option": {"fr": "Ce choix n'est pas valide.", "en": "That is not a valid option."},
    "no_answer_voicemail": {
        "fr": "La personne que vous appelez n'est pas disponible. Laissez votre message après le bip.",
        "en": "The person you are calling is not available. Please leave your message after the tone.",
    },
    "voicemail_greeting": {
        "fr": "Laissez votre message après le bip.",
        "en": "Please leave your message after the tone.",
    },
    "busy": {"fr": "La ligne est occupée.", "en": "The line is busy."},
    "mailbox_full": {
        "fr": "La boîte vocale est pleine. Au revoir.",
        "en": "The mailbox is full. Goodbye.",
    },
    "message_saved": {"fr": "Votre message est enregistré.", "en": "Your message has been saved."},
    "you_have_messages": {"fr": "Vous avez des messages.", "en": "You have messages."},
    "no_messages": {"fr": "Vous n'avez aucun message.", "en": "You have no messages."},
    "mailbox_menu": {
        "fr": "Pour écouter le message, faites le un. Pour l'effacer, faites le sept. Pour le suivant, faites le neuf.",
        "en": "To play the message, press one. To delete it, press seven. For the next one, press nine.",
    },
    "message_deleted": {"fr": "Message effacé.", "en": "Message deleted."},
    "please_hold": {"fr": "Veuillez patienter.", "en": "Please hold."},
    "transferring": {"fr": "Transfert de votre appel.", "en": "Transferring your call."},
    "call_parked": {"fr": "L'appel est garé.", "en": "The call is parked."},
    "call_recorded": {
        "fr": "Cet appel peut être enregistré.",
        "en": "This call may be recorded.",
    },
    "restricted": {
        "fr": "Cet appel n'est pas autorisé depuis votre ligne.",
        "en": "This call is not allowed from your line.",
    },
    "number_not_in_service": {
        "fr": "Le numéro composé n'est pas en service.",
        "en": "The number you have dialled is not in service.",
    },
    "closed": {
        "fr": "Nos bureaux sont fermés. Veuillez rappeler pendant les heures d'ouverture.",
        "en": "Our offices are closed. Please call back during business hours.",
    },
    "goodbye": {"fr": "Au revoir.", "en": "Goodbye."},
    BEEP: {"fr": "", "en": ""},
}

_lock = threading.Lock()


def prompts_dir(audio_dir: Path | str | None = None) -> Path:
    return Path(audio_dir or os.environ.get("RELAIS_AUDIO_DIR") or DEFAULT_AUDIO_DIR) / "prompts"


def prompt_path(name: str, language: str, audio_dir: Path | str | None = None) -> Path:
    """The WAV file of a system prompt; an unknown language falls back to French, an unknown name is a KeyError."""
    if name not in CATALOGUE:
        raise KeyError(f"no system prompt named {name!r}")
    lang = language if language in LANGUAGES else LANGUAGES[0]
    path = prompts_dir(audio_dir) / lang / f"{name}.wav"
    if not path.exists():
        ensure_system_prompts(audio_dir)
    return path


def _fingerprint(name: str, language: str) -> str:
    text = CATALOGUE[name][language]
    return hashlib.sha256(f"{VOICES[language]}|{name}|{text}".encode()).hexdigest()[:16]


def ensure_system_prompts(audio_dir: Path | str | None = None) -> dict[tuple[str, str], Path]:
    """Make every missing or changed prompt; return ``{(name, language): path}`` for all of them."""
    root = prompts_dir(audio_dir)
    manifest_path = root / "manifest.json"
    with _lock:
        try:
            manifest: dict[str, str] = json.loads(manifest_path.read_text())
        except (OSError, ValueError):
            manifest = {}
        paths: dict[tuple[str, str], Path] = {}
        changed = False
        for language in LANGUAGES:
            for name in CATALOGUE:
                target = root / language / f"{name}.wav"
                key = f"{language}/{name}"
                fingerprint = _fingerprint(name, language)
                if manifest.get(key) != fingerprint or not target.exists():
                    _make(name, language, target)
                    manifest[key] = fingerprint
                    changed = True
                paths[(name, language)] = target
        if changed:
            root.mkdir(parents=True, exist_ok=True)
            partial = root / ".manifest.partial"
            partial.write_text(json.dumps(manifest, indent=1, sort_keys=True))
            partial.replace(manifest_path)
    return paths


def _make(name: str, language: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="relais-prompt-", dir=target.parent) as folder:
        partial = Path(folder) / "prompt.wav"
        to_telephony = ["-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "wav", str(partial)]
        if name == BEEP:
            command = ["sox", "-n", *to_telephony, "synth", "0.4", "sine", "1000", "vol", "0.5"]
        else:
            spoken = Path(folder) / "spoken.wav"
            subprocess.run(
                ["espeak-ng", "-v", VOICES[language], "-s", "150", "-w", str(spoken), CATALOGUE[name][language]],
                check=True,
                capture_output=True,
                timeout=PROMPT_SECONDS,
            )
            command = ["sox", str(spoken), *to_telephony]
        subprocess.run(command, check=True, capture_output=True, timeout=PROMPT_SECONDS)
        os.replace(partial, target)
