"""Prompt files by name and language, as 8 kHz mono 16-bit WAV.

System prompts come from ``media.audio.prompt_path``. A name it does not know (a menu prompt an enterprise named
without uploading an announcement) is spoken from its name with espeak-ng + sox under AUDIO_DIR/worker-prompts, so
a caller hears something rather than silence.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import subprocess
import wave
from pathlib import Path

_FALLBACK_TEXT = {
    ("voicemail_greeting", "fr"): "Laissez votre message après le bip.",
    ("voicemail_greeting", "en"): "Please leave your message after the tone.",
    ("beep", "fr"): "bip",
    ("beep", "en"): "beep",
}
_SAFE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate() or 8000)


class Prompts:
    def __init__(self, audio_dir: Path) -> None:
        self.audio_dir = audio_dir
        self._cache: dict[tuple[str, str], Path] = {}

    def warm_up(self) -> None:
        """Make the system prompts before the first call needs them (espeak-ng takes a while)."""
        try:
            audio = importlib.import_module("media.audio")
        except ImportError:
            return
        audio.ensure_system_prompts(self.audio_dir)

    def path(self, name: str, language: str) -> Path:
        key = (name, language)
        found = self._cache.get(key)
        if found is None:
            found = self._from_audio_module(name, language) or self._stand_in(name, language)
            self._cache[key] = found
        return found

    def spoken(self, text: str, language: str) -> Path:
        """A sentence made for this call (a message count), spoken with espeak-ng once and kept by its text."""
        key = hashlib.sha256(f"{language}|{text}".encode()).hexdigest()[:20]
        cached = self._cache.get((f"spoken:{key}", language))
        if cached is None:
            cached = self._speak(f"spoken-{key}", language, text)
            self._cache[(f"spoken:{key}", language)] = cached
        return cached

    def default_music(self) -> Path:
        """The system's music on hold when an enterprise chose none: a soft chord sequence made once with sox."""
        target = self.audio_dir / "worker-prompts" / "default_music_on_hold.wav"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(".default_music_on_hold.partial.wav")
            notes = [("sine", "C4"), ("sine", "E4"), ("sine", "G4"), ("sine", "E4")]
            command = ["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", str(partial)]
            for shape, note in notes:
                command += ["synth", "0.6", shape, note, "vol", "0.3", ":"]
            subprocess.run(command[:-1], check=True, capture_output=True, timeout=30)
            partial.replace(target)
        return target

    def _from_audio_module(self, name: str, language: str) -> Path | None:
        try:
            audio = importlib.import_module("media.audio")
        except ImportError:
            return None
        try:
            return Path(audio.prompt_path(name, language, self.audio_dir))
        except (KeyError, AttributeError):
            return None

    def _stand_in(self, name: str, language: str) -> Path:
        if not _SAFE.match(name) or language not in ("fr", "en"):
            name, language = "prompt", "en" if language not in ("fr", "en") else language
        return self._speak(name, language, _FALLBACK_TEXT.get((name, language), name.replace("_", " ")))

    def _speak(self, name: str, language: str, text: str) -> Path:
        language = language if language in ("fr", "en") else "en"
        folder = self.audio_dir / "worker-prompts"
        target = folder / f"{name}.{language}.wav"
        if target.exists():
            return target
        folder.mkdir(parents=True, exist_ok=True)
        raw = folder / f"{name}.{language}.raw.wav"
        voice = "fr" if language == "fr" else "en"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True, capture_output=True, timeout=30)
        partial = folder / f".{name}.{language}.partial.wav"
        subprocess.run(
            ["sox", str(raw), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", str(partial)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        partial.replace(target)
        raw.unlink(missing_ok=True)
        return target
