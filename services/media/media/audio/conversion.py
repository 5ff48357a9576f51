"""Uploaded audio: recognised by its content, checked (size, format, duration) and converted with sox to the
telephony format, 8 kHz mono 16-bit signed WAV (MED-02, MED-03, MED-04).

Every refusal is a ``ValidationFailed`` on the upload's field with a translatable message, so the portal and the
API tell the user what is wrong in their language. A refused file leaves nothing behind.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from relais_kit.validation import Msg, field_error

TELEPHONY_RATE = 8000
TELEPHONY_OPTIONS = ("-r", str(TELEPHONY_RATE), "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "wav")
SOX_SECONDS = 120
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# What the first bytes of a file say it is; sox is then told the type, never guessing from the name.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"RIFF", 0, "wav"),
    (b"RIFX", 0, "wav"),
    (b"OggS", 0, "ogg"),
    (b"fLaC", 0, "flac"),
    (b"ID3", 0, "mp3"),
    (b"FORM", 0, "aiff"),
)


@dataclass(frozen=True)
class Limits:
    max_seconds: int
    min_seconds: float = 0.5
    max_bytes: int = MAX_UPLOAD_BYTES


@dataclass(frozen=True)
class TelephonyAudio:
    wav: bytes
    duration_ms: int
    source_format: str

    @property
    def size_bytes(self) -> int:
        return len(self.wav)


@functools.cache
def sox_formats() -> frozenset[str]:
    """The formats this machine's sox reads (Debian's sox reads MP3 only with libsox-fmt-mp3)."""
    result = subprocess.run(["sox", "-h"], capture_output=True, text=True, timeout=SOX_SECONDS, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("AUDIO FILE FORMATS:"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset({"wav"})


def accepted_formats() -> list[str]:
    return [name for name in ("wav", "mp3", "ogg", "flac", "aiff") if name in sox_formats()]


def sniff(data: bytes) -> str | None:
    for magic, offset, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            if kind == "wav" and data[8:12] != b"WAVE":
                return None
            return kind
    if len(data) > 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:  # an MPEG audio frame without an ID3 tag
        return "mp3"
    return None


def _refuse(field: str, message: str, **params: object) -> Exception:
    return field_error(field, message, **params)


def convert(data: bytes, limits: Limits, field: str = "file") -> TelephonyAudio:
    """Check the upload and return it as telephony WAV, or raise ValidationFailed on ``field``."""
    if not data:
        raise _refuse(field, Msg("The file is empty."))
    if len(data) > limits.max_bytes:
        raise _refuse(field, Msg("The file is larger than {max_mb} MB."), max_mb=limits.max_bytes // (1024 * 1024))
    kind = sniff(data)
    formats = ", ".join(f.upper() for f in accepted_formats())
    if kind is None:
        raise _refuse(field, Msg("This is not an audio file. Accepted formats: {formats}."), formats=formats)
    if kind not in sox_formats():
        raise _refuse(
            field,
            Msg("{format} files are not accepted here. Accepted formats: {formats}."),
            format=kind.upper(),
            formats=formats,
        )
    with tempfile.TemporaryDirectory(prefix="relais-audio-") as folder:
        source = Path(folder) / f"upload.{kind}"
        source.write_bytes(data)
        declared = _declared_seconds(source)
        if declared is None:
            raise _refuse(field, Msg("The audio file is damaged or unreadable."))
        _check_duration(declared, limits, field)
        target = Path(folder) / "telephony.wav"
        result = subprocess.run(
            ["sox", "-V2", "-t", kind, str(source), *TELEPHONY_OPTIONS, str(target)],
            capture_output=True,
            text=True,
            timeout=SOX_SECONDS,
            check=False,
        )
        damaged = "premature eof" in result.stderr.lower() or "unexpected eof" in result.stderr.lower()
        if result.returncode != 0 or damaged or not target.exists():
            raise _refuse(field, Msg("The audio file is damaged or unreadable."))
        wav = target.read_bytes()
    seconds = wav_seconds(wav)
    _check_duration(seconds, limits, field)
    return TelephonyAudio(wav, round(seconds * 1000), kind)


def _declared_seconds(source: Path) -> float | None:
    result = subprocess.run(
        ["sox", "--i", "-D", str(source)],
        capture_output=True,
        text=True,
        timeout=SOX_SECONDS,
        check=False,
    )
    try:
        return float(result.stdout.strip()) if result.returncode == 0 else None
    except ValueError:
        return None


def _check_duration(seconds: float, limits: Limits, field: str) -> None:
    if seconds > limits.max_seconds:
        minutes, rest = divmod(limits.max_seconds, 60)
        raise _refuse(
            field,
            Msg("The recording lasts longer than {limit}."),
            limit=f"{minutes} min {rest:02d} s" if rest else f"{minutes} min",
        )
    if seconds < limits.min_seconds:
        raise _refuse(field, Msg("The recording is too short (less than half a second)."))


def wav_seconds(wav: bytes) -> float:
    import io

    with wave.open(io.BytesIO(wav), "rb") as reader:
        return reader.getnframes() / float(reader.getframerate() or TELEPHONY_RATE)


def is_telephony_wav(wav: bytes) -> bool:
    import io

    try:
        with wave.open(io.BytesIO(wav), "rb") as reader:
            return (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (TELEPHONY_RATE, 1, 2)
    except (wave.Error, EOFError):
        return False
