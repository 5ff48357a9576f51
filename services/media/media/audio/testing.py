"""Real audio files for the tests, made on the spot with espeak-ng and sox (no fixtures on disk)."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path


def speech_wav(folder: Path, text: str = "Bonjour, vous êtes bien chez Relais.", voice: str = "fr") -> bytes:
    target = folder / f"speech-{voice}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(target), text], check=True, capture_output=True, timeout=60)
    return target.read_bytes()


def silence(folder: Path, seconds: int, kind: str = "flac") -> bytes:
    """A long, small file: silence compresses to almost nothing, so only the duration limit can refuse it."""
    target = folder / f"silence-{seconds}.{kind}"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", str(target), "trim", "0", str(seconds)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target.read_bytes()


def png() -> bytes:
    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
