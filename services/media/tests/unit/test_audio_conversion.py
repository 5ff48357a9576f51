"""Uploads are recognised by content, checked and converted to 8 kHz mono 16-bit WAV with sox; every refusal is a
field error with a translatable message (MED-02, MED-03). System prompts are made once (MED-02)."""

from pathlib import Path

import pytest

from media.audio import CATALOGUE, ensure_system_prompts, prompt_path
from media.audio.conversion import Limits, convert, is_telephony_wav, sox_formats, wav_seconds
from media.audio.storage import LocalAudioStore
from media.audio.testing import png, silence, speech_wav
from relais_kit.errors import ValidationFailed

LIMITS = Limits(max_seconds=600)


def refusal(data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(ValidationFailed) as refused:
        convert(data, limits)
    (message,) = refused.value.field_errors["file"]
    return str(message["msgid"])


def test_espeak_wav_becomes_telephony_audio(tmp_path: Path) -> None:
    original = speech_wav(tmp_path)
    audio = convert(original, LIMITS)
    assert is_telephony_wav(audio.wav) and not is_telephony_wav(original)  # espeak writes 22 kHz
    assert audio.source_format == "wav" and 1.0 < wav_seconds(audio.wav) < 5.0
    assert abs(audio.duration_ms - wav_seconds(audio.wav) * 1000) < 2


def test_other_formats_sox_reads_are_converted(tmp_path: Path) -> None:
    audio = convert(silence(tmp_path, 3, "flac"), LIMITS)
    assert is_telephony_wav(audio.wav) and audio.duration_ms == 3000


def test_mp3_is_refused_by_name_when_this_sox_cannot_read_it() -> None:
    mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 400
    if "mp3" in sox_formats():
        assert refusal(mp3) == "The audio file is damaged or unreadable."
    else:
        assert refusal(mp3) == "{format} files are not accepted here. Accepted formats: {formats}."


def test_truncated_wav_is_damaged(tmp_path: Path) -> None:
    assert refusal(speech_wav(tmp_path)[:20000]) == "The audio file is damaged or unreadable."


def test_png_renamed_wav_is_not_audio() -> None:
    assert refusal(png()) == "This is not an audio file. Accepted formats: {formats}."


def test_two_hour_file_is_refused_by_its_duration_before_any_conversion(tmp_path: Path) -> None:
    long = silence(tmp_path, 2 * 3600)
    assert len(long) < 1024 * 1024  # small: only the duration can refuse it
    assert refusal(long) == "The recording lasts longer than {limit}."


def test_huge_file_is_refused_by_its_size() -> None:
    huge = b"RIFF" + b"\0" * (LIMITS.max_bytes + 1)
    assert refusal(huge) == "The file is larger than {max_mb} MB."


def test_empty_and_too_short(tmp_path: Path) -> None:
    assert refusal(b"") == "The file is empty."
    assert refusal(silence(tmp_path, 0, "wav") or b"RIFF") in (
        "The recording is too short (less than half a second).",
        "The audio file is damaged or unreadable.",
    )


def test_system_prompts_are_made_once_in_both_languages(tmp_path: Path) -> None:
    made = ensure_system_prompts(tmp_path)
    assert set(made) == {(name, language) for name in CATALOGUE for language in ("fr", "en")}
    assert all(is_telephony_wav(path.read_bytes()) for path in made.values())
    stamps = {path: path.stat().st_mtime_ns for path in made.values()}
    again = ensure_system_prompts(tmp_path)
    assert {path: path.stat().st_mtime_ns for path in again.values()} == stamps
    assert prompt_path("enter_pin", "en", tmp_path) == tmp_path / "prompts" / "en" / "enter_pin.wav"
    assert prompt_path("goodbye", "de", tmp_path).parent.name == "fr"
    with pytest.raises(KeyError):
        prompt_path("no_such_prompt", "fr", tmp_path)


def test_local_store_refuses_keys_that_leave_its_directory(tmp_path: Path) -> None:
    store = LocalAudioStore(tmp_path)
    store.put("announcement/t/a.wav", b"x")
    assert store.exists("announcement/t/a.wav") and store.get("announcement/t/a.wav") == b"x"
    for key in ("../etc/passwd", "/abs/path.wav", "announcement/../../x.wav"):
        with pytest.raises(ValueError):
            store.put(key, b"x")
    store.delete("announcement/t/a.wav")
    assert not store.exists("announcement/t/a.wav")
